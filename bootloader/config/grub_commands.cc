// SPDX-License-Identifier: GPL-2.0-or-later
// grub's commands, one function each, and the table that names them.
#include "bootloader/config/grub_commands.h"

#include <charconv>
#include <optional>

#include "bootloader/config/bls.h"
#include "bootloader/config/grub_interpreter.h"
#include "bootloader/config/grub_menu.h"
#include "bootloader/config/grubenv.h"
#include "bootloader/config/paths.h"

namespace baton::config {
namespace {

using Arguments = std::vector<std::string>;

// A number as test and return read it: an optional "-" and the digits that follow; 0 without.
std::int64_t TestNumber(std::string_view text) {
  std::int64_t value = 0;
  std::from_chars(text.data(), text.data() + text.size(), value);
  return value;
}

// ---- variables (kern/corecmd.c, normal/context.c) ------------------------------------------

int Set(GrubInterpreter& shell, const Arguments& argv, std::uint64_t) {
  for (std::size_t i = 1; i < argv.size(); ++i) {
    std::size_t equals = argv[i].find('=');
    if (equals == std::string::npos || equals == 0) continue;
    shell.SetVariable(argv[i].substr(0, equals), argv[i].substr(equals + 1));
  }
  return 0;
}

int Unset(GrubInterpreter& shell, const Arguments& argv, std::uint64_t) {
  for (std::size_t i = 1; i < argv.size(); ++i) shell.UnsetVariable(argv[i]);
  return 0;
}

// ---- the script's own commands (script/main.c, script/execute.c; exit: commands/minicmd.c) --

int True(GrubInterpreter&, const Arguments&, std::uint64_t) { return 0; }
int False(GrubInterpreter&, const Arguments&, std::uint64_t) { return 1; }

// break, continue, return and exit: the status is the argument, else $? of the last command.
template <GrubFlow kFlow>
int EndWith(GrubInterpreter& shell, const Arguments& argv, std::uint64_t) {
  shell.EndWith(kFlow);
  return argv.size() > 1 ? static_cast<int>(TestNumber(argv[1])) : shell.status();
}

int Shift(GrubInterpreter& shell, const Arguments&, std::uint64_t) {
  shell.ShiftArguments();
  return 0;
}

int Setparams(GrubInterpreter& shell, const Arguments& argv, std::uint64_t) {
  shell.SetArguments({argv.begin() + 1, argv.end()});
  return 0;
}

// ---- test and [ (commands/test.c) ------------------------------------------------------------

bool FileTest(GrubInterpreter& shell, std::string_view op, const std::string& operand,
              std::uint64_t line) {
  std::optional<ResourcePath> path = shell.GrubPath(operand, line);
  if (!path) return false;
  std::uint64_t size = 0;
  FileKind kind = shell.files().Kind(path->device, path->path, &size);
  if (op == "-d") return kind == FileKind::kDirectory;
  if (op == "-f") return kind == FileKind::kFile;
  if (op == "-s") return kind != FileKind::kMissing && size > 0;
  return kind != FileKind::kMissing;  // -e
}

std::optional<bool> Compare(std::string_view op, const std::string& left,
                            const std::string& right) {
  if (op == "=" || op == "==") return left == right;
  if (op == "!=") return left != right;
  if (op == "<") return left < right;
  if (op == ">") return left > right;
  if (op == "-eq") return TestNumber(left) == TestNumber(right);
  if (op == "-ne") return TestNumber(left) != TestNumber(right);
  if (op == "-lt") return TestNumber(left) < TestNumber(right);
  if (op == "-le") return TestNumber(left) <= TestNumber(right);
  if (op == "-gt") return TestNumber(left) > TestNumber(right);
  if (op == "-ge") return TestNumber(left) >= TestNumber(right);
  return std::nullopt;
}

// One operand or operator group of a test expression, from args[at]; moves `at` past it.
bool TestPrimary(GrubInterpreter& shell, const Arguments& args, std::size_t& at, std::uint64_t line,
                 int depth) {
  if (at >= args.size()) return false;
  if (args[at] == "!" && depth < kGrubMaxNesting) {
    ++at;
    return !TestPrimary(shell, args, at, line, depth + 1);
  }
  if (at + 2 < args.size()) {
    if (std::optional<bool> compared = Compare(args[at + 1], args[at], args[at + 2])) {
      at += 3;
      return *compared;
    }
  }
  const std::string& op = args[at];
  if (at + 1 < args.size()) {
    const std::string& operand = args[at + 1];
    if (op == "-z" || op == "-n") {
      at += 2;
      return op == "-z" ? operand.empty() : !operand.empty();
    }
    if (op == "-f" || op == "-d" || op == "-s" || op == "-e") {
      at += 2;
      return FileTest(shell, op, operand, line);
    }
  }
  ++at;
  return !op.empty();
}

int Test(GrubInterpreter& shell, const Arguments& argv, std::uint64_t line) {
  Arguments args(argv.begin() + 1, argv.end());
  if (argv[0] == "[") {
    if (args.empty() || args.back() != "]") {
      shell.Note(line, "'[' without ']'");
      return 1;
    }
    args.pop_back();
  }
  if (args.empty()) return 1;
  std::size_t at = 0;
  bool value = TestPrimary(shell, args, at, line, 0);
  while (at < args.size()) {
    std::string op = args[at++];
    bool next = TestPrimary(shell, args, at, line, 0);
    if (op == "-a") {
      value = value && next;
    } else if (op == "-o") {
      value = value || next;
    } else {
      shell.Note(line, "malformed test expression");
      return 1;
    }
  }
  return value ? 0 : 1;
}

// ---- search (commands/search_wrap.c; search.fs_uuid and the others: commands/search.c) -------

enum class SearchBy : std::uint8_t { kNone, kUuid, kLabel, kFile };

int SearchFor(GrubInterpreter& shell, SearchBy by, const std::string& key,
              const std::optional<std::string>& variable) {
  if (by == SearchBy::kFile) {
    Result<std::string> path = NormalizeDevicePath(key);
    std::optional<std::string> device = path ? shell.files().FindFile(*path) : std::nullopt;
    if (!device) return 1;
    if (variable) {
      shell.SetVariable(*variable, *device);
      shell.NameDevice(*device, DeviceMatch::kName);
    }
    return 0;
  }
  DeviceReference wanted{by == SearchBy::kUuid ? DeviceMatch::kUuid : DeviceMatch::kLabel, key};
  // The variable names the device even when it is absent now: it may appear later.
  if (variable) {
    shell.SetVariable(*variable, key);
    shell.NameDevice(key, wanted.match);
  }
  return shell.files().Kind(wanted, "/") == FileKind::kDirectory ? 0 : 1;
}

int Search(GrubInterpreter& shell, const Arguments& argv, std::uint64_t) {
  SearchBy by = SearchBy::kNone;
  std::optional<std::string> variable;
  std::vector<std::string> keys;
  for (std::size_t i = 1; i < argv.size(); ++i) {
    const std::string& arg = argv[i];
    if (arg == "--fs-uuid" || arg == "-u") {
      by = SearchBy::kUuid;
    } else if (arg == "--label" || arg == "-l") {
      by = SearchBy::kLabel;
    } else if (arg == "--file" || arg == "-f") {
      by = SearchBy::kFile;
    } else if (arg == "--set" || arg == "-s") {
      variable = "root";
    } else if (arg.starts_with("--set=")) {
      variable = arg.substr(6);
    } else if (arg == "--hint" || arg == "-h") {
      ++i;
    } else if (!arg.empty() && arg.front() == '-') {
      continue;
    } else {
      keys.push_back(arg);
    }
  }
  if (keys.empty() || by == SearchBy::kNone) return 1;
  return SearchFor(shell, by, keys.front(), variable);
}

// search.fs_uuid KEY [VARIABLE], search.fs_label …, search.file ….
template <SearchBy kBy>
int SearchShorthand(GrubInterpreter& shell, const Arguments& argv, std::uint64_t) {
  if (argv.size() < 2) return 1;
  std::optional<std::string> variable;
  if (argv.size() > 2) variable = argv[2];
  return SearchFor(shell, kBy, argv[1], variable);
}

// ---- files (commands/loadenv.c, commands/configfile.c) ---------------------------------------

int LoadEnv(GrubInterpreter& shell, const Arguments& argv, std::uint64_t line) {
  std::string file = shell.Lookup("prefix") + "/grubenv";
  std::vector<std::string> wanted;
  for (std::size_t i = 1; i < argv.size(); ++i) {
    const std::string& arg = argv[i];
    if ((arg == "-f" || arg == "--file") && i + 1 < argv.size()) {
      file = argv[++i];
    } else if (arg.starts_with("--file=")) {
      file = arg.substr(7);
    } else if (!arg.empty() && arg.front() == '-') {
      continue;
    } else {
      wanted.push_back(arg);
    }
  }
  std::optional<ResourcePath> path = shell.GrubPath(file, line);
  if (!path) return 1;
  Result<ByteBuffer> text = shell.files().Read(path->device, path->path);
  if (!text) {
    if (text.error().code() != ErrorCode::kNotFound) {
      shell.Note(line, "load_env: " + text.error().ToString());
    }
    return 1;
  }
  for (auto& [name, value] : ParseGrubEnv(AsText(*text))) {
    bool listed = wanted.empty();
    for (const std::string& one : wanted) listed = listed || one == name;
    if (listed) shell.SetVariable(name, value);
  }
  return 0;
}

int Source(GrubInterpreter& shell, const Arguments& argv, std::uint64_t line) {
  if (argv.size() < 2) return 1;
  if (argv[0] == "configfile" && shell.menu().entry() != nullptr) {
    // SLES boots a btrfs snapshot by reopening grub.cfg inside the snapshot; not followed.
    shell.Note(line, "configfile inside a menu entry (a snapshot menu) is not followed");
    return 1;
  }
  return shell.Source(argv[0], argv[1], line);
}

// ---- blscfg (rhboot/grub2 grub-core/commands/blscfg.c) ---------------------------------------

int Blscfg(GrubInterpreter& shell, const Arguments&, std::uint64_t line) {
  GrubMenu& menu = shell.menu();
  if (menu.level() == nullptr) {
    shell.Note(line, "blscfg inside a menu entry skipped");
    return 1;
  }
  std::vector<std::string> directories;
  std::string blsdir = shell.Lookup("blsdir");
  if (!blsdir.empty()) {
    directories.push_back(blsdir);
  } else {
    directories = {"/loader/entries", "/boot/loader/entries"};
  }
  for (const std::string& directory : directories) {
    std::optional<ResourcePath> where = shell.GrubPath(directory, line);
    if (!where) continue;
    // blscfg reads the entries from the device grub booted from, that is the one holding
    // grub.cfg, unless blsdir names another device.
    DeviceReference device = directory.starts_with("(") ? where->device : DeviceReference{};
    if (shell.files().Kind(device, where->path) != FileKind::kDirectory) continue;
    if (device.match == DeviceMatch::kSame) menu.AddBlsDirectory(where->path);
    menu.LoadBlsEnvironment(shell.files());
    for (BlsEntry& entry : ReadBlsDirectory(shell.files(), device, where->path, shell.notes())) {
      menu.AddBls(std::move(entry), shell.RootReference());
    }
    return 0;
  }
  return 1;
}

// ---- the entry being built (loader/powerpc/ieee1275/linux.c; linux16: loader/i386/pc/linux.c;
// linuxefi: rhboot's loader/efi/linux.c; devicetree: loader/efi/fdt.c) -------------------------

// The entry whose body runs, or nullptr with a note.
GrubEntry* EntryFor(GrubInterpreter& shell, const Arguments& argv, std::uint64_t line) {
  GrubEntry* entry = shell.menu().entry();
  if (entry == nullptr) shell.Note(line, "'" + argv[0] + "' outside a menu entry skipped");
  return entry;
}

// A file the entry boots; nullopt, and the entry refused, when the path is malformed or leaves
// its device.
std::optional<ResourcePath> EntryPath(GrubInterpreter& shell, GrubEntry& entry,
                                      const std::string& text, std::uint64_t line) {
  std::optional<ResourcePath> path = shell.GrubPath(text, line);
  if (!path) entry.refused = true;
  return path;
}

int Linux(GrubInterpreter& shell, const Arguments& argv, std::uint64_t line) {
  GrubEntry* entry = EntryFor(shell, argv, line);
  if (entry == nullptr || argv.size() < 2) return 1;
  std::optional<ResourcePath> kernel = EntryPath(shell, *entry, argv[1], line);
  if (!kernel) return 1;
  entry->option.kernel = std::move(*kernel);
  entry->has_kernel = true;
  std::string args;
  for (std::size_t i = 2; i < argv.size(); ++i) {
    if (!args.empty()) args += ' ';
    args += argv[i];
  }
  entry->option.args = std::move(args);
  entry->option.source.line = line;
  return 0;
}

int Initrd(GrubInterpreter& shell, const Arguments& argv, std::uint64_t line) {
  GrubEntry* entry = EntryFor(shell, argv, line);
  if (entry == nullptr) return 1;
  entry->option.initrds.clear();
  for (std::size_t i = 1; i < argv.size(); ++i) {
    std::optional<ResourcePath> initrd = EntryPath(shell, *entry, argv[i], line);
    if (!initrd) return 1;
    entry->option.initrds.push_back(std::move(*initrd));
  }
  return 0;
}

// Outside an entry it fails without a note, unlike linux and initrd.
int Devicetree(GrubInterpreter& shell, const Arguments& argv, std::uint64_t line) {
  GrubEntry* entry = shell.menu().entry();
  if (entry == nullptr || argv.size() < 2) return 1;
  std::optional<ResourcePath> dtb = EntryPath(shell, *entry, argv[1], line);
  if (!dtb) return 1;
  entry->option.dtb = std::move(*dtb);
  return 0;
}

// ---- commands that change nothing baton reads --------------------------------------------------

int Ignore(GrubInterpreter&, const Arguments&, std::uint64_t) { return 0; }
// No key is ever held down.
int KeyStatus(GrubInterpreter&, const Arguments&, std::uint64_t) { return 1; }

// Searched in order: the first row that names the command wins ("search." after the exact
// search.* rows).
constexpr GrubCommand kCommands[] = {
    {"set", Set},
    {"unset", Unset},
    {"[ test", Test},
    {"true", True},
    {"false", False},
    {"return", EndWith<GrubFlow::kReturn>},
    {"break", EndWith<GrubFlow::kBreak>},
    {"continue", EndWith<GrubFlow::kContinue>},
    {"exit", EndWith<GrubFlow::kExit>},
    {"shift", Shift},
    {"setparams", Setparams},
    {"search", Search},
    {"search.fs_uuid", SearchShorthand<SearchBy::kUuid>},
    {"search.fs_label", SearchShorthand<SearchBy::kLabel>},
    {"search.file", SearchShorthand<SearchBy::kFile>},
    {.names = "search.", .run = Search, .match = GrubNameMatch::kPrefix},
    {"load_env", LoadEnv},
    {"source . configfile", Source},
    {"blscfg bls_import", Blscfg},
    {"linux linux16 linuxefi", Linux},
    {"initrd initrd16 initrdefi", Initrd},
    {"devicetree", Devicetree},
    {.names = "insmod rmmod echo export loadfont terminal_output terminal_input terminal terminfo "
              "serial clear sleep save_env play background_image background_color videoinfo boot "
              "savedefault gettext cpuid lsfonts ls font gfxmode set_background_image",
     .run = Ignore,
     .precedence = GrubPrecedence::kAfterFunctions},
    {.names = "keystatus", .run = KeyStatus, .precedence = GrubPrecedence::kAfterFunctions},
};

bool Names(const GrubCommand& command, std::string_view name) {
  std::string_view names = command.names;
  while (!names.empty()) {
    std::size_t space = names.find(' ');
    std::string_view one = names.substr(0, space);
    bool matches = command.match == GrubNameMatch::kPrefix ? name.starts_with(one) : name == one;
    if (matches) return true;
    if (space == std::string_view::npos) break;
    names.remove_prefix(space + 1);
  }
  return false;
}

}  // namespace

const GrubCommand* FindGrubCommand(std::string_view name) {
  for (const GrubCommand& command : kCommands) {
    if (Names(command, name)) return &command;
  }
  return nullptr;
}

}  // namespace baton::config

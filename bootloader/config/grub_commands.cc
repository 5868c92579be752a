// SPDX-License-Identifier: GPL-2.0-or-later
// grub's commands, one function each, and the table that names them.
#include "bootloader/config/grub_commands.h"

#include <algorithm>
#include <charconv>
#include <optional>
#include <unordered_map>

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
//
// A path without "(device)" is on $root; a device that is not present holds no file. -e: exists;
// -d: a directory; -f: exists and is not a directory; -s: a file that is not empty (grub opens
// it, so a directory fails). "(device)" alone, or "/", is a directory when the device is there.

bool FileTest(GrubInterpreter& shell, std::string_view op, const std::string& operand,
              std::uint64_t line) {
  std::optional<ResourcePath> path = shell.GrubPath(operand, line);
  if (!path) return false;
  std::uint64_t size = 0;
  FileKind kind = shell.files().Kind(path->device, path->path, &size);
  if (op == "-d") return kind == FileKind::kDirectory;
  if (op == "-f") return kind == FileKind::kFile;
  if (op == "-s") return kind == FileKind::kFile && size > 0;
  return kind != FileKind::kMissing;  // -e
}

// -pgt and -plt: the numbers in two strings with a common prefix ("vmlinuz-5" -pgt "vmlinuz-4").
std::int64_t AfterCommonPrefix(const std::string& text, std::size_t prefix) {
  return TestNumber(std::string_view(text).substr(std::min(prefix, text.size())));
}

std::optional<bool> Compare(std::string_view op, const std::string& left,
                            const std::string& right) {
  if (op == "=" || op == "==") return left == right;
  if (op == "!=") return left != right;
  if (op == "<") return left < right;
  if (op == "<=") return left <= right;
  if (op == ">") return left > right;
  if (op == ">=") return left >= right;
  if (op == "-eq") return TestNumber(left) == TestNumber(right);
  if (op == "-ne") return TestNumber(left) != TestNumber(right);
  if (op == "-lt") return TestNumber(left) < TestNumber(right);
  if (op == "-le") return TestNumber(left) <= TestNumber(right);
  if (op == "-gt") return TestNumber(left) > TestNumber(right);
  if (op == "-ge") return TestNumber(left) >= TestNumber(right);
  if (op == "-pgt" || op == "-plt") {
    std::size_t prefix = 0;
    while (prefix < left.size() && prefix < right.size() && left[prefix] == right[prefix] &&
           (left[prefix] < '0' || left[prefix] > '9')) {
      ++prefix;
    }
    std::int64_t a = AfterCommonPrefix(left, prefix);
    std::int64_t b = AfterCommonPrefix(right, prefix);
    return op == "-pgt" ? a > b : a < b;
  }
  // Modification times are not known to baton: neither file is newer.
  if (op == "-nt" || op == "-ot") return false;
  return std::nullopt;
}

// The expression grammar of test.c's test_parse: "-o" joins terms, "-a" (or nothing) joins the
// factors of a term, so AND binds tighter; "!" inverts the next factor; "(" … ")" groups.
class TestExpression {
 public:
  TestExpression(GrubInterpreter& shell, const Arguments& args, std::uint64_t line)
      : shell_(shell), args_(args), line_(line) {}

  // The value, or nullopt (with a note) for a malformed expression.
  std::optional<bool> Evaluate() {
    bool value = Or(0);
    if (malformed_ || at_ != args_.size()) {
      shell_.Note(line_, "malformed test expression");
      return std::nullopt;
    }
    return value;
  }

 private:
  bool Or(int depth) {
    bool value = And(depth);
    while (!malformed_ && at_ < args_.size() && args_[at_] == "-o") {
      ++at_;
      bool next = And(depth);
      value = value || next;
    }
    return value;
  }

  bool And(int depth) {
    bool value = Factor(depth);
    while (!malformed_ && at_ < args_.size() && args_[at_] != "-o" && args_[at_] != ")") {
      if (args_[at_] == "-a") ++at_;
      bool next = Factor(depth);
      value = value && next;
    }
    return value;
  }

  bool Factor(int depth) {
    if (at_ >= args_.size() || depth >= kGrubMaxNesting) {
      malformed_ = true;
      return false;
    }
    if (args_[at_] == "!") {
      ++at_;
      return !Factor(depth + 1);
    }
    if (args_[at_] == "(") {
      ++at_;
      bool value = Or(depth + 1);
      if (at_ >= args_.size() || args_[at_] != ")") {
        malformed_ = true;
        return false;
      }
      ++at_;
      return value;
    }
    return Primary();
  }

  bool Primary() {
    if (at_ + 2 < args_.size()) {
      if (std::optional<bool> compared = Compare(args_[at_ + 1], args_[at_], args_[at_ + 2])) {
        at_ += 3;
        return *compared;
      }
    }
    const std::string& op = args_[at_];
    if (at_ + 1 < args_.size()) {
      const std::string& operand = args_[at_ + 1];
      if (op == "-z" || op == "-n") {
        at_ += 2;
        return op == "-z" ? operand.empty() : !operand.empty();
      }
      if (op == "-f" || op == "-d" || op == "-s" || op == "-e") {
        at_ += 2;
        return FileTest(shell_, op, operand, line_);
      }
    }
    ++at_;
    return !op.empty();
  }

  GrubInterpreter& shell_;
  const Arguments& args_;
  std::uint64_t line_;
  std::size_t at_ = 0;
  bool malformed_ = false;
};

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
  std::optional<bool> value = TestExpression(shell, args, line).Evaluate();
  return value && *value ? 0 : 1;
}

// ---- search (commands/search_wrap.c; search.fs_uuid and the others: commands/search.c) -------
//
// grub stores the name of the first device found in the variable (a name without parentheses);
// baton stores the device's id ("sda2"). A device that is not present (yet) is stored by its UUID
// or label, remembered as such, so that "($root)/vmlinuz" stays unresolved until it appears
// rather than falling back to the configuration's device. Two decisions follow petitboot where
// grub would do nothing useful: no --set sets $root (grub prints the device), and no type flag
// searches by UUID (grub 2 refuses "unspecified search type"; configurations written for
// petitboot rely on it).

enum class SearchBy : std::uint8_t { kUuid, kLabel, kFile };

int SearchFor(GrubInterpreter& shell, SearchBy by, const std::string& key,
              const std::string& variable) {
  if (by == SearchBy::kFile) {
    Result<std::string> path = NormalizeDevicePath(key);
    std::optional<std::string> device = path ? shell.files().FindFile(*path) : std::nullopt;
    if (!device) return 1;
    shell.SetVariable(variable, *device);
    shell.NameDevice(*device, DeviceMatch::kName);
    return 0;
  }
  DeviceReference wanted{by == SearchBy::kUuid ? DeviceMatch::kUuid : DeviceMatch::kLabel, key};
  if (std::optional<std::string> device = shell.files().FindDevice(wanted)) {
    shell.SetVariable(variable, *device);
    shell.NameDevice(*device, DeviceMatch::kName);
    return 0;
  }
  shell.SetVariable(variable, key);
  shell.NameDevice(key, wanted.match);
  return 1;
}

// Options as grub's argument parser (lib/arg.c) reads them: --set and -s take the next word as
// the variable unless it starts with '-'; --hint and its platform forms take the next word;
// other options (--no-floppy, --efidisk-only, …) take none. Only the first key is searched.
int Search(GrubInterpreter& shell, const Arguments& argv, std::uint64_t) {
  SearchBy by = SearchBy::kUuid;
  std::optional<std::string> variable;
  bool variable_was_a_word = false;
  std::vector<std::string> keys;
  for (std::size_t i = 1; i < argv.size(); ++i) {
    const std::string& arg = argv[i];
    const bool has_next = i + 1 < argv.size() && !argv[i + 1].starts_with("-");
    if (arg == "--fs-uuid" || arg == "-u") {
      by = SearchBy::kUuid;
    } else if (arg == "--label" || arg == "-l") {
      by = SearchBy::kLabel;
    } else if (arg == "--file" || arg == "-f") {
      by = SearchBy::kFile;
    } else if (arg == "--set" || arg == "-s") {
      variable = has_next ? argv[++i] : std::string("root");
      variable_was_a_word = has_next;
    } else if (arg.starts_with("--set=")) {
      variable = arg.size() > 6 ? arg.substr(6) : std::string("root");
      variable_was_a_word = false;
    } else if ((arg == "--hint" || arg == "-h" || arg.starts_with("--hint-")) &&
               arg.find('=') == std::string::npos) {
      if (i + 1 < argv.size()) ++i;
    } else if (arg.starts_with("-")) {
      continue;
    } else {
      keys.push_back(arg);
    }
  }
  // "search --fs-uuid --set UUID": the word taken as the variable is the key, and $root is set
  // (grub does the same since 2012).
  if (keys.empty() && variable_was_a_word) {
    keys.push_back(*variable);
    variable = "root";
  }
  if (keys.empty()) return 1;
  return SearchFor(shell, by, keys.front(), variable.value_or("root"));
}

// search.fs_uuid KEY [VARIABLE [HINT…]], search.fs_label …, search.file ….
template <SearchBy kBy>
int SearchShorthand(GrubInterpreter& shell, const Arguments& argv, std::uint64_t) {
  if (argv.size() < 2) return 1;
  return SearchFor(shell, kBy, argv[1], argv.size() > 2 ? argv[2] : std::string("root"));
}

// ---- files (commands/loadenv.c, commands/configfile.c) ---------------------------------------

// load_env's and save_env's arguments: [-f FILE | --file=FILE] NAME…; the file is
// $prefix/grubenv unless named, other options are skipped.
struct EnvArguments {
  std::string file;
  std::vector<std::string> names;
};
EnvArguments ReadEnvArguments(const GrubInterpreter& shell, const Arguments& argv) {
  EnvArguments parsed{shell.Lookup("prefix") + "/grubenv", {}};
  for (std::size_t i = 1; i < argv.size(); ++i) {
    const std::string& arg = argv[i];
    if ((arg == "-f" || arg == "--file") && i + 1 < argv.size()) {
      parsed.file = argv[++i];
    } else if (arg.starts_with("--file=")) {
      parsed.file = arg.substr(7);
    } else if (arg.empty() || arg.front() != '-') {
      parsed.names.push_back(arg);
    }
  }
  return parsed;
}

int LoadEnv(GrubInterpreter& shell, const Arguments& argv, std::uint64_t line) {
  const EnvArguments arguments = ReadEnvArguments(shell, argv);
  const std::vector<std::string>& wanted = arguments.names;
  std::optional<ResourcePath> path = shell.GrubPath(arguments.file, line);
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

// save_env [-f FILE] NAME…: the values to write into FILE (default $prefix/grubenv), kept for
// the boot (config.h EnvSave); nothing is written here.
int SaveEnv(GrubInterpreter& shell, const Arguments& argv, std::uint64_t line) {
  const EnvArguments arguments = ReadEnvArguments(shell, argv);
  const std::vector<std::string>& names = arguments.names;
  const std::string& file = arguments.file;
  if (names.empty()) return 1;
  if (shell.menu().entry() != nullptr) {
    shell.Note(line,
               "save_env inside a menu entry (savedefault) runs when grub boots it; not kept");
    return 0;
  }
  std::optional<ResourcePath> path = shell.GrubPath(file, line);
  if (!path) return 1;
  for (const std::string& name : names) {
    if (shell.env_saves().size() >= kMaxEnvSaves) {
      shell.Note(line, "save_env: more than 32 variables saved; the rest is not kept");
      return 1;
    }
    std::optional<std::string> value;
    if (shell.IsSet(name)) value = shell.Lookup(name);
    shell.env_saves().push_back({*path, name, std::move(value), {shell.file(), line}});
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
  if (path && path->path == "/") {
    // "(hd0,gpt2)" or "/" alone: a device, not a file to boot.
    shell.Note(line, "'" + text + "' names no file");
    path.reset();
  }
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
    {.names = "save_env", .run = SaveEnv, .precedence = GrubPrecedence::kAfterFunctions},
    {"source . configfile", Source},
    {"blscfg bls_import", Blscfg},
    {"linux linux16 linuxefi", Linux},
    {"initrd initrd16 initrdefi", Initrd},
    {"devicetree", Devicetree},
    {.names = "insmod rmmod echo export loadfont terminal_output terminal_input terminal terminfo "
              "serial clear sleep play background_image background_color videoinfo boot "
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

using ExactNames = std::unordered_map<std::string_view, const GrubCommand*>;

// Every exact name, to the first row that names it.
ExactNames MakeExactNames() {
  ExactNames names;
  for (const GrubCommand& command : kCommands) {
    if (command.match != GrubNameMatch::kExact) continue;
    std::string_view rest = command.names;
    while (!rest.empty()) {
      std::size_t space = rest.find(' ');
      names.emplace(rest.substr(0, space), &command);
      if (space == std::string_view::npos) break;
      rest.remove_prefix(space + 1);
    }
  }
  return names;
}

// Made once, when the program starts (a script looks a command up for every line it runs).
const ExactNames kExactNames = MakeExactNames();

}  // namespace

const GrubCommand* FindGrubCommand(std::string_view name) {
  auto found = kExactNames.find(name);
  const GrubCommand* first = found == kExactNames.end() ? nullptr : found->second;
  for (const GrubCommand& command : kCommands) {
    if (first != nullptr && &command >= first) break;
    if (command.match == GrubNameMatch::kPrefix && Names(command, name)) return &command;
  }
  return first;
}

}  // namespace baton::config

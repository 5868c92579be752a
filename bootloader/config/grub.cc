// SPDX-License-Identifier: GPL-2.0-or-later
// The grub.cfg interpreter: runs the script, then the menu entries, as grub does.
#include "bootloader/config/grub.h"

#include <charconv>
#include <deque>
#include <map>
#include <optional>
#include <unordered_map>
#include <utility>

#include "bootloader/config/bls.h"
#include "bootloader/config/grub_script.h"
#include "bootloader/config/grubenv.h"
#include "bootloader/config/lines.h"
#include "bootloader/config/paths.h"

namespace baton::config {
namespace {

// The name $prefix and $config_directory use for the device that holds grub.cfg; grub uses the
// firmware's name for it, which baton could not map back.
constexpr std::string_view kConfigDevice = "baton,config-device";
constexpr std::size_t kMaxNotes = 200;
constexpr int kMaxMenuDepth = 16;

using Environment = std::unordered_map<std::string, std::string>;

enum class Flow : std::uint8_t { kNormal, kBreak, kContinue, kReturn, kExit };

struct MenuItem {
  enum class Kind : std::uint8_t { kEntry, kSubmenu, kBls };
  Kind kind = Kind::kEntry;
  std::string title;
  std::string id;
  std::vector<std::string> arguments;
  const std::vector<GrubNode>* body = nullptr;
  SourceLocation source;
  std::vector<MenuItem> children;
  BlsEntry bls;
  DeviceReference bls_root;
  std::optional<std::size_t> option_index;
};

// The option a menu entry's body is building.
struct Building {
  ConfigOption option;
  bool has_kernel = false;
  bool refused = false;
};

bool AllDigits(std::string_view text) {
  if (text.empty()) return false;
  for (char c : text) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

std::int64_t TestNumber(std::string_view text) {
  std::int64_t value = 0;
  std::from_chars(text.data(), text.data() + text.size(), value);
  return value;
}

bool IsVariableName(std::string_view name) {
  if (name.empty() || (name[0] >= '0' && name[0] <= '9')) return false;
  for (char c : name) {
    bool word = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
    if (!word) return false;
  }
  return true;
}

bool StartsWith(std::string_view text, std::string_view prefix) {
  return text.substr(0, prefix.size()) == prefix;
}

class Interpreter {
 public:
  Interpreter(ConfigFiles& files, std::string_view path) : files_(files), path_(path) {
    result_.parser = "grub2";
    result_.path = std::string(path);
    std::string directory = "(" + std::string(kConfigDevice) + ")" + DirectoryOf(path);
    env_["prefix"] = directory;
    env_["config_directory"] = directory;
    env_["config_file"] = "(" + std::string(kConfigDevice) + ")" + std::string(path);
    env_["grub_platform"] = "ieee1275";
    env_["grub_cpu"] = "powerpc";
    for (std::string_view feature :
         {"feature_200_final", "feature_chainloader_bpb", "feature_ntldr", "feature_platform_search_hint",
          "feature_default_font_path", "feature_all_video_module", "feature_menuentry_id",
          "feature_menuentry_options", "feature_nativedisk_cmd", "feature_timeout_style"}) {
      env_[std::string(feature)] = "y";
    }
  }

  ConfigResult Run(std::string_view text) {
    current_menu_ = &top_;
    RunScript(path_, text);
    current_menu_ = nullptr;
    const Environment final_environment = env_;
    ExpandMenu(top_, final_environment, std::nullopt);
    ChooseDefault(final_environment);
    auto timeout = final_environment.find("timeout");
    if (timeout != final_environment.end()) {
      std::int64_t seconds = SmallNumber(timeout->second);
      if (seconds >= 0) result_.timeout_seconds = static_cast<std::uint64_t>(seconds);
    }
    return std::move(result_);
  }

 private:
  void Note(std::uint64_t line, std::string_view text) {
    if (result_.notes.size() < kMaxNotes) result_.notes.push_back(NoteAt(file_, line, text));
  }

  // ---- scripts -----------------------------------------------------------------------------

  Flow RunScript(std::string_view file, std::string_view text) {
    scripts_.push_back(ParseGrubScript(file, text));
    const GrubScript& script = scripts_.back();
    for (const std::string& note : script.notes) {
      if (result_.notes.size() < kMaxNotes) result_.notes.push_back(note);
    }
    std::string saved_file = std::exchange(file_, std::string(file));
    Flow flow = Execute(script.statements);
    file_ = std::move(saved_file);
    return flow;
  }

  Flow Execute(const std::vector<GrubNode>& nodes) {
    for (const GrubNode& node : nodes) {
      Flow flow = ExecuteNode(node);
      if (flow != Flow::kNormal) return flow;
    }
    return Flow::kNormal;
  }

  bool Step(std::uint64_t line) {
    if (stopped_) return false;
    if (++steps_ > kGrubMaxSteps) {
      Note(line, "script runs too long (step limit); the rest is skipped");
      stopped_ = true;
      return false;
    }
    return true;
  }

  // Runs a loop's body once; false when the loop ends (break, return, exit, or the limit).
  bool LoopIteration(const GrubNode& node, std::uint64_t& iterations, Flow& flow) {
    if (++iterations > kGrubMaxLoop) {
      Note(node.line, "loop runs too long; stopped");
      flow = Flow::kNormal;
      return false;
    }
    flow = Execute(node.bodies[0]);
    if (flow == Flow::kBreak || flow == Flow::kContinue) {
      bool again = flow == Flow::kContinue;
      flow = Flow::kNormal;
      return again;
    }
    return flow == Flow::kNormal;
  }

  Flow ExecuteNode(const GrubNode& node) {
    if (!Step(node.line)) return Flow::kExit;
    if (execution_depth_ >= kGrubMaxExecutionDepth) {
      Note(node.line, "statements nested too deep; the rest is skipped");
      stopped_ = true;
      return Flow::kExit;
    }
    struct Nesting {
      int& depth;
      explicit Nesting(int& d) : depth(++d) {}
      ~Nesting() { --depth; }
    } nesting(execution_depth_);
    Flow flow = Flow::kNormal;
    switch (node.kind) {
      case GrubNode::Kind::kCommand: {
        std::vector<std::string> argv = Expand(node.words);
        status_ = argv.empty() ? 0 : RunCommand(argv, node.line);
        flow = std::exchange(pending_flow_, Flow::kNormal);
        break;
      }
      case GrubNode::Kind::kIf: {
        status_ = 0;
        bool taken = false;
        for (std::size_t i = 0; i < node.conditions.size() && !taken; ++i) {
          flow = Execute(node.conditions[i]);
          if (flow != Flow::kNormal) return flow;
          if (status_ == 0) {
            taken = true;
            flow = Execute(node.bodies[i]);
          }
        }
        if (!taken && node.has_else) {
          flow = Execute(node.bodies.back());
        } else if (!taken) {
          status_ = 0;
        }
        break;
      }
      case GrubNode::Kind::kFor: {
        std::uint64_t iterations = 0;
        for (const std::string& value : Expand(node.words)) {
          env_[node.name] = value;
          if (!LoopIteration(node, iterations, flow)) break;
        }
        break;
      }
      case GrubNode::Kind::kWhile:
      case GrubNode::Kind::kUntil: {
        std::uint64_t iterations = 0;
        while (true) {
          flow = Execute(node.conditions[0]);
          if (flow != Flow::kNormal) return flow;
          bool holds = status_ == 0;
          if (holds != (node.kind == GrubNode::Kind::kWhile)) break;
          if (!LoopIteration(node, iterations, flow)) break;
        }
        status_ = 0;
        break;
      }
      case GrubNode::Kind::kFunction:
        functions_[node.name] = &node.bodies[0];
        status_ = 0;
        break;
      case GrubNode::Kind::kMenuentry:
      case GrubNode::Kind::kSubmenu:
        DefineMenuItem(node);
        status_ = 0;
        break;
      case GrubNode::Kind::kBlock:
        flow = Execute(node.bodies[0]);
        break;
    }
    if (node.negate) status_ = status_ == 0 ? 1 : 0;
    return flow;
  }

  // ---- expansion ---------------------------------------------------------------------------

  std::string Lookup(const std::string& name) const {
    if (AllDigits(name)) {
      std::int64_t index = SmallNumber(name);
      if (index == 0) return "grub";
      if (index > 0 && static_cast<std::size_t>(index) <= positional_.size()) {
        return positional_[static_cast<std::size_t>(index) - 1];
      }
      return {};
    }
    if (name == "?") return std::to_string(status_);
    if (name == "#") return std::to_string(positional_.size());
    if (name == "@" || name == "*") {
      std::string joined;
      for (const std::string& value : positional_) {
        if (!joined.empty()) joined += ' ';
        joined += value;
      }
      return joined;
    }
    auto found = env_.find(name);
    return found == env_.end() ? std::string() : found->second;
  }

  std::vector<std::string> Expand(const std::vector<GrubWord>& words) const {
    std::vector<std::string> fields;
    for (const GrubWord& word : words) {
      std::string current;
      bool has = false;
      for (const GrubSegment& segment : word.segments) {
        if (segment.kind == GrubSegment::Kind::kText) {
          current += segment.text;
          has = has || segment.quoted || !segment.text.empty();
          continue;
        }
        std::string value = Lookup(segment.text);
        if (segment.quoted) {
          current += value;
          has = true;
          continue;
        }
        for (char c : value) {
          if (c == ' ' || c == '\t' || c == '\n') {
            if (has) fields.push_back(std::move(current));
            current.clear();
            has = false;
          } else {
            current += c;
            has = true;
          }
        }
      }
      if (has) fields.push_back(std::move(current));
    }
    return fields;
  }

  // A BLS entry's value, expanded as grub will expand it at boot: the final environment, then
  // what blscfg loaded from grubenv.
  std::string ExpandBlsValue(std::string_view text) const {
    return ExpandVariables(text, [&](const std::string& name) {
      std::string value = Lookup(name);
      if (value.empty()) {
        auto found = bls_environment_.find(name);
        if (found != bls_environment_.end()) value = found->second;
      }
      return value;
    });
  }

  // ---- devices and paths -------------------------------------------------------------------

  DeviceReference NameReference(std::string_view name) const {
    if (name.size() >= 2 && name.front() == '(' && name.back() == ')') {
      name = name.substr(1, name.size() - 2);
    }
    if (name == kConfigDevice) return {};
    auto found = search_kinds_.find(std::string(name));
    if (found != search_kinds_.end()) return {found->second, std::string(name)};
    return ReferenceForName(name);
  }

  DeviceReference RootReference() const {
    auto found = env_.find("root");
    if (found == env_.end() || found->second.empty()) return {};
    return NameReference(found->second);
  }

  // "(device)/path" or "/path" on $root.
  std::optional<ResourcePath> GrubPath(std::string_view text, std::uint64_t line) {
    DeviceReference device = RootReference();
    if (!text.empty() && text.front() == '(') {
      std::size_t close = text.find(')');
      if (close == std::string_view::npos) {
        Note(line, "device name without ')': " + std::string(text));
        return std::nullopt;
      }
      device = NameReference(text.substr(1, close - 1));
      text.remove_prefix(close + 1);
    }
    Result<std::string> normalized = ResolveDevicePath("/", text.empty() ? "/" : text);
    if (!normalized) {
      Note(line, normalized.error().ToString());
      return std::nullopt;
    }
    return ResourcePath{device, *normalized};
  }

  // ---- commands ----------------------------------------------------------------------------

  int RunCommand(const std::vector<std::string>& argv, std::uint64_t line) {
    const std::string& name = argv[0];
    // "NAME=value" alone is an assignment, as `set NAME=value`.
    std::size_t equals = name.find('=');
    if (argv.size() == 1 && equals != std::string::npos && equals > 0 &&
        IsVariableName(std::string_view(name).substr(0, equals))) {
      env_[name.substr(0, equals)] = name.substr(equals + 1);
      return 0;
    }
    if (name == "set") return Set(argv);
    if (name == "unset") {
      for (std::size_t i = 1; i < argv.size(); ++i) env_.erase(argv[i]);
      return 0;
    }
    if (name == "[" || name == "test") return Test(argv, line);
    if (name == "true") return 0;
    if (name == "false") return 1;
    if (name == "return" || name == "break" || name == "continue" || name == "exit") {
      pending_flow_ = name == "return" ? Flow::kReturn
                      : name == "break" ? Flow::kBreak
                      : name == "continue" ? Flow::kContinue
                                           : Flow::kExit;
      return argv.size() > 1 ? static_cast<int>(TestNumber(argv[1])) : status_;
    }
    if (name == "shift") {
      if (!positional_.empty()) positional_.erase(positional_.begin());
      return 0;
    }
    if (name == "setparams") {
      positional_.assign(argv.begin() + 1, argv.end());
      return 0;
    }
    if (name == "search" || StartsWith(name, "search.")) return Search(argv);
    if (name == "load_env") return LoadEnv(argv, line);
    if (name == "source" || name == "." || name == "configfile") return Source(argv, line);
    if (name == "blscfg" || name == "bls_import") return Blscfg(line);
    if (name == "linux" || name == "linux16" || name == "linuxefi") return Linux(argv, line);
    if (name == "initrd" || name == "initrd16" || name == "initrdefi") return Initrd(argv, line);
    if (name == "devicetree") return Devicetree(argv, line);
    auto function = functions_.find(name);
    if (function != functions_.end()) return Call(*function->second, argv, line);
    if (IsHarmless(name)) return name == "keystatus" ? 1 : 0;
    Note(line, "unknown command '" + name + "' skipped");
    return 1;
  }

  static bool IsHarmless(std::string_view name) {
    for (std::string_view known :
         {"insmod", "rmmod", "echo", "export", "loadfont", "terminal_output", "terminal_input",
          "terminal", "terminfo", "serial", "clear", "sleep", "save_env", "play",
          "background_image", "background_color", "videoinfo", "keystatus", "boot", "savedefault",
          "gettext", "cpuid", "lsfonts", "ls", "font", "gfxmode", "set_background_image"}) {
      if (name == known) return true;
    }
    return false;
  }

  int Set(const std::vector<std::string>& argv) {
    for (std::size_t i = 1; i < argv.size(); ++i) {
      std::size_t equals = argv[i].find('=');
      if (equals == std::string::npos || equals == 0) continue;
      env_[argv[i].substr(0, equals)] = argv[i].substr(equals + 1);
    }
    return 0;
  }

  int Call(const std::vector<GrubNode>& body, const std::vector<std::string>& argv,
           std::uint64_t line) {
    if (call_depth_ >= kGrubMaxCallDepth) {
      Note(line, "function calls nested too deep; skipped");
      return 1;
    }
    ++call_depth_;
    std::vector<std::string> saved = std::exchange(positional_, {argv.begin() + 1, argv.end()});
    Flow flow = Execute(body);
    positional_ = std::move(saved);
    --call_depth_;
    if (flow == Flow::kExit) pending_flow_ = Flow::kExit;
    return status_;
  }

  bool FileTest(std::string_view op, const std::string& operand, std::uint64_t line) {
    std::optional<ResourcePath> path = GrubPath(operand, line);
    if (!path) return false;
    std::uint64_t size = 0;
    FileKind kind = files_.Kind(path->device, path->path, &size);
    if (op == "-d") return kind == FileKind::kDirectory;
    if (op == "-f") return kind == FileKind::kFile;
    if (op == "-s") return kind != FileKind::kMissing && size > 0;
    return kind != FileKind::kMissing;  // -e
  }

  // One operand or operator group of a test expression, from args[at]; moves `at` past it.
  bool TestPrimary(const std::vector<std::string>& args, std::size_t& at, std::uint64_t line,
                   int depth) {
    if (at >= args.size()) return false;
    if (args[at] == "!" && depth < kGrubMaxNesting) {
      ++at;
      return !TestPrimary(args, at, line, depth + 1);
    }
    if (at + 2 < args.size()) {
      const std::string& op = args[at + 1];
      const std::string& left = args[at];
      const std::string& right = args[at + 2];
      std::optional<bool> compared;
      if (op == "=" || op == "==") compared = left == right;
      if (op == "!=") compared = left != right;
      if (op == "<") compared = left < right;
      if (op == ">") compared = left > right;
      if (op == "-eq") compared = TestNumber(left) == TestNumber(right);
      if (op == "-ne") compared = TestNumber(left) != TestNumber(right);
      if (op == "-lt") compared = TestNumber(left) < TestNumber(right);
      if (op == "-le") compared = TestNumber(left) <= TestNumber(right);
      if (op == "-gt") compared = TestNumber(left) > TestNumber(right);
      if (op == "-ge") compared = TestNumber(left) >= TestNumber(right);
      if (compared) {
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
        return FileTest(op, operand, line);
      }
    }
    ++at;
    return !op.empty();
  }

  int Test(const std::vector<std::string>& argv, std::uint64_t line) {
    std::vector<std::string> args(argv.begin() + 1, argv.end());
    if (argv[0] == "[") {
      if (args.empty() || args.back() != "]") {
        Note(line, "'[' without ']'");
        return 1;
      }
      args.pop_back();
    }
    if (args.empty()) return 1;
    std::size_t at = 0;
    bool value = TestPrimary(args, at, line, 0);
    while (at < args.size()) {
      std::string op = args[at++];
      bool next = TestPrimary(args, at, line, 0);
      if (op == "-a") {
        value = value && next;
      } else if (op == "-o") {
        value = value || next;
      } else {
        Note(line, "malformed test expression");
        return 1;
      }
    }
    return value ? 0 : 1;
  }

  int Search(const std::vector<std::string>& argv) {
    enum class Mode { kNone, kUuid, kLabel, kFile } mode = Mode::kNone;
    std::optional<std::string> variable;
    std::vector<std::string> keys;
    const std::string& name = argv[0];
    if (name == "search.fs_uuid" || name == "search.fs_label" || name == "search.file") {
      mode = name == "search.fs_uuid" ? Mode::kUuid : name == "search.fs_label" ? Mode::kLabel : Mode::kFile;
      if (argv.size() > 1) keys.push_back(argv[1]);
      if (argv.size() > 2) variable = argv[2];
    } else {
      for (std::size_t i = 1; i < argv.size(); ++i) {
        const std::string& arg = argv[i];
        if (arg == "--fs-uuid" || arg == "-u") {
          mode = Mode::kUuid;
        } else if (arg == "--label" || arg == "-l") {
          mode = Mode::kLabel;
        } else if (arg == "--file" || arg == "-f") {
          mode = Mode::kFile;
        } else if (arg == "--set" || arg == "-s") {
          variable = "root";
        } else if (StartsWith(arg, "--set=")) {
          variable = arg.substr(6);
        } else if (arg == "--hint" || arg == "-h") {
          ++i;
        } else if (!arg.empty() && arg.front() == '-') {
          continue;
        } else {
          keys.push_back(arg);
        }
      }
    }
    if (keys.empty() || mode == Mode::kNone) return 1;
    const std::string& key = keys.front();
    if (mode == Mode::kFile) {
      Result<std::string> path = NormalizeDevicePath(key);
      std::optional<std::string> device = path ? files_.FindFile(*path) : std::nullopt;
      if (!device) return 1;
      if (variable) {
        env_[*variable] = *device;
        search_kinds_[*device] = DeviceMatch::kName;
      }
      return 0;
    }
    DeviceReference wanted{mode == Mode::kUuid ? DeviceMatch::kUuid : DeviceMatch::kLabel, key};
    // The variable names the device even when it is absent now: it may appear later.
    if (variable) {
      env_[*variable] = key;
      search_kinds_[key] = wanted.match;
    }
    return files_.Kind(wanted, "/") == FileKind::kDirectory ? 0 : 1;
  }

  int LoadEnv(const std::vector<std::string>& argv, std::uint64_t line) {
    std::string file = Lookup("prefix") + "/grubenv";
    std::vector<std::string> wanted;
    for (std::size_t i = 1; i < argv.size(); ++i) {
      const std::string& arg = argv[i];
      if ((arg == "-f" || arg == "--file") && i + 1 < argv.size()) {
        file = argv[++i];
      } else if (StartsWith(arg, "--file=")) {
        file = arg.substr(7);
      } else if (!arg.empty() && arg.front() == '-') {
        continue;
      } else {
        wanted.push_back(arg);
      }
    }
    std::optional<ResourcePath> path = GrubPath(file, line);
    if (!path) return 1;
    Result<ByteBuffer> text = files_.Read(path->device, path->path);
    if (!text) {
      if (text.error().code() != ErrorCode::kNotFound) Note(line, "load_env: " + text.error().ToString());
      return 1;
    }
    for (auto& [name, value] : ParseGrubEnv(AsText(*text))) {
      bool listed = wanted.empty();
      for (const std::string& one : wanted) listed = listed || one == name;
      if (listed) env_[name] = value;
    }
    return 0;
  }

  int Source(const std::vector<std::string>& argv, std::uint64_t line) {
    if (argv.size() < 2) return 1;
    if (argv[0] == "configfile" && building_ != nullptr) {
      // SLES boots a btrfs snapshot by reopening grub.cfg inside the snapshot; not followed.
      Note(line, "configfile inside a menu entry (a snapshot menu) is not followed");
      return 1;
    }
    if (included_files_ >= kMaxIncludedFiles) {
      Note(line, "more than " + std::to_string(kMaxIncludedFiles) + " files sourced; skipped");
      return 1;
    }
    if (include_depth_ >= kMaxIncludeDepth) {
      Note(line, "'" + argv[0] + "' nested more than " + std::to_string(kMaxIncludeDepth) +
                     " deep; skipped");
      return 1;
    }
    std::optional<ResourcePath> path = GrubPath(argv[1], line);
    if (!path) return 1;
    Result<ByteBuffer> text = files_.Read(path->device, path->path);
    if (!text) {
      Note(line, argv[0] + " " + path->path + ": " + text.error().ToString());
      return 1;
    }
    ++include_depth_;
    ++included_files_;
    Flow flow = RunScript(path->path, AsText(*text));
    --include_depth_;
    if (flow == Flow::kExit) pending_flow_ = Flow::kExit;
    return status_;
  }

  int Blscfg(std::uint64_t line) {
    if (current_menu_ == nullptr) {
      Note(line, "blscfg inside a menu entry skipped");
      return 1;
    }
    std::vector<std::string> directories;
    std::string blsdir = Lookup("blsdir");
    if (!blsdir.empty()) {
      directories.push_back(blsdir);
    } else {
      directories = {"/loader/entries", "/boot/loader/entries"};
    }
    for (const std::string& directory : directories) {
      std::optional<ResourcePath> where = GrubPath(directory, line);
      if (!where) continue;
      // blscfg reads the entries from the device grub booted from, that is the one holding
      // grub.cfg, unless blsdir names another device.
      DeviceReference device = StartsWith(directory, "(") ? where->device : DeviceReference{};
      if (files_.Kind(device, where->path) != FileKind::kDirectory) continue;
      if (device.match == DeviceMatch::kSame) result_.bls_directories.push_back(where->path);
      LoadBlsEnvironment();
      for (BlsEntry& entry : ReadBlsDirectory(files_, device, where->path, result_.notes)) {
        MenuItem item;
        item.kind = MenuItem::Kind::kBls;
        item.id = entry.id;
        const std::string* title = entry.Field("title");
        item.title = title != nullptr ? *title : entry.id;
        item.bls = std::move(entry);
        item.bls_root = RootReference();
        current_menu_->push_back(std::move(item));
      }
      return 0;
    }
    return 1;
  }

  // blscfg also sets the variables of ($boot)/grub2/grubenv while it builds its entries.
  void LoadBlsEnvironment() {
    if (bls_environment_loaded_) return;
    bls_environment_loaded_ = true;
    for (auto& [name, value] : ReadBlsEnvironment(files_)) bls_environment_[name] = value;
  }

  int Linux(const std::vector<std::string>& argv, std::uint64_t line) {
    if (building_ == nullptr) {
      Note(line, "'" + argv[0] + "' outside a menu entry skipped");
      return 1;
    }
    if (argv.size() < 2) return 1;
    std::optional<ResourcePath> kernel = GrubPath(argv[1], line);
    if (!kernel) {
      building_->refused = true;
      return 1;
    }
    building_->option.kernel = std::move(*kernel);
    building_->has_kernel = true;
    std::string args;
    for (std::size_t i = 2; i < argv.size(); ++i) {
      if (!args.empty()) args += ' ';
      args += argv[i];
    }
    building_->option.args = std::move(args);
    building_->option.source.line = line;
    return 0;
  }

  int Initrd(const std::vector<std::string>& argv, std::uint64_t line) {
    if (building_ == nullptr) {
      Note(line, "'" + argv[0] + "' outside a menu entry skipped");
      return 1;
    }
    building_->option.initrds.clear();
    for (std::size_t i = 1; i < argv.size(); ++i) {
      std::optional<ResourcePath> initrd = GrubPath(argv[i], line);
      if (!initrd) {
        building_->refused = true;
        return 1;
      }
      building_->option.initrds.push_back(std::move(*initrd));
    }
    return 0;
  }

  int Devicetree(const std::vector<std::string>& argv, std::uint64_t line) {
    if (building_ == nullptr || argv.size() < 2) return 1;
    std::optional<ResourcePath> dtb = GrubPath(argv[1], line);
    if (!dtb) {
      building_->refused = true;
      return 1;
    }
    building_->option.dtb = std::move(*dtb);
    return 0;
  }

  // ---- the menu ----------------------------------------------------------------------------

  void DefineMenuItem(const GrubNode& node) {
    if (current_menu_ == nullptr) {
      Note(node.line, "menu entry inside a menu entry skipped");
      return;
    }
    std::vector<std::string> args = Expand(node.words);
    MenuItem item;
    item.kind = node.kind == GrubNode::Kind::kSubmenu ? MenuItem::Kind::kSubmenu : MenuItem::Kind::kEntry;
    item.body = &node.bodies[0];
    item.source = {file_, node.line};
    bool have_title = false;
    for (std::size_t i = 0; i < args.size(); ++i) {
      const std::string& arg = args[i];
      if (arg == "--id" && i + 1 < args.size()) {
        item.id = args[++i];
      } else if (StartsWith(arg, "--id=")) {
        item.id = arg.substr(5);
      } else if ((arg == "--class" || arg == "--users" || arg == "--hotkey" || arg == "--source") &&
                 i + 1 < args.size()) {
        ++i;
      } else if (StartsWith(arg, "--")) {
        continue;
      } else {
        // The body sees the title as $1 and the extra arguments from $2 on.
        if (!have_title) item.title = arg;
        have_title = true;
        item.arguments.push_back(arg);
      }
    }
    if (!have_title) {
      Note(node.line, "menu entry without a title skipped");
      return;
    }
    current_menu_->push_back(std::move(item));
  }

  void ExpandMenu(std::vector<MenuItem>& items, const Environment& environment,
                  const std::optional<std::string>& group) {
    // A submenu whose body defines a submenu (through a function, say) nests without end: the
    // fuzzer found one that overflowed the stack. grub's own menus never nest this deep.
    if (menu_depth_ >= kMaxMenuDepth) {
      if (!items.empty()) {
        Note(items.front().source.line, "submenus nested more than " + std::to_string(kMaxMenuDepth) +
                                            " deep; the inner ones are skipped");
      }
      return;
    }
    struct Nesting {
      int& depth;
      explicit Nesting(int& d) : depth(d) { ++depth; }
      ~Nesting() { --depth; }
    } nesting(menu_depth_);
    for (MenuItem& item : items) {
      if (stopped_) return;
      env_ = environment;
      std::string saved_file = std::exchange(file_, item.source.file);
      if (item.kind == MenuItem::Kind::kSubmenu) {
        current_menu_ = &item.children;
        positional_ = item.arguments;
        Execute(*item.body);
        current_menu_ = nullptr;
        const Environment inner = env_;
        ExpandMenu(item.children, inner, group ? *group + ">" + item.title : item.title);
      } else if (item.kind == MenuItem::Kind::kBls) {
        ConfigOption option;
        auto expand = [&](std::string_view text) { return ExpandBlsValue(text); };
        if (MakeBlsOption(item.bls, item.bls_root, expand, option, result_.notes)) {
          option.group = group;
          item.option_index = result_.options.size();
          result_.options.push_back(std::move(option));
        }
      } else {
        Building building;
        building_ = &building;
        positional_ = item.arguments;
        Execute(*item.body);
        building_ = nullptr;
        if (building.refused) {
          Note(item.source.line, "menu entry '" + item.title + "' refused");
        } else if (!building.has_kernel) {
          Note(item.source.line, "menu entry '" + item.title + "' boots no Linux kernel; skipped");
        } else {
          ConfigOption& option = building.option;
          option.name = item.title;
          option.id = item.id.empty() ? item.title : item.id;
          option.group = group;
          option.source.file = item.source.file;
          if (option.source.line == 0) option.source.line = item.source.line;
          item.option_index = result_.options.size();
          result_.options.push_back(std::move(option));
        }
      }
      file_ = std::move(saved_file);
    }
  }

  static std::optional<std::size_t> FirstOption(const MenuItem& item) {
    if (item.option_index) return item.option_index;
    for (const MenuItem& child : item.children) {
      if (auto index = FirstOption(child)) return index;
    }
    return std::nullopt;
  }

  void ChooseDefault(const Environment& environment) {
    if (top_.empty()) return;
    auto found = environment.find("default");
    std::string wanted = found == environment.end() ? std::string() : found->second;
    const MenuItem* chosen = nullptr;
    if (!wanted.empty()) {
      const std::vector<MenuItem>* level = &top_;
      std::string_view rest = wanted;
      while (level != nullptr) {
        std::size_t separator = rest.find('>');
        std::string_view part = rest.substr(0, separator);
        const MenuItem* match = nullptr;
        if (AllDigits(part)) {
          std::int64_t index = SmallNumber(part);
          if (index >= 0 && static_cast<std::size_t>(index) < level->size()) {
            match = &(*level)[static_cast<std::size_t>(index)];
          }
        }
        for (const MenuItem& item : *level) {
          if (match == nullptr && item.id == part) match = &item;
        }
        for (const MenuItem& item : *level) {
          if (match == nullptr && item.title == part) match = &item;
        }
        if (match == nullptr) {
          chosen = nullptr;
          break;
        }
        chosen = match;
        if (separator == std::string_view::npos) break;
        rest.remove_prefix(separator + 1);
        level = &match->children;
      }
      if (chosen == nullptr) {
        Note(0, "default '" + wanted + "' names no menu entry; the first entry is the default");
      }
    }
    if (chosen == nullptr) chosen = &top_.front();
    result_.default_index = FirstOption(*chosen);
  }

  ConfigFiles& files_;
  std::string path_;
  std::string file_;
  ConfigResult result_;
  Environment env_;
  Environment bls_environment_;
  bool bls_environment_loaded_ = false;
  std::unordered_map<std::string, const std::vector<GrubNode>*> functions_;
  std::map<std::string, DeviceMatch> search_kinds_;
  std::vector<std::string> positional_;
  std::deque<GrubScript> scripts_;
  std::vector<MenuItem> top_;
  std::vector<MenuItem>* current_menu_ = nullptr;
  Building* building_ = nullptr;
  int status_ = 0;
  Flow pending_flow_ = Flow::kNormal;
  std::uint64_t steps_ = 0;
  bool stopped_ = false;
  int call_depth_ = 0;
  int include_depth_ = 0;
  int included_files_ = 0;
  int execution_depth_ = 0;
  int menu_depth_ = 0;
};

}  // namespace

ConfigResult ParseGrub(ConfigFiles& files, std::string_view path, std::string_view text) {
  return Interpreter(files, path).Run(text);
}

}  // namespace baton::config

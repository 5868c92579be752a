// SPDX-License-Identifier: GPL-2.0-or-later
// grub's script interpreter: statements, expansion, functions, `source` and the limits.
#include "bootloader/config/grub_interpreter.h"

#include <utility>

#include "bootloader/config/grub.h"
#include "bootloader/config/grub_commands.h"
#include "bootloader/config/grub_menu.h"
#include "bootloader/config/lines.h"
#include "bootloader/config/paths.h"

namespace baton::config {
namespace {

// The name $prefix and $config_directory use for the device that holds grub.cfg; grub uses the
// firmware's name for it, which baton could not map back.
constexpr std::string_view kConfigDevice = "baton,config-device";

bool IsVariableName(std::string_view name) {
  if (name.empty() || (name[0] >= '0' && name[0] <= '9')) return false;
  for (char c : name) {
    bool word =
        (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
    if (!word) return false;
  }
  return true;
}

// Counts one level of nesting for as long as it lives.
struct Nesting {
  int& depth;
  explicit Nesting(int& counter) : depth(++counter) {}
  ~Nesting() { --depth; }
};

}  // namespace

std::uint64_t EnvironmentBytes(const GrubEnvironment& environment) {
  std::uint64_t bytes = 0;
  for (const auto& [name, value] : environment) bytes += name.size() + value.size();
  return bytes;
}

GrubInterpreter::GrubInterpreter(ConfigFiles& files, std::string_view path, GrubMenu& menu,
                                 const GrubLimits& limits)
    : files_(files), menu_(menu), limits_(limits) {
  parse_budget_ = {limits.commands, limits.words};
  std::string directory = "(" + std::string(kConfigDevice) + ")" + DirectoryOf(path);
  environment_["prefix"] = directory;
  environment_["config_directory"] = directory;
  environment_["config_file"] = "(" + std::string(kConfigDevice) + ")" + std::string(path);
  environment_["grub_platform"] = "ieee1275";
  environment_["grub_cpu"] = "powerpc";
  for (std::string_view feature :
       {"feature_200_final", "feature_chainloader_bpb", "feature_ntldr",
        "feature_platform_search_hint", "feature_default_font_path", "feature_all_video_module",
        "feature_menuentry_id", "feature_menuentry_options", "feature_nativedisk_cmd",
        "feature_timeout_style"}) {
    environment_[std::string(feature)] = "y";
  }
}

void GrubInterpreter::NoteIn(std::string_view file, std::uint64_t line, std::string_view text) {
  if (notes_.size() < kMaxNotes) notes_.push_back(NoteAt(file, line, text));
}

// ---- running ---------------------------------------------------------------------------------

GrubFlow GrubInterpreter::RunScript(std::string_view file, std::string_view text) {
  return RunParsed(file, Parse(file, text));
}

const GrubScript& GrubInterpreter::Parse(std::string_view file, std::string_view text) {
  scripts_.push_back(ParseGrubScript(file, text, parse_budget_));
  const GrubScript& script = scripts_.back();
  for (const std::string& note : script.notes) {
    if (notes_.size() < kMaxNotes) notes_.push_back(note);
  }
  return script;
}

GrubFlow GrubInterpreter::RunParsed(std::string_view file, const GrubScript& script) {
  std::string saved_file = std::exchange(file_, std::string(file));
  GrubFlow flow = Execute(script.statements);
  file_ = std::move(saved_file);
  return flow;
}

GrubFlow GrubInterpreter::RunBody(const std::vector<GrubNode>& body, const std::string& file,
                                  const std::vector<std::string>& arguments) {
  std::string saved_file = std::exchange(file_, file);
  positional_ = arguments;
  GrubFlow flow = Execute(body);
  file_ = std::move(saved_file);
  return flow;
}

int GrubInterpreter::Source(const std::string& command, const std::string& name,
                            std::uint64_t line) {
  if (included_files_ >= kMaxIncludedFiles) {
    Note(line, "more than " + std::to_string(kMaxIncludedFiles) + " files sourced; skipped");
    return 1;
  }
  if (include_depth_ >= kMaxIncludeDepth) {
    Note(line, "'" + command + "' nested more than " + std::to_string(kMaxIncludeDepth) +
                   " deep; skipped");
    return 1;
  }
  std::optional<ResourcePath> path = GrubPath(name, line);
  if (!path) return 1;
  Result<ByteBuffer> text = files_.Read(path->device, path->path);
  if (!text) {
    Note(line, command + " " + path->path + ": " + text.error().ToString());
    return 1;
  }
  if (!Charge(text->size())) return 1;
  // A file sourced again with the same bytes is not parsed again (grub parses it each time;
  // the statements are the same, and its syntax errors were noted the first time): a file that
  // sources itself costs one parse, not one per level.
  const std::string key = DescribeReference(path->device) + ":" + path->path;
  auto cached = parsed_.find(key);
  const GrubScript* script = nullptr;
  if (cached != parsed_.end() && cached->second.text == AsText(*text)) {
    script = cached->second.script;
  } else {
    script = &Parse(path->path, AsText(*text));
    parsed_[key] = {std::string(AsText(*text)), script};
  }
  ++include_depth_;
  ++included_files_;
  GrubFlow flow = RunParsed(path->path, *script);
  --include_depth_;
  if (flow == GrubFlow::kExit) pending_flow_ = GrubFlow::kExit;
  return status_;
}

GrubFlow GrubInterpreter::Execute(const std::vector<GrubNode>& nodes) {
  for (const GrubNode& node : nodes) {
    GrubFlow flow = ExecuteNode(node);
    if (flow != GrubFlow::kNormal) return flow;
  }
  return GrubFlow::kNormal;
}

bool GrubInterpreter::Charge(std::uint64_t bytes) {
  if (stopped_) return false;
  work_ += bytes;
  if (work_ > limits_.work) {
    Note(line_, "script makes too many bytes (more than " + std::to_string(limits_.work >> 10) +
                    " KiB expanded, sourced or copied); the rest is skipped");
    stopped_ = true;
    return false;
  }
  return true;
}

bool GrubInterpreter::Step(std::uint64_t line) {
  if (stopped_) return false;
  line_ = line;
  if (++steps_ > limits_.steps) {
    Note(line, "script runs too long (step limit); the rest is skipped");
    stopped_ = true;
    return false;
  }
  return true;
}

// Runs a loop's body once; false when the loop ends (break, return, exit, or the limit).
bool GrubInterpreter::LoopIteration(const GrubNode& node, std::uint64_t& iterations,
                                    GrubFlow& flow) {
  if (++iterations > limits_.loop) {
    Note(node.line, "loop runs too long; stopped");
    flow = GrubFlow::kNormal;
    return false;
  }
  flow = Execute(node.bodies[0]);
  if (flow == GrubFlow::kBreak || flow == GrubFlow::kContinue) {
    bool again = flow == GrubFlow::kContinue;
    flow = GrubFlow::kNormal;
    return again;
  }
  return flow == GrubFlow::kNormal;
}

// One statement (grub_script_execute_cmdline, _cmdif, _cmdfor and _cmdwhile in execute.c). A
// condition that unwinds (return, exit) returns at once, before "!" applies.
GrubFlow GrubInterpreter::ExecuteNode(const GrubNode& node) {
  if (!Step(node.line)) return GrubFlow::kExit;
  if (execution_depth_ >= kGrubMaxExecutionDepth) {
    Note(node.line, "statements nested too deep; the rest is skipped");
    stopped_ = true;
    return GrubFlow::kExit;
  }
  Nesting nesting(execution_depth_);
  GrubFlow flow = GrubFlow::kNormal;
  switch (node.kind) {
    case GrubNode::Kind::kCommand: {
      std::vector<std::string> argv = Expand(node.words);
      if (stopped_) return GrubFlow::kExit;
      status_ = argv.empty() ? 0 : RunCommand(argv, node.line);
      flow = std::exchange(pending_flow_, GrubFlow::kNormal);
      break;
    }
    case GrubNode::Kind::kIf: {
      status_ = 0;
      bool taken = false;
      for (std::size_t i = 0; i < node.conditions.size() && !taken; ++i) {
        flow = Execute(node.conditions[i]);
        if (flow != GrubFlow::kNormal) return flow;
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
      const std::vector<std::string> values = Expand(node.words);
      if (stopped_) return GrubFlow::kExit;
      for (const std::string& value : values) {
        environment_[node.name] = value;
        if (!LoopIteration(node, iterations, flow)) break;
      }
      break;
    }
    case GrubNode::Kind::kWhile:
    case GrubNode::Kind::kUntil: {
      std::uint64_t iterations = 0;
      while (true) {
        flow = Execute(node.conditions[0]);
        if (flow != GrubFlow::kNormal) return flow;
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
      menu_.Define(*this, node);
      status_ = 0;
      break;
    case GrubNode::Kind::kBlock:
      flow = Execute(node.bodies[0]);
      break;
  }
  if (node.negate) status_ = status_ == 0 ? 1 : 0;
  return flow;
}

// A command line, in this order: an assignment NAME=value alone, the commands that come before
// functions, the script's functions, the commands a function may replace; anything else is
// unknown and fails. (grub_script_execute_cmdline in execute.c looks up every command, then the
// functions, then the assignment: the orders differ only for a function named like a command of
// kAfterFunctions, or with '=' in its name.)
int GrubInterpreter::RunCommand(const std::vector<std::string>& argv, std::uint64_t line) {
  const std::string& name = argv[0];
  std::size_t equals = name.find('=');
  if (argv.size() == 1 && equals != std::string::npos && equals > 0 &&
      IsVariableName(std::string_view(name).substr(0, equals))) {
    environment_[name.substr(0, equals)] = name.substr(equals + 1);
    return 0;
  }
  const GrubCommand* command = FindGrubCommand(name);
  if (command != nullptr && command->precedence == GrubPrecedence::kBeforeFunctions) {
    return command->run(*this, argv, line);
  }
  auto function = functions_.find(name);
  if (function != functions_.end()) return Call(*function->second, argv, line);
  if (command != nullptr) return command->run(*this, argv, line);
  Note(line, "unknown command '" + name + "' skipped");
  return 1;
}

// A function call (grub_script_function_call in execute.c): the arguments become $1…, restored
// afterwards; an `exit` inside it ends the caller too.
int GrubInterpreter::Call(const std::vector<GrubNode>& body, const std::vector<std::string>& argv,
                          std::uint64_t line) {
  if (call_depth_ >= kGrubMaxCallDepth) {
    Note(line, "function calls nested too deep; skipped");
    return 1;
  }
  ++call_depth_;
  std::vector<std::string> saved = std::exchange(positional_, {argv.begin() + 1, argv.end()});
  GrubFlow flow = Execute(body);
  positional_ = std::move(saved);
  --call_depth_;
  if (flow == GrubFlow::kExit) pending_flow_ = GrubFlow::kExit;
  return status_;
}

// ---- variables -------------------------------------------------------------------------------

std::size_t GrubInterpreter::LookupSize(const std::string& name) const {
  if (AllDigits(name) || name == "?" || name == "#" || name == "@" || name == "*")
    return Lookup(name).size();  // small, or as large as the arguments (charged when made)
  auto found = environment_.find(name);
  return found == environment_.end() ? 0 : found->second.size();
}

std::string GrubInterpreter::Lookup(const std::string& name) const {
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
  auto found = environment_.find(name);
  return found == environment_.end() ? std::string() : found->second;
}

std::vector<std::string> GrubInterpreter::Expand(const std::vector<GrubWord>& words) {
  std::vector<std::string> fields;
  for (const GrubWord& word : words) {
    std::string current;
    bool has = false;
    for (const GrubSegment& segment : word.segments) {
      const bool literal = segment.kind == GrubSegment::Kind::kText;
      // Charged before it is copied: nothing past the limits is ever made.
      const std::size_t size = literal ? segment.text.size() : LookupSize(segment.text);
      if (!Charge(size)) return fields;
      if (current.size() + size > limits_.value) {
        Note(line_, "a word expands past " + std::to_string(limits_.value >> 10) +
                        " KiB; the rest is skipped");
        stopped_ = true;
        return fields;
      }
      if (literal) {
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

void GrubInterpreter::ShiftArguments() {
  if (!positional_.empty()) positional_.erase(positional_.begin());
}

// ---- devices and paths -----------------------------------------------------------------------

DeviceReference GrubInterpreter::NameReference(std::string_view name) const {
  if (name.size() >= 2 && name.front() == '(' && name.back() == ')') {
    name = name.substr(1, name.size() - 2);
  }
  if (name == kConfigDevice) return {};
  auto found = search_kinds_.find(std::string(name));
  if (found != search_kinds_.end()) return {found->second, std::string(name)};
  return ReferenceForName(name);
}

DeviceReference GrubInterpreter::RootReference() const {
  auto found = environment_.find("root");
  if (found == environment_.end() || found->second.empty()) return {};
  return NameReference(found->second);
}

std::optional<ResourcePath> GrubInterpreter::GrubPath(std::string_view text, std::uint64_t line) {
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

}  // namespace baton::config

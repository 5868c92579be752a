// SPDX-License-Identifier: GPL-2.0-or-later
// grub's script interpreter: runs the syntax tree of grub_script.h as grub-core/script/execute.c
// runs it (variables and their expansion, if/for/while/until, functions and their positional
// parameters, `source`, the NAME=value assignment), looking each command up in the table of
// grub_commands.h.
//
// Owns the shell's state: the environment, the positional parameters, the functions, the exit
// status and the flow a command ended with (break, continue, return, exit), the limits
// (GrubLimits and the others of grub.h, kMaxIncludeDepth and kMaxIncludedFiles), the parsed
// scripts (menu items point into them, so the interpreter outlives the menu's Build), the names
// `search` gave devices, and the notes of the whole run. It does not own the menu: menuentry and
// submenu go to the GrubMenu it is given, and commands reach that menu through menu().
//
// Must not include: grub_commands.h or grub_menu.h (they include this header; the .cc file uses
// them), any platform header; files are reached only through ConfigFiles.
#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "bootloader/config/config.h"
#include "bootloader/config/grub.h"
#include "bootloader/config/grub_script.h"

namespace baton::config {

class GrubMenu;

using GrubEnvironment = std::unordered_map<std::string, std::string>;
// The bytes of every name and value: what a copy of the environment costs.
std::uint64_t EnvironmentBytes(const GrubEnvironment& environment);

// How a statement ended: normally, or with the flow of break, continue, return or exit (which
// unwind to the loop, function or script they end, as in execute.c).
enum class GrubFlow : std::uint8_t { kNormal, kBreak, kContinue, kReturn, kExit };

class GrubInterpreter {
 public:
  // `path` is the grub.cfg being run, on the device that holds it ($prefix, $config_directory
  // and $config_file name it); `menu` receives the menu entries the script defines. Both `files`
  // and `menu` outlive the interpreter.
  GrubInterpreter(ConfigFiles& files, std::string_view path, GrubMenu& menu,
                  const GrubLimits& limits);
  GrubInterpreter(const GrubInterpreter&) = delete;
  GrubInterpreter& operator=(const GrubInterpreter&) = delete;

  // ---- running -----------------------------------------------------------------------------

  // Parses and runs `text` as the file `file`; syntax errors become notes. The parsed script is
  // kept for as long as the interpreter lives.
  GrubFlow RunScript(std::string_view file, std::string_view text);
  // Runs a menu entry's or submenu's body as code of `file`, with `arguments` as $1…. They stay
  // the positional parameters afterwards (a BLS value the menu expands next sees them).
  GrubFlow RunBody(const std::vector<GrubNode>& body, const std::string& file,
                   const std::vector<std::string>& arguments);
  // `source`, `.` and `configfile` (grub-core/commands/configfile.c): runs the file `name`
  // names, within the include limits; the exit status of its last command, 1 when it is not
  // read. An `exit` inside it ends the caller too.
  int Source(const std::string& command, const std::string& name, std::uint64_t line);
  // The step limit was reached or statements nested too deep: nothing more runs.
  bool stopped() const { return stopped_; }
  // The menu's entries run after the script, with limits of their own (once): a script stopped
  // by a limit keeps the entries it defined before, and the whole run costs at most twice one
  // budget.
  void StartMenuBudget() {
    stopped_ = false;
    steps_ = 0;
    work_ = 0;
  }
  const GrubLimits& limits() const { return limits_; }

  // ---- variables ---------------------------------------------------------------------------

  // $name, $1…, $?, $#, $@ and $*; empty when unset.
  std::string Lookup(const std::string& name) const;
  std::size_t LookupSize(const std::string& name) const;  // Lookup(name).size(), without a copy
  // The fields of `words` after expansion: unquoted expansions split at blanks. Every byte
  // made counts against the work limit; past it, or past the value limit in one field, the script
  // stops (stopped()) and the fields are cut short.
  std::vector<std::string> Expand(const std::vector<GrubWord>& words);
  // Counts `bytes` of work (GrubLimits::work); false, with a note and the script stopped, past it.
  bool Charge(std::uint64_t bytes);
  void SetVariable(std::string name, std::string value) {
    environment_[std::move(name)] = std::move(value);
  }
  void UnsetVariable(const std::string& name) { environment_.erase(name); }
  const GrubEnvironment& environment() const { return environment_; }
  void ReplaceEnvironment(const GrubEnvironment& environment) { environment_ = environment; }
  void ShiftArguments();
  void SetArguments(std::vector<std::string> arguments) { positional_ = std::move(arguments); }
  // $? of the last command.
  int status() const { return status_; }
  // Ends the running command with `flow` (break, continue, return, exit).
  void EndWith(GrubFlow flow) { pending_flow_ = flow; }

  // ---- devices and paths -------------------------------------------------------------------

  // Remembers that the device `name` (a value `search --set` stored) is found by `match`.
  void NameDevice(const std::string& name, DeviceMatch match) { search_kinds_[name] = match; }
  // The device $root names; the device of grub.cfg when $root is unset.
  DeviceReference RootReference() const;
  // "(device)/path" or "/path" on $root, normalized; nullopt (with a note) when malformed or
  // leaving the device.
  std::optional<ResourcePath> GrubPath(std::string_view text, std::uint64_t line);

  // ---- what commands reach -----------------------------------------------------------------

  ConfigFiles& files() { return files_; }
  GrubMenu& menu() { return menu_; }
  // The file whose statements run now.
  const std::string& file() const { return file_; }

  // ---- notes -------------------------------------------------------------------------------

  // A note at `line` of the file running now; at most kMaxNotes are kept.
  void Note(std::uint64_t line, std::string_view text) { NoteIn(file_, line, text); }
  void NoteIn(std::string_view file, std::uint64_t line, std::string_view text);
  // For the BLS readers, which add their own notes (not counted against kMaxNotes).
  std::vector<std::string>& notes() { return notes_; }
  std::vector<std::string> TakeNotes() { return std::move(notes_); }
  // `save_env` requests (config.h EnvSave), at most kMaxEnvSaves.
  std::vector<EnvSave>& env_saves() { return env_saves_; }
  bool IsSet(const std::string& name) const { return environment_.count(name) != 0; }

 private:
  // Parses `text` as `file` (kept in scripts_, its notes added) and runs a parsed script.
  const GrubScript& Parse(std::string_view file, std::string_view text);
  GrubFlow RunParsed(std::string_view file, const GrubScript& script);
  GrubFlow Execute(const std::vector<GrubNode>& nodes);
  GrubFlow ExecuteNode(const GrubNode& node);
  bool Step(std::uint64_t line);
  bool LoopIteration(const GrubNode& node, std::uint64_t& iterations, GrubFlow& flow);
  int RunCommand(const std::vector<std::string>& argv, std::uint64_t line);
  int Call(const std::vector<GrubNode>& body, const std::vector<std::string>& argv,
           std::uint64_t line);
  DeviceReference NameReference(std::string_view name) const;

  ConfigFiles& files_;
  GrubMenu& menu_;
  GrubLimits limits_;
  std::string file_;
  GrubEnvironment environment_;
  std::vector<std::string> positional_;
  std::unordered_map<std::string, const std::vector<GrubNode>*> functions_;
  std::map<std::string, DeviceMatch> search_kinds_;
  std::deque<GrubScript> scripts_;
  // The sourced files parsed so far, by "device:path", with the bytes they were parsed from.
  struct Parsed {
    std::string text;
    const GrubScript* script = nullptr;
  };
  std::unordered_map<std::string, Parsed> parsed_;
  std::vector<std::string> notes_;
  std::vector<EnvSave> env_saves_;
  int status_ = 0;
  GrubFlow pending_flow_ = GrubFlow::kNormal;
  std::uint64_t steps_ = 0;
  std::uint64_t work_ = 0;
  std::uint64_t line_ = 0;  // of the statement running now, for the limits' notes
  GrubParseBudget parse_budget_;
  bool stopped_ = false;
  int call_depth_ = 0;
  int execution_depth_ = 0;
  int include_depth_ = 0;
  int included_files_ = 0;
};

}  // namespace baton::config

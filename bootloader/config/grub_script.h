// SPDX-License-Identifier: GPL-2.0-or-later
// grub's script language, read into a syntax tree (the grammar of the GRUB manual's "Shell-like
// scripting" section and grub-core/script/parser.y): words with '…' and "…" quoting, backslash
// escapes and line continuation, $name / ${name} / $1 / $? / $# / $@ / $*, '#' comments, ';' and
// newlines, `if/elif/else/fi`, `for … in … do … done`, `while`/`until`, `function NAME { … }`,
// `menuentry … { … }`, `submenu … { … }` and `!`. As parser.y has it: a block belongs to the
// command before it (any command may take one; only menuentry's and submenu's are kept) and is
// never empty; there is no `{ … }` statement; a function is a statement of the script itself and
// its body ends with a delimiter before `}`; if/while/until/for want a command in each part; a
// `$` that no variable name follows, and `<` `>` `|` `&` outside quotes, are errors; a NUL byte
// ends its line (grub reads lines into C strings).
//
// grub reads a configuration one statement at a time and reports a syntax error without giving
// up on the rest of the file; so does this parser: a statement with an error (an unterminated
// quote, a missing `fi`) becomes a note and reading starts again on the line after the error.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace baton::config {

struct GrubSegment {
  enum class Kind : std::uint8_t { kText, kVariable };
  Kind kind = Kind::kText;
  bool quoted = false;  // inside '…' or "…": not split into fields
  std::string text;     // the text, or the variable's name
};

struct GrubWord {
  std::vector<GrubSegment> segments;
  // The word's text when it is a single unquoted literal (how reserved words are recognized).
  bool IsBare(std::string_view text) const;
};

struct GrubNode {
  enum class Kind : std::uint8_t {
    kCommand,
    kIf,
    kFor,
    kWhile,
    kUntil,
    kFunction,
    kMenuentry,
    kSubmenu,
    kBlock
  };
  Kind kind = Kind::kCommand;
  std::uint64_t line = 0;
  bool negate = false;          // "! command"
  std::vector<GrubWord> words;  // command words; menuentry arguments; the for list
  std::string name;             // function name; for variable
  std::vector<std::vector<GrubNode>> conditions;  // if/elif; while/until has one
  std::vector<std::vector<GrubNode>> bodies;      // one per condition, then else when has_else
  bool has_else = false;
};

struct GrubScript {
  std::vector<GrubNode> statements;
  std::vector<std::string> notes;  // "file:line: syntax error …"
};

// Blocks nest at most this deep; deeper input is a syntax error (hostile input cannot exhaust
// the stack).
inline constexpr int kGrubMaxNesting = 48;

// What one run of a grub.cfg may still parse, its sourced files included (GrubLimits in grub.h):
// past it the rest is ignored with a note. It bounds the syntax tree's memory (measured at about
// 250 bytes a command and 125 a word).
struct GrubParseBudget {
  std::uint64_t commands = 0;  // left to parse
  std::uint64_t words = 0;
};

// Syntax errors after the first kGrubMaxSyntaxNotes are counted in one last note.
inline constexpr std::size_t kGrubMaxSyntaxNotes = 100;

// Parses `text`, spending `budget`. Recovery after a syntax error costs no more than reading the
// statement did, so the whole parse is linear in the text whatever it holds.
GrubScript ParseGrubScript(std::string_view file, std::string_view text, GrubParseBudget& budget);

}  // namespace baton::config

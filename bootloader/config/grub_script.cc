// SPDX-License-Identifier: GPL-2.0-or-later
// grub script lexer and recursive-descent parser.
#include "bootloader/config/grub_script.h"

#include <optional>

#include "bootloader/config/lines.h"
#include "bootloader/core/text.h"

namespace baton::config {
namespace {

enum class TokenKind : std::uint8_t { kWord, kSeparator, kOpenBrace, kCloseBrace, kEnd };

struct Token {
  TokenKind kind = TokenKind::kEnd;
  bool newline = false;  // for a separator: a newline rather than ';'
  GrubWord word;
  std::uint64_t line = 0;
  std::size_t at = 0;  // where in the text it starts
};

// A place in the text: its offset and line.
struct Position {
  std::size_t at = 0;
  std::uint64_t line = 1;
};

struct SyntaxError {
  std::uint64_t line;
  std::string message;
};

bool IsNameStart(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }
bool IsNameChar(char c) { return IsNameStart(c) || (c >= '0' && c <= '9'); }

class Lexer {
 public:
  explicit Lexer(std::string_view text) : text_(text) {}

  // The next token, or a syntax error (an unterminated quote or ${).
  bool Next(Token& token, SyntaxError& error) {
    SkipBlanks();
    token = Token{};
    token.line = line_;
    token.at = at_;
    if (at_ >= text_.size()) return true;
    char c = text_[at_];
    if (c == '\n' || c == ';') {
      token.kind = TokenKind::kSeparator;
      token.newline = c == '\n';
      if (c == '\n') ++line_;
      ++at_;
      return true;
    }
    if (c == '{' || c == '}') {
      token.kind = c == '{' ? TokenKind::kOpenBrace : TokenKind::kCloseBrace;
      ++at_;
      return true;
    }
    token.kind = TokenKind::kWord;
    return Word(token.word, error);
  }

  Position position() const { return {at_, line_}; }

  // Moves to the start of line `line` (1-based), for recovery after a syntax error, reading
  // forward from `from` (a place at or before that line: the failed statement's start).
  void RestartAtLine(std::uint64_t line, Position from) {
    if (from.line > line || from.at > text_.size()) from = {};
    at_ = from.at;
    line_ = from.line;
    while (line_ < line && at_ < text_.size()) {
      std::size_t newline = text_.find('\n', at_);
      if (newline == std::string_view::npos) {
        at_ = text_.size();
        break;
      }
      at_ = newline + 1;
      ++line_;
    }
  }

 private:
  void SkipBlanks() {
    while (at_ < text_.size()) {
      char c = text_[at_];
      if (c == ' ' || c == '\t' || c == '\r') {
        ++at_;
      } else if (c == '\\' && at_ + 1 < text_.size() && text_[at_ + 1] == '\n') {
        at_ += 2;
        ++line_;
      } else if (c == '#') {
        while (at_ < text_.size() && text_[at_] != '\n') ++at_;
      } else {
        break;
      }
    }
  }

  static void AddText(GrubWord& word, bool quoted, std::string_view run) {
    if (word.segments.empty() || word.segments.back().kind != GrubSegment::Kind::kText ||
        word.segments.back().quoted != quoted) {
      word.segments.push_back({GrubSegment::Kind::kText, quoted, {}});
    }
    word.segments.back().text += run;
  }
  static void AddText(GrubWord& word, bool quoted, char c) {
    AddText(word, quoted, std::string_view(&c, 1));
  }
  // The characters from at_ up to the first of `stops` (or the end), taken as one run.
  std::string_view RunUntil(std::string_view stops) {
    std::size_t end = text_.find_first_of(stops, at_);
    if (end == std::string_view::npos) end = text_.size();
    std::string_view run = text_.substr(at_, end - at_);
    at_ = end;
    return run;
  }

  // After a '$': a variable, as grub's lexer (script/yylex.l) takes one: a name, digits, or one
  // of ? # @ *, bare or in "${…}". Anything else after a '$' is a syntax error in grub, quoted
  // or not ("a$", "$ x", "${a-b}", "${}").
  bool Variable(GrubWord& word, bool quoted, SyntaxError& error) {
    ++at_;  // '$'
    if (at_ < text_.size() && text_[at_] == '{') {
      // The first '}' or newline: never a search to the end of the text for each "${".
      const std::size_t close = text_.find_first_of("}\n", at_);
      if (close == std::string_view::npos || text_[close] == '\n') {
        error = {line_, "unterminated ${"};
        return false;
      }
      std::string_view name = text_.substr(at_ + 1, close - at_ - 1);
      if (!IsVariableReference(name)) {
        error = {line_, "'${" + Printable(name) + "}' names no variable"};
        return false;
      }
      word.segments.push_back({GrubSegment::Kind::kVariable, quoted, std::string(name)});
      at_ = close + 1;
      return true;
    }
    std::size_t start = at_;
    if (at_ < text_.size() && IsNameStart(text_[at_])) {
      while (at_ < text_.size() && IsNameChar(text_[at_])) ++at_;
    } else if (at_ < text_.size() && IsAsciiDigit(text_[at_])) {
      while (at_ < text_.size() && IsAsciiDigit(text_[at_])) ++at_;
    } else if (at_ < text_.size() &&
               (text_[at_] == '?' || text_[at_] == '#' || text_[at_] == '@' || text_[at_] == '*')) {
      ++at_;
    } else {
      error = {line_, "'$' without a variable name"};
      return false;
    }
    word.segments.push_back(
        {GrubSegment::Kind::kVariable, quoted, std::string(text_.substr(start, at_ - start))});
    return true;
  }

  // What "${…}" may hold: a name, digits, or one of ? # @ *.
  static bool IsVariableReference(std::string_view name) {
    if (name.size() == 1 && (name[0] == '?' || name[0] == '#' || name[0] == '@' || name[0] == '*'))
      return true;
    if (name.empty()) return false;
    if (IsAsciiDigit(name[0])) {
      for (char c : name) {
        if (!IsAsciiDigit(c)) return false;
      }
      return true;
    }
    if (!IsNameStart(name[0])) return false;
    for (char c : name) {
      if (!IsNameChar(c)) return false;
    }
    return true;
  }

  // `text` for a note: at most 32 bytes, others than printable ASCII as '?'.
  static std::string Printable(std::string_view text) {
    std::string out;
    for (char c : text.substr(0, 32)) out += (c >= 0x20 && c < 0x7f) ? c : '?';
    if (text.size() > 32) out += "...";
    return out;
  }

  bool Word(GrubWord& word, SyntaxError& error) {
    while (at_ < text_.size()) {
      char c = text_[at_];
      if (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == ';') break;
      // '{' and '}' are tokens wherever they stand outside quotes (grub's yylex.l: a word's
      // characters exclude them), so `menuentry 'x'{` and `linux /vmlinux;}` are valid.
      if (c == '{' || c == '}') break;
      // grub's lexer keeps these for redirections and pipes it never implemented: outside quotes
      // they are a syntax error ("set default=1>2"; quoted, "1>2" is a submenu path).
      if (c == '<' || c == '>' || c == '|' || c == '&') {
        error = {line_, std::string("'") + c + "' outside quotes"};
        return false;
      }
      if (c == '\\') {
        if (at_ + 1 >= text_.size()) {
          ++at_;
          break;
        }
        if (text_[at_ + 1] == '\n') {
          at_ += 2;
          ++line_;
          continue;
        }
        AddText(word, true, text_[at_ + 1]);
        at_ += 2;
      } else if (c == '\'') {
        std::uint64_t start_line = line_;
        ++at_;
        // An empty '' still makes a (quoted, empty) segment.
        word.segments.push_back({GrubSegment::Kind::kText, true, {}});
        std::string_view inside = RunUntil("'");
        for (char d : inside) line_ += d == '\n' ? 1 : 0;
        word.segments.back().text += inside;
        if (at_ >= text_.size()) {
          error = {start_line, "unterminated single quote"};
          return false;
        }
        ++at_;
      } else if (c == '"') {
        std::uint64_t start_line = line_;
        ++at_;
        word.segments.push_back({GrubSegment::Kind::kText, true, {}});
        while (at_ < text_.size() && text_[at_] != '"') {
          char d = text_[at_];
          if (d == '\\' && at_ + 1 < text_.size()) {
            char next = text_[at_ + 1];
            if (next == '\n') {
              at_ += 2;
              ++line_;
            } else if (next == '$' || next == '"' || next == '\\') {
              AddText(word, true, next);
              at_ += 2;
            } else {
              AddText(word, true, d);
              ++at_;
            }
          } else if (d == '$') {
            if (!Variable(word, true, error)) return false;
          } else if (d == '\\') {  // the last character of the text
            AddText(word, true, d);
            ++at_;
          } else {
            std::string_view run = RunUntil("\"\\$");
            for (char e : run) line_ += e == '\n' ? 1 : 0;
            AddText(word, true, run);
          }
        }
        if (at_ >= text_.size()) {
          error = {start_line, "unterminated double quote"};
          return false;
        }
        ++at_;
      } else if (c == '$') {
        if (!Variable(word, false, error)) return false;
      } else {
        AddText(word, false, RunUntil(" \t\r\n;{}\\'\"$<>|&"));
      }
    }
    return true;
  }

  std::string_view text_;
  std::size_t at_ = 0;
  std::uint64_t line_ = 1;
};

bool IsReserved(const GrubWord& word) {
  for (std::string_view reserved : {"then", "elif", "else", "fi", "do", "done"}) {
    if (word.IsBare(reserved)) return true;
  }
  return false;
}

class Parser {
 public:
  Parser(std::string_view file, std::string_view text, GrubParseBudget& budget)
      : file_(file), lexer_(text), budget_(budget) {}

  GrubScript Parse() {
    GrubScript script;
    std::uint64_t unreported = 0;
    while (true) {
      SyntaxError error{0, {}};
      bool ended = false;
      // Where this statement starts: recovery reads forward from here, never from the top.
      const Position start =
          lookahead_ ? Position{lookahead_->at, lookahead_->line} : lexer_.position();
      if (!TopStatement(script.statements, ended, error)) {
        if (exhausted_) {
          script.notes.push_back(NoteAt(file_, error.line, error.message));
          break;
        }
        if (script.notes.size() < kGrubMaxSyntaxNotes) {
          script.notes.push_back(NoteAt(file_, error.line, "syntax error: " + error.message));
        } else {
          ++unreported;
        }
        lexer_.RestartAtLine(error.line + 1, start);
        lookahead_.reset();
        continue;
      }
      if (ended) break;
    }
    if (unreported > 0) {
      script.notes.push_back(
          NoteAt(file_, 0, std::to_string(unreported) + " more syntax errors not listed"));
    }
    return script;
  }

 private:
  bool Peek(Token*& token, SyntaxError& error) {
    if (!lookahead_) {
      Token next;
      if (!lexer_.Next(next, error)) return false;
      if (next.kind == TokenKind::kWord && !Spend(budget_.words, next.line, error)) return false;
      lookahead_ = std::move(next);
    }
    token = &*lookahead_;
    return true;
  }
  Token Take() {
    Token token = std::move(*lookahead_);
    lookahead_.reset();
    last_taken_ = token.kind;
    return token;
  }
  bool Fail(SyntaxError& error, std::uint64_t line, std::string message) {
    error = {line, std::move(message)};
    return false;
  }
  // One word or command of the budget; past it the parse ends.
  bool Spend(std::uint64_t& left, std::uint64_t line, SyntaxError& error) {
    if (left > 0) {
      --left;
      return true;
    }
    exhausted_ = true;
    return Fail(error, line,
                "the script is too large (its budget of commands and words is spent); the rest "
                "is ignored");
  }
  bool SkipSeparators(SyntaxError& error) {
    Token* token = nullptr;
    while (true) {
      if (!Peek(token, error)) return false;
      if (token->kind != TokenKind::kSeparator) return true;
      Take();
    }
  }

  bool TopStatement(std::vector<GrubNode>& out, bool& ended, SyntaxError& error) {
    if (!SkipSeparators(error)) return false;
    Token* token = nullptr;
    if (!Peek(token, error)) return false;
    if (token->kind == TokenKind::kEnd) {
      ended = true;
      return true;
    }
    if (token->kind == TokenKind::kCloseBrace) return Fail(error, token->line, "unexpected '}'");
    if (token->kind == TokenKind::kWord && IsReserved(token->word)) {
      return Fail(error, token->line, "unexpected reserved word");
    }
    GrubNode node;
    if (!Statement(node, 0, error) || !Delimited(error)) return false;
    out.push_back(std::move(node));  // (a statement without its delimiter is not run)
    return true;
  }

  // parser.y joins statements with delimiters: after a statement comes ';', a newline, the end,
  // or the '}' of the block it is in. (Only a block's or a compound's end can be followed by
  // anything else: `menuentry a { … } x`, `fi fi`.)
  bool Delimited(SyntaxError& error) {
    Token* token = nullptr;
    if (!Peek(token, error)) return false;
    if (token->kind == TokenKind::kSeparator || token->kind == TokenKind::kEnd ||
        token->kind == TokenKind::kCloseBrace) {
      return true;
    }
    return Fail(error, token->line, "';' or a newline expected after a command");
  }

  // Statements until a reserved word in command position, '}' or the end.
  bool List(std::vector<GrubNode>& out, int depth, SyntaxError& error) {
    while (true) {
      if (!SkipSeparators(error)) return false;
      Token* token = nullptr;
      if (!Peek(token, error)) return false;
      if (token->kind == TokenKind::kEnd || token->kind == TokenKind::kCloseBrace) return true;
      if (token->kind == TokenKind::kWord && IsReserved(token->word)) return true;
      GrubNode node;
      if (!Statement(node, depth, error)) return false;
      out.push_back(std::move(node));
      if (!Delimited(error)) return false;
    }
  }

  // A List that parser.y's commands1 requires: at least one command.
  bool NonEmptyList(std::vector<GrubNode>& out, int depth, SyntaxError& error) {
    if (!List(out, depth, error)) return false;
    if (!out.empty()) return true;
    Token* token = nullptr;
    if (!Peek(token, error)) return false;
    return Fail(error, token->line, "a command expected");
  }

  bool Expect(std::string_view word, SyntaxError& error) {
    if (!SkipSeparators(error)) return false;
    Token* token = nullptr;
    if (!Peek(token, error)) return false;
    if (token->kind != TokenKind::kWord || !token->word.IsBare(word)) {
      return Fail(error, token->line, "'" + std::string(word) + "' expected");
    }
    Take();
    return true;
  }

  // A body in braces; grub's grammar (script/parser.y) wants it non-empty. A command's block
  // (menuentry's, submenu's, any command's: `block` in parser.y) may end its last command at
  // the '}'; a function's body is a command list that ends with a ';' or newline before it.
  enum class Body : std::uint8_t { kBlock, kFunction };
  bool Braced(std::vector<GrubNode>& body, int depth, Body kind, SyntaxError& error) {
    if (!SkipSeparators(error)) return false;
    Token* token = nullptr;
    if (!Peek(token, error)) return false;
    if (token->kind != TokenKind::kOpenBrace) return Fail(error, token->line, "'{' expected");
    Take();
    if (!List(body, depth + 1, error)) return false;
    if (!Peek(token, error)) return false;
    if (token->kind != TokenKind::kCloseBrace) return Fail(error, token->line, "'}' expected");
    if (body.empty()) return Fail(error, token->line, "empty block");
    if (kind == Body::kFunction && last_taken_ != TokenKind::kSeparator) {
      return Fail(error, token->line, "';' or a newline expected before a function's '}'");
    }
    Take();
    return true;
  }

  // A command's block, when a '{' follows its words on the same line.
  bool OptionalBlock(GrubNode& node, int depth, bool& found, SyntaxError& error) {
    Token* token = nullptr;
    if (!Peek(token, error)) return false;
    found = token->kind == TokenKind::kOpenBrace;
    if (!found) return true;
    node.bodies.emplace_back();
    return Braced(node.bodies.back(), depth, Body::kBlock, error);
  }

  // Words up to a separator or '{' (the separator is left for the caller).
  bool Words(std::vector<GrubWord>& words, SyntaxError& error) {
    Token* token = nullptr;
    while (true) {
      if (!Peek(token, error)) return false;
      if (token->kind != TokenKind::kWord) return true;
      words.push_back(Take().word);
    }
  }

  bool Statement(GrubNode& node, int depth, SyntaxError& error) {
    Token* token = nullptr;
    if (!Peek(token, error)) return false;
    node.line = token->line;
    if (!Spend(budget_.commands, token->line, error)) return false;
    if (depth > kGrubMaxNesting) return Fail(error, token->line, "blocks nested too deep");
    // grub has no '{ … }' statement: a block belongs to the command before it.
    if (token->kind == TokenKind::kOpenBrace) return Fail(error, token->line, "unexpected '{'");
    if (token->kind != TokenKind::kWord) return Fail(error, token->line, "command expected");
    const GrubWord& first = token->word;
    if (first.IsBare("!")) {
      Take();
      // grub's '!' is a word its command line starts with, not a grammar operator: what follows
      // is one command line, so a compound keyword there is a plain word ("! if …" leaves its
      // "then" without an if, and grub-script-check refuses it).
      if (!Peek(token, error)) return false;
      if (token->kind == TokenKind::kWord &&
          (token->word.IsBare("if") || token->word.IsBare("for") || token->word.IsBare("while") ||
           token->word.IsBare("until"))) {
        node.kind = GrubNode::Kind::kCommand;
        if (!Words(node.words, error)) return false;
        bool block = false;
        if (!OptionalBlock(node, depth, block, error)) return false;
        node.bodies.clear();
        node.negate = true;
        return true;
      }
      if (!Statement(node, depth + 1, error)) return false;
      node.negate = !node.negate;
      return true;
    }
    if (first.IsBare("if")) return If(node, depth, error);
    if (first.IsBare("for")) return For(node, depth, error);
    if (first.IsBare("while") || first.IsBare("until")) {
      node.kind = first.IsBare("while") ? GrubNode::Kind::kWhile : GrubNode::Kind::kUntil;
      Take();
      node.conditions.emplace_back();
      if (!NonEmptyList(node.conditions.back(), depth + 1, error)) return false;
      if (!Expect("do", error)) return false;
      node.bodies.emplace_back();
      if (!NonEmptyList(node.bodies.back(), depth + 1, error)) return false;
      return Expect("done", error);
    }
    if (first.IsBare("function")) {
      // A statement of the script itself, never inside a block or a body (parser.y's
      // `statement: function`); its name is a NAME token.
      if (depth > 0) return Fail(error, token->line, "function defined inside a block");
      Take();
      node.kind = GrubNode::Kind::kFunction;
      if (!Peek(token, error)) return false;
      if (token->kind != TokenKind::kWord || !IsName(token->word)) {
        return Fail(error, token->line, "function name expected");
      }
      GrubWord name = Take().word;
      for (const GrubSegment& segment : name.segments) node.name += segment.text;
      node.bodies.emplace_back();
      return Braced(node.bodies.back(), depth, Body::kFunction, error);
    }
    const bool menu = first.IsBare("menuentry") || first.IsBare("submenu");
    node.kind = GrubNode::Kind::kCommand;
    if (!Words(node.words, error)) return false;
    bool block = false;
    if (!OptionalBlock(node, depth, block, error)) return false;
    if (menu && block) {
      // A menu item: the words after its name are its arguments, the block its body.
      node.kind = node.words.front().IsBare("menuentry") ? GrubNode::Kind::kMenuentry
                                                         : GrubNode::Kind::kSubmenu;
      node.words.erase(node.words.begin());
    } else if (!menu) {
      node.bodies.clear();  // another command's block: baton's commands take none
    }
    return true;
  }

  // A NAME token of grub's lexer: [A-Za-z_][A-Za-z0-9_]*, bare.
  static bool IsName(const GrubWord& word) {
    if (word.segments.size() != 1 || word.segments[0].kind != GrubSegment::Kind::kText ||
        word.segments[0].quoted || word.segments[0].text.empty()) {
      return false;
    }
    const std::string& text = word.segments[0].text;
    if (!IsNameStart(text[0])) return false;
    for (char c : text) {
      if (!IsNameChar(c)) return false;
    }
    return true;
  }

  bool If(GrubNode& node, int depth, SyntaxError& error) {
    node.kind = GrubNode::Kind::kIf;
    Take();  // if
    while (true) {
      node.conditions.emplace_back();
      if (!NonEmptyList(node.conditions.back(), depth + 1, error)) return false;
      if (!Expect("then", error)) return false;
      node.bodies.emplace_back();
      if (!NonEmptyList(node.bodies.back(), depth + 1, error)) return false;
      Token* token = nullptr;
      if (!Peek(token, error)) return false;
      if (token->kind == TokenKind::kWord && token->word.IsBare("elif")) {
        Take();
        continue;
      }
      if (token->kind == TokenKind::kWord && token->word.IsBare("else")) {
        Take();
        node.has_else = true;
        node.bodies.emplace_back();
        if (!NonEmptyList(node.bodies.back(), depth + 1, error)) return false;
      }
      return Expect("fi", error);
    }
  }

  bool For(GrubNode& node, int depth, SyntaxError& error) {
    node.kind = GrubNode::Kind::kFor;
    Take();  // for
    Token* token = nullptr;
    if (!Peek(token, error)) return false;
    if (token->kind != TokenKind::kWord || !IsName(token->word)) {
      return Fail(error, token->line, "for variable expected");
    }
    GrubWord variable = Take().word;
    for (const GrubSegment& segment : variable.segments) node.name += segment.text;
    if (!Expect("in", error)) return false;
    if (!Words(node.words, error)) return false;
    if (!Expect("do", error)) return false;
    node.bodies.emplace_back();
    if (!NonEmptyList(node.bodies.back(), depth + 1, error)) return false;
    return Expect("done", error);
  }

  std::string_view file_;
  Lexer lexer_;
  GrubParseBudget& budget_;
  bool exhausted_ = false;
  std::optional<Token> lookahead_;
  TokenKind last_taken_ = TokenKind::kEnd;  // the kind of the token Take() gave last
};

}  // namespace

bool GrubWord::IsBare(std::string_view text) const {
  return segments.size() == 1 && segments[0].kind == GrubSegment::Kind::kText &&
         !segments[0].quoted && segments[0].text == text;
}

namespace {

// grub reads a configuration line by line into C strings (grub_file_getline in normal/main.c;
// getline in util/grub-script-check.c), so a NUL byte ends its line: what follows it up to the
// newline is never seen. The same bytes are dropped here, the newlines kept (line numbers stay).
std::string WithoutNulTails(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  std::size_t at = 0;
  while (at < text.size()) {
    std::size_t nul = text.find('\0', at);
    if (nul == std::string_view::npos) {
      out += text.substr(at);
      break;
    }
    out += text.substr(at, nul - at);
    at = text.find('\n', nul);
    if (at == std::string_view::npos) break;
  }
  return out;
}

}  // namespace

GrubScript ParseGrubScript(std::string_view file, std::string_view text, GrubParseBudget& budget) {
  if (text.find('\0') == std::string_view::npos) return Parser(file, text, budget).Parse();
  const std::string cut = WithoutNulTails(text);
  return Parser(file, cut, budget).Parse();
}

}  // namespace baton::config

// SPDX-License-Identifier: GPL-2.0-or-later
// grub script lexer and recursive-descent parser.
#include "bootloader/config/grub_script.h"

#include <optional>

#include "bootloader/config/lines.h"

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
bool IsDigit(char c) { return c >= '0' && c <= '9'; }

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

  static void AddText(GrubWord& word, bool quoted, char c) {
    if (word.segments.empty() || word.segments.back().kind != GrubSegment::Kind::kText ||
        word.segments.back().quoted != quoted) {
      word.segments.push_back({GrubSegment::Kind::kText, quoted, {}});
    }
    word.segments.back().text += c;
  }

  // After a '$': a variable, or a literal '$' when no name follows.
  bool Variable(GrubWord& word, bool quoted, SyntaxError& error) {
    ++at_;  // '$'
    if (at_ < text_.size() && text_[at_] == '{') {
      // The first '}' or newline: never a search to the end of the text for each "${".
      const std::size_t close = text_.find_first_of("}\n", at_);
      if (close == std::string_view::npos || text_[close] == '\n') {
        error = {line_, "unterminated ${"};
        return false;
      }
      word.segments.push_back({GrubSegment::Kind::kVariable, quoted,
                               std::string(text_.substr(at_ + 1, close - at_ - 1))});
      at_ = close + 1;
      return true;
    }
    std::size_t start = at_;
    if (at_ < text_.size() && IsNameStart(text_[at_])) {
      while (at_ < text_.size() && IsNameChar(text_[at_])) ++at_;
    } else if (at_ < text_.size() && IsDigit(text_[at_])) {
      while (at_ < text_.size() && IsDigit(text_[at_])) ++at_;
    } else if (at_ < text_.size() &&
               (text_[at_] == '?' || text_[at_] == '#' || text_[at_] == '@' || text_[at_] == '*')) {
      ++at_;
    } else {
      AddText(word, quoted, '$');
      return true;
    }
    word.segments.push_back(
        {GrubSegment::Kind::kVariable, quoted, std::string(text_.substr(start, at_ - start))});
    return true;
  }

  bool Word(GrubWord& word, SyntaxError& error) {
    while (at_ < text_.size()) {
      char c = text_[at_];
      if (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == ';') break;
      // '{' and '}' are tokens wherever they stand outside quotes (grub's yylex.l: a word's
      // characters exclude them), so `menuentry 'x'{` and `linux /vmlinux;}` are valid.
      if (c == '{' || c == '}') break;
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
        while (at_ < text_.size() && text_[at_] != '\'') {
          if (text_[at_] == '\n') ++line_;
          word.segments.back().text += text_[at_++];
        }
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
          } else {
            if (d == '\n') ++line_;
            AddText(word, true, d);
            ++at_;
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
        AddText(word, false, c);
        ++at_;
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
    if (!Statement(node, 0, error)) return false;
    out.push_back(std::move(node));
    return true;
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
    }
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

  bool Braced(std::vector<GrubNode>& body, int depth, SyntaxError& error) {
    if (!SkipSeparators(error)) return false;
    Token* token = nullptr;
    if (!Peek(token, error)) return false;
    if (token->kind != TokenKind::kOpenBrace) return Fail(error, token->line, "'{' expected");
    Take();
    if (!List(body, depth + 1, error)) return false;
    if (!Peek(token, error)) return false;
    if (token->kind != TokenKind::kCloseBrace) return Fail(error, token->line, "'}' expected");
    Take();
    return true;
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
    if (token->kind == TokenKind::kOpenBrace) {
      node.kind = GrubNode::Kind::kBlock;
      node.bodies.emplace_back();
      return Braced(node.bodies.back(), depth, error);
    }
    if (token->kind != TokenKind::kWord) return Fail(error, token->line, "command expected");
    const GrubWord& first = token->word;
    if (first.IsBare("!")) {
      Take();
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
      if (!List(node.conditions.back(), depth + 1, error)) return false;
      if (!Expect("do", error)) return false;
      node.bodies.emplace_back();
      if (!List(node.bodies.back(), depth + 1, error)) return false;
      return Expect("done", error);
    }
    if (first.IsBare("function")) {
      Take();
      node.kind = GrubNode::Kind::kFunction;
      if (!Peek(token, error)) return false;
      if (token->kind != TokenKind::kWord)
        return Fail(error, token->line, "function name expected");
      GrubWord name = Take().word;
      for (const GrubSegment& segment : name.segments) node.name += segment.text;
      node.bodies.emplace_back();
      return Braced(node.bodies.back(), depth, error);
    }
    if (first.IsBare("menuentry") || first.IsBare("submenu")) {
      node.kind = first.IsBare("menuentry") ? GrubNode::Kind::kMenuentry : GrubNode::Kind::kSubmenu;
      Take();
      if (!Words(node.words, error)) return false;
      node.bodies.emplace_back();
      return Braced(node.bodies.back(), depth, error);
    }
    node.kind = GrubNode::Kind::kCommand;
    return Words(node.words, error);
  }

  bool If(GrubNode& node, int depth, SyntaxError& error) {
    node.kind = GrubNode::Kind::kIf;
    Take();  // if
    while (true) {
      node.conditions.emplace_back();
      if (!List(node.conditions.back(), depth + 1, error)) return false;
      if (!Expect("then", error)) return false;
      node.bodies.emplace_back();
      if (!List(node.bodies.back(), depth + 1, error)) return false;
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
        if (!List(node.bodies.back(), depth + 1, error)) return false;
      }
      return Expect("fi", error);
    }
  }

  bool For(GrubNode& node, int depth, SyntaxError& error) {
    node.kind = GrubNode::Kind::kFor;
    Take();  // for
    Token* token = nullptr;
    if (!Peek(token, error)) return false;
    if (token->kind != TokenKind::kWord) return Fail(error, token->line, "for variable expected");
    GrubWord variable = Take().word;
    for (const GrubSegment& segment : variable.segments) node.name += segment.text;
    if (!Expect("in", error)) return false;
    if (!Words(node.words, error)) return false;
    if (!Expect("do", error)) return false;
    node.bodies.emplace_back();
    if (!List(node.bodies.back(), depth + 1, error)) return false;
    return Expect("done", error);
  }

  std::string_view file_;
  Lexer lexer_;
  GrubParseBudget& budget_;
  bool exhausted_ = false;
  std::optional<Token> lookahead_;
};

}  // namespace

bool GrubWord::IsBare(std::string_view text) const {
  return segments.size() == 1 && segments[0].kind == GrubSegment::Kind::kText &&
         !segments[0].quoted && segments[0].text == text;
}

GrubScript ParseGrubScript(std::string_view file, std::string_view text, GrubParseBudget& budget) {
  return Parser(file, text, budget).Parse();
}

}  // namespace baton::config

// SPDX-License-Identifier: GPL-2.0-or-later
// The syslinux family's configuration parser.
#include "bootloader/config/syslinux.h"

#include <optional>

#include "bootloader/config/lines.h"
#include "bootloader/config/paths.h"

namespace baton::config {
namespace {

struct Label {
  std::string name;
  std::string title;
  std::string kernel;
  std::optional<std::string> append;
  std::vector<std::string> initrds;
  std::string dtb;
  bool local_boot = false;
  bool menu_default = false;
  SourceLocation source;
};

bool EndsWith(std::string_view text, std::string_view suffix) {
  return text.size() >= suffix.size() &&
         LowerCase(text.substr(text.size() - suffix.size())) == suffix;
}

// COM32 modules, boot sectors and PXE images are not Linux kernels.
bool IsLinuxKernel(std::string_view kernel) {
  for (std::string_view suffix : {".c32", ".com", ".cbt", ".bss", ".bin", ".bs", ".0"}) {
    if (EndsWith(kernel, suffix)) return false;
  }
  return true;
}

void SplitList(std::string_view list, std::vector<std::string>& out) {
  while (!list.empty()) {
    std::size_t comma = list.find(',');
    std::string_view item = Trim(list.substr(0, comma));
    if (!item.empty()) out.emplace_back(item);
    if (comma == std::string_view::npos) break;
    list.remove_prefix(comma + 1);
  }
}

class SyslinuxParser {
 public:
  SyslinuxParser(ConfigFiles& files, std::string_view path)
      : files_(files), directory_(DirectoryOf(path)) {
    result_.parser = "syslinux";
    result_.path = std::string(path);
  }

  void File(std::string_view path, std::string_view text, int depth) {
    LineReader lines(text);
    std::string_view line;
    bool in_text_block = false;
    while (lines.Next(line)) {
      std::uint64_t number = lines.number();
      if (in_text_block) {
        if (LowerCase(line) == "endtext") in_text_block = false;
        continue;
      }
      if (line.empty() || line.front() == '#') continue;
      auto [word, rest] = SplitFirstWord(line);
      std::string keyword = LowerCase(word);
      if (keyword == "menu") {
        auto [sub, value] = SplitFirstWord(rest);
        std::string sub_keyword = LowerCase(sub);
        if (sub_keyword == "label" && current_) {
          current_->title = RemoveHotkeyMarks(value);
        } else if (sub_keyword == "default" && current_) {
          current_->menu_default = true;
        } else if (sub_keyword == "include") {
          Include(path, number, SplitFirstWord(value).first, depth);
        }
        continue;
      }
      if (keyword == "text") {
        in_text_block = LowerCase(SplitFirstWord(rest).first) == "help";
        continue;
      }
      if (keyword == "label") {
        FinishLabel();
        current_ = Label{};
        current_->name = std::string(rest);
        current_->source = {std::string(path), number};
      } else if (keyword == "kernel" || keyword == "linux" || keyword == "com32") {
        if (current_) current_->kernel = std::string(rest);
      } else if (keyword == "append") {
        std::string value = rest == "-" ? std::string() : std::string(rest);
        if (current_) {
          current_->append = value;
        } else {
          global_append_ = value;
        }
      } else if (keyword == "initrd") {
        if (current_) SplitList(rest, current_->initrds);
      } else if (keyword == "fdt" || keyword == "devicetree") {
        if (current_) current_->dtb = std::string(rest);
      } else if (keyword == "localboot") {
        if (current_) current_->local_boot = true;
      } else if (keyword == "default") {
        // A command line: its first word is the label (or kernel) to boot.
        default_label_ = std::string(SplitFirstWord(rest).first);
      } else if (keyword == "ontimeout") {
        ontimeout_label_ = std::string(SplitFirstWord(rest).first);
      } else if (keyword == "timeout") {
        std::int64_t tenths = SmallNumber(rest);
        if (tenths > 0) {
          result_.timeout_seconds = static_cast<std::uint64_t>((tenths + 9) / 10);
        } else if (tenths == 0) {
          result_.timeout_seconds.reset();
        }
      } else if (keyword == "include") {
        Include(path, number, SplitFirstWord(rest).first, depth);
      } else if (keyword == "fdtdir") {
        AddNote(result_.notes, NoteAt(path, number, "FDTDIR is not supported; give FDT"));
      } else if (!IsKnownIgnored(keyword)) {
        AddNote(result_.notes, NoteAt(path, number, "unknown directive '" + keyword + "' skipped"));
      }
    }
  }

  // The option that boots when nobody presses a key: ONTIMEOUT's label (what a timeout runs),
  // else DEFAULT's, else MENU DEFAULT; without any, the label "linux" (syslinux's built-in
  // default until 3.86, which petitboot keeps), else the first label (the entry a syslinux menu
  // highlights, and boots when its timeout runs out).
  ConfigResult Finish() {
    FinishLabel();
    for (const std::string& wanted : {ontimeout_label_, default_label_}) {
      if (!result_.default_index) result_.default_index = FindLabel(wanted);
    }
    if (!result_.default_index) result_.default_index = menu_default_;
    if (!result_.default_index && default_label_.empty())
      result_.default_index = FindLabel("linux");
    // DEFAULT naming a menu module (vesamenu.c32) leaves the highlighted first entry too.
    if (!result_.default_index && !result_.options.empty()) result_.default_index = 0;
    return std::move(result_);
  }

 private:
  static std::string RemoveHotkeyMarks(std::string_view title) {
    std::string out;
    for (char c : title) {
      if (c != '^') out += c;
    }
    return out;
  }

  std::optional<std::size_t> FindLabel(std::string_view label) const {
    if (label.empty()) return std::nullopt;
    for (std::size_t i = 0; i < result_.options.size(); ++i) {
      if (result_.options[i].id == label) return i;
    }
    return std::nullopt;
  }

  static bool IsKnownIgnored(std::string_view keyword) {
    for (std::string_view known :
         {"prompt",       "ui",      "say",      "serial",       "console",  "font",
          "kbdmap",       "display", "implicit", "allowoptions", "noescape", "nocomplete",
          "totaltimeout", "onerror", "ipappend", "sysappend",    "f1",       "f2",
          "f3",           "f4",      "f5",       "f6",           "f7",       "f8",
          "f9",           "f10",     "f11",      "f12",          "path",     "endtext"}) {
      if (keyword == known) return true;
    }
    return false;
  }

  void Include(std::string_view path, std::uint64_t line, std::string_view target, int depth) {
    if (depth + 1 > kMaxIncludeDepth) {
      AddNote(result_.notes, NoteAt(path, line, "INCLUDE nested too deep; skipped"));
      return;
    }
    if (++included_files_ > kMaxIncludedFiles) {
      AddNote(result_.notes, NoteAt(path, line, "more than 100 files included; skipped"));
      return;
    }
    Result<std::string> resolved = ResolveDevicePath(directory_, target);
    if (!resolved) {
      AddNote(result_.notes, NoteAt(path, line, resolved.error().ToString()));
      return;
    }
    Result<ByteBuffer> text = files_.Read({}, *resolved);
    if (!text) {
      AddNote(result_.notes,
              NoteAt(path, line, "INCLUDE " + *resolved + ": " + text.error().ToString()));
      return;
    }
    File(*resolved, AsText(*text), depth + 1);
  }

  bool Resource(const Label& label, std::string_view value, ResourcePath& out) {
    Result<std::string> resolved = ResolveDevicePath(directory_, value);
    if (!resolved) {
      AddNote(result_.notes,
              NoteAt(label.source.file, label.source.line, resolved.error().ToString()));
      return false;
    }
    out = {{}, *resolved};
    return true;
  }

  void FinishLabel() {
    if (!current_) return;
    Label label = std::move(*current_);
    current_.reset();
    if (label.local_boot || label.kernel.empty() || !IsLinuxKernel(label.kernel)) {
      AddNote(result_.notes, NoteAt(label.source.file, label.source.line,
                                    "label '" + label.name + "' boots no Linux kernel; skipped"));
      return;
    }
    ConfigOption option;
    option.id = label.name;
    option.name = label.title.empty() ? label.name : label.title;
    option.source = label.source;
    if (!Resource(label, SplitFirstWord(label.kernel).first, option.kernel)) return;
    std::string append = label.append.value_or(global_append_);
    // "initrd=a,b" on the command line names initrds too; it is taken off the arguments.
    std::string args;
    std::string_view rest = append;
    while (!rest.empty()) {
      auto [word, after] = SplitFirstWord(rest);
      if (word.substr(0, 7) == "initrd=") {
        SplitList(word.substr(7), label.initrds);
      } else {
        if (!args.empty()) args += ' ';
        args += word;
      }
      rest = after;
    }
    option.args = std::move(args);
    for (const std::string& initrd : label.initrds) {
      ResourcePath resource;
      if (!Resource(label, initrd, resource)) return;
      option.initrds.push_back(std::move(resource));
    }
    if (!label.dtb.empty()) {
      ResourcePath resource;
      if (!Resource(label, label.dtb, resource)) return;
      option.dtb = std::move(resource);
    }
    const std::size_t index = result_.options.size();
    if (AddOption(result_, std::move(option)) && label.menu_default && !menu_default_)
      menu_default_ = index;
  }

  ConfigFiles& files_;
  std::string directory_;
  ConfigResult result_;
  std::optional<Label> current_;
  std::string global_append_;
  std::string default_label_;
  std::string ontimeout_label_;
  std::optional<std::size_t> menu_default_;
  int included_files_ = 0;
};

}  // namespace

ConfigResult ParseSyslinux(ConfigFiles& files, std::string_view path, std::string_view text) {
  SyslinuxParser parser(files, path);
  parser.File(path, text, 0);
  return parser.Finish();
}

}  // namespace baton::config

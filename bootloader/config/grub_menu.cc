// SPDX-License-Identifier: GPL-2.0-or-later
// grub's menu: items defined by the script, bodies run at the end, the default and the timeout.
#include "bootloader/config/grub_menu.h"

#include <utility>

#include "bootloader/config/lines.h"

namespace baton::config {
namespace {

constexpr int kMaxMenuDepth = 16;

std::optional<std::size_t> FirstOption(const GrubMenuItem& item) {
  if (item.option_index) return item.option_index;
  for (const GrubMenuItem& child : item.children) {
    if (auto index = FirstOption(child)) return index;
  }
  return std::nullopt;
}

// The item of `level` that one part of a default ("2", "gnulinux-simple", a title) names: an
// index first, then an id, then a title.
const GrubMenuItem* FindItem(const std::vector<GrubMenuItem>& level, std::string_view part) {
  if (AllDigits(part)) {
    std::int64_t index = SmallNumber(part);
    if (index >= 0 && static_cast<std::size_t>(index) < level.size()) {
      return &level[static_cast<std::size_t>(index)];
    }
  }
  for (const GrubMenuItem& item : level) {
    if (item.id == part) return &item;
  }
  for (const GrubMenuItem& item : level) {
    if (item.title == part) return &item;
  }
  return nullptr;
}

}  // namespace

void GrubMenu::Define(GrubInterpreter& shell, const GrubNode& node) {
  if (level_ == nullptr) {
    shell.Note(node.line, "menu entry inside a menu entry skipped");
    return;
  }
  std::vector<std::string> args = shell.Expand(node.words);
  GrubMenuItem item;
  item.kind = node.kind == GrubNode::Kind::kSubmenu ? GrubMenuItem::Kind::kSubmenu
                                                    : GrubMenuItem::Kind::kEntry;
  item.body = &node.bodies[0];
  item.source = {shell.file(), node.line};
  bool have_title = false;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (arg == "--id" && i + 1 < args.size()) {
      item.id = args[++i];
    } else if (arg.starts_with("--id=")) {
      item.id = arg.substr(5);
    } else if ((arg == "--class" || arg == "--users" || arg == "--hotkey" || arg == "--source") &&
               i + 1 < args.size()) {
      ++i;
    } else if (arg.starts_with("--")) {
      continue;
    } else {
      // The body sees the title as $1 and the extra arguments from $2 on.
      if (!have_title) item.title = arg;
      have_title = true;
      item.arguments.push_back(arg);
    }
  }
  if (!have_title) {
    shell.Note(node.line, "menu entry without a title skipped");
    return;
  }
  level_->push_back(std::move(item));
}

void GrubMenu::AddBls(BlsEntry entry, DeviceReference root) {
  GrubMenuItem item;
  item.kind = GrubMenuItem::Kind::kBls;
  item.id = entry.id;
  const std::string* title = entry.Field("title");
  item.title = title != nullptr ? *title : entry.id;
  item.bls = std::move(entry);
  item.bls_root = std::move(root);
  level_->push_back(std::move(item));
}

void GrubMenu::LoadBlsEnvironment(ConfigFiles& files) {
  if (bls_environment_loaded_) return;
  bls_environment_loaded_ = true;
  for (auto& [name, value] : ReadBlsEnvironment(files)) bls_environment_[name] = value;
}

void GrubMenu::Build(GrubInterpreter& shell, const GrubEnvironment& environment,
                     ConfigResult& result) {
  level_ = nullptr;
  Expand(shell, top_, environment, std::nullopt, std::string(), result);
  result.default_index = ChooseDefault(shell, environment);
  auto timeout = environment.find("timeout");
  if (timeout != environment.end()) {
    std::int64_t seconds = SmallNumber(timeout->second);
    if (seconds >= 0) result.timeout_seconds = static_cast<std::uint64_t>(seconds);
  }
  result.bls_directories = std::move(bls_directories_);
}

// The items of one level, each in a fresh copy of `environment`; `file` holds the submenu whose
// items these are.
void GrubMenu::Expand(GrubInterpreter& shell, std::vector<GrubMenuItem>& items,
                      const GrubEnvironment& environment, const std::optional<std::string>& group,
                      const std::string& file, ConfigResult& result) {
  // A submenu whose body defines a submenu (through a function, say) nests without end: the
  // fuzzer found one that overflowed the stack. grub's own menus never nest this deep.
  if (depth_ >= kMaxMenuDepth) {
    if (!items.empty()) {
      shell.NoteIn(file, items.front().source.line,
                   "submenus nested more than " + std::to_string(kMaxMenuDepth) +
                       " deep; the inner ones are skipped");
    }
    return;
  }
  ++depth_;
  const std::uint64_t copy_bytes = EnvironmentBytes(environment);
  for (GrubMenuItem& item : items) {
    if (shell.stopped() || !shell.Charge(copy_bytes)) break;
    shell.ReplaceEnvironment(environment);
    if (item.kind == GrubMenuItem::Kind::kSubmenu) {
      level_ = &item.children;
      shell.RunBody(*item.body, item.source.file, item.arguments);
      level_ = nullptr;
      if (!shell.Charge(EnvironmentBytes(shell.environment()))) break;
      const GrubEnvironment inner = shell.environment();
      Expand(shell, item.children, inner, group ? *group + ">" + item.title : item.title,
             item.source.file, result);
    } else if (item.kind == GrubMenuItem::Kind::kBls) {
      ConfigOption option;
      auto expand = [&](std::string_view text) { return ExpandBlsValue(shell, text); };
      if (MakeBlsOption(item.bls, item.bls_root, BlsReader::kBlscfg, expand, option,
                        shell.notes())) {
        option.group = group;
        const std::size_t index = result.options.size();
        if (AddOption(result, std::move(option))) item.option_index = index;
      }
    } else {
      ExpandEntry(shell, item, group, result);
    }
  }
  --depth_;
}

// A menuentry: its body fills a GrubEntry, which becomes an option when it boots a kernel.
void GrubMenu::ExpandEntry(GrubInterpreter& shell, GrubMenuItem& item,
                           const std::optional<std::string>& group, ConfigResult& result) {
  GrubEntry building;
  entry_ = &building;
  shell.RunBody(*item.body, item.source.file, item.arguments);
  entry_ = nullptr;
  if (building.refused) {
    shell.NoteIn(item.source.file, item.source.line, "menu entry '" + item.title + "' refused");
    return;
  }
  if (!building.has_kernel) {
    shell.NoteIn(item.source.file, item.source.line,
                 "menu entry '" + item.title + "' boots no Linux kernel; skipped");
    return;
  }
  ConfigOption& option = building.option;
  option.name = item.title;
  option.id = item.id.empty() ? item.title : item.id;
  option.group = group;
  option.source.file = item.source.file;
  if (option.source.line == 0) option.source.line = item.source.line;
  const std::size_t index = result.options.size();
  if (AddOption(result, std::move(option))) item.option_index = index;
}

// A BLS entry's value, expanded as grub will expand it at boot: the final environment, then
// what blscfg loaded from grubenv.
std::string GrubMenu::ExpandBlsValue(const GrubInterpreter& shell, std::string_view text) const {
  return ExpandVariables(text, [&](const std::string& name) {
    std::string value = shell.Lookup(name);
    if (value.empty()) {
      auto found = bls_environment_.find(name);
      if (found != bls_environment_.end()) value = found->second;
    }
    return value;
  });
}

// $default: parts separated by '>' walk into submenus; the first option at or below the item
// named is the default. A default that names nothing falls back to the first item, as in grub.
std::optional<std::size_t> GrubMenu::ChooseDefault(GrubInterpreter& shell,
                                                   const GrubEnvironment& environment) const {
  if (top_.empty()) return std::nullopt;
  auto found = environment.find("default");
  std::string wanted = found == environment.end() ? std::string() : found->second;
  const GrubMenuItem* chosen = nullptr;
  if (!wanted.empty()) {
    const std::vector<GrubMenuItem>* level = &top_;
    std::string_view rest = wanted;
    while (true) {
      std::size_t separator = rest.find('>');
      chosen = FindItem(*level, rest.substr(0, separator));
      if (chosen == nullptr || separator == std::string_view::npos) break;
      rest.remove_prefix(separator + 1);
      level = &chosen->children;
    }
    if (chosen == nullptr) {
      shell.NoteIn({}, 0,
                   "default '" + wanted + "' names no menu entry; the first entry is the default");
    }
  }
  if (chosen == nullptr) chosen = &top_.front();
  return FirstOption(*chosen);
}

}  // namespace baton::config

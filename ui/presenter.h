// SPDX-License-Identifier: GPL-2.0-or-later
// Draws the menu model into a Screen of any size (80×24 is the one every serial console has).
// Pure. The layout keeps what changes often in few cells: moving the selection changes only the
// two marker cells, so a terminal that sends only differences sends a few dozen bytes.
#pragma once

#include <cstdint>

#include "ui/menu_model.h"
#include "ui/screen.h"
#include "ui/terminal.h"

namespace baton::ui {

// How many lines the scrollable part of `view` shows at `size` (for MenuModel::SetPageRows).
int PageRows(View view, Size size);

Screen Render(const MenuModel& model, Size size, std::uint64_t now_ms);

}  // namespace baton::ui

// SPDX-License-Identifier: GPL-2.0-or-later
// The menu's event loop.
#include "ui/menu_loop.h"

#include <algorithm>

#include "bootloader/core/log.h"

#include "ui/presenter.h"

namespace baton::ui {
namespace {

void Draw(MenuModel& model, Terminal& terminal, Clock& clock) {
  const Size size = terminal.CurrentSize();
  model.SetPageRows(PageRows(model.view(), size));
  terminal.Present(Render(model, size, clock.NowMilliseconds()));
}

// Runs the boot with progress on screen. True when it finished (stopped before the reboot).
bool Boot(MenuModel& model, Terminal& terminal, Clock& clock, MenuServices& services,
          std::size_t index) {
  const discover::BootOption& option = model.options()[index];
  model.StartProgress("Booting: " + option.config.name, services.BootSteps());
  Draw(model, terminal, clock);
  Result<std::vector<std::string>> outcome =
      services.Boot(option, [&](std::size_t step, StepState state, const std::string& detail) {
        model.UpdateStep(step, state, detail);
        Draw(model, terminal, clock);
      });
  if (!outcome) {
    model.FailBoot("Boot of '" + option.config.name + "' failed: " + outcome.error().ToString());
    return false;
  }
  model.FinishProgress(std::move(*outcome));
  return true;
}

Action CheckPassword(MenuModel& model, MenuServices& services, Clock& clock) {
  const bool right = services.CheckPassword(model.password_text());
  if (!right) {
    Logf(LogLevel::kWarning, "restricted mode: a wrong password at the console (%u in a row)",
         model.password_failures() + 1);
  }
  return model.PasswordChecked(right, clock.NowMilliseconds());
}

void OpenConfig(MenuModel& model, MenuServices& services) {
  Result<MenuServices::StoredSettings> stored = services.ReadSettings();
  if (!stored) {
    model.SetStatus("The settings cannot be read: " + stored.error().ToString());
    return;
  }
  model.ShowConfig(ConfigScreen(stored->pairs, stored->where));
}

void SaveConfig(MenuModel& model, MenuServices& services) {
  Result<void> saved = services.SaveSettings(model.config().Changes());
  if (!saved) {
    Logf(LogLevel::kWarning, "settings not saved: %s", saved.error().ToString().c_str());
    model.ConfigSaved(false, "Not saved: " + saved.error().ToString());
    return;
  }
  Logf(LogLevel::kInfo, "settings saved in %s", model.config().where().c_str());
  model.SetRestricted(services.Restricted());
  model.ConfigSaved(true, "Settings saved in " + model.config().where() +
                              "; the timeout applies at the next start.");
}

}  // namespace

MenuResult RunMenu(MenuModel& model, Terminal& terminal, Clock& clock, MenuServices& services,
                   AfterAutoboot after_autoboot) {
  model.SetOptionMarks(services.OptionMarks(model.options()));
  bool operator_here = false;
  for (;;) {
    if (model.view() == View::kMenu && model.options().size() > model.selected()) {
      model.SetCarrierLine(services.CarrierLine(model.options()[model.selected()]));
    }
    Draw(model, terminal, clock);
    int timeout = -1;
    const std::uint64_t now = clock.NowMilliseconds();
    if (auto seconds = model.CountdownSeconds(now)) {
      // Wake at the next whole second of the countdown, to redraw it or to boot.
      const std::uint64_t left_ms = *seconds * 1000;
      timeout = static_cast<int>(left_ms % 1000 == 0 ? 1000 : left_ms % 1000);
      timeout = std::min(timeout, 1000);
    }
    if (model.view() == View::kPassword && model.PasswordWaitSeconds(now) > 0) {
      timeout = 1000;  // the wait counts down on the screen
    }
    std::optional<Key> key = terminal.ReadKey(timeout);
    const bool automatic = !key;
    if (key && key->code != KeyCode::kResize && !operator_here) {
      operator_here = true;
      services.OperatorHere();
    }
    if (!key && model.CountdownSeconds(clock.NowMilliseconds()) && services.OperatorElsewhere()) {
      model.StopCountdown("Autoboot stopped: an operator is at another console.");
      continue;
    }
    Action action =
        key ? model.HandleKey(*key, clock.NowMilliseconds()) : model.Tick(clock.NowMilliseconds());
    // A password check answers with the action it guarded (or none).
    if (action.kind == ActionKind::kCheckPassword) action = CheckPassword(model, services, clock);
    switch (action.kind) {
      case ActionKind::kNone:
        break;
      case ActionKind::kRedraw:
        terminal.InvalidateAll();
        break;
      case ActionKind::kShowConfig:
        OpenConfig(model, services);
        break;
      case ActionKind::kSaveSettings:
        SaveConfig(model, services);
        break;
      case ActionKind::kCheckPassword:  // answered above
        break;
      case ActionKind::kExit:
        return MenuResult::kExited;
      case ActionKind::kShowPcrs:
        model.ShowPcrs(services.Pcrs());
        break;
      case ActionKind::kShowInfo:
        model.ShowPage("System information", services.InfoLines());
        break;
      case ActionKind::kShowLog:
        model.ShowPage("Status log", services.LogLines());
        break;
      case ActionKind::kShowMeasurements: {
        std::string message;
        const MeasurementSource* source = services.Measurements(message);
        model.ShowMeasurements(source, std::move(message));
        break;
      }
      case ActionKind::kBoot: {
        const bool finished = Boot(model, terminal, clock, services, action.option);
        if (automatic && after_autoboot == AfterAutoboot::kExit) {
          Draw(model, terminal, clock);
          return finished ? MenuResult::kBooted : MenuResult::kBootFailed;
        }
        break;
      }
    }
  }
}

}  // namespace baton::ui

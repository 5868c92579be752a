// SPDX-License-Identifier: GPL-2.0-or-later
// The menu's event loop: draw, wait for a key or the next countdown second, let the model
// answer, carry out its Action through MenuServices. Pure (a Terminal and a Clock come in), so
// unit tests drive it with a scripted terminal and a manual clock.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "bootloader/core/result.h"
#include "ui/menu_model.h"
#include "ui/pcr_screen.h"
#include "ui/terminal.h"

namespace baton::ui {

using StepReport =
    std::function<void(std::size_t step, StepState state, const std::string& detail)>;

// What the menu needs from the machine; implemented by the composition root.
class MenuServices {
 public:
  virtual ~MenuServices() = default;
  // Each call reads the TPM and the list again (a stray extend shows at the next `p`).
  virtual PcrScreen Pcrs() = 0;
  // The list to browse, read now; `message` says what went wrong when it is null.
  virtual const MeasurementSource* Measurements(std::string& message) = 0;
  virtual std::vector<std::string> InfoLines() = 0;
  virtual std::vector<std::string> LogLines() = 0;
  // Who carries the IMA list for `option`, and whether baton measures.
  virtual std::string CarrierLine(const discover::BootOption& option) = 0;
  // A mark per option for the list (verified boot: who signed its kernel); none by default.
  virtual std::vector<std::string> OptionMarks(const std::vector<discover::BootOption>&) {
    return {};
  }
  virtual std::vector<std::string> BootSteps() = 0;
  // Restricted mode: whether `password` is the one set (the hash stays with the services). A
  // wrong one is logged by the loop, without the password.
  virtual bool CheckPassword(const std::string& password) {
    (void)password;
    return false;
  }
  // The configuration screen: the settings read now, and where they are kept ("the NVRAM
  // (/dev/nvram)"); and the save of its changes (the password's hashed here), after which
  // Restricted() says whether a password is set.
  struct StoredSettings {
    std::vector<settings::NvramPair> pairs;
    std::string where;
  };
  virtual Result<StoredSettings> ReadSettings() {
    return Error(ErrorCode::kUnsupported, "this menu keeps no settings");
  }
  virtual Result<void> SaveSettings(const std::vector<ConfigChange>& changes) {
    (void)changes;
    return Error(ErrorCode::kUnsupported, "this menu keeps no settings");
  }
  virtual bool Restricted() { return false; }
  // The menus on several consoles: an operator's first key at this one is told to the others
  // (OperatorHere), and this one's countdown stops when one is at another (OperatorElsewhere).
  virtual void OperatorHere() {}
  virtual bool OperatorElsewhere() { return false; }
  // Boots `option`; returns only when the boot stopped (the simulated machine: the summary) or
  // failed (the error, which names the step).
  virtual Result<std::vector<std::string>> Boot(const discover::BootOption& option,
                                                const StepReport& report) = 0;
};

enum class AfterAutoboot : std::uint8_t { kStay, kExit };

enum class MenuResult : std::uint8_t { kExited, kBooted, kBootFailed };

// Runs until the operator exits, or (kExit) until an automatic boot has finished.
MenuResult RunMenu(MenuModel& model, Terminal& terminal, Clock& clock, MenuServices& services,
                   AfterAutoboot after_autoboot);

}  // namespace baton::ui

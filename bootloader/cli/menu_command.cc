// SPDX-License-Identifier: GPL-2.0-or-later
// `baton menu` and `baton boot`: the boot menu on the console, and the same boot without it.
// Composes discovery, the TPM, the boot sequence and the console; on a simulated machine
// (--root) the boot stops before the reboot and writes its plan under DIR/plan.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>

#include "bootloader/boot/boot_sequence.h"
#include "bootloader/cli/cli_util.h"
#include "bootloader/cli/commands.h"
#include "bootloader/core/log.h"
#include "bootloader/core/text.h"
#include "bootloader/crypto/password.h"
#include "bootloader/devicetree/console.h"
#include "bootloader/devicetree/tree.h"
#include "bootloader/discover/discovery.h"
#include "bootloader/discover/env_writes.h"
#include "bootloader/settings/settings.h"
#include "bootloader/settings/store.h"
#include "bootloader/verify/verified_boot.h"
#include "platform/include/machine_paths.h"
#include "ui/console.h"
#include "ui/list_source.h"
#include "ui/menu_loop.h"
#include "ui/pcr_screen.h"

namespace baton::cli {
namespace {

constexpr std::uint64_t kMaxList = std::uint64_t{4} << 30;
constexpr std::uint64_t kMaxEventLog = 16u << 20;

constexpr const char kMenuHelp[] =
    "usage: baton menu [--auto N] [--root DIR] [--tcti CONF] [--timeout S] [--no-autoboot]\n"
    "                  [--ascii]\n"
    "\n"
    "The boot menu on the console (80x24 is enough; TERM=vt100, linux, xterm-256color). Keys:\n"
    "Enter boot, e edit, p PCRs and replay verdicts, m IMA list, i information, l log,\n"
    "c settings (saved in the NVRAM on Save), h help, x exit; q or x leaves an inner screen,\n"
    "Space/b page it, g/G go to its top/end; Ctrl-L redraws. Any key stops the countdown.\n"
    "With a password set (baton config set password, or c), x, e and c ask for it first;\n"
    "booting an option as it is does not.\n"
    "\n"
    "  --root DIR   a simulated machine: DIR/disks/<device>/ are its disks (with\n"
    "               DIR/disks/devices.json), DIR/sys, DIR/proc its firmware files. Booting stops\n"
    "               before the reboot and writes the plan under DIR/plan.\n"
    "  --auto N     boot option N (from 0) when the countdown ends, then exit (0 booted, 1 not)\n"
    "  --timeout S  the countdown (default: the settings' timeout when one is stored, see\n"
    "               baton config; else the configuration's; else 10 s). With the setting\n"
    "               autoboot false there is no countdown unless --auto or --timeout asks.\n"
    "  --no-autoboot  no countdown: the image's /init runs the menu so on the consoles other\n"
    "               than the kernel's, whose menu alone autoboots. A key at any menu stops\n"
    "               every menu's countdown (/run/baton-operator-present).\n"
    "  --tcti CONF  the TPM (else $BATON_TCTI, else /dev/tpmrm0)\n"
    "  --ascii      rules drawn with '-' instead of the terminal's line drawing (the default\n"
    "               when terminfo has none)\n";

constexpr const char kBootHelp[] =
    "usage: baton boot --option NAME|INDEX --yes [--append ARGS] [--root DIR] [--tcti CONF]\n"
    "\n"
    "Boots a discovered option without the menu (NAME is its title or id; INDEX from 0).\n"
    "--yes is required: on a real machine this reboots. On a simulated machine (--root) it\n"
    "stops before the reboot, writes the plan under DIR/plan and prints it.\n"
    "Exit status: 0 booted (simulated: planned), 1 the boot failed, 2 usage error.\n";

class Devices final : public boot::ResourceReader {
 public:
  std::vector<platform::Device> devices;
  Result<platform::MappedFile> Load(const std::string& device, const std::string& path,
                                    std::uint64_t max_size,
                                    const std::function<void(Bytes)>& observe) override {
    for (platform::Device& candidate : devices) {
      if (candidate.identity.id == device) {
        return candidate.files->LoadFile(path, max_size, observe);
      }
    }
    return Error(ErrorCode::kNotFound, "no such device", device);
  }
};

// The menu's services on the platform main composed: discovery on its devices, the TPM it
// opens, the boot road (bootloader/boot) with its kexec. What the screens say is made in ui/.
class Session final : public ui::MenuServices {
 public:
  explicit Session(platform::Platform& platform) : platform_(platform) {}
  Result<void> Open() {
    previous_sink_ =
        SetLogSink([this](LogLevel, std::string_view text) { log_.emplace_back(text); });
    devices_.devices = BATON_TRY(platform_.ProbeDevices());
    discover::Discovery discovery;
    for (platform::Device& device : devices_.devices)
      discovery.AddDevice(device.identity, *device.files);
    report_ = discovery.Resolve();
    for (const std::string& note : report_.notes) log_.push_back("discover: " + note);
    carrier_ = boot::ChooseCarrier(platform_.machine());
    // Verified boot: the firmware's policy and anchors, raised by the stored setting.
    signed_boot_ = MachineSignedBoot(platform_.machine(), {}, platform_.machine(),
                                     platform::kTrustAnchorDirectory);
    for (const std::string& note : signed_boot_.notes) log_.push_back(note);
    Result<platform::FileStatus> list = platform_.machine().Status(platform::kImaListPath);
    list_present_ = list && list->kind != platform::FileKind::kMissing;
    OpenTpm();
    LoadSettings();
    log_.push_back("found " + std::to_string(devices_.devices.size()) + " devices and " +
                   std::to_string(report_.options.size()) + " boot options");
    return Ok();
  }
  ~Session() override {
    if (previous_sink_) SetLogSink(std::move(previous_sink_));
  }

  const std::vector<discover::BootOption>& options() const { return report_.options; }
  const discover::Report& report() const { return report_; }

  std::string CarrierLine(const discover::BootOption&) override {
    return boot::CarrierLine(carrier_, list_present_, tpm_ != nullptr);
  }

  // Under signed boot (warn or enforce), who signed each option's kernel, read from its last
  // 64 KiB (the signature and its trailer; the kernel itself is read only at the boot).
  std::vector<std::string> OptionMarks(const std::vector<discover::BootOption>& options) override {
    std::vector<std::string> marks(options.size());
    if (signed_boot_.choice.policy == verify::SignedBootPolicy::kOff) return marks;
    constexpr std::uint64_t kTail = 64u << 10;
    for (std::size_t i = 0; i < options.size(); ++i) {
      const discover::BootResource& kernel = options[i].kernel;
      if (!kernel.resolved) continue;
      for (platform::Device& device : devices_.devices) {
        if (device.identity.id != kernel.device) continue;
        Result<ByteBuffer> tail = device.files->ReadTail(kernel.path, kTail);
        marks[i] =
            tail ? verify::SignatureMark(*tail, signed_boot_.anchors) : "[kernel unreadable]";
        break;
      }
    }
    return marks;
  }

  std::vector<std::string> BootSteps() override {
    std::vector<std::string> names;
    for (boot::Step step : boot::kSteps) names.emplace_back(boot::StepName(step));
    return names;
  }

  Result<std::vector<std::string>> Boot(const discover::BootOption& option,
                                        const ui::StepReport& report) override {
    boot::Machine machine;
    machine.files = &platform_.machine();
    machine.carrier = carrier_;
    machine.resources = &devices_;
    machine.tpm = tpm_.get();
    machine.kexec = &platform_.kexec();
    machine.page_size = platform_.page_size();
    machine.signed_boot = signed_boot_.choice;
    machine.anchors = &signed_boot_.anchors;
    if (platform_.simulated()) machine.plan_directory = platform::kSimulatedPlanDirectory;
    machine.console = ConsoleNode();
    log_.push_back("booting '" + option.config.name + "'");
    // The configurations' save_env (grub.cfg's one-shot next_entry) is used up by this boot.
    std::vector<std::string> env_lines;
    for (const std::string& line :
         discover::WriteEnvBlocks(report_.env_writes, settings_.disk_writes,
                                  [this](const std::string& id) -> platform::DeviceFiles* {
                                    for (platform::Device& device : devices_.devices) {
                                      if (device.identity.id == id) return device.files.get();
                                    }
                                    return nullptr;
                                  })) {
      log_.push_back("grubenv " + line);
      env_lines.push_back("grubenv " + line);
    }
    Result<boot::BootOutcome> outcome = boot::RunBoot(
        option, machine,
        platform_.simulated() ? boot::Finish::kStopBeforeReboot : boot::Finish::kReboot,
        [&](boot::Step step, boot::StepEvent event, const std::string& detail) {
          const auto state = event == boot::StepEvent::kStarted ? ui::StepState::kRunning
                             : event == boot::StepEvent::kDone  ? ui::StepState::kDone
                                                                : ui::StepState::kFailed;
          report(static_cast<std::size_t>(step), state, detail);
        });
    if (!outcome) {
      log_.push_back("boot failed: " + outcome.error().ToString());
      return std::move(outcome).error();
    }
    std::vector<std::string> lines = std::move(outcome->summary);
    lines.insert(lines.end(), env_lines.begin(), env_lines.end());
    if (platform_.simulated()) {
      lines.push_back("Plan: " + platform_.root() + platform::kSimulatedPlanDirectory +
                      "/plan.json (args: " + option.config.args + ")");
    }
    log_.push_back("boot of '" + option.config.name + "' stopped before the reboot");
    return lines;
  }

  ui::PcrScreen Pcrs() override {
    if (!tpm_) OpenTpm();
    std::vector<ima::PcrBank> banks;
    std::string no_tpm = tpm_error_;
    if (tpm_) {
      Result<std::vector<crypto::HashAlgorithm>> allocated = tpm_->Banks();
      Result<std::vector<ima::PcrBank>> read =
          allocated ? tpm_->ReadPcrs(*allocated) : std::move(allocated).error();
      if (read)
        banks = std::move(*read);
      else
        no_tpm = "TPM error: " + read.error().ToString();
    }
    return ui::MakePcrScreen(banks, no_tpm,
                             platform_.machine().ReadFile(platform::kImaListPath, kMaxList),
                             platform_.machine().ReadFile(platform::kEventLogPath, kMaxEventLog));
  }

  const ui::MeasurementSource* Measurements(std::string& message) override {
    Result<ByteBuffer> list = platform_.machine().ReadFile(platform::kImaListPath, kMaxList);
    if (!list) {
      message = "IMA list: " + list.error().ToString();
      return nullptr;
    }
    Result<std::unique_ptr<ui::ListSource>> source = ui::ListSource::Make(std::move(*list));
    if (!source) {
      message = "IMA list: " + source.error().ToString();
      return nullptr;
    }
    list_source_ = std::move(*source);
    return list_source_.get();
  }

  std::vector<std::string> InfoLines() override {
    std::vector<std::string> lines;
    lines.push_back(platform_.simulated() ? "Machine: simulated, root " + platform_.root()
                                          : "Machine: this one");
    const char* term = std::getenv("TERM");
    lines.push_back(std::string("Terminal: ") + (term ? term : "(TERM not set)"));
    lines.push_back("TPM: " + (tpm_ ? platform_.tpm_name() : "none (" + tpm_error_ + ")"));
    if (tpm_) {
      if (Result<platform::TpmInfo> info = tpm_->Info(); info) {
        lines.push_back("TPM vendor " + info->manufacturer + ", firmware " +
                        info->firmware_version);
      }
    }
    lines.push_back(boot::CarrierLine(carrier_, list_present_, tpm_ != nullptr));
    lines.push_back("Settings: " + settings_where_ +
                    (settings_.password_hash ? "; restricted mode (a password is set)" : ""));
    if (platform_.machine().ReadFile(platform::kBootedFromKexecPath, 16)) {
      lines.push_back("This kernel was booted by kexec.");
    }
    lines.push_back("Devices:");
    for (const platform::Device& device : devices_.devices) {
      lines.push_back("  " + device.identity.id + "  uuid " +
                      (device.identity.uuid.empty() ? "-" : device.identity.uuid) + "  label " +
                      (device.identity.label.empty() ? "-" : device.identity.label) + "  " +
                      device.identity.fstype);
    }
    return lines;
  }

  std::vector<std::string> LogLines() override { return log_; }

  // The countdown the settings and the configuration ask for (nullopt: none). The settings'
  // timeout, when stored, wins over the configuration's, as petitboot's does; autoboot off means
  // none.
  std::optional<std::uint64_t> Countdown() const {
    if (!settings_.autoboot) return std::nullopt;
    if (timeout_stored_) return settings_.timeout_seconds;
    return report_.timeout_seconds.value_or(settings_.timeout_seconds);
  }
  // The option to autoboot: the stored default (baton,default: an option's title or id, the
  // first present whose kernel resolved), wherever it is; else, with a boot order stored
  // (petitboot,bootdevs), the one it chooses among the configurations' defaults, as petitboot
  // does (none when no device matches); else discovery's own choice.
  std::optional<std::size_t> DefaultOption() const {
    if (std::optional<std::size_t> stored = StoredDefault()) return stored;
    if (!boot_order_stored_) return report_.default_option;
    std::vector<discover::BootOrderEntry> order;
    for (const settings::BootDevice& device : settings_.boot_order) {
      if (device.type) {
        order.push_back({std::string(settings::BootDeviceTypeName(*device.type)), {}});
      } else if (!device.uuid.empty()) {
        order.push_back({{}, device.uuid});
      }  // mac: entries name interfaces: network boot is not there yet
    }
    return discover::ChooseByBootOrder(report_, order);
  }
  bool boot_order_stored() const { return boot_order_stored_; }
  // The stored default's title when no option present has it (the menu says so).
  std::optional<std::string> MissingDefault() const {
    if (settings_.default_option.empty() || StoredDefault()) return std::nullopt;
    return settings_.default_option;
  }
  void Log(std::string line) { log_.push_back(std::move(line)); }

  // The console setting as the vty node the next kernel's /chosen/stdout-path names (nullopt:
  // the firmware's stays); what cannot be mapped is logged.
  std::optional<std::string> ConsoleNode() {
    if (settings_.console.empty()) return std::nullopt;
    constexpr std::uint64_t kMaxTree = 16u << 20;
    Result<ByteBuffer> blob = platform_.machine().ReadFile(platform::kFirmwareTreePath, kMaxTree);
    if (!blob) {
      log_.push_back("console setting not applied: " + blob.error().ToString());
      return std::nullopt;
    }
    Result<devicetree::DeviceTree> tree = devicetree::DeviceTree::Load(*blob, "the firmware tree");
    if (!tree) {
      log_.push_back("console setting not applied: " + tree.error().ToString());
      return std::nullopt;
    }
    devicetree::ConsoleChoice choice = devicetree::ChooseConsoleNode(*tree, settings_.console);
    if (choice.node) {
      log_.push_back("the next kernel's console: " + *choice.node);
    } else {
      log_.push_back("console setting not applied: " + choice.why);
    }
    return choice.node;
  }
  bool restricted() const { return settings_.password_hash.has_value(); }
  bool Restricted() override { return restricted(); }

  // The menus on the other consoles learn of an operator here through a file in /run; one that
  // cannot be written (a simulated machine without DIR/run) only keeps them from learning it.
  void OperatorHere() override {
    if (Result<void> written =
            platform_.machine().WriteFile(platform::kOperatorPresentPath, AsBytes("here\n"));
        !written) {
      Logf(LogLevel::kDebug, "operator mark not written: %s", written.error().ToString().c_str());
    }
  }
  bool OperatorElsewhere() override {
    Result<platform::FileStatus> mark = platform_.machine().Status(platform::kOperatorPresentPath);
    return mark && mark->kind != platform::FileKind::kMissing;
  }
  bool CheckPassword(const std::string& password) override {
    return settings_.password_hash && crypto::CheckPassword(password, *settings_.password_hash);
  }

  Result<StoredSettings> ReadSettings() override {
    settings::SettingsStore store =
        BATON_TRY(settings::SettingsStore::OpenMachine(platform_.machine()));
    return StoredSettings{store.pairs(), store.Describe()};
  }

  // The changes, each checked again, on the strings as they are now; a new password is hashed
  // here and never leaves as itself.
  Result<void> SaveSettings(const std::vector<ui::ConfigChange>& changes) override {
    settings::SettingsStore store =
        BATON_TRY(settings::SettingsStore::OpenMachine(platform_.machine()));
    std::vector<settings::NvramPair> pairs = store.pairs();
    for (const ui::ConfigChange& change : changes) {
      std::string value = change.value;
      if (change.name == "password" && !value.empty()) {
        std::optional<std::string> hash = crypto::MakePasswordHash(value);
        if (!hash) return Error(ErrorCode::kCrypto, "no randomness for the password's salt");
        value = std::move(*hash);
      }
      BATON_TRY(settings::SetSetting(pairs, change.name, value));
    }
    BATON_TRY(store.Save(pairs));
    LoadSettings();
    // A signed-boot setting saved applies to the next boot from this menu.
    signed_boot_ = MachineSignedBoot(platform_.machine(), {}, platform_.machine(),
                                     platform::kTrustAnchorDirectory);
    return Ok();
  }

 private:
  // The settings in the NVRAM or the settings file. A store that cannot be read is logged and
  // the defaults apply: the menu always starts.
  void LoadSettings() {
    Result<settings::SettingsStore> store =
        settings::SettingsStore::OpenMachine(platform_.machine());
    if (!store) {
      settings_where_ = "cannot be read (" + store.error().ToString() + "); the defaults apply";
      log_.push_back("settings " + settings_where_);
      return;
    }
    std::vector<std::string> warnings;
    settings_ = settings::ReadSettings(store->pairs(), warnings);
    for (const std::string& warning : warnings) log_.push_back(warning);
    timeout_stored_ =
        settings::StoredValue(store->pairs(), *settings::FindSetting("timeout")).has_value();
    boot_order_stored_ =
        settings::StoredValue(store->pairs(), *settings::FindSetting("boot-order")).has_value();
    settings_where_ = "in " + store->Describe();
  }

  std::optional<std::size_t> StoredDefault() const {
    if (settings_.default_option.empty()) return std::nullopt;
    for (std::size_t i = 0; i < report_.options.size(); ++i) {
      const discover::BootOption& option = report_.options[i];
      if (option.kernel.resolved && (option.config.name == settings_.default_option ||
                                     option.config.id == settings_.default_option)) {
        return i;
      }
    }
    return std::nullopt;
  }

  void OpenTpm() {
    Result<std::unique_ptr<platform::Tpm>> tpm = platform_.OpenTpm();
    if (tpm) {
      tpm_ = std::move(*tpm);
      tpm_error_.clear();
    } else {
      tpm_error_ = tpm.error().ToString();
      log_.push_back("no TPM: " + tpm_error_);
    }
  }

  platform::Platform& platform_;
  LogSink previous_sink_;
  Devices devices_;
  discover::Report report_;
  boot::Carrier carrier_;
  verify::SignedBoot signed_boot_;
  bool list_present_ = false;
  std::unique_ptr<platform::Tpm> tpm_;
  std::string tpm_error_;
  std::unique_ptr<ui::ListSource> list_source_;
  std::vector<std::string> log_;
  settings::Settings settings_;
  bool timeout_stored_ = false;
  bool boot_order_stored_ = false;
  std::string settings_where_;
};

// Why the menu autoboots what it does, when the settings made the choice unusual ("" when not).
std::string AutobootStatus(const Session& session, bool chosen) {
  if (std::optional<std::string> missing = session.MissingDefault()) {
    return "The default option '" + missing->substr(0, 40) +
           "' is not here: " + (chosen ? "the boot order chose." : "no autoboot.");
  }
  if (!chosen && session.boot_order_stored() && !session.report().defaults.empty()) {
    return "No default option is on a device the boot order names: no autoboot.";
  }
  return "";
}

bool WantsHelp(int argc, char** argv) {
  for (int i = 2; i < argc; ++i) {
    if (std::strcmp(argv[i], "--help") == 0 || std::strcmp(argv[i], "-h") == 0) return true;
  }
  return false;
}

}  // namespace

int RunMenuCommand(platform::Platform& platform, const ConsoleOpener& console, int argc,
                   char** argv) {
  if (WantsHelp(argc, argv)) {
    std::fputs(kMenuHelp, stdout);
    return kExitYes;
  }
  auto args = Args::Parse(argc, argv, 2,
                          {{"auto", true},
                           {"root", true},
                           {"tcti", true},
                           {"timeout", true},
                           {"ascii", false},
                           {"no-autoboot", false}});
  if (!args) return InputError("menu", args.error());
  if (!args->positionals().empty()) return UsageError("menu", "menu takes no arguments");
  Session session(platform);
  if (auto opened = session.Open(); !opened) return InputError("menu", opened.error());
  std::optional<std::size_t> default_option = session.DefaultOption();
  const std::string status = AutobootStatus(session, default_option.has_value());
  // The countdown, as seconds and whether there is one (GCC 12 misreads a std::optional here).
  const std::optional<std::uint64_t> countdown = session.Countdown();
  bool counts = countdown.has_value();
  std::uint64_t seconds = countdown.value_or(0);
  // The menus on the other consoles leave the autoboot to the kernel's console's; and no menu
  // counts down once an operator is at one.
  if (args->Has("no-autoboot") || session.OperatorElsewhere()) counts = false;
  if (auto value = args->Value("auto")) {
    auto index = ParseNumber(*value);
    if (!index || *index >= session.options().size())
      return UsageError("menu", "--auto takes the index of a boot option");
    default_option = static_cast<std::size_t>(*index);
    if (!counts) seconds = 10;
    counts = true;
  }
  if (auto value = args->Value("timeout")) {
    auto given = ParseNumber(*value);
    if (!given) return UsageError("menu", "--timeout takes seconds");
    seconds = *given;
    counts = true;
  }
  std::vector<discover::BootOption> options = session.options();
  for (std::size_t i = 0; i < options.size(); ++i) options[i].is_default = default_option == i;
  ui::MenuModel model(std::move(options), default_option);
  // Shown where the countdown would be (a countdown takes its line), and in the log.
  if (!status.empty()) {
    session.Log(status);
    model.SetStatus(status);
  }
  model.SetRestricted(session.restricted());
  platform::Clock& clock = platform.clock();
  if (counts && default_option) model.StartCountdown(clock.NowMilliseconds(), seconds);
  auto terminal =
      console(args->Has("ascii") ? ui::LineDrawing::kAscii : ui::LineDrawing::kTerminal);
  if (!terminal) return InputError("menu", terminal.error());
  const ui::MenuResult result =
      ui::RunMenu(model, **terminal, clock, session,
                  args->Has("auto") ? ui::AfterAutoboot::kExit : ui::AfterAutoboot::kStay);
  terminal->reset();
  if (result == ui::MenuResult::kBootFailed) {
    std::fprintf(stderr, "baton menu: %s\n", model.status().c_str());
    return kExitNo;
  }
  return kExitYes;
}

int RunBootCommand(platform::Platform& platform, int argc, char** argv) {
  if (WantsHelp(argc, argv)) {
    std::fputs(kBootHelp, stdout);
    return kExitYes;
  }
  auto args = Args::Parse(
      argc, argv, 2,
      {{"option", true}, {"yes", false}, {"append", true}, {"root", true}, {"tcti", true}});
  if (!args) return InputError("boot", args.error());
  if (!args->Has("option") || !args->Has("yes"))
    return UsageError("boot", "boot takes --option NAME|INDEX --yes");
  Session session(platform);
  if (auto opened = session.Open(); !opened) return InputError("boot", opened.error());
  const std::string wanted = *args->Value("option");
  std::optional<std::size_t> chosen;
  for (std::size_t i = 0; i < session.options().size() && !chosen; ++i) {
    if (session.options()[i].config.name == wanted || session.options()[i].config.id == wanted)
      chosen = i;
  }
  if (!chosen) {
    if (auto index = ParseNumber(wanted); index && *index < session.options().size())
      chosen = *index;
  }
  if (!chosen) return UsageError("boot", "no boot option is named '" + wanted + "'");
  discover::BootOption option = session.options()[*chosen];
  if (auto append = args->Value("append")) option.config.args = *append;
  std::fprintf(stderr, "baton boot: %s\n", session.CarrierLine(option).c_str());
  // Each step's line says how long it took (the benchmark of the boot road reads them).
  auto started = std::chrono::steady_clock::now();
  auto outcome = session.Boot(
      option, [&started](std::size_t step, ui::StepState state, const std::string& detail) {
        const auto now = std::chrono::steady_clock::now();
        if (state == ui::StepState::kRunning) {
          started = now;
          return;
        }
        const double ms = std::chrono::duration<double, std::milli>(now - started).count();
        std::fprintf(stderr, "baton boot: %-15s %s %8.1f ms  %s\n",
                     std::string(boot::StepName(boot::kSteps[step])).c_str(),
                     state == ui::StepState::kDone ? "ok" : "FAILED:", ms, detail.c_str());
      });
  if (!outcome) return Refusal("boot", outcome.error());
  std::string text;
  for (const std::string& line : *outcome) text += line + "\n";
  WriteOut(text);
  return kExitYes;
}

}  // namespace baton::cli

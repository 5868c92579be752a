// SPDX-License-Identifier: GPL-2.0-or-later
// `baton menu` and `baton boot`: the boot menu on the console, and the same boot without it.
// Composes discovery, the TPM, the boot sequence and the console; on a simulated machine
// (--root) the boot stops before the reboot and writes its plan under DIR/plan.
#include <sys/stat.h>
#include <time.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <memory>
#include <string>

#include "bootloader/boot/boot_sequence.h"
#include "bootloader/boot/recording_kexec.h"
#include "bootloader/cli/cli_util.h"
#include "bootloader/cli/commands.h"
#include "bootloader/core/log.h"
#include "bootloader/core/text.h"
#include "bootloader/discover/discovery.h"
#include "bootloader/ima/ascii.h"
#include "bootloader/ima/measurement_list.h"
#include "bootloader/tpm/event_log.h"
#include "bootloader/tpm/event_replay.h"
#include "bootloader/tpm/verdict.h"
#include "platform/include/machine_paths.h"
#include "platform/linux/block_devices.h"
#include "platform/linux/directory_devices.h"
#include "platform/linux/linux_kexec.h"
#include "platform/linux/posix_file_system.h"
#include "platform/linux/tss_tpm.h"
#include "ui/console.h"
#include "ui/menu_loop.h"

namespace baton::ui {

// Builds without ui/curses_terminal.cc (no ncurses) link this instead.
__attribute__((weak)) Result<std::unique_ptr<Terminal>> OpenConsole(LineDrawing) {
  return Error(ErrorCode::kUnsupported, "this build of baton has no ncurses console");
}

}  // namespace baton::ui

namespace baton::cli {
namespace {

constexpr std::uint64_t kMaxList = std::uint64_t{4} << 30;
constexpr char kPlanDirectory[] = "/plan";

constexpr const char kMenuHelp[] =
    "usage: baton menu [--auto N] [--root DIR] [--tcti CONF] [--timeout S] [--ascii]\n"
    "\n"
    "The boot menu on the console (80x24 is enough; TERM=vt100, linux, xterm-256color). Keys:\n"
    "Enter boot, e edit, p PCRs and replay verdicts, m IMA list, i information, l log, h help,\n"
    "x exit; q or x leaves an inner screen; Ctrl-L redraws. Any key stops the countdown.\n"
    "\n"
    "  --root DIR   a simulated machine: DIR/disks/<device>/ are its disks (with\n"
    "               DIR/disks/devices.json), DIR/sys, DIR/proc its firmware files. Booting stops\n"
    "               before the reboot and writes the plan under DIR/plan.\n"
    "  --auto N     boot option N (from 0) when the countdown ends, then exit (0 booted, 1 not)\n"
    "  --timeout S  the countdown (default: the configuration's, else 10 s)\n"
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
  Result<ByteBuffer> Read(const std::string& device, const std::string& path, std::uint64_t max_size) override {
    for (platform::Device& candidate : devices) {
      if (candidate.identity.id == device) return candidate.files->ReadFile(path, max_size);
    }
    return Error(ErrorCode::kNotFound, "no such device", device);
  }
};

ui::OptionFile ToFile(const discover::BootResource& resource) {
  ui::OptionFile file;
  if (resource.resolved) file.device = resource.device;
  file.path = resource.path;
  file.missing = resource.unresolved;
  return file;
}

boot::BootFile ToBootFile(const ui::OptionFile& file) { return {file.device, file.path, file.missing}; }

// The list as the browser reads it: an index of offsets, lines formatted when shown.
class ListSource final : public ui::MeasurementSource {
 public:
  static Result<std::unique_ptr<ListSource>> Make(ByteBuffer stream) {
    auto source = std::unique_ptr<ListSource>(new ListSource(std::move(stream)));
    ima::ListReader reader(source->stream_, NativeByteOrder());
    ima::ListEntry entry;
    for (;;) {
      const std::uint64_t offset = reader.offset();
      if (!BATON_TRY(reader.Next(entry))) break;
      source->offsets_.push_back(offset);
    }
    return source;
  }
  std::uint64_t Count() const override { return offsets_.size(); }
  std::string Line(std::uint64_t index) const override {
    ima::ListEntry entry = EntryAt(index);
    char head[48];
    std::snprintf(head, sizeof head, "%6llu %2u ", static_cast<unsigned long long>(index), entry.pcr);
    std::string line = head;
    AppendEscaped(line, entry.template_name);
    while (line.size() < 20) line += ' ';
    line += ' ';
    AppendEscaped(line, Name(entry));
    return line;
  }
  std::string Name(std::uint64_t index) const override { return Name(EntryAt(index)); }

 private:
  explicit ListSource(ByteBuffer stream) : stream_(std::move(stream)) {}
  ima::ListEntry EntryAt(std::uint64_t index) const {
    Bytes rest = Bytes(stream_).subspan(static_cast<std::size_t>(offsets_[index]));
    ima::ListReader reader(rest, NativeByteOrder());
    ima::ListEntry entry;
    (void)reader.Next(entry);  // every offset was read once already
    return entry;
  }
  static std::string Name(const ima::ListEntry& entry) {
    Result<ima::TemplateFormat> format = ima::ResolveTemplate(entry.template_name);
    if (!format) return "?";
    Result<ima::EntryFields> fields = ima::SplitFields(entry, *format, NativeByteOrder());
    if (!fields) return "?";
    for (std::size_t i = 0; i < format->count; ++i) {
      if (format->fields[i] == ima::FieldId::kNameNg || format->fields[i] == ima::FieldId::kN) {
        std::string_view name = AsText(fields->data[i]);
        while (!name.empty() && name.back() == '\0') name.remove_suffix(1);
        return std::string(name);
      }
    }
    return "";
  }
  ByteBuffer stream_;
  std::vector<std::uint64_t> offsets_;
};

class MonotonicClock final : public ui::Clock {
 public:
  std::uint64_t NowMilliseconds() override {
    timespec now{};
    ::clock_gettime(CLOCK_MONOTONIC, &now);
    return static_cast<std::uint64_t>(now.tv_sec) * 1000 + static_cast<std::uint64_t>(now.tv_nsec) / 1000000;
  }
};

// Everything the menu and `baton boot` need, chosen once (the composition).
class Session final : public ui::MenuServices {
 public:
  Result<void> Open(const Args& args) {
    previous_sink_ = SetLogSink([this](LogLevel, std::string_view text) { log_.emplace_back(text); });
    root_ = args.Value("root").value_or("");
    simulated_ = args.Has("root");
    tcti_ = platform::ChooseTcti(args.Value("tcti").value_or(""));
    machine_files_ = std::make_unique<platform::PosixFileSystem>(root_);
    std::unique_ptr<platform::DeviceSource> source;
    if (simulated_) source = std::make_unique<platform::DirectoryDeviceSource>(root_ + "/disks");
    else source = std::make_unique<platform::BlockDeviceSource>("/tmp");
    devices_.devices = BATON_TRY(source->Probe());
    device_source_ = std::move(source);
    discover::Discovery discovery;
    for (platform::Device& device : devices_.devices) discovery.AddDevice(device.identity, *device.files);
    report_ = discovery.Resolve();
    for (const std::string& note : report_.notes) log_.push_back("discover: " + note);
    for (std::size_t i = 0; i < report_.options.size(); ++i) {
      const discover::BootOption& found = report_.options[i];
      ui::MenuOption option;
      option.device = found.device;
      option.name = found.config.name;
      option.group = found.config.group;
      option.parser = found.parser;
      option.kernel = ToFile(found.kernel);
      for (const discover::BootResource& initrd : found.initrds) option.initrds.push_back(ToFile(initrd));
      if (found.dtb) option.dtb = ToFile(*found.dtb);
      option.args = found.config.args;
      option.is_default = report_.default_option == i;
      options_.push_back(std::move(option));
      ids_.push_back(found.config.id);
    }
    carrier_ = boot::ChooseCarrier(*machine_files_);
    struct stat status {};
    list_present_ = ::stat((root_ + platform::kImaListPath).c_str(), &status) == 0;
    OpenTpm();
    if (simulated_) {
      ::mkdir((root_ + kPlanDirectory).c_str(), 0755);
      kexec_ = std::make_unique<boot::RecordingKexec>(*machine_files_, kPlanDirectory);
    } else {
      kexec_ = std::make_unique<platform::LinuxKexec>("");
    }
    log_.push_back("found " + std::to_string(devices_.devices.size()) + " devices and " +
                   std::to_string(options_.size()) + " boot options");
    return Ok();
  }
  ~Session() override {
    if (previous_sink_) SetLogSink(std::move(previous_sink_));
  }

  const std::vector<ui::MenuOption>& options() const { return options_; }
  const std::vector<std::string>& ids() const { return ids_; }
  const discover::Report& report() const { return report_; }
  bool simulated() const { return simulated_; }

  std::string CarrierLine(const ui::MenuOption&) override {
    return boot::CarrierLine(carrier_, list_present_, tpm_ != nullptr);
  }

  std::vector<std::string> BootSteps() override {
    std::vector<std::string> names;
    for (boot::Step step : boot::kSteps) names.emplace_back(boot::StepName(step));
    return names;
  }

  Result<std::vector<std::string>> Boot(const ui::MenuOption& option, const ui::StepReport& report) override {
    boot::BootRequest request;
    request.name = option.name;
    request.kernel = ToBootFile(option.kernel);
    for (const ui::OptionFile& initrd : option.initrds) request.initrds.push_back(ToBootFile(initrd));
    if (option.dtb) request.dtb = ToBootFile(*option.dtb);
    request.args = option.args;
    boot::Machine machine;
    machine.files = machine_files_.get();
    machine.resources = &devices_;
    machine.tpm = tpm_.get();
    machine.kexec = kexec_.get();
    if (simulated_) machine.plan_directory = kPlanDirectory;
    log_.push_back("booting '" + option.name + "'");
    Result<boot::BootOutcome> outcome = boot::RunBoot(
        request, machine, simulated_ ? boot::Finish::kStopBeforeReboot : boot::Finish::kReboot,
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
    if (simulated_) lines.push_back("Plan: " + root_ + kPlanDirectory + "/plan.json (args: " + option.args + ")");
    log_.push_back("boot of '" + option.name + "' stopped before the reboot");
    return lines;
  }

  std::vector<std::string> PcrLines() override {
    std::vector<std::string> lines;
    if (!tpm_) OpenTpm();
    std::vector<ima::PcrBank> banks;
    std::string no_tpm = tpm_error_;
    if (tpm_) {
      Result<std::vector<crypto::HashAlgorithm>> allocated = tpm_->Banks();
      Result<std::vector<ima::PcrBank>> read = allocated ? tpm_->ReadPcrs(*allocated) : std::move(allocated).error();
      if (read) banks = std::move(*read);
      else no_tpm = "TPM error: " + read.error().ToString();
    }
    if (!no_tpm.empty()) lines.push_back("No TPM: " + no_tpm);
    Result<ByteBuffer> list = machine_files_->ReadFile(platform::kImaListPath, kMaxList);
    if (!list) {
      lines.push_back("IMA list: " + list.error().ToString());
    } else if (Result<tpm::ListVerdict> verdict = tpm::JudgeList(*list, NativeByteOrder(), banks, no_tpm); !verdict) {
      lines.push_back("IMA list: cannot be read: " + verdict.error().ToString());
    } else {
      for (const tpm::BankVerdict& bank : verdict->banks) {
        std::string line = "IMA list, " + std::string(crypto::HashName(bank.bank)) + ": " +
                           std::string(tpm::VerdictName(bank.verdict));
        if (bank.verdict == tpm::Verdict::kDoesNotReplay) {
          line += bank.longest_prefix ? " (first " + std::to_string(*bank.longest_prefix) + " of " +
                                            std::to_string(verdict->entries) + " replay)"
                                      : " (no prefix replays)";
        }
        if (!bank.reason.empty() && bank.verdict == tpm::Verdict::kCannotTell) line += " (" + bank.reason + ")";
        lines.push_back(line);
      }
      lines.push_back("entries: " + std::to_string(verdict->entries) + ", boot generations: " +
                      std::to_string(verdict->boot_generations));
    }
    Result<ByteBuffer> log = machine_files_->ReadFile(platform::kEventLogPath, 16u << 20);
    if (!log) {
      lines.push_back("Event log (PCR 0-9): none on this machine");
    } else if (Result<tpm::EventLog> parsed = tpm::ParseEventLog(*log); !parsed) {
      lines.push_back("Event log (PCR 0-9): cannot be read: " + parsed.error().ToString());
    } else {
      tpm::EventLogVerdict judged = tpm::JudgeEventLog(*parsed, banks);
      lines.push_back("Event log (PCR 0-9): " + std::string(tpm::VerdictName(judged.verdict)) +
                      (judged.reason.empty() ? "" : " (" + judged.reason + ")"));
    }
    for (const ima::PcrBank& bank : banks) {
      lines.push_back(std::string(crypto::HashName(bank.algorithm)) + ":");
      for (std::size_t i = 0; i < ima::kPcrCount; ++i) {
        char label[16];
        std::snprintf(label, sizeof label, " %2zu ", i);
        std::string hex = ToHex(bank.values[i].bytes());
        if (hex.size() > 72) hex = hex.substr(0, 69) + "...";
        lines.push_back(label + hex);
      }
    }
    return lines;
  }

  const ui::MeasurementSource* Measurements(std::string& message) override {
    Result<ByteBuffer> list = machine_files_->ReadFile(platform::kImaListPath, kMaxList);
    if (!list) {
      message = "IMA list: " + list.error().ToString();
      return nullptr;
    }
    Result<std::unique_ptr<ListSource>> source = ListSource::Make(std::move(*list));
    if (!source) {
      message = "IMA list: " + source.error().ToString();
      return nullptr;
    }
    list_source_ = std::move(*source);
    return list_source_.get();
  }

  std::vector<std::string> InfoLines() override {
    std::vector<std::string> lines;
    lines.push_back(simulated_ ? "Machine: simulated, root " + root_ : "Machine: this one");
    const char* term = std::getenv("TERM");
    lines.push_back(std::string("Terminal: ") + (term ? term : "(TERM not set)"));
    lines.push_back("TPM: " + (tpm_ ? tcti_.empty() ? std::string("the device") : tcti_ : "none (" + tpm_error_ + ")"));
    if (tpm_) {
      if (Result<platform::TpmInfo> info = tpm_->Info(); info) {
        lines.push_back("TPM vendor " + info->manufacturer + ", firmware " + info->firmware_version);
      }
    }
    lines.push_back(boot::CarrierLine(carrier_, list_present_, tpm_ != nullptr));
    if (machine_files_->ReadFile(platform::kBootedFromKexecPath, 16)) lines.push_back("This kernel was booted by kexec.");
    lines.push_back("Devices:");
    for (const platform::Device& device : devices_.devices) {
      lines.push_back("  " + device.identity.id + "  uuid " + (device.identity.uuid.empty() ? "-" : device.identity.uuid) +
                      "  label " + (device.identity.label.empty() ? "-" : device.identity.label) + "  " +
                      device.identity.fstype);
    }
    return lines;
  }

  std::vector<std::string> LogLines() override { return log_; }

 private:
  void OpenTpm() {
    Result<std::unique_ptr<platform::TssTpm>> tpm = platform::TssTpm::Open(tcti_);
    if (tpm) {
      tpm_ = std::move(*tpm);
      tpm_error_.clear();
    } else {
      tpm_error_ = tpm.error().ToString();
      log_.push_back("no TPM: " + tpm_error_);
    }
  }

  LogSink previous_sink_;
  std::string root_;
  bool simulated_ = false;
  std::string tcti_;
  std::unique_ptr<platform::PosixFileSystem> machine_files_;
  std::unique_ptr<platform::DeviceSource> device_source_;
  Devices devices_;
  discover::Report report_;
  std::vector<ui::MenuOption> options_;
  std::vector<std::string> ids_;
  boot::Carrier carrier_;
  bool list_present_ = false;
  std::unique_ptr<platform::TssTpm> tpm_;
  std::string tpm_error_;
  std::unique_ptr<platform::Kexec> kexec_;
  std::unique_ptr<ListSource> list_source_;
  std::vector<std::string> log_;
};

bool WantsHelp(int argc, char** argv) {
  for (int i = 2; i < argc; ++i) {
    if (std::strcmp(argv[i], "--help") == 0 || std::strcmp(argv[i], "-h") == 0) return true;
  }
  return false;
}

}  // namespace

int RunMenuCommand(int argc, char** argv) {
  if (WantsHelp(argc, argv)) {
    std::fputs(kMenuHelp, stdout);
    return kExitYes;
  }
  auto args = Args::Parse(argc, argv, 2, {{"auto", true}, {"root", true}, {"tcti", true},
                                          {"timeout", true}, {"ascii", false}});
  if (!args) return InputError("menu", args.error());
  if (!args->positionals().empty()) return UsageError("menu", "menu takes no arguments");
  Session session;
  if (auto opened = session.Open(*args); !opened) return InputError("menu", opened.error());
  std::optional<std::size_t> default_option = session.report().default_option;
  std::optional<std::uint64_t> timeout = session.report().timeout_seconds;
  if (!timeout && default_option) timeout = 10;
  if (auto value = args->Value("auto")) {
    auto index = ParseNumber(*value);
    if (!index || *index >= session.options().size()) return UsageError("menu", "--auto takes the index of a boot option");
    default_option = static_cast<std::size_t>(*index);
    if (!timeout) timeout = 10;
  }
  if (auto value = args->Value("timeout")) {
    auto seconds = ParseNumber(*value);
    if (!seconds) return UsageError("menu", "--timeout takes seconds");
    timeout = *seconds;
  }
  ui::MenuModel model(session.options(), default_option);
  MonotonicClock clock;
  if (timeout && default_option) model.StartCountdown(clock.NowMilliseconds(), *timeout);
  auto terminal = ui::OpenConsole(args->Has("ascii") ? ui::LineDrawing::kAscii : ui::LineDrawing::kTerminal);
  if (!terminal) return InputError("menu", terminal.error());
  const ui::MenuResult result = ui::RunMenu(model, **terminal, clock, session,
                                            args->Has("auto") ? ui::AfterAutoboot::kExit : ui::AfterAutoboot::kStay);
  terminal->reset();
  if (result == ui::MenuResult::kBootFailed) {
    std::fprintf(stderr, "baton menu: %s\n", model.status().c_str());
    return kExitNo;
  }
  return kExitYes;
}

int RunBootCommand(int argc, char** argv) {
  if (WantsHelp(argc, argv)) {
    std::fputs(kBootHelp, stdout);
    return kExitYes;
  }
  auto args = Args::Parse(argc, argv, 2, {{"option", true}, {"yes", false}, {"append", true},
                                          {"root", true}, {"tcti", true}});
  if (!args) return InputError("boot", args.error());
  if (!args->Has("option") || !args->Has("yes")) return UsageError("boot", "boot takes --option NAME|INDEX --yes");
  Session session;
  if (auto opened = session.Open(*args); !opened) return InputError("boot", opened.error());
  const std::string wanted = *args->Value("option");
  std::optional<std::size_t> chosen;
  for (std::size_t i = 0; i < session.options().size() && !chosen; ++i) {
    if (session.options()[i].name == wanted || session.ids()[i] == wanted) chosen = i;
  }
  if (!chosen) {
    if (auto index = ParseNumber(wanted); index && *index < session.options().size()) chosen = *index;
  }
  if (!chosen) return UsageError("boot", "no boot option is named '" + wanted + "'");
  ui::MenuOption option = session.options()[*chosen];
  if (auto append = args->Value("append")) option.args = *append;
  std::fprintf(stderr, "baton boot: %s\n", session.CarrierLine(option).c_str());
  auto outcome = session.Boot(option, [](std::size_t step, ui::StepState state, const std::string& detail) {
    if (state == ui::StepState::kRunning) return;
    std::fprintf(stderr, "baton boot: %-15s %s %s\n", std::string(boot::StepName(boot::kSteps[step])).c_str(),
                 state == ui::StepState::kDone ? "ok" : "FAILED:", detail.c_str());
  });
  if (!outcome) return Refusal("boot", outcome.error());
  std::string text;
  for (const std::string& line : *outcome) text += line + "\n";
  WriteOut(text);
  return kExitYes;
}

}  // namespace baton::cli

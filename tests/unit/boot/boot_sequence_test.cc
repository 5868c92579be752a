// SPDX-License-Identifier: GPL-2.0-or-later
// The boot sequence's kexec_file_load path (lockdown, OS secure boot) on an in-memory machine,
// and its warning for a next kernel that cannot restore the IMA list.
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "bootloader/boot/boot_sequence.h"
#include "bootloader/boot/handoff.h"
#include "bootloader/core/text.h"
#include "bootloader/kexec/elf.h"
#include "platform/fake/fake_kexec.h"
#include "platform/fake/fake_tpm.h"
#include "platform/fake/memory_file_system.h"
#include "platform/include/machine_paths.h"

#include "tests/unit/harness.h"

using namespace baton;
using namespace baton::boot;

namespace {

class Disk final : public ResourceReader {
 public:
  std::map<std::string, ByteBuffer> files;  // "device:path"
  Result<platform::MappedFile> Load(const std::string& device, const std::string& path,
                                    std::uint64_t,
                                    const std::function<void(Bytes)>& observe) override {
    auto found = files.find(device + ":" + path);
    if (found == files.end()) return Error(ErrorCode::kNotFound, "no such file", path);
    // In two pieces, as a real read may hand them over.
    const Bytes bytes(found->second);
    observe(bytes.first(bytes.size() / 2));
    observe(bytes.subspan(bytes.size() / 2));
    return platform::MappedFile(found->second);
  }
};

ByteBuffer Text(std::string_view text) {
  Bytes bytes = AsBytes(text);
  return ByteBuffer(bytes.begin(), bytes.end());
}

struct Rig {
  platform::MemoryFileSystem machine;
  Disk disk;
  platform::FakeKexec kexec;
  platform::FakeTpm tpm;
  Machine Make() {
    Machine made;
    made.files = &machine;
    made.resources = &disk;
    made.tpm = &tpm;
    made.kexec = &kexec;
    made.carrier = ChooseCarrier(machine);  // as the menu chooses it, once, before the boot
    return made;
  }
};

discover::BootOption Request() {
  discover::BootOption request;
  request.config.name = "test";
  request.kernel = {true, "sda2", "/boot/vmlinux", ""};
  request.initrds = {{true, "sda2", "/boot/initrd-1", ""}, {true, "sda2", "/boot/initrd-2", ""}};
  request.config.args = "root=/dev/sda2 ro";
  return request;
}

std::string Joined(const std::vector<std::string>& lines) {
  std::string text;
  for (const std::string& line : lines) text += line + "\n";
  return text;
}

}  // namespace

TEST_GROUP(BootSequence){};

TEST(BootSequence, LockdownLoadsTheBytesReadWithKexecFileLoadAndMeasuresNothing) {
  Rig rig;
  rig.machine.files[platform::kLockdownPath] = Text("none [integrity] confidentiality\n");
  rig.machine.files[platform::kImaCountPath] = Text("12\n");
  rig.disk.files["sda2:/boot/vmlinux"] = Text("kernel image naming linux,ima-kexec-buffer");
  rig.disk.files["sda2:/boot/initrd-1"] = Text("first");
  rig.disk.files["sda2:/boot/initrd-2"] = Text("second");
  rig.machine.files[platform::kImaListPath] =
      Text("");  // a list is there; baton leaves it to the kernel
  const auto pcr10 = [&] {
    return rig.tpm.ReadPcrs({crypto::HashAlgorithm::kSha256})->front().values[10];
  };
  const crypto::Digest before = pcr10();
  std::optional<crypto::Digest> at_reboot;
  rig.kexec.at_reboot = [&] { at_reboot = pcr10(); };
  Machine machine = rig.Make();
  std::vector<std::string> steps;
  // To the reboot system call (the spy's fails): kexec_load's path would extend before it.
  auto rebooted =
      RunBoot(Request(), machine, Finish::kReboot, [](Step, StepEvent, const std::string&) {});
  CHECK_FALSE(rebooted.has_value());
  LONGS_EQUAL(1, rig.kexec.reboots);
  CHECK_TRUE(at_reboot.has_value());
  CHECK_TRUE(before ==
             *at_reboot);  // the kernel measures kexec_file_load itself: baton extends nothing
  STRCMP_EQUAL("sda2:/boot/vmlinux", rig.kexec.kernel_name.c_str());
  rig.kexec.file_loads = 0;
  auto outcome = RunBoot(Request(), machine, Finish::kStopBeforeReboot,
                         [&](Step step, StepEvent event, const std::string& detail) {
                           if (event != StepEvent::kStarted)
                             steps.push_back(std::string(StepName(step)) + ": " + detail);
                         });
  CHECK_TRUE(outcome.has_value());
  LONGS_EQUAL(1, rig.kexec.file_loads);
  LONGS_EQUAL(0, rig.kexec.segment_loads);
  STRCMP_EQUAL("kernel image naming linux,ima-kexec-buffer",
               std::string(AsText(rig.kexec.kernel)).c_str());
  CHECK_TRUE(rig.kexec.initrd.has_value());
  STRCMP_EQUAL("firstsecond", std::string(AsText(*rig.kexec.initrd)).c_str());
  STRCMP_EQUAL("root=/dev/sda2 ro", rig.kexec.command_line.c_str());
  const std::string summary = Joined(outcome->summary);
  CHECK_TRUE(summary.find("kexec_file_load (the kernel is in lockdown)") != std::string::npos);
  CHECK_TRUE(summary.find("warning") == std::string::npos);
  CHECK_TRUE(Joined(steps).find("load: kexec_file_load") != std::string::npos);
}

TEST(BootSequence, FileLoadWarnsWhenTheNextKernelCannotRestoreTheList) {
  Rig rig;
  rig.machine.files[platform::kSecureBootPath] = Text("\x01");
  rig.machine.files[platform::kImaCountPath] = Text("3\n");
  rig.disk.files["sda2:/boot/vmlinux"] = Text("a stock kernel without the property's name");
  discover::BootOption request = Request();
  request.initrds.clear();
  Machine machine = rig.Make();
  std::string measure_detail;
  auto outcome = RunBoot(request, machine, Finish::kStopBeforeReboot,
                         [&](Step step, StepEvent event, const std::string& detail) {
                           if (step == Step::kMeasure && event == StepEvent::kDone)
                             measure_detail = detail;
                         });
  CHECK_TRUE(outcome.has_value());
  CHECK_FALSE(rig.kexec.initrd.has_value());
  CHECK_TRUE(
      Joined(outcome->summary).find("warning: the next kernel cannot restore the IMA list") !=
      std::string::npos);
  CHECK_TRUE(measure_detail.find("cannot restore the IMA list") != std::string::npos);
}

TEST(BootSequence, FileLoadFailureNamesTheStepAndTheFile) {
  Rig rig;
  rig.machine.files[platform::kLockdownPath] = Text("none [integrity]\n");
  Machine machine = rig.Make();
  std::string failed;
  auto outcome = RunBoot(Request(), machine, Finish::kStopBeforeReboot,
                         [&](Step step, StepEvent event, const std::string& detail) {
                           if (event == StepEvent::kFailed)
                             failed = std::string(StepName(step)) + ": " + detail;
                         });
  CHECK_FALSE(outcome.has_value());
  CHECK_TRUE_TEXT(failed.rfind("read files: ", 0) == 0, failed.c_str());
  CHECK_TRUE(outcome.error().ToString().find("sda2:/boot/vmlinux") != std::string::npos);
  LONGS_EQUAL(0, rig.kexec.file_loads);
}

TEST(BootSequence, FileLoadRefusesAnOptionsDeviceTree) {
  Rig rig;
  rig.machine.files[platform::kLockdownPath] = Text("none [integrity]\n");
  rig.disk.files["sda2:/boot/vmlinux"] = Text("kernel");
  discover::BootOption request = Request();
  request.initrds.clear();
  request.dtb = discover::BootResource{true, "sda2", "/boot/board.dtb", ""};
  Machine machine = rig.Make();
  auto outcome = RunBoot(request, machine, Finish::kStopBeforeReboot,
                         [](Step, StepEvent, const std::string&) {});
  CHECK_FALSE(outcome.has_value());
  CHECK_TRUE(outcome.error().ToString().find("cannot take the option's device tree") !=
             std::string::npos);
  LONGS_EQUAL(0, rig.kexec.file_loads);
}

TEST(BootSequence, KernelReadsImaBufferLooksForThePropertyName) {
  CHECK_TRUE(
      kexec::KernelReadsImaBuffer(AsBytes(std::string_view("..\0linux,ima-kexec-buffer\0..", 29))));
  CHECK_FALSE(kexec::KernelReadsImaBuffer(AsBytes(std::string_view("linux,ima-kexec-buf"))));
  CHECK_FALSE(kexec::KernelReadsImaBuffer({}));
}

TEST(BootSequence, RebootIntoHandoffRefusesWhenTheListGrewAndExtendsNothing) {
  Rig rig;
  auto measured = MeasureNextKernel(rig.tpm, HashImages(AsBytes("kernel"), std::nullopt), nullptr,
                                    "/boot/vmlinux", "", "ro");
  CHECK_TRUE(measured.has_value());
  Handoff handoff;
  handoff.list = ByteBuffer{};
  handoff.snapshot_entries = 2;
  handoff.measurement = std::move(*measured);
  const auto pcr10 = [&] {
    return rig.tpm.ReadPcrs({crypto::HashAlgorithm::kSha256})->front().values[10];
  };
  const auto before = pcr10();

  rig.machine.files[platform::kImaCountPath] = Text("3\n");  // one measurement after the snapshot
  auto refused = RebootIntoHandoff(rig.machine, &rig.tpm, rig.kexec, handoff);
  CHECK_FALSE(refused.has_value());
  CHECK_TRUE(refused.error().code() == ErrorCode::kImaRejected);
  CHECK_TRUE(refused.error().detail().find("1 entries") != std::string::npos);
  LONGS_EQUAL(0, rig.kexec.reboots);
  CHECK_TRUE(before == pcr10());

  rig.machine.files.erase(platform::kImaCountPath);  // the snapshot cannot be checked: no reboot
  auto unchecked = RebootIntoHandoff(rig.machine, &rig.tpm, rig.kexec, handoff);
  CHECK_FALSE(unchecked.has_value());
  CHECK_TRUE(unchecked.error().code() == ErrorCode::kIo);
  LONGS_EQUAL(0, rig.kexec.reboots);
  CHECK_TRUE(before == pcr10());

  rig.machine.files[platform::kImaCountPath] = Text("2\n");
  std::optional<crypto::Digest> at_reboot;
  rig.kexec.at_reboot = [&] { at_reboot = pcr10(); };
  auto rebooted = RebootIntoHandoff(rig.machine, &rig.tpm, rig.kexec, handoff);
  CHECK_FALSE(rebooted.has_value());  // the spy's reboot "fails"
  LONGS_EQUAL(1, rig.kexec.reboots);
  CHECK_TRUE(at_reboot.has_value());
  CHECK_FALSE(before == *at_reboot);  // the entries were extended before the reboot system call
}

// The TPM fails while the next kernel is measured: the menu's hand-off refuses, an operator's
// command line goes on with a warning; the list is left as it was either way.
TEST(BootSequence, AMeasurementThatCannotBeMadeRefusesOrWarnsAsAsked) {
  platform::FakeTpm tpm;
  tpm.FailNext(1, "the TPM stopped answering");
  HandoffInputs inputs;
  inputs.kernel = AsBytes(std::string_view("kernel"));
  inputs.kernel_name = "/boot/vmlinux";
  inputs.tpm = &tpm;
  auto refused = MeasureForHandoff(inputs, ByteBuffer{}, "list");
  CHECK_FALSE(refused.has_value());
  CHECK_TRUE(refused.error().ToString().find("measuring the next kernel") != std::string::npos);

  tpm.FailNext(1, "the TPM stopped answering");
  inputs.if_unmeasured = IfUnmeasured::kWarn;
  auto warned = MeasureForHandoff(inputs, ByteBuffer{}, "list");
  CHECK_TRUE(warned.has_value());
  CHECK_FALSE(warned->measurement.has_value());
  LONGS_EQUAL(0, warned->list->size());
  LONGS_EQUAL(1, warned->warnings.size());
  CHECK_TRUE(warned->warnings[0].find("not measuring the next kernel") != std::string::npos);
}

TEST(BootSequence, SignedBootEnforceRefusesBeforeLoadingAndWarnGoesOn) {
  Rig rig;
  rig.machine.files[platform::kLockdownPath] = Text("none [integrity] confidentiality\n");
  rig.machine.files[platform::kImaCountPath] = Text("1\n");
  rig.disk.files["sda2:/boot/vmlinux"] = Text("an unsigned kernel");
  rig.disk.files["sda2:/boot/initrd-1"] = Text("first");
  rig.disk.files["sda2:/boot/initrd-2"] = Text("second");
  const crypto::TrustAnchors anchors;
  Machine machine = rig.Make();
  machine.anchors = &anchors;
  machine.signed_boot = {verify::SignedBootPolicy::kEnforce, "a test"};
  std::string failed_step;
  auto refused = RunBoot(Request(), machine, Finish::kStopBeforeReboot,
                         [&](Step step, StepEvent event, const std::string&) {
                           if (event == StepEvent::kFailed) failed_step = StepName(step);
                         });
  CHECK_FALSE(refused.has_value());
  STRCMP_EQUAL("verify", failed_step.c_str());
  STRCMP_CONTAINS("no signature", refused.error().ToString().c_str());
  LONGS_EQUAL(0, rig.kexec.file_loads);

  machine.signed_boot = {verify::SignedBootPolicy::kWarn, "a test"};
  auto warned = RunBoot(Request(), machine, Finish::kStopBeforeReboot,
                        [](Step, StepEvent, const std::string&) {});
  CHECK_TRUE(warned.has_value());
  LONGS_EQUAL(1, rig.kexec.file_loads);
  STRCMP_CONTAINS("warning: kernel: no signature", Joined(warned->summary).c_str());

  // An initrd's detached signature is checked when it is there (this one does not parse: a
  // warning under warn); an initrd without one is said on the step, not refused.
  rig.disk.files["sda2:/boot/initrd-1.p7s"] = Text("not a signature");
  std::string verify_detail;
  auto detached = RunBoot(Request(), machine, Finish::kStopBeforeReboot,
                          [&](Step step, StepEvent event, const std::string& detail) {
                            if (step == Step::kVerify && event == StepEvent::kDone)
                              verify_detail = detail;
                          });
  CHECK_TRUE(detached.has_value());
  STRCMP_CONTAINS("warning: sda2:/boot/initrd-1: malformed signature",
                  Joined(detached->summary).c_str());
  STRCMP_CONTAINS("sda2:/boot/initrd-2: no detached signature (.p7s), not checked",
                  verify_detail.c_str());
}

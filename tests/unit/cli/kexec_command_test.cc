// SPDX-License-Identifier: GPL-2.0-or-later
// `baton kexec exec` on a platform of fakes: it reboots only when what `kexec load` measured can
// be read, the running kernel's count can be read and still equals the snapshot's, and every
// extend reached the TPM (bootloader/boot/pending.h); and `baton pcr` reads the platform's TPM.
#include <string>
#include <vector>

#include "bootloader/boot/pending.h"
#include "bootloader/cli/args.h"
#include "bootloader/cli/commands.h"
#include "bootloader/core/text.h"
#include "platform/fake/fake_platform.h"
#include "platform/include/machine_paths.h"

#include "tests/unit/harness.h"

using namespace baton;

namespace {

int Run(platform::FakePlatform& fake, std::vector<std::string> words) {
  std::vector<char*> argv;
  for (std::string& word : words) argv.push_back(word.data());
  argv.push_back(nullptr);
  const int argc = static_cast<int>(words.size());
  if (words[1] == "pcr") return cli::RunPcrCommand(fake.platform(), argc, argv.data());
  if (words[1] == "ima") return cli::RunImaCommand(fake.platform(), argc, argv.data());
  if (words[1] == "boot") return cli::RunBootCommand(fake.platform(), argc, argv.data());
  return cli::RunKexecCommand(fake.platform(), argc, argv.data());
}

crypto::Digest Pcr10(platform::FakeTpm& tpm) {
  return tpm.ReadPcrs({crypto::HashAlgorithm::kSha256})->front().values[10];
}

// What `kexec load` leaves for a carried list of 5 entries and one measured entry.
std::string Pending(std::uint64_t count) {
  boot::PendingExtends pending;
  pending.carried_entries = count;
  pending.extends.push_back(
      {{crypto::HashAlgorithm::kSha1, crypto::Hash(crypto::HashAlgorithm::kSha1, AsBytes("x"))},
       {crypto::HashAlgorithm::kSha256,
        crypto::Hash(crypto::HashAlgorithm::kSha256, AsBytes("x"))}});
  return boot::FormatPending(pending);
}

// `kexec exec` must refuse: exit 1, no reboot, PCR 10 untouched.
void CheckRefused(platform::FakePlatform& fake) {
  const crypto::Digest before = Pcr10(fake.tpm);
  LONGS_EQUAL(cli::kExitNo, Run(fake, {"baton", "kexec", "exec"}));
  LONGS_EQUAL(0, fake.kexec().reboots);
  CHECK(Pcr10(fake.tpm) == before);
}

}  // namespace

TEST_GROUP(KexecExec){};

TEST(KexecExec, RefusesTheRebootWhenThePendingExtendsCannotBeRead) {
  platform::FakePlatform fake;  // no pending file: nothing baton loaded can be checked
  fake.machine().Put(platform::kImaCountPath, "5\n");
  CheckRefused(fake);
}

TEST(KexecExec, RefusesTheRebootWhenTheCountCannotBeRead) {
  platform::FakePlatform fake;
  fake.machine().Put(platform::kPendingExtendsPath, Pending(5));  // no runtime_measurements_count
  CheckRefused(fake);
}

TEST(KexecExec, RefusesTheRebootWhenSomethingWasMeasuredAfterTheSnapshot) {
  platform::FakePlatform fake;
  fake.machine().Put(platform::kPendingExtendsPath, Pending(5));
  fake.machine().Put(platform::kImaCountPath, "6\n");
  CheckRefused(fake);
}

TEST(KexecExec, RefusesTheRebootWhenThePendingExtendsAreMalformed) {
  platform::FakePlatform fake;
  fake.machine().Put(platform::kPendingExtendsPath, "count 5\n10:sha1=zz\n");
  fake.machine().Put(platform::kImaCountPath, "5\n");
  CheckRefused(fake);
}

TEST(KexecExec, RefusesTheRebootWhenTheTpmCannotBeOpened) {
  platform::FakePlatform fake;
  fake.tpm_present = false;
  fake.machine().Put(platform::kPendingExtendsPath, Pending(5));
  fake.machine().Put(platform::kImaCountPath, "5\n");
  CheckRefused(fake);
}

TEST(KexecExec, ExtendsThenRebootsWhenEverythingChecks) {
  platform::FakePlatform fake;
  fake.machine().Put(platform::kPendingExtendsPath, Pending(5));
  fake.machine().Put(platform::kImaCountPath, "5\n");
  const crypto::Digest before = Pcr10(fake.tpm);
  std::optional<crypto::Digest> at_reboot;
  fake.kexec().at_reboot = [&] { at_reboot = Pcr10(fake.tpm); };
  Run(fake, {"baton", "kexec", "exec"});  // the fake's reboot fails, so the command says so
  LONGS_EQUAL(1, fake.kexec().reboots);
  CHECK(at_reboot.has_value());
  CHECK(*at_reboot != before);  // extended before the reboot system call
}

TEST(KexecExec, WithNothingCarriedOrMeasuredItRebootsAtOnce) {
  platform::FakePlatform fake;
  fake.machine().Put(platform::kPendingExtendsPath, "");  // kexec load --no-ima --no-measure
  Run(fake, {"baton", "kexec", "exec"});
  LONGS_EQUAL(1, fake.kexec().reboots);
}

TEST_GROUP(PcrCommand){};

TEST(PcrCommand, ReadsThePlatformsTpmAndSaysWhenThereIsNone) {
  platform::FakePlatform fake;
  const std::uint64_t before = fake.tpm.commands_sent();
  LONGS_EQUAL(cli::kExitYes, Run(fake, {"baton", "pcr", "--json"}));
  CHECK(fake.tpm.commands_sent() > before);
  fake.tpm_present = false;
  LONGS_EQUAL(cli::kExitUsage, Run(fake, {"baton", "pcr"}));
}

TEST_GROUP(CommandsOnFakes){};

TEST(CommandsOnFakes, SynthThenReplayThroughTheCommands) {
  platform::FakePlatform fake;
  fake.machine().Put("/bin/tool", "a program");
  LONGS_EQUAL(cli::kExitYes,
              Run(fake, {"baton", "ima", "synth", "--root", "/", "/bin/tool", "-o", "list"}));
  CHECK(fake.files().files.count("list") == 1);
  LONGS_EQUAL(cli::kExitYes,
              Run(fake, {"baton", "ima", "replay", "list", "--write-pcrs", "sha256,pcrs"}));
  CHECK(fake.files().files.count("pcrs") == 1);
  // The list the command wrote replays to the PCR file the command wrote.
  LONGS_EQUAL(cli::kExitYes,
              Run(fake, {"baton", "ima", "replay", "list", "--pcrs", "sha256,pcrs"}));
}

TEST(CommandsOnFakes, BootUnderLockdownLoadsExactlyTheOptionsBytesFromThePlatformsDevice) {
  platform::FakePlatform fake;
  fake.machine().Put(platform::kLockdownPath, "none [integrity] confidentiality\n");
  testing::MemoryDevice disk;
  disk.File("/boot/vmlinux", "kernel bytes naming linux,ima-kexec-buffer");
  disk.File("/boot/initrd", "initrd bytes");
  disk.File("/baton.conf",
            "option test\n  name Test\n  kernel /boot/vmlinux\n  initrd /boot/initrd\n  args "
            "root=/dev/sda2\n");
  platform::DeviceIdentity identity;
  identity.id = "sda2";
  fake.devices().devices.push_back({identity, disk});
  std::vector<std::string> words = {"baton", "boot", "--option", "0", "--yes"};
  std::vector<char*> argv;
  for (std::string& word : words) argv.push_back(word.data());
  cli::RunBootCommand(fake.platform(), static_cast<int>(argv.size()),
                      argv.data());  // the fake's reboot fails
  LONGS_EQUAL(1, fake.kexec().file_loads);
  LONGS_EQUAL(0, fake.kexec().segment_loads);
  STRCMP_EQUAL("kernel bytes naming linux,ima-kexec-buffer",
               std::string(AsText(fake.kexec().kernel)).c_str());
  STRCMP_EQUAL("root=/dev/sda2", fake.kexec().command_line.c_str());
  LONGS_EQUAL(1, fake.kexec().reboots);
}

TEST(KexecExec, AfterAKexecFileLoadItRebootsWithNothingToCheck) {
  platform::FakePlatform fake;
  fake.files().Put("vmlinux", "a kernel image");
  fake.machine().Put(platform::kPendingExtendsPath, Pending(5));  // an older load's
  LONGS_EQUAL(cli::kExitYes,
              Run(fake, {"baton", "kexec", "load", "--kernel", "vmlinux", "--method", "file"}));
  LONGS_EQUAL(1, fake.kexec().path_loads);
  Run(fake, {"baton", "kexec", "exec"});
  LONGS_EQUAL(1, fake.kexec().reboots);  // the kernel carries the list: no count to check here
}

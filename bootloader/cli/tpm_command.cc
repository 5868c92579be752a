// SPDX-License-Identifier: GPL-2.0-or-later
// `baton pcr`, `baton ima verify`, `baton eventlog`, `baton attest export`: the TPM's state, the
// replay verdict, the firmware's event log, and a bundle for remote verifiers.
#include <cstring>
#include <string>

#include "bootloader/cli/cli_util.h"
#include "bootloader/cli/commands.h"
#include "bootloader/core/json.h"
#include "bootloader/core/text.h"
#include "bootloader/ima/ascii.h"
#include "bootloader/ima/measurement_list.h"
#include "bootloader/ima/pcr_table.h"
#include "bootloader/tpm/event_log.h"
#include "bootloader/tpm/event_replay.h"
#include "bootloader/tpm/snapshot.h"
#include "bootloader/tpm/verdict.h"
#include "platform/include/machine_paths.h"

namespace baton::cli {
namespace {

using crypto::HashAlgorithm;

constexpr std::uint64_t kMaxList = std::uint64_t{4} << 30;
constexpr std::uint64_t kMaxLog = 16u << 20;

constexpr const char kPcrHelp[] =
    "usage: baton pcr [--bank ALG] [--json] [--tcti CONF]\n"
    "\n"
    "The TPM's PCRs 0-23 in every allocated bank (or only ALG). --json prints\n"
    "{\"banks\": {\"sha1\": [\"<PCR 0>\", ... \"<PCR 23>\"], ...}}.\n"
    "The TPM: --tcti CONF, else $BATON_TCTI, else /dev/tpmrm0 then /dev/tpm0\n"
    "(swtpm: --tcti swtpm:host=127.0.0.1,port=N). Exit 2 when there is no TPM.\n";

constexpr const char kEventLogHelp[] =
    "usage: baton eventlog show|replay [FILE] [--root DIR] [--tcti CONF] [--json]\n"
    "\n"
    "The firmware's TCG event log (default: securityfs binary_bios_measurements under --root),\n"
    "SHA-1 or crypto-agile, either byte order. show: one line per event. replay: PCR 0-9 as the\n"
    "log implies them; when a TPM answers, compared with it (exit 0 replays, 1 does not).\n";

constexpr const char kAttestHelp[] =
    "usage: baton attest export DIR [--tcti CONF] [--list FILE] [--root DIR]\n"
    "       baton attest quote --nonce HEX -o DIR [--pcrs LIST] [--tcti CONF]\n"
    "\n"
    "export writes what a remote verifier needs: pcrs-<bank>.txt (evmctl's --pcrs format, 24 "
    "lines),\n"
    "binary_runtime_measurements, ascii_runtime_measurements, binary_bios_measurements (when\n"
    "the machine has a log) and summary.json (banks, verdicts, boot generations, TPM vendor and\n"
    "firmware version, whether this boot came from a kexec). `evmctl ima_measurement --pcrs\n"
    "sha256,DIR/pcrs-sha256.txt DIR/binary_runtime_measurements` accepts them as they are.\n"
    "\n"
    "quote has the TPM sign its PCRs (default 0-10; LIST as 0,1,4-7) in sha256, and in sha1\n"
    "when that bank is allocated, with the verifier's nonce (1 to 64 bytes, hex), by an\n"
    "attestation key derived from the endorsement seed (ECC P-256, ECDSA-SHA256: the same key\n"
    "on every call), and writes ak.pub.pem, quote.msg, quote.sig and quote.pcrs as\n"
    "`tpm2_checkquote -u ak.pub.pem -m quote.msg -s quote.sig -f quote.pcrs -g sha256 -q HEX`\n"
    "takes them. Exit 0 written, 1 the TPM cannot quote, 2 usage or no TPM.\n";

std::string BankJson(const std::vector<ima::PcrBank>& banks) {
  JsonWriter json;
  json.BeginObject().Key("banks").BeginObject();
  for (const ima::PcrBank& bank : banks) {
    json.Key(crypto::HashName(bank.algorithm)).BeginArray();
    for (const crypto::Digest& value : bank.values) json.String(ToHex(value.bytes()));
    json.EndArray();
  }
  json.EndObject().EndObject();
  return json.text();
}

// The snapshot of verify and export: --list FILE (read once), else the machine's live list.
Result<tpm::Snapshot> Snapshot(platform::Platform& platform, const Args& args, platform::Tpm* tpm) {
  const std::optional<std::string> path = args.Value("list");
  return tpm::TakeSnapshot(
      [&]() -> Result<ByteBuffer> {
        return path ? platform.files().ReadFile(*path, kMaxList)
                    : platform.machine().ReadFile(platform::kImaListPath, kMaxList);
      },
      path ? tpm::ListSource::kFile : tpm::ListSource::kLive, tpm);
}

std::string VerdictText(const tpm::ListVerdict& verdict) {
  std::string out;
  for (const tpm::BankVerdict& bank : verdict.banks) {
    out += std::string(crypto::HashName(bank.bank)) + ": " +
           std::string(tpm::VerdictName(bank.verdict));
    if (bank.verdict == tpm::Verdict::kDoesNotReplay) {
      for (std::uint32_t pcr : bank.mismatched_pcrs)
        out += " (PCR " + std::to_string(pcr) + " differs)";
      out += bank.longest_prefix ? "; the first " + std::to_string(*bank.longest_prefix) + " of " +
                                       std::to_string(verdict.entries) + " entries replay"
                                 : "; no prefix of the list replays";
    }
    if (!bank.reason.empty()) out += " (" + bank.reason + ")";
    out += "\n";
  }
  out += "entries: " + std::to_string(verdict.entries) +
         ", boot generations: " + std::to_string(verdict.boot_generations) + "\n";
  out += "newest boot_aggregate: ";
  if (verdict.boot_aggregate_matches) {
    out += *verdict.boot_aggregate_matches ? "matches PCR 0-9" : "does not match PCR 0-9";
  } else {
    out += "cannot tell";
  }
  if (!verdict.boot_aggregate_reason.empty()) out += " (" + verdict.boot_aggregate_reason + ")";
  return out + "\n";
}

int ExitFor(tpm::Verdict verdict) {
  return verdict == tpm::Verdict::kReplays         ? kExitYes
         : verdict == tpm::Verdict::kDoesNotReplay ? kExitNo
                                                   : kExitUsage;
}

}  // namespace

int RunPcrCommand(platform::Platform& platform, int argc, char** argv) {
  for (int i = 2; i < argc; ++i) {
    if (std::strcmp(argv[i], "--help") == 0) {
      std::fputs(kPcrHelp, stdout);
      return kExitYes;
    }
  }
  auto args = Args::Parse(argc, argv, 2, {{"bank", true}, {"json", false}, {"tcti", true}});
  if (!args) return InputError("pcr", args.error());
  if (!args->positionals().empty()) return UsageError("pcr", "pcr takes no arguments");
  auto tpm = platform.OpenTpm();
  if (!tpm) return InputError("pcr", tpm.error());
  auto banks = tpm::ReadAllBanks(**tpm, args->Value("bank"));
  if (!banks) return InputError("pcr", banks.error());
  if (args->Has("json")) {
    WriteOut(BankJson(*banks) + "\n");
    return kExitYes;
  }
  std::string out;
  for (const ima::PcrBank& bank : *banks) {
    out += std::string(crypto::HashName(bank.algorithm)) + ":\n";
    for (std::size_t i = 0; i < ima::kPcrCount; ++i) {
      char label[16];
      std::snprintf(label, sizeof label, "  %2zu: ", i);
      out += label;
      AppendHex(out, bank.values[i].bytes());
      out += "\n";
    }
  }
  WriteOut(out);
  return kExitYes;
}

int RunImaVerify(platform::Platform& platform, int argc, char** argv) {
  auto args = Args::Parse(
      argc, argv, 3,
      {{"tcti", true}, {"list", true}, {"root", true}, {"byte-order", true}, {"json", false}});
  if (!args) return InputError("ima", args.error());
  auto tpm = platform.OpenTpm();
  std::string no_tpm = tpm ? "" : tpm.error().ToString();
  auto snapshot = Snapshot(platform, *args, tpm ? tpm->get() : nullptr);
  if (!snapshot) return InputError("ima", snapshot.error());
  if (!snapshot->tpm_error.empty()) no_tpm = snapshot->tpm_error;
  ByteOrder order = NativeByteOrder();
  if (auto value = args->Value("byte-order"))
    order = *value == "be" ? ByteOrder::kBig : ByteOrder::kLittle;
  auto verdict = tpm::JudgeList(snapshot->list, order, snapshot->pcrs, no_tpm);
  if (!verdict) return InputError("ima", verdict.error());
  WriteOut(VerdictText(*verdict));
  return ExitFor(verdict->overall);
}

int RunEventLogCommand(platform::Platform& platform, int argc, char** argv) {
  if (argc < 3 || std::strcmp(argv[2], "--help") == 0) {
    std::fputs(kEventLogHelp, argc < 3 ? stderr : stdout);
    return argc < 3 ? kExitUsage : kExitYes;
  }
  std::string_view command = argv[2];
  if (command != "show" && command != "replay") return UsageError("eventlog", "show or replay");
  auto args = Args::Parse(argc, argv, 3, {{"root", true}, {"tcti", true}, {"json", false}});
  if (!args) return InputError("eventlog", args.error());
  if (args->positionals().size() > 1) return UsageError("eventlog", "at most one FILE");
  std::string origin;
  Result<ByteBuffer> bytes = args->positionals().empty()
                                 ? (origin = platform::kEventLogPath,
                                    platform.machine().ReadFile(platform::kEventLogPath, kMaxLog))
                                 : (origin = args->positionals()[0],
                                    platform.files().ReadFile(args->positionals()[0], kMaxLog));
  if (!bytes) return InputError("eventlog", bytes.error());
  auto log = tpm::ParseEventLog(*bytes);
  if (!log) return InputError("eventlog", std::move(log).error().WithContext(origin));
  std::string out;
  if (command == "show") {
    out += std::string(log->crypto_agile ? "crypto-agile" : "SHA-1") + " log, " +
           (log->order == ByteOrder::kBig ? "big" : "little") + "-endian, " +
           std::to_string(log->events.size()) + " events\n";
    for (const tpm::Event& event : log->events) {
      char head[64];
      std::snprintf(head, sizeof head, "%2u %-22s", event.pcr,
                    tpm::EventTypeName(event.type).c_str());
      out += head;
      for (const tpm::EventDigest& digest : event.digests) {
        auto name = crypto::HashName(static_cast<HashAlgorithm>(digest.algorithm));
        out += " " + std::string(name) + ":" + ToHex(digest.digest);
      }
      out += " (" + std::to_string(event.data.size()) + " bytes)\n";
    }
    WriteOut(out);
    return kExitYes;
  }
  for (const ima::PcrBank& bank : tpm::ReplayEventLog(*log)) {
    for (std::size_t i = 0; i < 10; ++i) {
      char label[32];
      std::snprintf(label, sizeof label,
                    "%s PCR-%02zu: ", std::string(crypto::HashName(bank.algorithm)).c_str(), i);
      out += label + ToHex(bank.values[i].bytes()) + "\n";
    }
  }
  auto tpm = platform.OpenTpm();
  if (!tpm) {
    WriteOut(out + "no TPM to compare with: " + tpm.error().ToString() + "\n");
    return kExitYes;
  }
  auto live = tpm::ReadAllBanks(**tpm, std::nullopt);
  if (!live) return InputError("eventlog", live.error());
  tpm::EventLogVerdict verdict = tpm::JudgeEventLog(*log, *live);
  out += "event log against the TPM, PCR 0-9: " + std::string(tpm::VerdictName(verdict.verdict));
  for (std::uint32_t pcr : verdict.mismatched_pcrs)
    out += " (PCR " + std::to_string(pcr) + " differs)";
  if (!verdict.reason.empty()) out += " (" + verdict.reason + ")";
  WriteOut(out + "\n");
  return ExitFor(verdict.verdict);
}

int RunAttestCommand(platform::Platform& platform, int argc, char** argv) {
  if (argc < 3 || std::strcmp(argv[2], "--help") == 0) {
    std::fputs(kAttestHelp, argc < 3 ? stderr : stdout);
    return argc < 3 ? kExitUsage : kExitYes;
  }
  if (std::string_view(argv[2]) == "quote") return RunAttestQuote(platform, argc, argv);
  if (std::string_view(argv[2]) != "export") {
    return UsageError("attest", "the commands are export and quote");
  }
  auto args = Args::Parse(argc, argv, 3, {{"tcti", true}, {"list", true}, {"root", true}});
  if (!args) return InputError("attest", args.error());
  if (args->positionals().size() != 1) return UsageError("attest", "export takes one DIR");
  const std::string directory = args->positionals()[0];
  platform::FileSystem& machine = platform.machine();
  platform::FileSystem& files = platform.files();
  auto tpm = platform.OpenTpm();
  if (!tpm) return InputError("attest", tpm.error());
  auto snapshot = Snapshot(platform, *args, tpm->get());
  if (!snapshot) return InputError("attest", snapshot.error());
  if (!snapshot->tpm_error.empty())
    return InputError("attest", Error(ErrorCode::kIo, "the TPM failed", snapshot->tpm_error));
  const ByteOrder order = NativeByteOrder();
  std::string ascii;
  ima::ListReader reader(snapshot->list, order);
  ima::ListEntry entry;
  while (true) {
    auto more = reader.Next(entry);
    if (!more) return InputError("attest", more.error());
    if (!*more) break;
    if (auto line = ima::AppendAsciiLine(ascii, entry, order, ima::NameStyle::kRaw); !line) {
      return InputError("attest", line.error());
    }
  }
  auto verdict = tpm::JudgeList(snapshot->list, order, snapshot->pcrs, "");
  if (!verdict) return InputError("attest", verdict.error());
  auto write = [&](const std::string& name, Bytes bytes) {
    return files.WriteFile(directory + "/" + name, bytes);
  };
  for (const ima::PcrBank& bank : snapshot->pcrs) {
    std::string text = ima::FormatPcrFile(bank);
    if (auto w =
            write("pcrs-" + std::string(crypto::HashName(bank.algorithm)) + ".txt", AsBytes(text));
        !w) {
      return InputError("attest", w.error());
    }
  }
  if (auto w = write("binary_runtime_measurements", snapshot->list); !w)
    return InputError("attest", w.error());
  if (auto w = write("ascii_runtime_measurements", AsBytes(ascii)); !w)
    return InputError("attest", w.error());
  bool has_log = false;
  if (auto log = machine.ReadFile(platform::kEventLogPath, kMaxLog); log) {
    has_log = true;
    if (auto w = write("binary_bios_measurements", *log); !w)
      return InputError("attest", w.error());
  }
  auto info = (*tpm)->Info();
  JsonWriter json;
  json.BeginObject().Key("banks").BeginArray();
  for (const ima::PcrBank& bank : snapshot->pcrs) json.String(crypto::HashName(bank.algorithm));
  json.EndArray().Key("verdict").String(tpm::VerdictName(verdict->overall));
  json.Key("verdicts").BeginObject();
  for (const tpm::BankVerdict& bank : verdict->banks) {
    json.Key(crypto::HashName(bank.bank))
        .BeginObject()
        .Key("verdict")
        .String(tpm::VerdictName(bank.verdict));
    json.Key("longest_replaying_prefix");
    if (bank.longest_prefix)
      json.Number(*bank.longest_prefix);
    else
      json.Null();
    json.EndObject();
  }
  json.EndObject().Key("entries").Number(verdict->entries);
  json.Key("boot_generations").Number(verdict->boot_generations);
  json.Key("boot_aggregate_matches");
  if (verdict->boot_aggregate_matches)
    json.Bool(*verdict->boot_aggregate_matches);
  else
    json.Null();
  json.Key("tpm").BeginObject();
  json.Key("manufacturer").String(info ? info->manufacturer : "");
  json.Key("firmware_version").String(info ? info->firmware_version : "");
  json.EndObject();
  json.Key("booted_from_kexec")
      .Bool(machine.ReadFile(platform::kBootedFromKexecPath, 16).has_value());
  json.Key("event_log").Bool(has_log);
  json.EndObject();
  std::string summary = json.text() + "\n";
  if (auto w = write("summary.json", AsBytes(summary)); !w) return InputError("attest", w.error());
  std::fprintf(stderr, "baton attest: wrote %s (%s)\n", directory.c_str(),
               std::string(tpm::VerdictName(verdict->overall)).c_str());
  return kExitYes;
}

}  // namespace baton::cli

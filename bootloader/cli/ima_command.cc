// SPDX-License-Identifier: GPL-2.0-or-later
// `baton ima`: show, replay, pack, check, unpack, synth, append.
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "bootloader/boot/pending.h"
#include "bootloader/cli/args.h"
#include "bootloader/cli/cli_util.h"
#include "bootloader/cli/commands.h"
#include "bootloader/core/json.h"
#include "bootloader/core/text.h"
#include "bootloader/crypto/hash.h"
#include "bootloader/ima/ascii.h"
#include "bootloader/ima/entries.h"
#include "bootloader/ima/kexec_buffer.h"
#include "bootloader/ima/measurement_list.h"
#include "bootloader/ima/pcr_table.h"
#include "bootloader/ima/replay.h"

namespace baton::cli {
namespace {

using crypto::HashAlgorithm;

constexpr std::uint64_t kMaxListSize = std::uint64_t{4} << 30;
constexpr std::uint64_t kMaxPcrFileSize = 1 << 16;
constexpr std::uint64_t kDefaultPageSize = 65536;  // ppc64 distribution kernels

constexpr const char kImaHelp[] =
    "usage: baton ima COMMAND [OPTIONS]\n"
    "\n"
    "Read, write, check and replay IMA measurement lists as the Linux kernel does.\n"
    "\n"
    "commands:\n"
    "  show FILE [--json] [--byte-order native|le|be] [--raw-names]\n"
    "      One line per entry, as the kernel's ascii_runtime_measurements.\n"
    "  replay FILE [--pcrs BANK,PCRFILE]... [--bank BANK]... [--legacy-sha1-padding]\n"
    "              [--write-pcrs BANK,PCRFILE]... [--json] [--byte-order ...]\n"
    "      The PCR values the list implies. With --pcrs (evmctl's PCR file format), compares:\n"
    "      exit 0 replays, 1 does not (the longest replaying prefix is reported).\n"
    "  pack FILE -o BUFFER [--page-size N] [--byte-order native|le|be]\n"
    "      The kexec buffer the kernel's ima_dump_measurement_list would write (default page\n"
    "      size 65536). Refuses lists the next kernel would not restore in full.\n"
    "  check BUFFER [--region-size N] [--byte-order ...] [--skip-digests] [--json]\n"
    "      Checks a kexec buffer with the next kernel's restore rules and the ones it fails\n"
    "      to apply. Exit 0 = restored in full, 1 = not (reason and offset printed).\n"
    "  unpack BUFFER -o FILE [--byte-order ...]\n"
    "      The measurement list inside a kexec buffer.\n"
    "  synth --root DIR FILE... -o LIST [--pcrs BANK,PCRFILE] [--hash ALG] [--byte-order ...]\n"
    "        [--extend [--tcti CONF]]\n"
    "      A list as a booting kernel would write it: boot_aggregate from the PCR 0-9 values\n"
    "      of PCRFILE (a powered-on TPM if none), then one ima-ng entry per FILE, hashed from\n"
    "      DIR/FILE and named FILE. --extend also extends every entry into the TPM's PCR 10\n"
    "      (every allocated bank) and takes PCR 0-9 for boot_aggregate from the TPM.\n"
    "  append LIST -o OUT [--root DIR] [--file PATH]... [--cmdline TEXT] [--hash ALG]\n"
    "         [--bank BANK]... [--byte-order ...] [--extend [--tcti CONF]]\n"
    "      Appends ima-ng entries for files and an ima-buf `kexec-cmdline` entry, and prints\n"
    "      for each entry the digests to extend into PCR 10, as tpm2_pcrextend arguments.\n"
    "  verify [--tcti CONF] [--list FILE] [--root DIR]\n"
    "      Replays the list (default: the running kernel's) against the live PCRs of every\n"
    "      allocated bank: exit 0 replays, 1 does not, 2 cannot tell (no TPM, bank missing).\n"
    "      Also counts boot generations and checks the newest boot_aggregate against PCR 0-9.\n"
    "\n"
    "Byte order: native (default) or le/be; le is what ima_canonical_fmt writes.\n"
    "Banks: sha1, sha256, sha384, sha512. Numbers take decimal or 0x-hex.\n"
    "Exit status: 0 success or yes, 1 a clear no, 2 usage error or unreadable input.\n";

int Usage(const std::string& message) { return UsageError("ima", message); }
int Failed(const Error& error) { return InputError("ima", error); }
int Refused(Error error, const std::string& path) {
  return Refusal("ima", std::move(error).WithContext(path));
}
void WriteStandardOutput(std::string_view text) { WriteOut(text); }

Result<ByteOrder> ParseByteOrder(const Args& args) {
  std::string value = args.Value("byte-order").value_or("native");
  if (value == "native") return NativeByteOrder();
  if (value == "le") return ByteOrder::kLittle;
  if (value == "be") return ByteOrder::kBig;
  return Error(ErrorCode::kUsage, "--byte-order takes native, le or be", value);
}

Result<HashAlgorithm> ParseBank(std::string_view name) {
  std::optional<HashAlgorithm> algorithm = crypto::ParseHashName(name);
  if (!algorithm) {
    return Error(ErrorCode::kUsage, "unknown bank",
                 std::string(name) + " (sha1, sha256, sha384, sha512)");
  }
  return *algorithm;
}

// "BANK,FILE"; evmctl also allows a bare FILE meaning sha1.
Result<std::pair<HashAlgorithm, std::string>> ParseBankFile(const std::string& value) {
  std::size_t comma = value.find(',');
  if (comma == std::string::npos) return std::pair{HashAlgorithm::kSha1, value};
  HashAlgorithm bank = BATON_TRY(ParseBank(std::string_view(value).substr(0, comma)));
  return std::pair{bank, value.substr(comma + 1)};
}

Result<ima::PcrBank> ReadPcrFile(platform::FileSystem& files, HashAlgorithm bank,
                                 const std::string& path) {
  ByteBuffer text = BATON_TRY(files.ReadFile(path, kMaxPcrFileSize));
  Result<ima::PcrBank> parsed = ima::ParsePcrFile(AsText(text), bank);
  if (!parsed) return std::move(parsed).error().WithContext(path);
  return parsed;
}

Result<ByteBuffer> ReadInput(platform::FileSystem& files, const std::string& path) {
  return files.ReadFile(path, kMaxListSize);
}
// An input that is only read: mapped, not copied (a million-entry list is over 100 MB; a copy
// would double the memory and cost a page clear and a copy per page).
Result<platform::MappedFile> MapInput(platform::FileSystem& files, const std::string& path) {
  return files.MapFile(path, kMaxListSize);
}

// The shape every subcommand with one input file shares: options, byte order, the file read.
struct SingleInput {
  Args args;
  ByteOrder order = NativeByteOrder();
  std::string path;
  platform::MappedFile file;
  Bytes data() const { return file.bytes(); }
};

Result<SingleInput> OpenSingleInput(platform::Platform& platform, int argc, char** argv,
                                    std::vector<OptionSpec> specs, const char* usage,
                                    bool needs_output) {
  specs.push_back({"byte-order", true});
  SingleInput input{BATON_TRY(Args::Parse(argc, argv, 3, specs)), NativeByteOrder(), {}, {}};
  if (input.args.positionals().size() != 1 || (needs_output && !input.args.Has("o"))) {
    return Error(ErrorCode::kUsage, usage);
  }
  input.order = BATON_TRY(ParseByteOrder(input.args));
  input.path = input.args.positionals()[0];
  platform::FileSystem& files = platform.files();
  input.file = BATON_TRY(MapInput(files, input.path));
  return input;
}

// ---- show ------------------------------------------------------------------------------------

int Show(platform::Platform& platform, int argc, char** argv) {
  auto input = OpenSingleInput(platform, argc, argv, {{"json", false}, {"raw-names", false}},
                               "show takes one FILE", false);
  if (!input) return Failed(input.error());
  const Args* args = &input->args;
  const ByteOrder* order = &input->order;
  const std::string& path = input->path;
  const Bytes data = input->data();
  const bool json = args->Has("json");
  const auto style = args->Has("raw-names") ? ima::NameStyle::kRaw : ima::NameStyle::kEscaped;
  ima::ListReader reader(data, *order);
  ima::ListEntry entry;
  std::string out;
  JsonWriter writer;
  if (json) writer.BeginObject().Key("entries").BeginArray();
  while (true) {
    auto more = reader.Next(entry);
    if (!more) return Failed(std::move(more).error().WithContext(path));
    if (!*more) break;
    if (json) {
      writer.BeginObject()
          .Key("offset")
          .Number(entry.offset)
          .Key("pcr")
          .Number(entry.pcr)
          .Key("template_digest")
          .String(ToHex(entry.template_digest))
          .Key("template")
          .String(entry.template_name)
          .Key("violation")
          .Bool(entry.IsViolation());
      auto format = ima::ResolveTemplate(entry.template_name);
      writer.Key("fields").BeginArray();
      if (format) {
        auto fields = ima::SplitFields(entry, *format, *order);
        if (!fields) return Failed(std::move(fields).error().WithContext(path));
        for (std::uint8_t i = 0; i < fields->format.count; ++i) {
          writer.BeginObject()
              .Key("id")
              .String(ima::FieldIdName(fields->format.fields[i]))
              .Key("hex")
              .String(ToHex(fields->data[i]))
              .EndObject();
        }
      }
      writer.EndArray();
      std::string line;
      if (format && ima::AppendAsciiLine(line, entry, *order, ima::NameStyle::kRaw)) {
        if (!line.empty()) line.pop_back();
        writer.Key("ascii").String(line);
      }
      writer.EndObject();
    } else {
      auto appended = ima::AppendAsciiLine(out, entry, *order, style);
      if (!appended) return Failed(std::move(appended).error().WithContext(path));
      if (out.size() > (1 << 20)) {
        WriteStandardOutput(out);
        out.clear();
      }
    }
  }
  if (json) {
    writer.EndArray().Key("count").Number(reader.entries_read()).EndObject();
    WriteStandardOutput(writer.text());
    WriteStandardOutput("\n");
  } else {
    WriteStandardOutput(out);
  }
  return kExitYes;
}

// ---- replay ----------------------------------------------------------------------------------

int Replay(platform::Platform& platform, int argc, char** argv) {
  auto args = Args::Parse(argc, argv, 3,
                          {{"pcrs", true},
                           {"bank", true},
                           {"json", false},
                           {"byte-order", true},
                           {"legacy-sha1-padding", false},
                           {"write-pcrs", true}});
  if (!args) return Usage(args.error().ToString());
  if (args->positionals().size() != 1) return Usage("replay takes one FILE");
  auto order = ParseByteOrder(*args);
  if (!order) return Usage(order.error().ToString());
  platform::FileSystem& files = platform.files();
  const std::string& path = args->positionals()[0];

  std::vector<ima::PcrBank> expected;  // stable storage for the requests' pointers
  expected.reserve(args->Values("pcrs").size());
  std::vector<HashAlgorithm> banks;
  for (const std::string& value : args->Values("pcrs")) {
    auto bank_file = ParseBankFile(value);
    if (!bank_file) return Usage(bank_file.error().ToString());
    for (const auto& other : expected) {
      if (other.algorithm == bank_file->first) return Usage("--pcrs names a bank twice");
    }
    auto bank = ReadPcrFile(files, bank_file->first, bank_file->second);
    if (!bank) return Failed(bank.error());
    expected.push_back(*bank);
    banks.push_back(bank_file->first);
  }
  for (const std::string& value : args->Values("bank")) {
    auto bank = ParseBank(value);
    if (!bank) return Usage(bank.error().ToString());
    if (std::find(banks.begin(), banks.end(), *bank) == banks.end()) banks.push_back(*bank);
  }
  std::vector<std::pair<HashAlgorithm, std::string>> writes;
  for (const std::string& value : args->Values("write-pcrs")) {
    auto bank_file = ParseBankFile(value);
    if (!bank_file) return Usage(bank_file.error().ToString());
    writes.push_back(*bank_file);
    if (std::find(banks.begin(), banks.end(), bank_file->first) == banks.end()) {
      banks.push_back(bank_file->first);
    }
  }
  if (banks.empty()) banks = {HashAlgorithm::kSha1, HashAlgorithm::kSha256};

  std::vector<ima::BankRequest> requests;
  for (HashAlgorithm bank : banks) {
    const ima::PcrBank* wanted = nullptr;
    for (const auto& candidate : expected) {
      if (candidate.algorithm == bank) wanted = &candidate;
    }
    requests.push_back({bank, wanted});
  }
  auto list = MapInput(files, path);
  if (!list) return Failed(list.error());
  const Bytes data = list->bytes();
  const auto rule = args->Has("legacy-sha1-padding") ? ima::ReplayRule::kSha1Padded
                                                     : ima::ReplayRule::kPerBankDigest;
  auto replays = ima::ReplayBanks(data, *order, requests, rule);
  if (!replays) return Failed(std::move(replays).error().WithContext(path));

  for (const auto& [bank, out_path] : writes) {
    for (const auto& replay : *replays) {
      if (replay.values.algorithm != bank) continue;
      std::string text = ima::FormatPcrFile(replay.values);
      auto written = files.WriteFile(out_path, AsBytes(text));
      if (!written) return Failed(written.error());
    }
  }

  bool all_match = true;
  bool compared_any = false;
  std::optional<std::uint64_t> mismatch_offset;
  for (const auto& replay : *replays) {
    if (replay.compared) {
      compared_any = true;
      all_match = all_match && replay.matches;
    }
    if (replay.digest_mismatch_offset) mismatch_offset = replay.digest_mismatch_offset;
  }
  if (args->Has("json")) {
    JsonWriter writer;
    writer.BeginObject().Key("file").String(path);
    writer.Key("entries").Number(replays->empty() ? 0 : replays->front().entries);
    writer.Key("violations").Number(replays->empty() ? 0 : replays->front().violations);
    writer.Key("rule").String(rule == ima::ReplayRule::kPerBankDigest ? "per-bank" : "sha1-padded");
    if (mismatch_offset)
      writer.Key("template_digest_mismatch_offset").Number(*mismatch_offset);
    else
      writer.Key("template_digest_mismatch_offset").Null();
    writer.Key("banks").BeginObject();
    for (const auto& replay : *replays) {
      writer.Key(crypto::HashName(replay.values.algorithm)).BeginObject();
      writer.Key("pcrs").BeginObject();
      for (std::size_t i = 0; i < ima::kPcrCount; ++i) {
        if (!replay.named.test(i)) continue;
        writer.Key(std::to_string(i)).String(ToHex(replay.values.values[i].bytes()));
      }
      writer.EndObject();
      if (replay.compared) {
        writer.Key("replays").Bool(replay.matches);
        writer.Key("mismatched_pcrs").BeginArray();
        for (std::size_t i = 0; i < ima::kPcrCount; ++i) {
          if (replay.mismatched.test(i)) writer.Number(i);
        }
        writer.EndArray();
        writer.Key("longest_replaying_prefix");
        if (replay.longest_prefix)
          writer.Number(*replay.longest_prefix);
        else
          writer.Null();
      }
      writer.EndObject();
    }
    writer.EndObject();
    if (compared_any) writer.Key("replays").Bool(all_match);
    writer.EndObject();
    WriteStandardOutput(writer.text());
    WriteStandardOutput("\n");
  } else {
    std::string out;
    for (const auto& replay : *replays) {
      std::string_view bank = crypto::HashName(replay.values.algorithm);
      for (std::size_t i = 0; i < ima::kPcrCount; ++i) {
        if (!replay.named.test(i)) continue;
        char label[32];
        std::snprintf(label, sizeof label, "%s PCR-%02zu: ", std::string(bank).c_str(), i);
        out += label;
        AppendHex(out, replay.values.values[i].bytes());
        out += '\n';
      }
      if (replay.compared) {
        out += std::string(bank) + (replay.matches ? ": replays" : ": does not replay");
        if (!replay.matches) {
          if (replay.compared_pcrs.none()) out += " (the PCR file has none of the list's PCRs)";
          for (std::size_t i = 0; i < ima::kPcrCount; ++i) {
            if (replay.mismatched.test(i)) out += " PCR-" + std::to_string(i) + " differs;";
          }
          if (replay.longest_prefix) {
            out += " the first " + std::to_string(*replay.longest_prefix) + " of " +
                   std::to_string(replay.entries) + " entries replay";
          } else {
            out += " no prefix of the list replays";
          }
        }
        out += '\n';
      }
    }
    WriteStandardOutput(out);
  }
  if (mismatch_offset) {
    std::fprintf(stderr,
                 "baton ima: %s: template digest does not match its data at offset %llu; the "
                 "next kernel would recompute it\n",
                 path.c_str(), static_cast<unsigned long long>(*mismatch_offset));
    return kExitNo;
  }
  return compared_any && !all_match ? kExitNo : kExitYes;
}

// ---- pack / check / unpack -------------------------------------------------------------------

int Pack(platform::Platform& platform, int argc, char** argv) {
  auto input = OpenSingleInput(platform, argc, argv, {{"o", true}, {"page-size", true}},
                               "pack takes FILE -o BUFFER", true);
  if (!input) return Failed(input.error());
  const Args* args = &input->args;
  const ByteOrder* order = &input->order;
  const std::string& path = input->path;
  const Bytes data = input->data();
  std::uint64_t page_size = kDefaultPageSize;
  if (auto value = args->Value("page-size")) {
    auto number = ParseNumber(*value);
    if (!number || !ima::IsValidPageSize(*number)) {
      return Usage("--page-size takes a power of two from 4096 to 1 GiB");
    }
    page_size = *number;
  }
  platform::FileSystem& files = platform.files();
  auto header = ima::HeaderForStream(data, *order);
  if (!header) return Refused(std::move(header).error(), path);
  // Header, then the stream straight from the input buffer, then zeros: no second copy.
  std::array<std::byte, ima::kKexecHeaderSize> header_bytes;
  ima::WriteKexecHeader(header_bytes.data(), *header, *order);
  const std::uint64_t padded = ima::RoundUpToPage(header->buffer_size, page_size);
  auto written =
      files.WriteFile(*args->Value("o"), header_bytes, data, padded - header->buffer_size);
  if (!written) return Failed(written.error());
  return kExitYes;
}

int Check(platform::Platform& platform, int argc, char** argv) {
  auto input = OpenSingleInput(platform, argc, argv,
                               {{"region-size", true}, {"skip-digests", false}, {"json", false}},
                               "check takes one BUFFER", false);
  if (!input) return Failed(input.error());
  const Args* args = &input->args;
  const ByteOrder* order = &input->order;
  const std::string& path = input->path;
  const Bytes data = input->data();
  std::uint64_t region = data.size();
  if (auto value = args->Value("region-size")) {
    auto number = ParseNumber(*value);
    if (!number) return Usage("--region-size takes a number");
    region = *number;
    if (region > data.size()) {
      return Usage("--region-size is larger than the file (" + std::to_string(data.size()) +
                   " bytes)");
    }
  }
  ima::CheckReport report = ima::CheckKexecBuffer(data, *order, region);
  if (report.restores_all && !args->Has("skip-digests") &&
      report.buffer_size > ima::kKexecHeaderSize) {
    Bytes stream = data.subspan(ima::kKexecHeaderSize, report.buffer_size - ima::kKexecHeaderSize);
    auto mismatch = ima::FindDigestMismatch(stream, *order);
    if (mismatch && *mismatch) {
      report.findings.push_back(
          {ima::Severity::kError, **mismatch + ima::kKexecHeaderSize,
           "template digest is not SHA-1 of the entry's data; the next kernel would replace it "
           "and the list would no longer replay"});
      report.restores_all = false;
    }
  }
  if (args->Has("json")) {
    JsonWriter writer;
    writer.BeginObject()
        .Key("file")
        .String(path)
        .Key("restores_all")
        .Bool(report.restores_all)
        .Key("count")
        .Number(report.header_count)
        .Key("buffer_size")
        .Number(report.buffer_size)
        .Key("entries_restored")
        .Number(report.entries_restored)
        .Key("findings")
        .BeginArray();
    for (const auto& finding : report.findings) {
      writer.BeginObject()
          .Key("severity")
          .String(finding.severity == ima::Severity::kError ? "error" : "warning")
          .Key("offset")
          .Number(finding.offset)
          .Key("message")
          .String(finding.message)
          .EndObject();
    }
    writer.EndArray().EndObject();
    WriteStandardOutput(writer.text());
    WriteStandardOutput("\n");
  } else {
    for (const auto& finding : report.findings) {
      std::fprintf(stderr, "%s: %s at offset %llu (0x%llx): %s\n", path.c_str(),
                   finding.severity == ima::Severity::kError ? "error" : "warning",
                   static_cast<unsigned long long>(finding.offset),
                   static_cast<unsigned long long>(finding.offset), finding.message.c_str());
    }
    std::printf("%s: %s (%llu of %llu entries restored)\n", path.c_str(),
                report.restores_all ? "the next kernel restores the whole list"
                                    : "the next kernel would NOT restore the whole list",
                static_cast<unsigned long long>(report.entries_restored),
                static_cast<unsigned long long>(report.header_count));
  }
  return report.restores_all ? kExitYes : kExitNo;
}

int Unpack(platform::Platform& platform, int argc, char** argv) {
  auto input =
      OpenSingleInput(platform, argc, argv, {{"o", true}}, "unpack takes BUFFER -o FILE", true);
  if (!input) return Failed(input.error());
  platform::FileSystem& files = platform.files();
  auto stream = ima::UnpackKexecBuffer(input->data(), input->order);
  if (!stream) return Refused(std::move(stream).error(), input->path);
  const Args* args = &input->args;
  auto written = files.WriteFile(*args->Value("o"), *stream);
  if (!written) return Failed(written.error());
  return kExitYes;
}

// ---- synth / append --------------------------------------------------------------------------

Result<crypto::Digest> HashFile(platform::FileSystem& root, const std::string& path,
                                HashAlgorithm algorithm) {
  crypto::Hasher hasher(algorithm);
  BATON_TRY(root.StreamFile(path, [&](Bytes chunk) { hasher.Update(chunk); }));
  return hasher.Finish();
}

Result<HashAlgorithm> HashOption(const Args& args) {
  return ParseBank(args.Value("hash").value_or("sha256"));
}

// The entries' extends into PCR 10 (and their tpm2_pcrextend lines), as the boot road writes
// them for a loaded next kernel (boot/pending.h).
boot::PendingExtends ExtendsOf(const std::vector<HashAlgorithm>& banks,
                               std::vector<ima::NewEntry> entries) {
  return boot::PendingFrom(std::nullopt, boot::NextKernelMeasurement{banks, std::move(entries)});
}

int Synth(platform::Platform& platform, int argc, char** argv) {
  auto args = Args::Parse(argc, argv, 3,
                          {{"root", true},
                           {"o", true},
                           {"pcrs", true},
                           {"hash", true},
                           {"byte-order", true},
                           {"extend", false},
                           {"tcti", true}});
  if (!args) return Usage(args.error().ToString());
  if (!args->Has("root") || !args->Has("o")) return Usage("synth takes --root DIR FILE... -o LIST");
  auto order = ParseByteOrder(*args);
  if (!order) return Usage(order.error().ToString());
  auto hash = HashOption(*args);
  if (!hash) return Usage(hash.error().ToString());
  platform::FileSystem& files = platform.files();
  platform::FileSystem& root = platform.machine();  // --root DIR: the files are under it

  // With --extend, every entry is also extended into the TPM's PCR 10 in every allocated bank,
  // as a booting kernel's IMA would, and boot_aggregate comes from the TPM's own PCR 0-9.
  std::unique_ptr<platform::Tpm> tpm;
  std::vector<HashAlgorithm> tpm_banks;
  if (args->Has("extend")) {
    auto opened = platform.OpenTpm();
    if (!opened) return Failed(opened.error());
    tpm = std::move(*opened);
    auto banks = tpm->Banks();
    if (!banks) return Failed(banks.error());
    tpm_banks = *banks;
  }
  // boot_aggregate: from the given bank's PCR 0-9, else the TPM's, else a powered-on TPM's.
  ima::PcrBank firmware = ima::PcrBank::PowerOn(HashAlgorithm::kSha256);
  if (tpm && !args->Has("pcrs")) {
    auto bank = ima::BootAggregateBank(*hash, tpm_banks);
    if (!bank)
      return Failed(Error(ErrorCode::kUnsupported, "the TPM has neither a sha256 nor a sha1 bank"));
    auto live = tpm->ReadPcrs({*bank});
    if (!live) return Failed(live.error());
    firmware = live->front();
  }
  if (auto value = args->Value("pcrs")) {
    auto bank_file = ParseBankFile(*value);
    if (!bank_file) return Usage(bank_file.error().ToString());
    auto bank = ReadPcrFile(files, bank_file->first, bank_file->second);
    if (!bank) return Failed(bank.error());
    firmware = *bank;
  }
  std::vector<ima::NewEntry> entries;
  entries.push_back(ima::MakeBootAggregateEntry(firmware, *order, tpm_banks));
  for (const std::string& name : args->positionals()) {
    if (name.empty() || name.front() != '/') {
      return Usage("FILE names a path inside the root, starting with '/': " + name);
    }
    auto digest = HashFile(root, name, *hash);
    if (!digest) return Failed(digest.error());
    entries.push_back(
        ima::MakeFileEntry(ima::kImaPcr, *hash, digest->bytes(), name, *order, tpm_banks));
  }
  ByteBuffer list;
  for (const ima::NewEntry& entry : entries)
    list.insert(list.end(), entry.bytes.begin(), entry.bytes.end());
  auto written = files.WriteFile(*args->Value("o"), list);
  if (!written) return Failed(written.error());
  if (tpm) {
    if (auto extended = boot::ExtendPending(*tpm, ExtendsOf(tpm_banks, entries)); !extended)
      return Failed(extended.error());
  }
  return kExitYes;
}

int Append(platform::Platform& platform, int argc, char** argv) {
  auto args = Args::Parse(argc, argv, 3,
                          {{"o", true},
                           {"root", true},
                           {"file", true},
                           {"cmdline", true},
                           {"hash", true},
                           {"bank", true},
                           {"byte-order", true},
                           {"extend", false},
                           {"tcti", true}});
  if (!args) return Usage(args.error().ToString());
  if (args->positionals().size() != 1 || !args->Has("o")) return Usage("append takes LIST -o OUT");
  auto order = ParseByteOrder(*args);
  if (!order) return Usage(order.error().ToString());
  auto hash = HashOption(*args);
  if (!hash) return Usage(hash.error().ToString());
  std::vector<HashAlgorithm> banks;
  for (const std::string& value : args->Values("bank")) {
    auto bank = ParseBank(value);
    if (!bank) return Usage(bank.error().ToString());
    banks.push_back(*bank);
  }
  std::unique_ptr<platform::Tpm> tpm;
  if (args->Has("extend")) {
    auto opened = platform.OpenTpm();
    if (!opened) return Failed(opened.error());
    tpm = std::move(*opened);
    auto allocated = tpm->Banks();
    if (!allocated) return Failed(allocated.error());
    if (banks.empty()) banks = *allocated;
  }
  if (banks.empty()) banks = {HashAlgorithm::kSha1, HashAlgorithm::kSha256};
  platform::FileSystem& files = platform.files();
  platform::FileSystem& root = platform.machine();
  const std::string& path = args->positionals()[0];
  auto list = ReadInput(files, path);
  if (!list) return Failed(list.error());
  if (auto scanned = ima::ScanList(*list, *order); !scanned) {
    return Failed(std::move(scanned).error().WithContext(path));
  }
  std::vector<ima::NewEntry> made;
  for (const std::string& name : args->Values("file")) {
    auto digest = HashFile(root, name, *hash);
    if (!digest) return Failed(digest.error());
    made.push_back(ima::MakeFileEntry(ima::kImaPcr, *hash, digest->bytes(), name, *order, banks));
  }
  if (auto cmdline = args->Value("cmdline")) {
    made.push_back(ima::MakeBufferEntry(ima::kImaPcr, *hash, "kexec-cmdline", AsBytes(*cmdline),
                                        *order, banks));
  }
  for (const auto& entry : made) list->insert(list->end(), entry.bytes.begin(), entry.bytes.end());
  const boot::PendingExtends extends = ExtendsOf(banks, std::move(made));
  // The list is written before the TPM is extended: an extend without its entry would leave
  // the PCR ahead of every list, the one state a replay can never recover from.
  auto written = files.WriteFile(*args->Value("o"), *list);
  if (!written) return Failed(written.error());
  if (tpm) {
    if (auto extended = boot::ExtendPending(*tpm, extends); !extended)
      return Failed(extended.error());
  }
  WriteStandardOutput(boot::FormatPending(extends));
  return kExitYes;
}

}  // namespace

int RunImaCommand(platform::Platform& platform, int argc, char** argv) {
  if (argc < 3 || std::strcmp(argv[2], "--help") == 0 || std::strcmp(argv[2], "-h") == 0 ||
      std::strcmp(argv[2], "help") == 0) {
    std::fputs(kImaHelp, argc < 3 ? stderr : stdout);
    return argc < 3 ? kExitUsage : kExitYes;
  }
  std::string_view command = argv[2];
  for (int i = 3; i < argc; ++i) {
    if (std::strcmp(argv[i], "--help") == 0) {
      std::fputs(kImaHelp, stdout);
      return kExitYes;
    }
  }
  if (command == "show") return Show(platform, argc, argv);
  if (command == "replay") return Replay(platform, argc, argv);
  if (command == "pack") return Pack(platform, argc, argv);
  if (command == "check") return Check(platform, argc, argv);
  if (command == "unpack") return Unpack(platform, argc, argv);
  if (command == "synth") return Synth(platform, argc, argv);
  if (command == "append") return Append(platform, argc, argv);
  if (command == "verify") return RunImaVerify(platform, argc, argv);
  return Usage("unknown command '" + std::string(command) + "'");
}

}  // namespace baton::cli

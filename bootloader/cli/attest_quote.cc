// SPDX-License-Identifier: GPL-2.0-or-later
// `baton attest quote`: a TPM quote of the boot's PCRs with the verifier's nonce, written as the
// files tpm2_checkquote takes (bootloader/tpm/quote_files.h).
//
// The PCR values written beside the quote must be the ones the TPM signed: they are read
// before and after the quote, and the quote is taken again (up to three times) when they
// differ or when their digest is not the quote's pcrDigest (something extended meanwhile).
#include <charconv>
#include <cstdio>
#include <string>

#include "bootloader/cli/args.h"
#include "bootloader/cli/cli_util.h"
#include "bootloader/cli/commands.h"
#include "bootloader/core/text.h"
#include "bootloader/tpm/quote_files.h"

namespace baton::cli {
namespace {

using crypto::HashAlgorithm;

constexpr int kQuoteAttempts = 3;
constexpr std::uint32_t kDefaultPcrs = 0x7ff;  // PCRs 0-10: firmware, boot loader, IMA

// "0-10", "0,1,4-7": a set of PCRs 0..23 as a bit mask; nullopt on anything else.
std::optional<std::uint32_t> ParsePcrList(std::string_view text) {
  std::uint32_t mask = 0;
  while (!text.empty()) {
    const std::size_t comma = text.find(',');
    std::string_view item = text.substr(0, comma);
    text = comma == std::string_view::npos ? std::string_view() : text.substr(comma + 1);
    const std::size_t dash = item.find('-');
    auto number = [](std::string_view digits) -> std::optional<std::uint32_t> {
      std::uint32_t value = 0;
      auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
      if (digits.empty() || error != std::errc() || end != digits.data() + digits.size() ||
          value > 23) {
        return std::nullopt;
      }
      return value;
    };
    const auto first = number(item.substr(0, dash));
    const auto last = dash == std::string_view::npos ? first : number(item.substr(dash + 1));
    if (!first || !last || *last < *first) return std::nullopt;
    for (std::uint32_t pcr = *first; pcr <= *last; ++pcr) mask |= 1u << pcr;
    if (comma != std::string_view::npos && text.empty()) return std::nullopt;  // "0,"
  }
  if (mask == 0) return std::nullopt;
  return mask;
}

bool SameSelected(const std::vector<crypto::PcrBank>& a, const std::vector<crypto::PcrBank>& b,
                  std::uint32_t pcrs) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    for (std::size_t pcr = 0; pcr < crypto::kPcrCount; ++pcr) {
      if (((pcrs >> pcr) & 1u) != 0 && !(a[i].values[pcr] == b[i].values[pcr])) return false;
    }
  }
  return true;
}

}  // namespace

int RunAttestQuote(platform::Platform& platform, int argc, char** argv) {
  auto args =
      Args::Parse(argc, argv, 3,
                  {{"nonce", true}, {"o", true}, {"pcrs", true}, {"tcti", true}, {"root", true}});
  if (!args) return InputError("attest", args.error());
  if (!args->positionals().empty() || !args->Has("nonce") || !args->Has("o")) {
    return UsageError("attest", "quote takes --nonce HEX -o DIR");
  }
  const std::optional<ByteBuffer> nonce = FromHex(*args->Value("nonce"));
  if (!nonce || nonce->empty() || nonce->size() > 64) {
    return UsageError("attest", "--nonce takes 1 to 64 bytes in hex");
  }
  std::uint32_t pcrs = kDefaultPcrs;
  if (auto list = args->Value("pcrs")) {
    auto parsed = ParsePcrList(*list);
    if (!parsed) return UsageError("attest", "--pcrs takes PCRs 0-23 as 0,1,4-7");
    pcrs = *parsed;
  }
  auto opened = platform.OpenTpm();
  if (!opened) return InputError("attest", opened.error());
  platform::Tpm& tpm = **opened;
  auto allocated = tpm.Banks();
  if (!allocated) return InputError("attest", allocated.error());
  // sha256, and sha1 when the TPM has that bank on.
  std::vector<HashAlgorithm> banks;
  for (HashAlgorithm wanted : {HashAlgorithm::kSha256, HashAlgorithm::kSha1}) {
    for (HashAlgorithm bank : *allocated) {
      if (bank == wanted) banks.push_back(bank);
    }
  }
  if (banks.empty() || banks.front() != HashAlgorithm::kSha256) {
    return Refusal("attest", Error(ErrorCode::kUnsupported, "the TPM has no sha256 PCR bank"));
  }

  std::optional<platform::TpmQuote> quote;
  std::vector<crypto::PcrBank> values;
  for (int attempt = 1; attempt <= kQuoteAttempts && !quote; ++attempt) {
    auto before = tpm.ReadPcrs(banks);
    if (!before) return InputError("attest", before.error());
    auto quoted = tpm.Quote(banks, pcrs, *nonce);
    if (!quoted) return Refusal("attest", quoted.error());
    auto after = tpm.ReadPcrs(banks);
    if (!after) return InputError("attest", after.error());
    if (!(Bytes(quoted->extra_data).size() == nonce->size() &&
          std::equal(nonce->begin(), nonce->end(), quoted->extra_data.begin()))) {
      return Refusal(
          "attest", Error(ErrorCode::kIo, "the TPM's quote does not carry the nonce it was given"));
    }
    if (SameSelected(*before, *after, pcrs) &&
        tpm::QuotedPcrDigest(*after, pcrs, HashAlgorithm::kSha256) == quoted->pcr_digest) {
      quote = std::move(*quoted);
      values = std::move(*after);
    } else {
      std::fprintf(stderr, "baton attest: the PCRs changed during the quote (attempt %d of %d)\n",
                   attempt, kQuoteAttempts);
    }
  }
  if (!quote) {
    return Refusal("attest", Error(ErrorCode::kIo, "the PCRs kept changing during the quote"));
  }

  const std::string directory = *args->Value("o");
  platform::FileSystem& files = platform.files();
  const std::string pem = tpm::EcP256PublicKeyPem(quote->ak_x, quote->ak_y);
  const ByteBuffer pcr_file = tpm::SerializedPcrFile(values, pcrs);
  const std::pair<const char*, Bytes> outputs[] = {{"ak.pub.pem", AsBytes(pem)},
                                                   {"quote.msg", quote->attest},
                                                   {"quote.sig", quote->signature},
                                                   {"quote.pcrs", pcr_file}};
  for (const auto& [name, bytes] : outputs) {
    if (auto written = files.WriteFile(directory + "/" + name, bytes); !written) {
      return InputError("attest", written.error());
    }
  }
  std::string banks_text;
  for (HashAlgorithm bank : banks) {
    banks_text += (banks_text.empty() ? "" : "+") + std::string(crypto::HashName(bank));
  }
  std::fprintf(stderr,
               "baton attest: quoted PCRs %s in %s with the nonce; wrote %s/ak.pub.pem, "
               "quote.msg, quote.sig, quote.pcrs (pcrDigest %s)\n",
               args->Value("pcrs").value_or("0-10").c_str(), banks_text.c_str(), directory.c_str(),
               ToHex(quote->pcr_digest.bytes()).c_str());
  return kExitYes;
}

}  // namespace baton::cli

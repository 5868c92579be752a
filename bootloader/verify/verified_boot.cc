// SPDX-License-Identifier: GPL-2.0-or-later
// Verified boot: policy, trust anchors, verdicts.
#include "bootloader/verify/verified_boot.h"

#include "bootloader/core/text.h"
#include "bootloader/crypto/signed_data.h"
#include "platform/include/machine_paths.h"

namespace baton::verify {
namespace {

constexpr std::uint64_t kMaxCertificateFile = 1u << 20;

bool EndsWith(std::string_view text, std::string_view suffix) {
  return text.size() >= suffix.size() && text.substr(text.size() - suffix.size()) == suffix;
}

crypto::SignatureVerdict Malformed(const Error& error) {
  crypto::SignatureVerdict verdict;
  verdict.outcome = crypto::SignatureOutcome::kMalformed;
  verdict.reason = error.ToString();
  return verdict;
}

}  // namespace

std::string_view PolicyName(SignedBootPolicy policy) {
  switch (policy) {
    case SignedBootPolicy::kOff:
      return "off";
    case SignedBootPolicy::kWarn:
      return "warn";
    case SignedBootPolicy::kEnforce:
      return "enforce";
  }
  return "?";
}

std::optional<SignedBootPolicy> ParsePolicy(std::string_view text) {
  for (SignedBootPolicy policy :
       {SignedBootPolicy::kOff, SignedBootPolicy::kWarn, SignedBootPolicy::kEnforce}) {
    if (PolicyName(policy) == text) return policy;
  }
  return std::nullopt;
}

Result<PolicyChoice> ChoosePolicy(platform::FileSystem& machine,
                                  std::optional<SignedBootPolicy> requested) {
  PolicyChoice choice;
  if (requested) {
    choice = {*requested, "the command line"};
  } else if (Result<ByteBuffer> setting = machine.ReadFile(platform::kSignedBootSettingPath, 64);
             setting) {
    std::string_view word = AsText(*setting);
    while (!word.empty() && (word.back() == '\n' || word.back() == ' ')) word.remove_suffix(1);
    std::optional<SignedBootPolicy> policy = ParsePolicy(word);
    if (!policy) {
      return Error(ErrorCode::kInvalidArgument,
                   "the signed-boot setting is not off, warn or enforce", std::string(word))
          .WithContext(platform::kSignedBootSettingPath);
    }
    choice = {*policy, "the firmware's setting"};
  } else if (setting.error().code() != ErrorCode::kNotFound) {
    return std::move(setting).error().WithContext(platform::kSignedBootSettingPath);
  } else {
    choice = {SignedBootPolicy::kOff, "no setting"};
  }
  if (choice.policy == SignedBootPolicy::kEnforce) return choice;
  if (machine.ReadFile(platform::kSecureBootPath, 16)) {
    return PolicyChoice{SignedBootPolicy::kEnforce,
                        "OS secure boot is enforcing (device tree: os-secureboot-enforcing)"};
  }
  if (Result<ByteBuffer> mode = machine.ReadFile(platform::kPowerVmSecureBootPath, 16);
      mode && mode->size() == 4 &&
      LoadUnsigned<std::uint32_t>(mode->data(), ByteOrder::kBig) >= 2) {
    return PolicyChoice{SignedBootPolicy::kEnforce,
                        "OS secure boot is enforcing (device tree: ibm,secure-boot)"};
  }
  return choice;
}

PolicyChoice RaisePolicy(PolicyChoice choice, SignedBootPolicy floor, std::string why) {
  if (floor > choice.policy) return PolicyChoice{floor, std::move(why)};
  return choice;
}

Result<crypto::TrustAnchors> LoadTrustAnchors(platform::FileSystem& machine,
                                              std::string_view directory) {
  crypto::TrustAnchors anchors;
  Result<std::vector<std::string>> names = machine.List(directory);
  if (!names) {
    if (names.error().code() == ErrorCode::kNotFound) return anchors;
    return std::move(names).error().WithContext(directory);
  }
  for (const std::string& name : *names) {
    if (!EndsWith(name, ".der") && !EndsWith(name, ".cer") && !EndsWith(name, ".crt") &&
        !EndsWith(name, ".pem")) {
      continue;
    }
    const std::string path = std::string(directory) + "/" + name;
    ByteBuffer bytes = BATON_TRY(machine.ReadFile(path, kMaxCertificateFile));
    if (auto added = anchors.Add(bytes); !added) return std::move(added).error().WithContext(path);
  }
  return anchors;
}

SignedBoot LoadSignedBoot(platform::FileSystem& machine, std::optional<SignedBootPolicy> requested,
                          platform::FileSystem& keys, std::string_view keys_directory) {
  SignedBoot boot;
  if (Result<PolicyChoice> policy = ChoosePolicy(machine, requested); policy) {
    boot.choice = std::move(*policy);
  } else {
    boot.choice = {SignedBootPolicy::kEnforce,
                   "the setting is unreadable: " + policy.error().ToString()};
  }
  if (Result<crypto::TrustAnchors> anchors = LoadTrustAnchors(keys, keys_directory); anchors) {
    boot.anchors = std::move(*anchors);
  } else {
    boot.notes.push_back("signed boot: no trust anchors: " + anchors.error().ToString());
  }
  boot.notes.push_back("signed boot: " + std::string(PolicyName(boot.choice.policy)) + " (" +
                       boot.choice.why + "), " + std::to_string(boot.anchors.size()) +
                       " trust anchors");
  return boot;
}

ImageVerdict VerifyImage(Bytes image, std::optional<Bytes> detached,
                         const crypto::TrustAnchors& anchors, const crypto::ContentDigest* digest) {
  ImageVerdict result;
  Bytes signature;
  Bytes content = image;
  if (detached) {
    signature = *detached;
  } else {
    Result<std::optional<AppendedSignature>> appended = FindAppendedSignature(image);
    if (!appended) {
      result.verdict = Malformed(appended.error());
      return result;
    }
    if (!*appended) {
      result.verdict.outcome = crypto::SignatureOutcome::kNoSignature;
      result.verdict.reason = "the image carries no appended signature";
      return result;
    }
    result.appended = **appended;
    signature = result.appended->pkcs7;
    content = image.first(result.appended->content_size);
  }
  Result<crypto::SignedData> parsed = crypto::ParseSignedData(signature);
  if (!parsed) {
    result.verdict = Malformed(
        std::move(parsed).error().AddOffset(result.appended ? result.appended->content_size : 0));
    return result;
  }
  if (result.appended) {
    // The kernel verifies a modsig as a module signature: no signed attributes, no content
    // inside (pkcs7_verify, VERIFYING_MODULE_SIGNATURE). Refused alike, so both agree.
    for (const crypto::SignerInfo& signer : parsed->signers) {
      if (signer.signed_attributes || parsed->content) {
        result.verdict.outcome = crypto::SignatureOutcome::kMalformed;
        result.verdict.reason =
            "an appended signature with signed attributes or content inside, which the kernel "
            "refuses (sign with sign-file, or openssl cms -noattr -nocerts)";
        return result;
      }
    }
  }
  if (parsed->content && detached) {
    // A signature with its content inside: the content must be the image.
    const Bytes inside = *parsed->content;
    if (inside.size() != image.size() || !std::equal(inside.begin(), inside.end(), image.begin())) {
      result.verdict.outcome = crypto::SignatureOutcome::kDigestMismatch;
      result.verdict.reason = "the signature holds other content than the file";
      return result;
    }
  }
  const crypto::ContentDigest hash = [&](crypto::HashAlgorithm algorithm) {
    crypto::Digest value =
        digest != nullptr ? (*digest)(algorithm) : crypto::Hash(algorithm, content);
    result.content_digest = value;
    return value;
  };
  result.verdict = crypto::VerifySignedData(*parsed, hash, anchors);
  return result;
}

std::optional<crypto::SignerClaim> ClaimedSigner(Bytes image_tail,
                                                 const crypto::TrustAnchors& anchors) {
  Result<std::optional<AppendedSignature>> appended = FindAppendedSignature(image_tail);
  if (!appended || !*appended) return std::nullopt;
  Result<crypto::SignedData> parsed = crypto::ParseSignedData((*appended)->pkcs7);
  if (!parsed) return crypto::SignerClaim{"a signature that does not parse", false};
  return crypto::ClaimedSigner(*parsed, anchors);
}

std::string SignatureMark(Bytes image_tail, const crypto::TrustAnchors& anchors) {
  const std::optional<crypto::SignerClaim> claim = ClaimedSigner(image_tail, anchors);
  if (!claim) return "[not signed]";
  std::string name = claim->signer;
  if (const std::size_t cn = name.find("CN="); cn != std::string::npos) {
    name = name.substr(cn + 3);
    name = name.substr(0, name.find(", "));
  }
  constexpr std::size_t kNameWidth = 24;
  if (name.size() > kNameWidth) name = name.substr(0, kNameWidth - 3) + "...";
  return claim->known ? "[signed: " + name + "]" : "[signer not trusted: " + name + "]";
}

Decision Decide(SignedBootPolicy policy, std::string_view what,
                const crypto::SignatureVerdict& verdict) {
  Decision decision;
  const std::string subject(what);
  if (verdict.verified()) {
    decision.line = subject + ": verified, " + verdict.reason;
    return decision;
  }
  const std::string refusal = subject + ": " + std::string(crypto::OutcomeName(verdict.outcome)) +
                              (verdict.reason.empty() ? "" : " (" + verdict.reason + ")");
  switch (policy) {
    case SignedBootPolicy::kOff:
      decision.line = subject + ": not checked (signed boot is off)";
      break;
    case SignedBootPolicy::kWarn:
      decision.line = refusal + "; booting anyway (signed boot: warn)";
      break;
    case SignedBootPolicy::kEnforce:
      decision.allowed = false;
      decision.line = refusal + "; refused (signed boot: enforce)";
      break;
  }
  return decision;
}

}  // namespace baton::verify

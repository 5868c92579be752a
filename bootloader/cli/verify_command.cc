// SPDX-License-Identifier: GPL-2.0-or-later
// `baton verify`: the verdict baton's boot road gives an image's signature, for operators and
// for the tests that hold it against `openssl cms -verify`.
#include <cstdio>
#include <cstring>
#include <string>

#include "bootloader/cli/args.h"
#include "bootloader/cli/cli_util.h"
#include "bootloader/cli/commands.h"
#include "bootloader/core/json.h"
#include "bootloader/verify/verified_boot.h"
#include "platform/include/machine_paths.h"

namespace baton::cli {
namespace {

constexpr std::uint64_t kMaxImage = std::uint64_t{2} << 30;
constexpr std::uint64_t kMaxSignature = 16u << 20;

constexpr const char kVerifyHelp[] =
    "usage: baton verify FILE [--signature FILE.p7s] [--keys DIR] [--json]\n"
    "\n"
    "Checks FILE's signature as the boot does under signed boot: the module-style appended\n"
    "signature that the kernel's sign-file writes (PKCS#7), or with --signature a detached CMS\n"
    "signature over the whole file (openssl cms -sign -binary -outform DER). The signer's\n"
    "certificate must be one of the trust anchors or carried in the signature and issued by\n"
    "one; it must be valid now and allowed to sign; the digest is SHA-256, -384 or -512.\n"
    "\n"
    "  --keys DIR   the trust anchors: every *.der, *.cer, *.crt, *.pem in DIR (default: the\n"
    "               image's, /etc/baton/keys of the machine; --root DIR for a simulated one)\n"
    "  --json       one object: file, signature (appended|detached), verdict, signer, reason,\n"
    "               digest\n"
    "Exit status: 0 verified (the signer is printed), 1 refused (the reason is printed),\n"
    "2 usage error or unreadable input.\n";

}  // namespace

int RunVerifyCommand(platform::Platform& platform, int argc, char** argv) {
  if (argc >= 3 && std::strcmp(argv[2], "--help") == 0) {
    std::fputs(kVerifyHelp, stdout);
    return kExitYes;
  }
  auto args = Args::Parse(argc, argv, 2,
                          {{"signature", true}, {"keys", true}, {"json", false}, {"root", true}});
  if (!args) return InputError("verify", args.error());
  if (args->positionals().size() != 1) return UsageError("verify", "verify takes one FILE");
  const std::string& path = args->positionals().front();
  Result<platform::MappedFile> image = platform.files().MapFile(path, kMaxImage);
  if (!image) return InputError("verify", std::move(image).error().WithContext(path));
  std::optional<ByteBuffer> detached;
  if (auto signature = args->Value("signature")) {
    Result<ByteBuffer> read = platform.files().ReadFile(*signature, kMaxSignature);
    if (!read) return InputError("verify", std::move(read).error().WithContext(*signature));
    detached = std::move(*read);
  }
  const std::optional<std::string> keys = args->Value("keys");
  Result<crypto::TrustAnchors> anchors =
      keys ? verify::LoadTrustAnchors(platform.files(), *keys)
           : verify::LoadTrustAnchors(platform.machine(), platform::kTrustAnchorDirectory);
  if (!anchors) return InputError("verify", anchors.error());

  std::optional<Bytes> signature_bytes;
  if (detached) signature_bytes = Bytes(*detached);
  const verify::ImageVerdict result =
      verify::VerifyImage(image->bytes(), signature_bytes, *anchors);
  const crypto::SignatureVerdict& verdict = result.verdict;
  if (args->Has("json")) {
    JsonWriter json;
    json.BeginObject();
    json.Key("file").String(path);
    json.Key("signature").String(detached ? "detached" : "appended");
    json.Key("verdict").String(crypto::OutcomeName(verdict.outcome));
    json.Key("signer").String(verdict.signer);
    json.Key("reason").String(verdict.reason);
    json.Key("digest");
    if (verdict.digest) {
      json.String(crypto::HashName(*verdict.digest));
    } else {
      json.Null();
    }
    json.Key("trust_anchors").Number(anchors->size());
    json.EndObject();
    WriteOut(json.text() + "\n");
  } else if (verdict.verified()) {
    WriteOut(path + ": verified: " + verdict.reason + "\n");
  } else {
    std::fprintf(stderr, "baton verify: %s: %s%s%s\n", path.c_str(),
                 std::string(crypto::OutcomeName(verdict.outcome)).c_str(),
                 verdict.reason.empty() ? "" : ": ", verdict.reason.c_str());
  }
  return verdict.verified() ? kExitYes : kExitNo;
}

}  // namespace baton::cli

// SPDX-License-Identifier: GPL-2.0-or-later
// bootloader/verify: verified boot. Which signatures baton demands (the policy), whom it trusts
// (the trust anchors), and the verdict on an image: its module-style appended signature
// (appended_signature.h, what `sign-file` writes after a kernel) or a detached CMS signature
// (`FILE.p7s`, what `openssl cms -sign -binary -outform DER` writes for an initrd or a tree).
// The cryptography is crypto/signed_data.h and crypto/signature.h (mbedTLS); this folder
// includes no library. docs/verified-boot.md is the operator's account.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "bootloader/core/bytes.h"
#include "bootloader/core/result.h"
#include "bootloader/crypto/signature.h"
#include "bootloader/verify/appended_signature.h"
#include "platform/include/file_system.h"

namespace baton::verify {

enum class SignedBootPolicy : std::uint8_t {
  kOff,      // no signature is checked
  kWarn,     // every image is checked; a refusal is shown and the boot goes on
  kEnforce,  // a refusal stops the boot
};
std::string_view PolicyName(SignedBootPolicy policy);  // "off", "warn", "enforce"
std::optional<SignedBootPolicy> ParsePolicy(std::string_view text);

struct PolicyChoice {
  SignedBootPolicy policy = SignedBootPolicy::kOff;
  std::string why;  // "the firmware's setting", "OS secure boot is enforcing (device tree)", …
};

// The policy in force: `requested` (a command line's), else the firmware's setting (the file
// kSignedBootSettingPath of the machine: one word), else off; raised to enforce when the device
// tree says the OS's secure boot is enforcing, whatever was asked:
//   powernv: /ibm,secureboot/os-secureboot-enforcing (a property that is there);
//   PowerVM: /ibm,secure-boot, a 32-bit value of 2 or more.
// A setting file that does not hold a policy is an error naming it (a firmware fault).
Result<PolicyChoice> ChoosePolicy(platform::FileSystem& machine,
                                  std::optional<SignedBootPolicy> requested);

// `choice` raised to `floor` when the floor asks for more (the NVRAM's baton,signed-boot, which
// anyone with root in the OS can write: it may raise the policy, never lower it); `why` then
// names the floor.
PolicyChoice RaisePolicy(PolicyChoice choice, SignedBootPolicy floor, std::string why);

// Every certificate file (*.der, *.cer, *.crt, *.pem) in `directory` of the machine, sorted by
// name. A directory that is not there gives no anchors; a file that does not parse is an error
// naming it. The image's anchors are in kTrustAnchorDirectory (filled by the firmware build).
// (The platform keystores, /sys/firmware/secvar and PowerVM's PLPKS, are not read.)
Result<crypto::TrustAnchors> LoadTrustAnchors(platform::FileSystem& machine,
                                              std::string_view directory);

// What a boot road needs: the policy in force and the anchors, each failure taken the safe way.
// A setting that cannot be read gives enforce (a broken setting must not turn the checks off);
// anchors that cannot be read give none (so under warn or enforce every signer is unknown).
// `notes` says both, for the log: "signed boot: enforce (the firmware's setting), 2 trust anchors".
struct SignedBoot {
  PolicyChoice choice;
  crypto::TrustAnchors anchors;
  std::vector<std::string> notes;
};
SignedBoot LoadSignedBoot(platform::FileSystem& machine, std::optional<SignedBootPolicy> requested,
                          platform::FileSystem& keys, std::string_view keys_directory);

struct ImageVerdict {
  crypto::SignatureVerdict verdict;
  std::optional<AppendedSignature> appended;     // a kernel's modsig, for its ima-modsig entry
  std::optional<crypto::Digest> content_digest;  // of the signed bytes, in the signer's algorithm
};

// The verdict on an image: its appended signature when `detached` is nullopt, else the
// detached CMS signature over the whole image. `digest`, when given, gives the signed bytes'
// digest (hashed while the image was read); otherwise they are hashed here.
ImageVerdict VerifyImage(Bytes image, std::optional<Bytes> detached,
                         const crypto::TrustAnchors& anchors,
                         const crypto::ContentDigest* digest = nullptr);

// Who signed an image's appended signature, from its last bytes only (the menu shows it before
// a boot, without reading the image). nullopt: the tail holds no appended signature.
std::optional<crypto::SignerClaim> ClaimedSigner(Bytes image_tail,
                                                 const crypto::TrustAnchors& anchors);

// The menu's mark for an option's kernel, from its last bytes, before a boot: "[signed: NAME]"
// (the signer names a trust anchor or a certificate one issued; verified only at the boot),
// "[signer not trusted: NAME]", or "[not signed]". NAME is the subject's CN (else the whole
// subject), at most 24 characters.
std::string SignatureMark(Bytes image_tail, const crypto::TrustAnchors& anchors);

// Whether the boot goes on under `policy`, and the line for the boot progress screen.
struct Decision {
  bool allowed = true;
  std::string line;
};
Decision Decide(SignedBootPolicy policy, std::string_view what, const crypto::SignatureVerdict&);

}  // namespace baton::verify

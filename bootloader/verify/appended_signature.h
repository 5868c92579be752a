// SPDX-License-Identifier: GPL-2.0-or-later
// The module-style appended signature that the kernel's `sign-file` writes after a kernel
// image: the PKCS#7 DER, then a 12-byte `struct module_signature`, then the marker
// "~Module signature appended~\n". The kernel's IMA appraises kexec kernels with it
// (appraise_type=modsig) and records it in the `ima-modsig` template.
//
// Source: include/linux/module_signature.h (struct module_signature: algo, hash, id_type,
// signer_len, key_id_len, 3 bytes of padding, sig_len big-endian), kernel/module_signature.c
// mod_check_sig (id_type must be PKEY_ID_PKCS7 = 2, every other byte zero, sig_len inside the
// file), security/integrity/ima/ima_modsig.c ima_read_modsig. The bytes come from a disk.
#pragma once

#include <optional>
#include <string_view>

#include "bootloader/core/bytes.h"
#include "bootloader/core/result.h"

namespace baton::verify {

inline constexpr std::string_view kModuleSignatureMarker = "~Module signature appended~\n";
inline constexpr std::size_t kModuleSignatureSize = 12;  // sizeof(struct module_signature)

struct AppendedSignature {
  std::uint64_t content_size = 0;  // the signed bytes: the file up to the PKCS#7
  Bytes pkcs7;                     // the signature's DER, inside the file
};

// nullopt when the file does not end with the marker (no appended signature); an error, with
// the offset of the trailer, when it does but the trailer is not one the kernel accepts.
Result<std::optional<AppendedSignature>> FindAppendedSignature(Bytes file);

}  // namespace baton::verify

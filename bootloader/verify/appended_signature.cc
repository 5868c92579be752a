// SPDX-License-Identifier: GPL-2.0-or-later
// Finding a module-style appended signature.
#include "bootloader/verify/appended_signature.h"

#include <algorithm>

namespace baton::verify {

Result<std::optional<AppendedSignature>> FindAppendedSignature(Bytes file) {
  const Bytes marker = AsBytes(kModuleSignatureMarker);
  // As ima_read_modsig: a file no longer than the marker and the trailer has no signature.
  if (file.size() <= marker.size() + kModuleSignatureSize ||
      !std::equal(marker.begin(), marker.end(), file.end() - static_cast<long>(marker.size()))) {
    return std::optional<AppendedSignature>{};
  }
  const std::uint64_t trailer_end = file.size() - marker.size();
  const std::uint64_t trailer = trailer_end - kModuleSignatureSize;
  const std::byte* fields = file.data() + trailer;
  // algo, hash, id_type, signer_len, key_id_len, __pad[3], sig_len (big-endian).
  constexpr std::uint8_t kPkeyIdPkcs7 = 2;
  if (std::to_integer<std::uint8_t>(fields[2]) != kPkeyIdPkcs7) {
    return Error::AtOffset(ErrorCode::kCrypto, "appended signature: not PKCS#7 (id_type is not 2)",
                           trailer + 2);
  }
  for (std::size_t i : {0u, 1u, 3u, 4u, 5u, 6u, 7u}) {
    if (fields[i] != std::byte{0}) {
      return Error::AtOffset(ErrorCode::kCrypto,
                             "appended signature: a PKCS#7 trailer with non-zero parameters",
                             trailer + i);
    }
  }
  const std::uint32_t length = LoadUnsigned<std::uint32_t>(fields + 8, ByteOrder::kBig);
  // mod_check_sig: at least one byte of content before the signature.
  if (length == 0 || length >= trailer) {
    return Error::AtOffset(ErrorCode::kCrypto,
                           "appended signature: its length runs past the start of the file",
                           trailer + 8)
        .WithDetail(std::to_string(length) + " bytes");
  }
  AppendedSignature found;
  found.content_size = trailer - length;
  found.pkcs7 = file.subspan(found.content_size, length);
  return std::optional<AppendedSignature>(found);
}

}  // namespace baton::verify

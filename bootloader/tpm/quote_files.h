// SPDX-License-Identifier: GPL-2.0-or-later
// The files a verifier checks a TPM quote with, in the forms tpm2-tools' tpm2_checkquote (5.4)
// takes:
//   tpm2_checkquote -u ak.pub.pem -m quote.msg -s quote.sig -f quote.pcrs -g sha256 -q NONCE
//
//   ak.pub.pem   the AK's public key as a PEM SubjectPublicKeyInfo (RFC 5480: id-ecPublicKey,
//                prime256v1, the uncompressed point); checkquote reads it with PEM_read_bio_PUBKEY
//   quote.msg    the TPMS_ATTEST bytes as the TPM signed them, without TPM2B_ATTEST's size
//   quote.sig    the TPMT_SIGNATURE as the TPM marshals it
//   quote.pcrs   tpm2-tools' "serialized" PCR file (lib/pcr.c pcr_fwrite_serialized, read back by
//                tpm2_checkquote.c parse_selection_data_from_file): the host structs of tss2
//                3.x written as they lie in memory, with every field little-endian:
//                  TPML_PCR_SELECTION (132 bytes: u32 count, 16 x {u16 hash, u8 sizeofSelect,
//                  u8 pcrSelect[4], u8 pad}), u32 number of TPML_DIGEST, then each TPML_DIGEST
//                  (532 bytes: u32 count, 8 x {u16 size, u8 buffer[64]}); unused bytes zero.
//                The digests are the selected PCRs, bank by bank in the selection's order, PCR
//                by PCR upwards; checkquote hashes them in that order and compares the result
//                with the quote's pcrDigest.
// The layout is tpm2-tools' file format (an ABI with that tool), not a TPM wire format.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "bootloader/core/bytes.h"
#include "bootloader/crypto/pcr_bank.h"

namespace baton::tpm {

// x and y are 32 big-endian bytes each.
std::string EcP256PublicKeyPem(Bytes x, Bytes y);

// `banks` in the quote's selection order; `pcrs` bit i = PCR i (0..23).
ByteBuffer SerializedPcrFile(const std::vector<crypto::PcrBank>& banks, std::uint32_t pcrs);

// What the TPM puts in a quote's pcrDigest for these values: H(the selected PCRs, in the order
// above), H being the AK's scheme hash (`algorithm`).
crypto::Digest QuotedPcrDigest(const std::vector<crypto::PcrBank>& banks, std::uint32_t pcrs,
                               crypto::HashAlgorithm algorithm);

}  // namespace baton::tpm

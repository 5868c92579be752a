// SPDX-License-Identifier: GPL-2.0-or-later
// TssTpm: ESAPI calls, TSS2_RC decoded into words.
#include "platform/linux/tss_tpm.h"

#include <tss2/tss2_esys.h>
#include <tss2/tss2_mu.h>
#include <tss2/tss2_rc.h>
#include <tss2/tss2_tctildr.h>

#include <sys/socket.h>
#include <sys/time.h>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <set>
#include <thread>

namespace baton::platform {
namespace {

using crypto::HashAlgorithm;

Error TpmError(const char* what, TSS2_RC rc) {
  const char* decoded = Tss2_RC_Decode(rc);
  std::string detail = decoded != nullptr ? decoded : "unknown error";
  char code[24];
  std::snprintf(code, sizeof code, " (TSS2_RC 0x%x)", static_cast<unsigned>(rc));
  return Error(ErrorCode::kIo, what, detail + code);
}

std::optional<HashAlgorithm> FromTpmAlgorithm(TPM2_ALG_ID id) {
  switch (id) {
    case TPM2_ALG_SHA1:
      return HashAlgorithm::kSha1;
    case TPM2_ALG_SHA256:
      return HashAlgorithm::kSha256;
    case TPM2_ALG_SHA384:
      return HashAlgorithm::kSha384;
    case TPM2_ALG_SHA512:
      return HashAlgorithm::kSha512;
    default:
      return std::nullopt;
  }
}

// The socket TCTIs (swtpm, mssim) ignore ESYS's timeout and block in recv(), even inside their
// own initialisation (they read from swtpm's control channel). The device TCTI polls with the
// ESYS timeout set below. The watchdog bounds every TPM call from outside: if
// the call has not returned by the deadline, it shuts down every socket opened since the TPM
// was opened (the TCTI's), so the blocked read returns and the TCTI reports an I/O error.
class Watchdog {
 public:
  Watchdog(const std::set<int>& baseline, std::int32_t timeout_ms, bool& fired)
      : baseline_(baseline), fired_(fired) {
    thread_ = std::thread([this, timeout_ms] {
      std::unique_lock<std::mutex> lock(mutex_);
      if (!done_condition_.wait_for(lock, std::chrono::milliseconds(timeout_ms),
                                    [this] { return done_; })) {
        fired_ = true;
        for (int fd : OpenSockets()) {
          if (baseline_.count(fd) == 0) ::shutdown(fd, SHUT_RDWR);
        }
      }
    });
  }
  ~Watchdog() {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      done_ = true;
    }
    done_condition_.notify_all();
    thread_.join();
  }
  Watchdog(const Watchdog&) = delete;
  Watchdog& operator=(const Watchdog&) = delete;

  static std::set<int> OpenSockets() {
    std::set<int> sockets;
    for (int fd = 0; fd < 1024; ++fd) {
      int type = 0;
      socklen_t length = sizeof type;
      if (::getsockopt(fd, SOL_SOCKET, SO_TYPE, &type, &length) == 0) sockets.insert(fd);
    }
    return sockets;
  }

 private:
  const std::set<int>& baseline_;
  bool& fired_;
  std::mutex mutex_;
  std::condition_variable done_condition_;
  bool done_ = false;
  std::thread thread_;
};

Error Silent() {
  return Error(ErrorCode::kIo, "the TPM stopped answering", "no response within the time limit");
}

}  // namespace

struct TssTpm::Context {
  std::set<int> baseline_sockets;
  std::int32_t timeout_ms = 5000;
  bool silent = false;
  TSS2_TCTI_CONTEXT* tcti = nullptr;
  ESYS_CONTEXT* esys = nullptr;
  ~Context() {
    if (esys != nullptr) Esys_Finalize(&esys);
    if (tcti != nullptr) Tss2_TctiLdr_Finalize(&tcti);
  }
};

std::string ChooseTcti(const std::string& option) {
  if (!option.empty()) return option;
  const char* environment = std::getenv("BATON_TCTI");
  return environment != nullptr ? environment : "";
}

Result<std::unique_ptr<TssTpm>> TssTpm::Open(const std::string& tcti, std::int32_t timeout_ms) {
  // tpm2-tss logs every failed attempt to standard error; baton reports the error once itself.
  ::setenv("TSS2_LOG", "all+none", 0);
  std::unique_ptr<TssTpm> tpm(new TssTpm());
  tpm->context_ = std::make_unique<Context>();
  tpm->context_->baseline_sockets = Watchdog::OpenSockets();
  tpm->context_->timeout_ms = timeout_ms;
  tpm->tcti_ = tcti;
  Watchdog watchdog(tpm->context_->baseline_sockets, timeout_ms, tpm->context_->silent);
  // The device TCTI first tries /dev/tpmrm0, then /dev/tpm0, when given no path.
  const char* attempts[] = {"device:/dev/tpmrm0", "device:/dev/tpm0"};
  TSS2_RC rc = TSS2_RC_SUCCESS;
  if (!tcti.empty()) {
    rc = Tss2_TctiLdr_Initialize(tcti.c_str(), &tpm->context_->tcti);
  } else {
    for (const char* attempt : attempts) {
      rc = Tss2_TctiLdr_Initialize(attempt, &tpm->context_->tcti);
      if (rc == TSS2_RC_SUCCESS) {
        tpm->tcti_ = attempt;
        break;
      }
    }
  }
  if (tpm->context_->silent) return Silent();
  if (rc != TSS2_RC_SUCCESS) return TpmError("no TPM: cannot open the TCTI", rc);
  rc = Esys_Initialize(&tpm->context_->esys, tpm->context_->tcti, nullptr);
  if (rc != TSS2_RC_SUCCESS) return TpmError("the TPM does not answer", rc);
  rc = Esys_SetTimeout(tpm->context_->esys, timeout_ms);
  if (rc != TSS2_RC_SUCCESS) return TpmError("cannot set the TPM timeout", rc);
  return tpm;
}

TssTpm::~TssTpm() = default;

namespace {

// One TPM2_GetCapability under the watchdog; the caller Esys_Frees the data. (A template so
// that it need not name TssTpm's private Context.)
template <typename Context>
Result<TPMS_CAPABILITY_DATA*> GetCapability(Context& context, std::uint64_t& commands,
                                            TPM2_CAP capability, UINT32 property, UINT32 count,
                                            const char* what) {
  TPMS_CAPABILITY_DATA* data = nullptr;
  TPMI_YES_NO more = TPM2_NO;
  if (context.silent) return Silent();
  ++commands;
  TSS2_RC rc;
  {
    Watchdog watchdog(context.baseline_sockets, context.timeout_ms, context.silent);
    rc = Esys_GetCapability(context.esys, ESYS_TR_NONE, ESYS_TR_NONE, ESYS_TR_NONE, capability,
                            property, count, &more, &data);
  }
  if (context.silent) return Silent();
  if (rc != TSS2_RC_SUCCESS) return TpmError(what, rc);
  return data;
}

}  // namespace

Result<std::vector<HashAlgorithm>> TssTpm::Banks() {
  TPMS_CAPABILITY_DATA* data = BATON_TRY(
      GetCapability(*context_, commands_, TPM2_CAP_PCRS, 0, 1, "cannot list the PCR banks"));
  std::vector<HashAlgorithm> banks;
  const TPML_PCR_SELECTION& assigned = data->data.assignedPCR;
  for (UINT32 i = 0; i < assigned.count && i < TPM2_NUM_PCR_BANKS; ++i) {
    const TPMS_PCR_SELECTION& selection = assigned.pcrSelections[i];
    bool any = false;
    for (UINT8 j = 0; j < selection.sizeofSelect && j < sizeof selection.pcrSelect; ++j) {
      any = any || selection.pcrSelect[j] != 0;
    }
    std::optional<HashAlgorithm> bank = FromTpmAlgorithm(selection.hash);
    if (any && bank) banks.push_back(*bank);
  }
  Esys_Free(data);
  return banks;
}

Result<std::vector<crypto::PcrBank>> TssTpm::ReadPcrs(const std::vector<HashAlgorithm>& banks) {
  std::vector<crypto::PcrBank> result;
  TPML_PCR_SELECTION wanted{};
  for (HashAlgorithm bank : banks) {
    if (wanted.count == TPM2_NUM_PCR_BANKS) break;
    TPMS_PCR_SELECTION& selection = wanted.pcrSelections[wanted.count++];
    selection.hash = static_cast<TPMI_ALG_HASH>(bank);
    selection.sizeofSelect = 3;
    selection.pcrSelect[0] = selection.pcrSelect[1] = selection.pcrSelect[2] = 0xff;
    crypto::PcrBank values;
    values.algorithm = bank;
    for (auto& value : values.values) value = crypto::Digest::Zero(bank);
    result.push_back(values);
  }
  // One PCR_Read returns at most 8 digests: clear what came back and ask again. One watchdog
  // bounds the whole read (a thread per command would cost more than the commands).
  Watchdog watchdog(context_->baseline_sockets, context_->timeout_ms, context_->silent);
  for (int round = 0; round < 64; ++round) {
    bool left = false;
    for (UINT32 i = 0; i < wanted.count; ++i) {
      for (int j = 0; j < 3; ++j) left = left || wanted.pcrSelections[i].pcrSelect[j] != 0;
    }
    if (!left) return result;
    UINT32 update = 0;
    TPML_PCR_SELECTION* out_selection = nullptr;
    TPML_DIGEST* digests = nullptr;
    if (context_->silent) return Silent();
    ++commands_;
    TSS2_RC rc = Esys_PCR_Read(context_->esys, ESYS_TR_NONE, ESYS_TR_NONE, ESYS_TR_NONE, &wanted,
                               &update, &out_selection, &digests);
    if (context_->silent) return Silent();
    if (rc != TSS2_RC_SUCCESS) return TpmError("cannot read the PCRs", rc);
    std::size_t next_digest = 0;
    bool progress = false;
    for (UINT32 i = 0; i < out_selection->count; ++i) {
      const TPMS_PCR_SELECTION& got = out_selection->pcrSelections[i];
      std::optional<HashAlgorithm> bank = FromTpmAlgorithm(got.hash);
      for (UINT32 pcr = 0; pcr < 24; ++pcr) {
        if (got.sizeofSelect <= pcr / 8 || !(got.pcrSelect[pcr / 8] & (1u << (pcr % 8)))) continue;
        if (next_digest >= digests->count) break;
        const TPM2B_DIGEST& digest = digests->digests[next_digest++];
        for (std::size_t b = 0; bank && b < result.size(); ++b) {
          if (result[b].algorithm != *bank) continue;
          result[b].values[pcr] = crypto::Digest::Padded(
              *bank, Bytes(reinterpret_cast<const std::byte*>(digest.buffer), digest.size));
          result[b].present.set(pcr);
        }
        for (UINT32 k = 0; k < wanted.count; ++k) {
          if (wanted.pcrSelections[k].hash == got.hash) {
            wanted.pcrSelections[k].pcrSelect[pcr / 8] &= static_cast<BYTE>(~(1u << (pcr % 8)));
            progress = true;
          }
        }
      }
    }
    Esys_Free(out_selection);
    Esys_Free(digests);
    if (!progress) break;  // the TPM returned nothing for what is left: those PCRs are absent
  }
  return result;
}

Result<void> TssTpm::Extend(std::uint32_t pcr, const std::vector<PcrDigest>& digests) {
  if (pcr > 23) return Error(ErrorCode::kInvalidArgument, "PCR index out of range");
  TPML_DIGEST_VALUES values{};
  for (const PcrDigest& digest : digests) {
    if (values.count == TPM2_NUM_PCR_BANKS) break;
    TPMT_HA& entry = values.digests[values.count++];
    entry.hashAlg = static_cast<TPMI_ALG_HASH>(digest.bank);
    std::memcpy(&entry.digest, digest.value.storage.data(), digest.value.size);
  }
  if (context_->silent) return Silent();
  ++commands_;
  TSS2_RC rc;
  {
    Watchdog watchdog(context_->baseline_sockets, context_->timeout_ms, context_->silent);
    rc = Esys_PCR_Extend(context_->esys, static_cast<ESYS_TR>(ESYS_TR_PCR0 + pcr), ESYS_TR_PASSWORD,
                         ESYS_TR_NONE, ESYS_TR_NONE, &values);
  }
  if (context_->silent) return Silent();
  if (rc != TSS2_RC_SUCCESS) return TpmError("cannot extend the PCR", rc);
  return Ok();
}

Result<TpmInfo> TssTpm::Info() {
  TPMS_CAPABILITY_DATA* data =
      BATON_TRY(GetCapability(*context_, commands_, TPM2_CAP_TPM_PROPERTIES, TPM2_PT_MANUFACTURER,
                              32, "cannot read the TPM's properties"));
  TpmInfo info;
  std::uint32_t version1 = 0, version2 = 0;
  for (UINT32 i = 0; i < data->data.tpmProperties.count; ++i) {
    const TPMS_TAGGED_PROPERTY& property = data->data.tpmProperties.tpmProperty[i];
    if (property.property == TPM2_PT_MANUFACTURER) {
      for (int shift = 24; shift >= 0; shift -= 8) {
        char c = static_cast<char>((property.value >> shift) & 0xff);
        if (c >= 0x20 && c < 0x7f) info.manufacturer += c;
      }
    } else if (property.property == TPM2_PT_FIRMWARE_VERSION_1) {
      version1 = property.value;
    } else if (property.property == TPM2_PT_FIRMWARE_VERSION_2) {
      version2 = property.value;
    }
  }
  Esys_Free(data);
  info.firmware_version = std::to_string(version1 >> 16) + "." + std::to_string(version1 & 0xffff) +
                          "." + std::to_string(version2 >> 16) + "." +
                          std::to_string(version2 & 0xffff);
  return info;
}

namespace {

ByteBuffer BufferOf(const BYTE* data, std::size_t size) {
  const auto* bytes = reinterpret_cast<const std::byte*>(data);
  return ByteBuffer(bytes, bytes + size);
}

// The AK's template (TCG EK Credential Profile's style of a fixed template, so that the key is
// the same on every call): ECC P-256, ECDSA-SHA256, restricted, signing, fixed to this TPM.
TPM2B_PUBLIC AttestationKeyTemplate() {
  TPM2B_PUBLIC key{};
  TPMT_PUBLIC& area = key.publicArea;
  area.type = TPM2_ALG_ECC;
  area.nameAlg = TPM2_ALG_SHA256;
  area.objectAttributes = TPMA_OBJECT_FIXEDTPM | TPMA_OBJECT_FIXEDPARENT |
                          TPMA_OBJECT_SENSITIVEDATAORIGIN | TPMA_OBJECT_USERWITHAUTH |
                          TPMA_OBJECT_RESTRICTED | TPMA_OBJECT_SIGN_ENCRYPT | TPMA_OBJECT_NODA;
  area.parameters.eccDetail.symmetric.algorithm = TPM2_ALG_NULL;
  area.parameters.eccDetail.scheme.scheme = TPM2_ALG_ECDSA;
  area.parameters.eccDetail.scheme.details.ecdsa.hashAlg = TPM2_ALG_SHA256;
  area.parameters.eccDetail.curveID = TPM2_ECC_NIST_P256;
  area.parameters.eccDetail.kdf.scheme = TPM2_ALG_NULL;
  return key;
}

// A P-256 coordinate as 32 big-endian bytes (a TPM may send it without leading zeros).
Result<ByteBuffer> Coordinate(const TPM2B_ECC_PARAMETER& value) {
  if (value.size > 32) {
    return Error(ErrorCode::kIo, "the TPM sent a P-256 coordinate longer than 32 bytes",
                 std::to_string(value.size) + " bytes");
  }
  ByteBuffer coordinate(32 - value.size);
  ByteBuffer digits = BufferOf(value.buffer, value.size);
  coordinate.insert(coordinate.end(), digits.begin(), digits.end());
  return coordinate;
}

}  // namespace

Result<TpmQuote> TssTpm::Quote(const std::vector<HashAlgorithm>& banks, std::uint32_t pcrs,
                               Bytes nonce) {
  TPM2B_DATA qualifying{};
  if (nonce.empty() || nonce.size() > sizeof qualifying.buffer) {
    return Error(ErrorCode::kInvalidArgument, "a quote's nonce is 1 to 64 bytes",
                 std::to_string(nonce.size()) + " bytes");
  }
  qualifying.size = static_cast<UINT16>(nonce.size());
  std::memcpy(qualifying.buffer, nonce.data(), nonce.size());
  TPML_PCR_SELECTION selection{};
  for (HashAlgorithm bank : banks) {
    if (selection.count == TPM2_NUM_PCR_BANKS) break;
    TPMS_PCR_SELECTION& one = selection.pcrSelections[selection.count++];
    one.hash = static_cast<TPMI_ALG_HASH>(bank);
    one.sizeofSelect = 3;
    for (int i = 0; i < 3; ++i) one.pcrSelect[i] = static_cast<BYTE>((pcrs >> (8 * i)) & 0xff);
  }

  if (context_->silent) return Silent();
  Watchdog watchdog(context_->baseline_sockets, context_->timeout_ms, context_->silent);
  const TPM2B_PUBLIC key_template = AttestationKeyTemplate();
  const TPM2B_SENSITIVE_CREATE sensitive{};
  const TPM2B_DATA outside{};
  const TPML_PCR_SELECTION creation_pcrs{};
  ESYS_TR key = ESYS_TR_NONE;
  TPM2B_PUBLIC* key_public = nullptr;
  commands_ += 1;
  TSS2_RC rc = Esys_CreatePrimary(context_->esys, ESYS_TR_RH_ENDORSEMENT, ESYS_TR_PASSWORD,
                                  ESYS_TR_NONE, ESYS_TR_NONE, &sensitive, &key_template, &outside,
                                  &creation_pcrs, &key, &key_public, nullptr, nullptr, nullptr);
  if (context_->silent) return Silent();
  if (rc != TSS2_RC_SUCCESS) return TpmError("cannot make the attestation key", rc);

  TpmQuote quote;
  Result<void> made = Ok();
  Result<ByteBuffer> x = Coordinate(key_public->publicArea.unique.ecc.x);
  Result<ByteBuffer> y = Coordinate(key_public->publicArea.unique.ecc.y);
  Esys_Free(key_public);
  if (!x || !y) {
    made = !x ? std::move(x).error() : std::move(y).error();
  } else {
    quote.ak_x = std::move(*x);
    quote.ak_y = std::move(*y);
    const TPMT_SIG_SCHEME scheme{TPM2_ALG_NULL, {}};  // the key's own: ECDSA-SHA256
    TPM2B_ATTEST* attest = nullptr;
    TPMT_SIGNATURE* signature = nullptr;
    commands_ += 1;
    rc = Esys_Quote(context_->esys, key, ESYS_TR_PASSWORD, ESYS_TR_NONE, ESYS_TR_NONE, &qualifying,
                    &scheme, &selection, &attest, &signature);
    if (context_->silent) return Silent();
    if (rc != TSS2_RC_SUCCESS) {
      made = TpmError("cannot quote", rc);
    } else {
      quote.attest = BufferOf(attest->attestationData, attest->size);
      BYTE marshalled[sizeof(TPMT_SIGNATURE)];
      std::size_t used = 0;
      TPMS_ATTEST parsed{};
      std::size_t offset = 0;
      if (Tss2_MU_TPMT_SIGNATURE_Marshal(signature, marshalled, sizeof marshalled, &used) !=
          TSS2_RC_SUCCESS) {
        made = Error(ErrorCode::kIo, "cannot marshal the quote's signature");
      } else if (Tss2_MU_TPMS_ATTEST_Unmarshal(attest->attestationData, attest->size, &offset,
                                               &parsed) != TSS2_RC_SUCCESS ||
                 parsed.type != TPM2_ST_ATTEST_QUOTE) {
        made = Error(ErrorCode::kIo, "the TPM's quote does not parse as a TPMS_ATTEST quote");
      } else {
        quote.signature = BufferOf(marshalled, used);
        const TPM2B_DIGEST& digest = parsed.attested.quote.pcrDigest;
        quote.pcr_digest = crypto::Digest::Padded(
            HashAlgorithm::kSha256, Bytes(reinterpret_cast<const std::byte*>(digest.buffer),
                                          std::min<std::size_t>(digest.size, 32)));
        quote.extra_data = BufferOf(parsed.extraData.buffer, parsed.extraData.size);
      }
    }
    Esys_Free(attest);
    Esys_Free(signature);
  }
  // A TPM without a resource manager has three transient slots: the AK must not stay.
  commands_ += 1;
  if (TSS2_RC flushed = Esys_FlushContext(context_->esys, key);
      flushed != TSS2_RC_SUCCESS && made) {
    made = TpmError("cannot flush the attestation key", flushed);
  }
  if (context_->silent) return Silent();
  BATON_TRY(std::move(made));
  return quote;
}

}  // namespace baton::platform

// SPDX-License-Identifier: GPL-2.0-or-later
// New entries in the kernel's format, boot_aggregate, and PCR files.
#include <string>

#include "bootloader/core/text.h"
#include "bootloader/ima/entries.h"
#include "bootloader/ima/kexec_buffer.h"
#include "bootloader/ima/pcr_table.h"
#include "tests/unit/list_builder.h"

#include "tests/unit/harness.h"

using namespace baton;
using namespace baton::ima;
using crypto::Digest;
using crypto::HashAlgorithm;

TEST_GROUP(Entries){};

TEST(Entries, FileEntryIsTheKernelsImaNgEntry) {
  ByteOrder order = ByteOrder::kLittle;
  Digest digest = Digest::Filled(HashAlgorithm::kSha256, std::byte{0xab});
  NewEntry made = MakeFileEntry(10, HashAlgorithm::kSha256, digest.bytes(), "/usr/bin/bash", order,
                                {HashAlgorithm::kSha1, HashAlgorithm::kSha256});
  ByteBuffer data = testing::ImaNgData(order, 0xab, "/usr/bin/bash");
  Digest sha1 = crypto::Hash(HashAlgorithm::kSha1, data);
  ByteBuffer expected = testing::Entry(order, 10, 0, "ima-ng", data);
  std::copy_n(sha1.storage.begin(), 20, expected.begin() + 4);
  CHECK(made.bytes == expected);
  UNSIGNED_LONGS_EQUAL(100, made.bytes.size());
  CHECK(made.extend[0] == sha1);
  CHECK(made.extend[1] == crypto::Hash(HashAlgorithm::kSha256, data));
}

TEST(Entries, NamesHaveSpacesReplaced) {
  ByteBuffer field = NameNgField("/a b");
  STRCMP_EQUAL("/a_b", std::string(AsText(field).substr(0, 4)).c_str());
  UNSIGNED_LONGS_EQUAL(5, field.size());
}

TEST(Entries, KexecCmdlineBufferEntry) {
  ByteOrder order = ByteOrder::kBig;
  NewEntry made = MakeBufferEntry(10, HashAlgorithm::kSha256, "kexec-cmdline",
                                  AsBytes("console=hvc0"), order, {HashAlgorithm::kSha256});
  ListReader reader(made.bytes, order);
  ListEntry entry;
  CHECK(*reader.Next(entry));
  STRCMP_EQUAL("ima-buf", std::string(entry.template_name).c_str());
  auto fields = SplitFields(entry, *ResolveTemplate("ima-buf"), order);
  CHECK(fields.has_value());
  STRCMP_EQUAL("console=hvc0", std::string(AsText(fields->data[2])).c_str());
  ByteBuffer expected_digest =
      DigestNgField(HashAlgorithm::kSha256,
                    crypto::Hash(HashAlgorithm::kSha256, AsBytes("console=hvc0")).bytes());
  CHECK(ByteBuffer(fields->data[0].begin(), fields->data[0].end()) == expected_digest);
  CHECK(PackKexecBuffer(made.bytes, order, 65536).has_value());
}

TEST(Entries, BootAggregateBankChoiceAndPcrs) {
  std::vector<HashAlgorithm> sha1_only = {HashAlgorithm::kSha1};
  std::vector<HashAlgorithm> all(crypto::kAllHashAlgorithms.begin(),
                                 crypto::kAllHashAlgorithms.end());
  CHECK(BootAggregateBank(HashAlgorithm::kSha384, all) == HashAlgorithm::kSha384);
  CHECK(BootAggregateBank(HashAlgorithm::kSha512, {HashAlgorithm::kSha1, HashAlgorithm::kSha256}) ==
        HashAlgorithm::kSha256);
  CHECK(BootAggregateBank(HashAlgorithm::kSha256, sha1_only) == HashAlgorithm::kSha1);
  CHECK_FALSE(BootAggregateBank(HashAlgorithm::kSha256, {}).has_value());

  // SHA-1: PCR 0-7 only; other banks: PCR 0-9.
  PcrBank sha1 = PcrBank::PowerOn(HashAlgorithm::kSha1);
  sha1.values[8] = Digest::Filled(HashAlgorithm::kSha1, std::byte{1});
  CHECK(BootAggregate(sha1) == crypto::Hash(HashAlgorithm::kSha1, ByteBuffer(160)));
  PcrBank sha256 = PcrBank::PowerOn(HashAlgorithm::kSha256);
  CHECK(BootAggregate(sha256) == crypto::Hash(HashAlgorithm::kSha256, ByteBuffer(320)));
}

TEST(Entries, PcrFilesRoundTripAndNameTheLine) {
  PcrBank bank = PcrBank::PowerOn(HashAlgorithm::kSha256);
  bank.values[10] = crypto::Hash(HashAlgorithm::kSha256, AsBytes("x"));
  std::string text = FormatPcrFile(bank);
  CHECK(text.rfind("PCR-00: 0000", 0) == 0);
  auto parsed = ParsePcrFile(text, HashAlgorithm::kSha256);
  CHECK(parsed.has_value());
  CHECK(parsed->values[10] == bank.values[10]);
  CHECK(parsed->values[17] == Digest::Filled(HashAlgorithm::kSha256, std::byte{0xff}));
  auto wrong_bank = ParsePcrFile(text, HashAlgorithm::kSha1);
  CHECK_FALSE(wrong_bank.has_value());
  UNSIGNED_LONGS_EQUAL(1, wrong_bank.error().position());
  auto out_of_order =
      ParsePcrFile("PCR-00: " + std::string(40, '0') + "\nPCR-02: " + std::string(40, '0') + "\n",
                   HashAlgorithm::kSha1);
  CHECK_FALSE(out_of_order.has_value());
  UNSIGNED_LONGS_EQUAL(2, out_of_order.error().position());
  CHECK_FALSE(ParsePcrFile("", HashAlgorithm::kSha1).has_value());
  // Upper case and spaces between bytes, as evmctl accepts.
  auto spaced = ParsePcrFile("PCR-00: AB CD " + std::string(36, 'E') + "\n", HashAlgorithm::kSha1);
  CHECK(spaced.has_value());
}

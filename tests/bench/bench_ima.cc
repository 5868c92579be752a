// SPDX-License-Identifier: GPL-2.0-or-later
// Benchmarks of the IMA engine (run by tests/bench/run_bench.sh, not by make check).
//   bench_ima generate N FILE   an N-entry ima-ng list with real template digests
//   bench_ima codec FILE        parse + pack header + check, in one pass each; prints GB/s
#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <string>

#include "bootloader/crypto/hash.h"
#include "bootloader/ima/entries.h"
#include "bootloader/ima/kexec_buffer.h"
#include "bootloader/ima/measurement_list.h"
#include "platform/linux/posix_file_system.h"

using namespace baton;

namespace {

double Seconds(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

int Generate(unsigned long count, const char* path) {
  ByteBuffer list;
  list.reserve(count * 110);
  for (unsigned long i = 0; i < count; ++i) {
    std::string name = "/usr/lib/bench/file-" + std::to_string(i) + ".so";
    crypto::Digest digest = crypto::Hash(crypto::HashAlgorithm::kSha256, AsBytes(name));
    ima::NewEntry entry = ima::MakeFileEntry(ima::kImaPcr, crypto::HashAlgorithm::kSha256,
                                             digest.bytes(), name, NativeByteOrder(), {});
    list.insert(list.end(), entry.bytes.begin(), entry.bytes.end());
  }
  platform::PosixFileSystem files("");
  auto written = files.WriteFile(path, list);
  if (!written) {
    std::fprintf(stderr, "%s\n", written.error().ToString().c_str());
    return 2;
  }
  return 0;
}

int Codec(const char* path) {
  platform::PosixFileSystem files("");
  auto data = files.ReadFile(path, std::uint64_t{4} << 30);
  if (!data) {
    std::fprintf(stderr, "%s\n", data.error().ToString().c_str());
    return 2;
  }
  const double gigabytes = static_cast<double>(data->size()) / 1e9;
  double best_scan = 1e9, best_header = 1e9, best_check = 1e9;
  std::uint64_t entries = 0;
  for (int round = 0; round < 5; ++round) {
    auto start = std::chrono::steady_clock::now();
    auto summary = ima::ScanList(*data, NativeByteOrder());
    best_scan = std::min(best_scan, Seconds(start));
    if (!summary) return 2;
    entries = summary->entries;
    // Pack: validate for the next kernel and build the header (the entries are then written
    // straight from the input buffer, as `baton ima pack` does).
    start = std::chrono::steady_clock::now();
    auto header = ima::HeaderForStream(*data, NativeByteOrder());
    best_header = std::min(best_header, Seconds(start));
    if (!header) return 2;
  }
  auto packed = ima::PackKexecBuffer(*data, NativeByteOrder(), 65536);
  if (!packed) return 2;
  for (int round = 0; round < 5; ++round) {
    auto start = std::chrono::steady_clock::now();
    ima::CheckReport report = ima::CheckKexecBuffer(*packed, NativeByteOrder(), packed->size());
    best_check = std::min(best_check, Seconds(start));
    if (!report.restores_all) return 2;
  }
  std::printf("list: %llu entries, %.1f MB\n", static_cast<unsigned long long>(entries),
              gigabytes * 1000);
  std::printf("parse (ScanList):          %.3f s  %.2f GB/s\n", best_scan, gigabytes / best_scan);
  std::printf("pack (validate + header):  %.3f s  %.2f GB/s\n", best_header,
              gigabytes / best_header);
  std::printf("check (restore rules):     %.3f s  %.2f GB/s\n", best_check, gigabytes / best_check);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc == 4 && std::strcmp(argv[1], "generate") == 0) {
    return Generate(std::strtoul(argv[2], nullptr, 10), argv[3]);
  }
  if (argc == 3 && std::strcmp(argv[1], "codec") == 0) return Codec(argv[2]);
  std::fprintf(stderr, "usage: bench_ima generate N FILE | bench_ima codec FILE\n");
  return 2;
}

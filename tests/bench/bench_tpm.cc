// SPDX-License-Identifier: GPL-2.0-or-later
// Benchmark: reading every PCR of every allocated bank through tpm2-tss (run by run_bench.sh
// against swtpm). Prints the banks, the commands one full read takes, and the mean time.
#include <chrono>
#include <cstdio>
#include <cstdlib>

#include "platform/linux/tss_tpm.h"

int main(int argc, char** argv) {
  using namespace baton;
  const int rounds = argc > 1 ? std::atoi(argv[1]) : 100;
  auto tpm = platform::TssTpm::Open(platform::ChooseTcti(""));
  if (!tpm) {
    std::fprintf(stderr, "%s\n", tpm.error().ToString().c_str());
    return 2;
  }
  auto banks = (*tpm)->Banks();
  if (!banks) return 2;
  const std::uint64_t before = (*tpm)->commands_sent();
  auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < rounds; ++i) {
    if (!(*tpm)->ReadPcrs(*banks)) return 2;
  }
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::printf("banks %zu, commands per full read %llu (ceil(24/8) x banks = %zu), mean %.3f ms\n",
              banks->size(),
              static_cast<unsigned long long>(((*tpm)->commands_sent() - before) / rounds),
              3 * banks->size(), 1000 * seconds / rounds);
  return 0;
}

# SPDX-License-Identifier: GPL-2.0-or-later
# baton: non-recursive build. Each folder adds its sources in its own module.mk; this file holds
# the rules. Out-of-tree: build/host (native), build/host/asan (tests with ASan+UBSan),
# build/ppc64le and build/ppc64 (cross, library-free core), build/fuzz (clang, libFuzzer).
#
#   make deps    install every Debian package the project needs (idempotent)
#   make         build build/host/baton
#   make check   run every test; ends with "N passed, M failed"
#   make bench   run the benchmarks (not part of check)
#   make check-fresh  the README's `make run` and `make check` on a clean Debian root (slow; root)
#   V=1          show full commands

.DEFAULT_GOAL := all
SHELL := /bin/bash

BUILD := build
HOST := $(BUILD)/host
ASAN := $(HOST)/asan

CXX := g++
CLANGXX := clang++
CROSS_LE := powerpc64le-linux-gnu-g++
CROSS_BE := powerpc64-linux-gnu-g++

CXXSTD := -std=c++20
WARNINGS := -Wall -Wextra -Wconversion -Wshadow -Werror
CPPFLAGS := -I.
OPTIMIZE := -O2 -g
SANITIZE := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
DEPFLAGS = -MMD -MP
CXXFLAGS = $(CXXSTD) $(WARNINGS) $(OPTIMIZE) $(CPPFLAGS)
CPPUTEST_LIBS := -lCppUTestExt -lCppUTest

ifeq ($(V),1)
  Q :=
  say = @true
else
  Q := @
  say = @printf '  %-7s %s\n' $(1) $(2)
endif

# Filled by the fragments. Each folder's module.mk adds only its own files, to the link set they
# need: CORE_SRCS (standard library only), PURE_SRCS (no third-party library: also cross-built
# for big-endian ppc64), CRYPTO_SRCS (libcrypto and mbedTLS), FDT_SRCS (libfdt), BOOT_SRCS (the boot road, which
# places the generated trampoline), PLATFORM_SRCS (the real world: libblkid, system calls),
# TSS_SRCS (tpm2-tss), CLI_SRCS and CURSES_SRCS (the baton binary). Each third-party library has
# its own variable, set by the one module that uses it: CRYPTO_LIBS, MBEDTLS_LIBS, FDT_LIBS, BLKID_LIBS,
# TSS_LIBS, CURSES_LIBS.
CORE_SRCS :=
PURE_SRCS :=
CRYPTO_SRCS :=
FDT_SRCS :=
BOOT_SRCS :=
TSS_SRCS :=
FAKE_SRCS :=
GENERATED_SRCS :=
PLATFORM_SRCS :=
CLI_SRCS :=
CURSES_SRCS :=
UNIT_TEST_PURE_SRCS :=
UNIT_TEST_SRCS :=
FUZZ_TARGETS :=
CHECK_SUITES :=

host_obj = $(patsubst %.cc,$(HOST)/obj/%.o,$(1))
asan_obj = $(patsubst %.cc,$(ASAN)/obj/%.o,$(1))

# Modules are included in dependency order: the library first, the tests after it.
MODULES := bootloader/core bootloader/crypto bootloader/ima bootloader/devicetree bootloader/kexec \
           bootloader/tpm bootloader/verify bootloader/settings bootloader/config bootloader/discover bootloader/boot bootloader/cli ui \
           platform/linux platform/sim platform/powerpc platform/fake dts \
           tools/deps tools/layout tools/image tests/unit tests/cross tests/fuzz tests/integration tests/bench tests/e2e
include $(patsubst %,%/module.mk,$(filter bootloader/% platform/% dts ui,$(MODULES)))
LIB_SRCS := $(CORE_SRCS) $(PURE_SRCS) $(CRYPTO_SRCS) $(FDT_SRCS) $(BOOT_SRCS) $(PLATFORM_SRCS) $(TSS_SRCS)
LIB_LIBS = $(CRYPTO_LIBS) $(MBEDTLS_LIBS) $(FDT_LIBS) $(BLKID_LIBS) $(TSS_LIBS)
# tools/ and tests/ use LIB_SRCS, so they come after it.
include $(patsubst %,%/module.mk,$(filter tools/% tests/%,$(MODULES)))


$(HOST)/obj/%.o: %.cc
	$(call say,CXX,$<)
	@mkdir -p $(@D)
	$(Q)$(CXX) $(CXXFLAGS) $(DEPFLAGS) -c $< -o $@

$(ASAN)/obj/%.o: %.cc
	$(call say,CXX-SAN,$<)
	@mkdir -p $(@D)
	$(Q)$(CXX) $(CXXFLAGS) $(SANITIZE) $(DEPFLAGS) -c $< -o $@

$(HOST)/baton: $(call host_obj,$(LIB_SRCS) $(CLI_SRCS) $(CLI_MAIN) $(CURSES_SRCS))
	$(call say,LINK,$@)
	@mkdir -p $(@D)
	$(Q)$(CXX) $(CXXFLAGS) $^ -o $@ $(LIB_LIBS) $(CURSES_LIBS) -pthread

all: $(HOST)/baton

deps:
	$(Q)tools/deps.sh

# check: build every test program, then run every suite and print the total.
check-build: $(HOST)/baton $(CHECK_PROGRAMS)

check: deps
	$(Q)$(MAKE) -j$$(nproc) --no-print-directory check-build
	$(Q)BATON_FUZZ_TARGETS='$(FUZZ_TARGETS)' tests/run_checks.sh $(CHECK_SUITES)

# check-fresh: a clean Debian 12 root (mmdebstrap), a clone of HEAD, `make run` and `make check`
# in it (tools/fresh/check.sh). Slow, so not part of check; run it when the dependencies change.
check-fresh: deps
	$(Q)tools/fresh/check.sh

bench: deps
	$(Q)$(MAKE) --no-print-directory $(HOST)/baton $(BENCH_PROGRAMS)
	$(Q)tests/bench/run_bench.sh

format:
	$(Q)clang-format -i $$(git ls-files '*.cc' '*.h')

clean:
	rm -rf $(BUILD)/host $(BUILD)/ppc64le $(BUILD)/ppc64 $(BUILD)/fuzz

.PHONY: all deps check check-build check-fresh bench format clean

# (build/fresh holds check-fresh's Debian root: never walked.)
-include $(shell find $(BUILD) -path $(BUILD)/fresh -prune -o -name '*.d' -type f -print 2>/dev/null)

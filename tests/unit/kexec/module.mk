# tests/unit/kexec: the unit tests of bootloader/kexec.
# Library-free tests: also cross-built and run on ppc64le and big-endian ppc64 (tests/cross).
UNIT_TEST_PURE_SRCS += tests/unit/kexec/elf_test.cc
UNIT_TEST_SRCS += tests/unit/kexec/placement_test.cc tests/unit/kexec/plan_test.cc

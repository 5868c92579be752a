# tests/unit/config: the unit tests of bootloader/config.
# Library-free tests: also cross-built and run on ppc64le and big-endian ppc64 (tests/cross).
UNIT_TEST_PURE_SRCS += tests/unit/config/grub_test.cc tests/unit/config/config_formats_test.cc

# tests/unit/boot: the unit tests of bootloader/boot.
UNIT_TEST_SRCS += tests/unit/boot/boot_sequence_test.cc

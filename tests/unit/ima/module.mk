# tests/unit/ima: the unit tests of bootloader/ima.
# Library-free tests: also cross-built and run on ppc64le and big-endian ppc64 (tests/cross).
UNIT_TEST_PURE_SRCS += tests/unit/ima/template_test.cc tests/unit/ima/measurement_list_test.cc tests/unit/ima/kexec_buffer_test.cc
UNIT_TEST_SRCS += tests/unit/ima/replay_test.cc tests/unit/ima/entries_test.cc

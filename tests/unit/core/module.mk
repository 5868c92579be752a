# tests/unit/core: the unit tests of bootloader/core.
# Library-free tests: also cross-built and run on ppc64le and big-endian ppc64 (tests/cross).
UNIT_TEST_PURE_SRCS += tests/unit/core/bytes_test.cc tests/unit/core/json_reader_test.cc
UNIT_TEST_SRCS += tests/unit/core/thread_test.cc

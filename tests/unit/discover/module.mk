# tests/unit/discover: the unit tests of bootloader/discover.
# Library-free tests: also cross-built and run on ppc64le and big-endian ppc64 (tests/cross).
UNIT_TEST_PURE_SRCS += tests/unit/discover/discovery_test.cc
UNIT_TEST_SRCS += tests/unit/discover/discover_corpus_test.cc
UNIT_TEST_PURE_SRCS += tests/unit/discover/devices_in_configs_test.cc

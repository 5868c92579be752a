# tests/unit/devicetree: the unit tests of bootloader/devicetree.
# Library-free tests: also cross-built and run on ppc64le and big-endian ppc64 (tests/cross).
UNIT_TEST_PURE_SRCS += tests/unit/devicetree/validate_test.cc
UNIT_TEST_SRCS += tests/unit/devicetree/handover_test.cc
UNIT_TEST_SRCS += tests/unit/devicetree/console_test.cc

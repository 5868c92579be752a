# tests/unit/platform: the unit tests of platform/linux parts that need only a directory.
UNIT_TEST_SRCS += tests/unit/platform/confined_directory_test.cc

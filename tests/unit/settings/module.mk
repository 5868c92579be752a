# tests/unit/settings: the unit tests of bootloader/settings.
# Library-free tests: also cross-built and run on ppc64le and big-endian ppc64 (tests/cross).
UNIT_TEST_PURE_SRCS += tests/unit/settings/nvram_test.cc tests/unit/settings/nvram_journal_test.cc \
                       tests/unit/settings/settings_test.cc
# The NVRAM image SLOF formatted (tests/data/nvram), read from the file; the store on the
# memory file system of platform/fake.
UNIT_TEST_SRCS += tests/unit/settings/nvram_slof_test.cc tests/unit/settings/store_test.cc

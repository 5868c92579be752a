# tests/unit/tpm: the unit tests of bootloader/tpm.
UNIT_TEST_SRCS += tests/unit/tpm/tpm_test.cc tests/unit/tpm/quote_files_test.cc

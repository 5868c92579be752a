# tests/unit/crypto: the unit tests of bootloader/crypto.
UNIT_TEST_SRCS += tests/unit/crypto/hash_test.cc
UNIT_TEST_SRCS += tests/unit/crypto/signature_test.cc tests/unit/crypto/password_test.cc

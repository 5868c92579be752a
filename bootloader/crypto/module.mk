# bootloader/crypto: hashing on OpenSSL 3's libcrypto through EVP (the only folder that includes it).
CRYPTO_SRCS += bootloader/crypto/hash.cc
CRYPTO_LIBS := -lcrypto

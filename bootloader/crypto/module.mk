# bootloader/crypto: hashing on mbedTLS (the only folder that includes it).
CRYPTO_SRCS += bootloader/crypto/hash.cc
CRYPTO_LIBS := -lmbedcrypto

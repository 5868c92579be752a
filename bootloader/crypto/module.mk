# bootloader/crypto: digests on OpenSSL 3's libcrypto (hash.cc), signatures on mbedTLS
# (signed_data.cc: PKCS#7/CMS over its ASN.1 reader; signature.cc: X.509 and PK). The only
# folder that includes either library.
CRYPTO_SRCS += bootloader/crypto/hash.cc bootloader/crypto/signed_data.cc bootloader/crypto/signature.cc \
               bootloader/crypto/password.cc
CRYPTO_LIBS := -lcrypto
# mbedTLS 2.28 has no pkg-config file; x509 before crypto (link order).
MBEDTLS_LIBS := -lmbedx509 -lmbedcrypto

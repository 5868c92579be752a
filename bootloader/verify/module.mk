# bootloader/verify: verified boot (policy, trust anchors, verdicts on images). The appended
# signature's trailer needs no library and is also built for big-endian ppc64.
PURE_SRCS += bootloader/verify/appended_signature.cc
CRYPTO_SRCS += bootloader/verify/verified_boot.cc

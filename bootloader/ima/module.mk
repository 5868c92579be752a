# bootloader/ima: the measurement-list engine. The codec (PURE) needs no third-party library
# and is also built for big-endian ppc64; replay and entry building need crypto.
PURE_SRCS += bootloader/ima/template.cc bootloader/ima/measurement_list.cc \
             bootloader/ima/kexec_buffer.cc bootloader/ima/ascii.cc
CRYPTO_SRCS += bootloader/ima/replay.cc bootloader/ima/entries.cc bootloader/ima/pcr_table.cc

# bootloader/settings: baton's settings and the CHRP NVRAM they live in. Library-free: also
# built for big-endian ppc64.
PURE_SRCS += bootloader/settings/nvram.cc bootloader/settings/nvram_journal.cc \
             bootloader/settings/settings.cc bootloader/settings/store.cc

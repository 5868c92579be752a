# bootloader/tpm: replay verdicts against live PCRs, boot generations, the firmware event log,
# the files of a quote.
# The event-log parser needs no library and is also built for big-endian ppc64.
PURE_SRCS += bootloader/tpm/event_log.cc
CRYPTO_SRCS += bootloader/tpm/verdict.cc bootloader/tpm/event_replay.cc bootloader/tpm/snapshot.cc \
               bootloader/tpm/quote_files.cc

# bootloader/boot: the boot sequence (resolve, read, measure, tree, load, reboot) and the
# simulated machine's recording kexec. It needs the trampoline, which is generated into
# PLATFORM_SRCS, so it is listed there (not in the fuzzers' library).
PLATFORM_SRCS += bootloader/boot/boot_sequence.cc bootloader/boot/recording_kexec.cc bootloader/boot/handoff.cc \
                 bootloader/boot/measurement.cc

# The sequence on an in-memory machine (file load, warnings).
UNIT_TEST_SRCS += tests/unit/boot_sequence_test.cc

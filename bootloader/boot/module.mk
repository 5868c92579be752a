# bootloader/boot: the one boot road (resolve, read, measure, tree, load, reboot) that the menu,
# `baton boot` and `baton kexec load/exec` take. It places the trampoline (platform/powerpc,
# generated), so it is not in the fuzzers' library.
BOOT_SRCS += bootloader/boot/boot_sequence.cc bootloader/boot/handoff.cc bootloader/boot/measurement.cc \
             bootloader/boot/pending.cc bootloader/boot/kernel_signature.cc

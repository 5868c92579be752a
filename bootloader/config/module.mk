# bootloader/config: boot-configuration parsers (grub2 with its scripting, BLS, syslinux family,
# yaboot, kboot, baton.conf). Core only: library-free, also built for big-endian ppc64.
PURE_SRCS += bootloader/config/paths.cc bootloader/config/lines.cc bootloader/config/grubenv.cc \
             bootloader/config/bls.cc bootloader/config/grub_script.cc \
             bootloader/config/grub_interpreter.cc bootloader/config/grub_commands.cc \
             bootloader/config/grub_menu.cc bootloader/config/grub.cc \
             bootloader/config/syslinux.cc bootloader/config/yaboot.cc bootloader/config/kboot.cc \
             bootloader/config/baton_conf.cc

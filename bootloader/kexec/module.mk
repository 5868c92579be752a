# bootloader/kexec: ELF loader, memory map, placement and the boot plan.
PURE_SRCS += bootloader/kexec/elf.cc
FDT_SRCS += bootloader/kexec/memory_map.cc bootloader/kexec/placement.cc \
            bootloader/kexec/plan.cc bootloader/kexec/base_tree.cc

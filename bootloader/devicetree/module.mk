# bootloader/devicetree: the only code that includes libfdt. validate.cc needs no library and is
# also built for big-endian ppc64.
PURE_SRCS += bootloader/devicetree/validate.cc
FDT_SRCS += bootloader/devicetree/tree.cc bootloader/devicetree/handover.cc bootloader/devicetree/live_tree.cc \
            bootloader/devicetree/flatten.cc bootloader/devicetree/console.cc
FDT_LIBS := -lfdt

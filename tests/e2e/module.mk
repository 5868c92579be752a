# tests/e2e: QEMU pseries + SLOF + swtpm (tpm-spapr), real ppc64le kernels, the boot image from
# tools/image, kexec, and the next kernel's own IMA restoring the list (issue 7).
#
# The top Makefile includes bootloader/, platform/ and tests/ fragments only; the tools/ modules
# named in MODULES are included here, where LIB_SRCS is known and before the e2e rules use them.
include $(patsubst %,%/module.mk,$(filter tools/%,$(MODULES)))

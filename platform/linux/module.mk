# platform/linux: the real world: files, kexec system calls, the TPM through tpm2-tss.
PLATFORM_SRCS += platform/linux/posix_file_system.cc platform/linux/linux_kexec.cc \
                 platform/linux/live_tree.cc
# tpm2-tss has no static libraries in Debian: whatever links this links tss2 dynamically.
TSS_SRCS += platform/linux/tss_tpm.cc

# platform/linux: the real world: files, kexec system calls, the live tree, block devices
# (libblkid) and the simulated machine's folders of disks, the TPM through tpm2-tss.
PLATFORM_SRCS += platform/linux/posix_file_system.cc platform/linux/linux_kexec.cc \
                 platform/linux/confined_directory.cc \
                 platform/linux/directory_devices.cc platform/linux/block_devices.cc
BLKID_LIBS := -lblkid
# tpm2-tss has no static libraries in Debian: whatever links this links tss2 dynamically.
TSS_SRCS += platform/linux/tss_tpm.cc
TSS_LIBS := -ltss2-esys -ltss2-tctildr -ltss2-rc -ltss2-mu

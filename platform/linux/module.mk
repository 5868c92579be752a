# platform/linux: the real world (files today; TPM, kexec and device tree come with their issues).
PLATFORM_SRCS += platform/linux/posix_file_system.cc platform/linux/linux_kexec.cc

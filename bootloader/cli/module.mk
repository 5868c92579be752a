# bootloader/cli: the baton binary's subcommands and its composition root (main.cc).
CLI_SRCS += bootloader/cli/main.cc bootloader/cli/args.cc bootloader/cli/ima_command.cc \
            bootloader/cli/cli_util.cc bootloader/cli/dtb_command.cc bootloader/cli/kexec_command.cc bootloader/cli/tpm_command.cc

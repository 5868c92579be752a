# bootloader/cli: the baton binary: its subcommands, thin, each taking the Platform (CLI_SRCS,
# also linked into the unit tests, which run them on fakes), and its one composition root
# (CLI_MAIN, main.cc, which alone chooses the platform parts).
CLI_SRCS += bootloader/cli/args.cc bootloader/cli/ima_command.cc bootloader/cli/cli_util.cc \
            bootloader/cli/dtb_command.cc bootloader/cli/kexec_command.cc bootloader/cli/tpm_command.cc \
            bootloader/cli/discover_command.cc bootloader/cli/menu_command.cc \
            bootloader/cli/attest_quote.cc bootloader/cli/verify_command.cc bootloader/cli/config_command.cc
CLI_MAIN := bootloader/cli/main.cc

# tests/unit/cli: the commands, each on a platform of fakes (platform/fake/fake_platform.h).
UNIT_TEST_SRCS += tests/unit/cli/kexec_command_test.cc

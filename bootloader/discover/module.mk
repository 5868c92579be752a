# bootloader/discover: devices × parsers → boot options, resolution, the default. Library-free
# (platform interfaces only), so it is also built for big-endian ppc64.
PURE_SRCS += bootloader/discover/discovery.cc bootloader/discover/config_locations.cc \
             bootloader/discover/report_json.cc bootloader/discover/device_table.cc
CORE_SRCS += bootloader/core/json_reader.cc
# The real and simulated device sources (platform/linux, new files owned with this module) and
# the `baton discover` command.
PLATFORM_SRCS += platform/linux/confined_directory.cc platform/linux/directory_devices.cc \
                 platform/linux/block_devices.cc
CLI_SRCS += bootloader/cli/discover_command.cc
# libblkid (platform/linux/block_devices.cc) is linked wherever platform/linux is; every link line
# of the project names $(FDT_LIBS), so it rides along there (the static ppc64le build takes
# libblkid.a from the ppc64el sysroot, tools/ppc64el/packages.txt).
FDT_LIBS += -lblkid
# Tests: discovery and the JSON reader are pure (also run on ppc64le and big-endian ppc64); the corpus
# and the confined directory need the host's file system.
UNIT_TEST_PURE_SRCS += tests/unit/json_reader_test.cc tests/unit/discovery_test.cc
UNIT_TEST_SRCS += tests/unit/discover_corpus_test.cc
FUZZ_TARGETS += json

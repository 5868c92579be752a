# bootloader/discover: devices × parsers → boot options, resolution, the default. Library-free
# (platform interfaces only), so it is also built for big-endian ppc64.
PURE_SRCS += bootloader/discover/discovery.cc bootloader/discover/config_locations.cc \
             bootloader/discover/report_json.cc bootloader/discover/env_writes.cc

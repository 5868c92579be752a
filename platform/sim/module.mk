# platform/sim: the simulated machine's own parts: devices.json, and the kexec that records what
# it would load (never a system call, never a reboot). Library-free.
PURE_SRCS += platform/sim/device_table.cc platform/sim/recording_kexec.cc

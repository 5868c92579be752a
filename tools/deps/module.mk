# tools/deps: `make deps` (tools/deps.sh installs tools/debian-packages.txt) and the guard that
# keeps that list complete: every system header the build includes and every program the host
# scripts run must belong to a listed package (tools/deps/guard.sh, the first suite of check).
CHECK_SUITES += deps

#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# `make run`: swtpm on a free loopback port, the simulated machine under build/sim/, and the boot
# menu on this terminal. swtpm is stopped by its PID when the menu ends; nothing keeps running.
set -u
cd "$(dirname "$0")/../.."
. tools/sim/swtpm.sh
trap stop_swtpm EXIT
sim=$PWD/build/sim
rm -rf "$PWD/build/sim-tpm"
if ! start_swtpm "$PWD/build/sim-tpm"; then echo "make run: swtpm did not start" >&2; exit 1; fi
export TSS2_LOG=all+none
if ! tools/sim/make_machine.sh "$sim" build/host/baton build/host/dts/qemu-pseries.dtb; then
  echo "make run: the simulated machine could not be made" >&2
  exit 1
fi
build/host/baton menu --root "$sim" "$@"
status=$?
echo "baton menu ended ($status); plans are in $sim/plan. swtpm stopped."
exit $status

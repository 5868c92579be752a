#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# `make check-fresh`: the README's two commands on a clean Debian 12, as a new user would run
# them. It is slow (a root to install, every package, the cold test kernel) and so is not part of
# `make check`; run it whenever tools/debian-packages.txt or tools/ppc64el/packages.txt changes.
#
#  1. mmdebstrap --variant=minbase builds a Debian 12 root under build/fresh/root from the host's
#     own Debian archive (the same one apt uses here), with only git and make added: the two
#     programs the README's first screen asks for before `make`.
#  2. The repository's committed HEAD is cloned into it (/root/baton): what is not committed is
#     not tested, as in CI.
#  3. In a chroot (the host's /proc, /sys and /dev bound in, its own tmpfs on /dev/shm and /tmp,
#     the host's resolv.conf), as root with no standard input and CI=true:
#       - `make run` under `script` (a terminal for the menu; TERM=vt100): the menu must appear,
#         then `x` (twice: the first key stops the countdown) must end it with status 0. That
#         first command also proves `make run` installs what it needs by itself (make deps).
#       - `make check`, whose last line must be "N passed, 0 failed".
#  4. The result goes to build/fresh/result.txt (and standard output): each command's verdict,
#     its time and its last lines; the logs stay in build/fresh/.
# Exit 0 when both passed. Needs root (mmdebstrap, chroot, mounts). The root is removed at the
# start of the next run (never while anything is mounted in it), or with BATON_FRESH_KEEP=0 at
# the end. BATON_FRESH_SUITE overrides the suite (default: the host's VERSION_CODENAME).
set -eu
cd "$(dirname "$0")/../.."
top=$PWD/build/fresh
root=$top/root
result=$top/result.txt
[ "$(id -u)" -eq 0 ] || { echo "check-fresh: needs root (mmdebstrap, chroot, mounts)" >&2; exit 2; }
command -v mmdebstrap >/dev/null || { echo "check-fresh: mmdebstrap is missing (make deps)" >&2; exit 2; }

mounted() { findmnt -rn -o TARGET | grep -E "^$root(/|$)" || true; }
unmount_all() {
  local target
  for target in $(mounted | sort -r); do umount -l "$target" 2>/dev/null || true; done
}
remove_root() {
  unmount_all
  if [ -n "$(mounted)" ]; then
    echo "check-fresh: $root still has mounts; not removing it" >&2
    return 1
  fi
  rm -rf --one-file-system "$root"
}
trap unmount_all EXIT
trap 'unmount_all; exit 130' INT TERM

mkdir -p "$top"
remove_root
rm -f "$top"/*.log "$result"

. /etc/os-release
suite=${BATON_FRESH_SUITE:-${VERSION_CODENAME:?no VERSION_CODENAME in /etc/os-release}}
archive=$(apt-get indextargets --no-release-info --format '$(REPO_URI) $(RELEASE) $(COMPONENT)' 2>/dev/null |
          awk -v s="$suite" '$2 == s && $3 == "main" {print $1; exit}')
security=$(apt-get indextargets --no-release-info --format '$(REPO_URI) $(RELEASE) $(COMPONENT)' 2>/dev/null |
           awk -v s="$suite-security" '$2 == s && $3 == "main" {print $1; exit}')
[ -n "$archive" ] || { echo "check-fresh: the host's apt configuration has no '$suite main' source" >&2; exit 2; }
sources=("deb $archive $suite main" "deb $archive $suite-updates main")
[ -n "$security" ] && sources+=("deb $security $suite-security main")

started=$SECONDS
echo "check-fresh: a clean $suite root (mmdebstrap --variant=minbase, git and make) in $root"
if ! mmdebstrap --variant=minbase --include=git,make "$suite" "$root" "${sources[@]}" \
    >"$top/mmdebstrap.log" 2>&1; then
  echo "check-fresh: mmdebstrap failed (see $top/mmdebstrap.log)" | tee "$result"
  exit 1
fi
echo "check-fresh: root made in $((SECONDS - started)) s ($(du -sm --one-file-system "$root" | cut -f1) MB)"

git clone --quiet --no-local "$PWD" "$root/root/baton"
commit=$(git -C "$root/root/baton" rev-parse --short HEAD)

mount --rbind /dev "$root/dev" && mount --make-rslave "$root/dev"
mount -t tmpfs -o mode=1777 tmpfs "$root/dev/shm"
mount -t proc proc "$root/proc"
mount --rbind /sys "$root/sys" && mount --make-rslave "$root/sys"
mount -t tmpfs -o mode=1777 tmpfs "$root/tmp"
cp /etc/resolv.conf "$root/etc/resolv.conf" 2>/dev/null || true

# The smoke of `make run`: script(1) gives the menu a terminal; keys come from a FIFO once the
# menu's countdown is on the screen.
cat >"$root/root/run-smoke.sh" <<'SMOKE'
#!/bin/bash
set -u
cd /root/baton
rm -f /tmp/keys /tmp/run.typescript
mkfifo /tmp/keys
(
  exec 3>/tmp/keys
  for _ in $(seq 1800); do
    grep -q "Booting the default in" /tmp/run.typescript 2>/dev/null && break
    sleep 0.5
  done
  sleep 0.5
  printf x >&3
  sleep 1
  printf x >&3
  sleep 5
) &
TERM=vt100 script -qfec "make run" /tmp/run.typescript </tmp/keys >/dev/null 2>&1
status=$?
wait
grep -q "Booting the default in" /tmp/run.typescript || { echo "make run: the menu never appeared"; exit 1; }
grep -q "baton menu ended (0)" /tmp/run.typescript || { echo "make run: the menu did not end with status 0 after x"; exit 1; }
echo "make run: the menu appeared and x ended it (status $status)"
exit "$status"
SMOKE
chmod +x "$root/root/run-smoke.sh"

run_in_root() {  # run_in_root LOG COMMAND: a login-free root shell in the chroot, no stdin, CI=true
  chroot "$root" /usr/bin/env -i HOME=/root PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
    CI=true LANG=C.UTF-8 /bin/bash -c "$2" </dev/null >"$1" 2>&1
}

verdicts=()
status=0
start=$SECONDS
if run_in_root "$top/make-run.log" /root/run-smoke.sh; then
  verdicts+=("make run: ok in $((SECONDS - start)) s (deps installed by make run itself)")
else
  verdicts+=("make run: FAILED after $((SECONDS - start)) s: $(tail -n 1 "$top/make-run.log")")
  status=1
fi
cp "$root/tmp/run.typescript" "$top/make-run.typescript" 2>/dev/null || true
start=$SECONDS
run_in_root "$top/make-check.log" "cd /root/baton && make check" || true
last=$(tail -n 1 "$top/make-check.log")
if [[ "$last" =~ ^[0-9]+\ passed,\ 0\ failed$ ]]; then
  verdicts+=("make check: $last in $((SECONDS - start)) s")
else
  verdicts+=("make check: FAILED in $((SECONDS - start)) s: $last")
  status=1
fi
cp -r "$root/root/baton/build/test-logs" "$top/test-logs" 2>/dev/null || true

{
  echo "check-fresh: commit $commit on a clean $suite root, $(date -u '+%Y-%m-%d %H:%M UTC'), $((SECONDS - started)) s in all"
  printf '  %s\n' "${verdicts[@]}"
  echo "  suites:"
  grep -E '^[a-z0-9_-]+ +[0-9]+ passed, [0-9]+ failed' "$top/make-check.log" | sed 's/^/    /'
} | tee "$result"
unmount_all
[ "${BATON_FRESH_KEEP:-1}" = 1 ] || remove_root
exit "$status"

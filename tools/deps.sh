#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# `make deps`: installs every Debian package baton needs to build, test and run. Idempotent:
# when every package is already installed it does nothing (no network). Otherwise it runs
# apt-get update and installs what is missing. Needs root (or sudo) only then.
# Then tools/ppc64el/fetch.sh fetches the ppc64el packages of the guest side of `make e2e` and of
# the static ppc64le build into build/ppc64el (a private apt configuration; nothing when done).
set -eu
cd "$(dirname "$0")/.."
mapfile -t packages < <(grep -vE '^\s*(#|$)' tools/debian-packages.txt | awk '{print $1}')

missing=()
for package in "${packages[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$package" 2>/dev/null || true)
  [ "$status" = "install ok installed" ] || missing+=("$package")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "deps: all ${#packages[@]} Debian packages are installed"
else
  echo "deps: installing ${#missing[@]} packages: ${missing[*]}"
  sudo=
  [ "$(id -u)" -eq 0 ] || sudo=sudo
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update
  $sudo apt-get install -y --no-install-recommends "${missing[@]}"
fi
tools/ppc64el/fetch.sh

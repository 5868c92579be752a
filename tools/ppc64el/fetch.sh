#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Fetches the ppc64el Debian packages listed in tools/ppc64el/packages.txt and unpacks them into
# build/ppc64el/sysroot (a sysroot for the static ppc64le build of baton, and the guest userland
# and stock kernel of the end-to-end test).
#
# It uses a private apt configuration under build/ppc64el/apt: its own sources.list (the host's
# Debian archive, suites <codename> and <codename>-updates, component main), its own lists and
# cache, Dir::State::Status=/dev/null and APT::Architecture=ppc64el. The host's dpkg architecture
# list and apt state are never touched. (The -security suite is left out on purpose: its ppc64el
# index has failed its size check during mirror syncs, and main/updates carry every package here.)
#
# Idempotent: when build/ppc64el/stamp records the same package list and the sysroot holds what
# the build needs, it does nothing and needs no network.
set -eu
cd "$(dirname "$0")/../.."
list=tools/ppc64el/packages.txt
top=build/ppc64el
sysroot=$top/sysroot
stamp=$top/stamp
key=$( { cat "$list"; sed -n '/^# stamp-recipe/,$p' "$0"; } | sha256sum | cut -c1-16)

complete() {
  [ -f "$stamp" ] && [ "$(head -n 1 "$stamp")" = "list $key" ] || return 1
  local need
  for need in usr/lib/powerpc64le-linux-gnu/libcrypto.so usr/include/openssl/evp.h \
              usr/include/powerpc64le-linux-gnu/openssl/configuration.h \
              usr/lib/powerpc64le-linux-gnu/libfdt.a usr/include/libfdt.h bin/busybox sbin/kexec \
              usr/include/tss2/tss2_esys.h usr/lib/powerpc64le-linux-gnu/libtss2-esys.so \
              usr/lib/powerpc64le-linux-gnu/libncurses.a lib/terminfo/v/vt100 \
              usr/lib/powerpc64le-linux-gnu/libmbedx509.a usr/include/mbedtls/pk.h \
              lib/powerpc64le-linux-gnu/libc.so.6 lib64/ld64.so.2 usr/sbin/nvram \
              lib/powerpc64le-linux-gnu/libz.so.1; do
    [ -e "$sysroot/$need" ] || [ -L "$sysroot/$need" ] || return 1
  done
  compgen -G "$sysroot/boot/vmlinux-*" >/dev/null
}

if complete; then
  echo "ppc64el: sysroot is complete ($sysroot)"
  exit 0
fi

# stamp-recipe: everything below changes the stamp key when edited.
. /etc/os-release
codename=${VERSION_CODENAME:?no VERSION_CODENAME in /etc/os-release}
# The host's own Debian archive, as its apt configuration names it.
archive=$(apt-get indextargets --no-release-info --format '$(REPO_URI) $(RELEASE) $(COMPONENT)' 2>/dev/null |
          awk -v s="$codename" '$2 == s && $3 == "main" {print $1; exit}')
if [ -z "$archive" ]; then
  echo "ppc64el: the host's apt configuration has no '$codename main' source" >&2
  exit 2
fi
keyring=/usr/share/keyrings/debian-archive-keyring.gpg
options=
[ -f "$keyring" ] && options="[signed-by=$keyring] "

apt=$PWD/$top/apt
mkdir -p "$apt/lists/partial" "$apt/cache/archives/partial" "$apt/parts" "$apt/preferences.d" \
         "$top/debs"
{
  echo "deb ${options}$archive $codename main"
  echo "deb ${options}$archive $codename-updates main"
} >"$apt/sources.list"
private=(-o APT::Architecture=ppc64el -o APT::Architectures::=ppc64el
         -o Dir::Etc::SourceList="$apt/sources.list" -o Dir::Etc::SourceParts="$apt/parts"
         -o Dir::Etc::Preferences=/dev/null -o Dir::Etc::PreferencesParts="$apt/preferences.d"
         -o Dir::State::Lists="$apt/lists" -o Dir::Cache="$apt/cache"
         -o Dir::State::Status=/dev/null -o APT::Sandbox::User=root
         -o Debug::NoLocking=true -o Acquire::Languages=none)

echo "ppc64el: updating the private package index ($archive $codename, $codename-updates)"
apt-get "${private[@]}" -q update >"$top/apt-update.log" 2>&1 || {
  cat "$top/apt-update.log" >&2
  echo "ppc64el: apt-get update failed" >&2
  exit 1
}

mapfile -t wanted < <(grep -vE '^\s*(#|$)' "$list" | awk '{print $1}')
packages=()
for package in "${wanted[@]}"; do
  if [ "$package" = linux-image-powerpc64le ]; then
    # The metapackage names the current versioned image; the image itself is what we unpack.
    image=$(apt-cache "${private[@]}" depends "$package" |
            awk '/Depends: linux-image-[0-9]/ {print $2; exit}')
    [ -n "$image" ] || { echo "ppc64el: cannot resolve $package" >&2; exit 1; }
    package=$image
  fi
  packages+=("$package")
done

echo "ppc64el: downloading ${packages[*]}"
rm -f "$top"/debs/*.deb
(cd "$top/debs" && apt-get "${private[@]}" -q download "${packages[@]}") >"$top/apt-download.log" 2>&1 || {
  cat "$top/apt-download.log" >&2
  echo "ppc64el: apt-get download failed" >&2
  exit 1
}

rm -rf "$sysroot" "$stamp"
mkdir -p "$sysroot"
for deb in "$top"/debs/*.deb; do
  dpkg-deb -x "$deb" "$sysroot"
done
{
  echo "list $key"
  for deb in "$top"/debs/*.deb; do dpkg-deb --show --showformat='${Package} ${Version}\n' "$deb"; done
} >"$stamp"
if ! complete; then
  echo "ppc64el: the unpacked packages lack a file the build needs (see complete() in $0)" >&2
  exit 1
fi
echo "ppc64el: sysroot ready ($sysroot)"

#!/usr/bin/env bash
# Usage: bindings/swift/swift_chroot.sh COMMAND [ARG...]
#
# Builds the native library and generates the UniFFI Swift sources for it (generate.sh), then runs
# COMMAND in this package's folder inside a Debian `stable` chroot that has Swift (with
# SHARPAPI_CONFORMANCE_DIR passed through when set; nothing else of the environment goes in).
# Package.swift links the library from generated/lib itself. scripts/test_swift.sh and
# scripts/bench_swift.sh both go through here.
#
# Debian packages Swift from trixie on, not for the bookworm hosts this project runs on, so it
# lives in a chroot that debootstrap makes once, outside the repository, and later runs reuse
# (SHARPAPI_SWIFT_CHROOT, /var/cache/sharpapi-webhooks/swift-chroot by default). The chroot is
# made beside its final path and renamed into place only when complete: a run that dies half way
# leaves nothing that a later run would take for a finished chroot. Packages come from the mirror
# that this host's apt uses (SHARPAPI_DEBIAN_MIRROR overrides it). The repository is bind-mounted
# at its own path inside, so SwiftPM, the tests and the linker see the host's paths; the library
# built on bookworm loads there, since trixie's glibc is newer. The host's rustup toolchain
# (CARGO_HOME and RUSTUP_HOME, when they exist) is bind-mounted at its own paths too and is on
# COMMAND's PATH, so that the README's install command, generate.sh, runs inside as a user's would.
set -euo pipefail
package=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$package/../.." && pwd)
. "$root/scripts/lib.sh"  # host_mirror
chroot_dir=${SHARPAPI_SWIFT_CHROOT:-/var/cache/sharpapi-webhooks/swift-chroot}
# python3 runs scripts/readme_examples.py, which runs the README's examples in the chroot.
chroot_packages=(swiftlang libc6-dev libstdc++-14-dev python3)

log() { echo "swift_chroot: $*" >&2; }

[ "$#" -gt 0 ] || { log "usage: $0 COMMAND [ARG...]"; exit 2; }
[ "$(id -u)" = 0 ] || { log "debootstrap, chroot and mount need root"; exit 1; }

mounted=()
unmount_all() {
  local i
  for ((i = ${#mounted[@]} - 1; i >= 0; i--)); do
    umount "${mounted[i]}" 2>/dev/null || umount -l "${mounted[i]}"
  done
  mounted=()
}
trap unmount_all EXIT

# What a build inside needs from the kernel and the host: /proc (the Swift driver finds its own
# files through /proc/self/exe), /dev (null, urandom; and pts, where dpkg writes its log) and the
# repository.
mount_into() {
  local dir=$1
  mount -t proc proc "$dir/proc"
  mounted+=("$dir/proc")
  mount --bind /dev "$dir/dev"
  mounted+=("$dir/dev")
  mount --bind /dev/pts "$dir/dev/pts"
  mounted+=("$dir/dev/pts")
  mkdir -p "$dir$root"
  mount --bind "$root" "$dir$root"
  mounted+=("$dir$root")
}

# Mounts that a run killed before its trap could run left below $1, deepest first.
unmount_stale() {
  findmnt -rn -o TARGET | awk -v dir="$1" 'index($0, dir "/") == 1' | sort -r |
    while read -r target; do umount -l "$target"; done
}

in_chroot() { chroot "$1" /usr/bin/env -i HOME=/root LANG=C.UTF-8 PATH=/usr/sbin:/usr/bin:/sbin:/bin "${@:2}"; }

install_packages() {
  in_chroot "$1" apt-get update -qq
  in_chroot "$1" DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
    "${chroot_packages[@]}" >/dev/null
}

make_chroot() {
  local partial=$chroot_dir.partial mirror=${SHARPAPI_DEBIAN_MIRROR:-$(host_mirror)}
  [ -n "$mirror" ] || { log "no Debian mirror in /etc/apt/sources.list*; set SHARPAPI_DEBIAN_MIRROR"; exit 1; }
  if ! command -v debootstrap >/dev/null; then
    log "installing debootstrap"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap >/dev/null
  fi
  unmount_stale "$partial"
  rm -rf --one-file-system "$partial"
  log "making $chroot_dir: Debian stable from $mirror, with ${chroot_packages[*]} (once)"
  if ! debootstrap --variant=minbase stable "$partial" "$mirror" >"$chroot_dir.log" 2>&1; then
    tail -n 20 "$chroot_dir.log" >&2
    log "debootstrap failed; its log is $chroot_dir.log"
    exit 1
  fi
  cp /etc/resolv.conf "$partial/etc/resolv.conf"
  mount_into "$partial"
  install_packages "$partial"
  unmount_all
  mv -T "$partial" "$chroot_dir"
}

mkdir -p "$(dirname "$chroot_dir")"
# One run at a time: runs share the chroot and its mount points.
exec 9>"$chroot_dir.lock"
flock 9
unmount_stale "$chroot_dir"
if [ -d "$chroot_dir" ]; then
  log "reusing $chroot_dir"
else
  make_chroot
fi

"$package/generate.sh"

mount_into "$chroot_dir"
# A chroot made before a package joined the list gets it now.
installed=$(in_chroot "$chroot_dir" dpkg-query -W -f '${db:Status-Status}\n' "${chroot_packages[@]}" 2>/dev/null |
  grep -cx installed || true)
if [ "$installed" -ne "${#chroot_packages[@]}" ]; then
  cp /etc/resolv.conf "$chroot_dir/etc/resolv.conf"
  install_packages "$chroot_dir"
fi
# SHARPAPI_CONFORMANCE_DIR, where the vector test writes swift.json, reaches the command as an
# absolute path that is the same inside: the repository is there already, another folder is
# bind-mounted at its own path too.
passed_env=()
if [ -n "${SHARPAPI_CONFORMANCE_DIR:-}" ]; then
  mkdir -p "$SHARPAPI_CONFORMANCE_DIR"
  conformance_dir=$(cd "$SHARPAPI_CONFORMANCE_DIR" && pwd -P)
  case "$conformance_dir/" in
    "$root"/*) ;;
    *)
      mkdir -p "$chroot_dir$conformance_dir"
      mount --bind "$conformance_dir" "$chroot_dir$conformance_dir"
      mounted+=("$chroot_dir$conformance_dir")
      ;;
  esac
  passed_env+=(SHARPAPI_CONFORMANCE_DIR="$conformance_dir")
fi
# The host's Rust (rustup's), for generate.sh run inside; trixie's rustc is older than the MSRV.
# The binaries need only glibc, which is newer inside.
path=/usr/sbin:/usr/bin:/sbin:/bin
cargo_home=${CARGO_HOME:-$HOME/.cargo}
rustup_home=${RUSTUP_HOME:-$HOME/.rustup}
if [ -x "$cargo_home/bin/cargo" ] && [ -d "$rustup_home" ]; then
  for dir in "$cargo_home" "$rustup_home"; do
    mkdir -p "$chroot_dir$dir"
    mount --bind "$dir" "$chroot_dir$dir"
    mounted+=("$chroot_dir$dir")
  done
  passed_env+=(CARGO_HOME="$cargo_home" RUSTUP_HOME="$rustup_home")
  path=$cargo_home/bin:$path
fi
in_chroot "$chroot_dir" PATH="$path" "${passed_env[@]}" \
  sh -c 'cd "$1" && shift && exec "$@"' sh "$package" "$@"

#!/usr/bin/env bash
# Usage: scripts/bullseye_chroot.sh [--bind PATH]... [--env NAME=VALUE]... [--package NAME]... [--]
#                                   COMMAND [ARG...]
#
# Runs COMMAND inside Debian 11 "bullseye" (glibc 2.31, Python 3.9): the oldest Debian that
# debootstrap still serves, older than every glibc the packages were built on, so a library that
# loads and runs there really needs no newer glibc. Exits with COMMAND's status.
#
# - The chroot is made once by debootstrap, outside the repository (SHARPAPI_BULLSEYE_CHROOT,
#   /var/cache/sharpapi-webhooks/bullseye-chroot by default), beside its final path and renamed
#   into place only when complete, and reused by later runs. It has python3 (3.9) with venv and
#   pip (python3 -m venv), gcc, libc6-dev and pkg-config; --package NAME adds a bullseye package
#   (installed once, kept). Packages come from the mirror this host's apt uses
#   (SHARPAPI_DEBIAN_MIRROR overrides it).
# - The repository is bind-mounted at its own path, and so is each --bind PATH (a folder or a file,
#   e.g. --bind /usr/bin/node), so paths are the same inside and out; COMMAND runs in the current
#   folder when that is inside one of them, else in the repository. /tmp is a fresh tmpfs.
# - Every mount lives in a mount namespace of its own (unshare), so nothing is left mounted when a
#   run ends or is killed, and runs may go side by side; making the chroot and installing packages
#   take a lock.
# - The environment inside is clean: HOME=/root, LANG=C.UTF-8, PATH, the host's proxy and CA
#   variables (the host's /etc/ssl/certs is mounted read-only, so pip and npm reach their
#   registries), SHARPAPI_CONFORMANCE_DIR when set (mounted when outside the repository), and each
#   --env NAME=VALUE.
#
# Examples:
#   scripts/bullseye_chroot.sh ldd --version
#   scripts/bullseye_chroot.sh sh -c 'python3 -m venv /tmp/v && /tmp/v/bin/pip install dist/x.whl'
#   scripts/bullseye_chroot.sh --bind /usr/bin/node --bind /usr/lib/node_modules node -p process.version
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd -P)
self=$root/scripts/$(basename "$0")
. "$root/scripts/lib.sh"  # host_mirror
chroot_dir=${SHARPAPI_BULLSEYE_CHROOT:-/var/cache/sharpapi-webhooks/bullseye-chroot}
base_packages=(python3 python3-venv gcc libc6-dev pkg-config)

log() { echo "bullseye_chroot: $*" >&2; }
usage() { log "usage: $0 [--bind PATH]... [--env NAME=VALUE]... [--package NAME]... [--] COMMAND [ARG...]"; exit 2; }

binds=()
envs=()
packages=("${base_packages[@]}")
while [ "$#" -gt 0 ]; do
  case $1 in
    --bind=*) binds+=("$(realpath -e "${1#*=}")"); shift ;;
    --env=?*=*) envs+=("${1#*=}"); shift ;;
    --package=?*) packages+=("${1#*=}"); shift ;;
    --bind | --env | --package) [ "$#" -ge 2 ] || usage; set -- "$1=$2" "${@:3}" ;;
    --) shift; break ;;
    -*) usage ;;
    *) break ;;
  esac
done

# ---- stages run inside a private mount namespace (see the end of this file) ----

# The kernel's and the host's files a chroot needs: /proc, /dev (null, urandom, pts, shm), /sys,
# a fresh /tmp, the host's DNS.
mount_system() {
  local dir=$1
  mount -t proc proc "$dir/proc"
  mount --rbind /dev "$dir/dev"
  mount --rbind /sys "$dir/sys"
  mount -t tmpfs -o mode=1777 tmpfs "$dir/tmp"
  if [ -e /etc/resolv.conf ]; then
    [ -e "$dir/etc/resolv.conf" ] && [ ! -L "$dir/etc/resolv.conf" ] || { rm -f "$dir/etc/resolv.conf"; : >"$dir/etc/resolv.conf"; }
    mount --bind /etc/resolv.conf "$dir/etc/resolv.conf"
  fi
}

# mount_at_same_path DIR PATH: PATH (a folder or a file) of the host at PATH inside DIR.
mount_at_same_path() {
  local dir=$1 path=$2
  if [ -d "$path" ]; then
    mkdir -p "$dir$path"
  else
    mkdir -p "$(dirname "$dir$path")"
    [ -e "$dir$path" ] || : >"$dir$path"
  fi
  mount --bind "$path" "$dir$path"
}

in_chroot() { chroot "$1" /usr/bin/env -i HOME=/root LANG=C.UTF-8 PATH=/usr/sbin:/usr/bin:/sbin:/bin "${@:2}"; }

stage_debootstrap() {
  local partial=$1 mirror=$2
  debootstrap --variant=minbase bullseye "$partial" "$mirror"
}

stage_install() {
  local dir=$1
  shift
  mount_system "$dir"
  in_chroot "$dir" apt-get update -qq
  in_chroot "$dir" DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
  in_chroot "$dir" apt-get clean
}

# inside_mounted PATH/: is PATH the repository, a --bind path, or inside one of them?
inside_mounted() {
  local path
  for path in "$root" "${binds[@]}"; do
    case "$1" in "$path"/*) return 0 ;; esac
  done
  return 1
}

stage_run() {
  local dir=$chroot_dir path cwd name
  mount_system "$dir"
  # The host's CA certificates (not while installing: ca-certificates' own scripts write there).
  if [ -d /etc/ssl/certs ]; then
    mkdir -p "$dir/etc/ssl/certs"
    mount --bind -o ro /etc/ssl/certs "$dir/etc/ssl/certs"
  fi
  mount_at_same_path "$dir" "$root"
  for path in "${binds[@]}"; do mount_at_same_path "$dir" "$path"; done
  local passed=()
  for name in http_proxy https_proxy no_proxy HTTP_PROXY HTTPS_PROXY NO_PROXY SSL_CERT_FILE SSL_CERT_DIR \
      REQUESTS_CA_BUNDLE CURL_CA_BUNDLE PIP_CERT PIP_DEFAULT_TIMEOUT PIP_DISABLE_PIP_VERSION_CHECK NODE_EXTRA_CA_CERTS; do
    if [ -n "${!name:-}" ]; then passed+=("$name=${!name}"); fi
  done
  if [ -n "${SHARPAPI_CONFORMANCE_DIR:-}" ]; then
    mkdir -p "$SHARPAPI_CONFORMANCE_DIR"
    path=$(cd "$SHARPAPI_CONFORMANCE_DIR" && pwd -P)
    inside_mounted "$path/" || mount_at_same_path "$dir" "$path"
    passed+=(SHARPAPI_CONFORMANCE_DIR="$path")
  fi
  cwd=$root
  if inside_mounted "$(pwd -P)/"; then cwd=$(pwd -P); fi
  exec chroot "$dir" /usr/bin/env -i HOME=/root LANG=C.UTF-8 PATH=/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
    "${passed[@]}" "${envs[@]}" sh -c 'cd "$1" && shift && exec "$@"' sh "$cwd" "$@"
}

case ${_SHARPAPI_BULLSEYE_STAGE:-} in
  debootstrap) stage_debootstrap "$@"; exit ;;
  install) stage_install "$@"; exit ;;
  run) stage_run "$@"; exit ;;
esac

# ---- on the host ----

[ "$#" -gt 0 ] || usage
[ "$(id -u)" = 0 ] || { log "debootstrap, chroot and mount need root"; exit 1; }

# in_namespace STAGE ARG...: this script's STAGE in a mount namespace of its own.
in_namespace() {
  _SHARPAPI_BULLSEYE_STAGE=$1 unshare --mount --propagation private -- "$self" "${binds[@]/#/--bind=}" -- "${@:2}"
}

make_chroot() {
  local partial=$chroot_dir.partial mirror=${SHARPAPI_DEBIAN_MIRROR:-$(host_mirror)}
  [ -n "$mirror" ] || { log "no Debian mirror in /etc/apt/sources.list*; set SHARPAPI_DEBIAN_MIRROR"; exit 1; }
  if ! command -v debootstrap >/dev/null; then
    log "installing debootstrap"
    while pgrep -x apt-get >/dev/null || pgrep -x apt >/dev/null || pgrep -x dpkg >/dev/null; do sleep 2; done
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap >/dev/null
  fi
  rm -rf --one-file-system "$partial"
  log "making $chroot_dir: Debian bullseye from $mirror (once)"
  if ! in_namespace debootstrap "$partial" "$mirror" >"$chroot_dir.log" 2>&1; then
    tail -n 20 "$chroot_dir.log" >&2
    log "debootstrap failed; its log is $chroot_dir.log"
    exit 1
  fi
  log "installing ${base_packages[*]}"
  in_namespace install "$partial" "${base_packages[@]}"
  mv -T "$partial" "$chroot_dir"
}

mkdir -p "$(dirname "$chroot_dir")"
# Making the chroot and installing into it, one run at a time; running needs no lock.
exec 9>"$chroot_dir.lock"
flock 9
[ -d "$chroot_dir" ] || make_chroot
missing=()
for package in "${packages[@]}"; do
  status=$(chroot "$chroot_dir" dpkg-query -W -f '${db:Status-Status}' "$package" 2>/dev/null || true)
  [ "$status" = installed ] || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
  log "installing ${missing[*]}"
  in_namespace install "$chroot_dir" "${missing[@]}"
fi
exec 9>&-

_SHARPAPI_BULLSEYE_STAGE=run exec unshare --mount --propagation private -- "$self" \
  "${binds[@]/#/--bind=}" "${envs[@]/#/--env=}" -- "$@"

# shellcheck shell=bash
# Helpers shared by the scripts, sourced (`. scripts/lib.sh`), never run.

# need COMMAND PACKAGE...: queues Debian PACKAGE... for install_needed when COMMAND (a program,
# or a file path starting with /) is missing.
needed_packages=()
need() {
  local what=$1
  shift
  if [[ $what == /* ]]; then
    [ -e "$what" ] && return 0
  else
    command -v "$what" >/dev/null && return 0
  fi
  needed_packages+=("$@")
}

# install_needed LABEL: installs what `need` queued, from Debian's packages (as root), in one
# apt-get; waits for another install's lock rather than failing. Quick when nothing is queued.
install_needed() {
  [ ${#needed_packages[@]} -gt 0 ] || return 0
  echo "$1 deps: installing ${needed_packages[*]}" >&2
  apt-get update -qq -o DPkg::Lock::Timeout=900
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
    -o DPkg::Lock::Timeout=900 "${needed_packages[@]}" >/dev/null
  needed_packages=()
}

# The platforms every package ships, by NuGet's runtime identifier (RID), which the packages map
# to their own names, and the Rust target each is built for (gnu ones with the glibc version zig
# links against: ${rust_target[$rid]%.2.17} is the plain triple).
all_rids=(linux-x64 linux-arm64 linux-musl-x64 linux-musl-arm64 osx-x64 osx-arm64 win-x64)
declare -A rust_target=(
  [linux-x64]=x86_64-unknown-linux-gnu.2.17
  [linux-arm64]=aarch64-unknown-linux-gnu.2.17
  [linux-musl-x64]=x86_64-unknown-linux-musl
  [linux-musl-arm64]=aarch64-unknown-linux-musl
  [osx-x64]=x86_64-apple-darwin
  [osx-arm64]=aarch64-apple-darwin
  [win-x64]=x86_64-pc-windows-gnu
)

# The library file a RID's packages load.
library_name() {
  case $1 in
    osx-*) echo libsharpapi_webhooks.dylib ;;
    win-*) echo sharpapi_webhooks.dll ;;
    *) echo libsharpapi_webhooks.so ;;
  esac
}

# build_stale_targets RID...: scripts/build_targets.sh for each RID whose library in target/dist/
# is missing or older than the Rust sources it is built from, so that no package is built or
# tested with a library of an older core. Run from the repository's root.
build_stale_targets() {
  local rid library stale=()
  local sources=(Cargo.toml Cargo.lock core/Cargo.toml core/README.md core/src
    bindings/ffi/Cargo.toml bindings/ffi/build.rs bindings/ffi/src)
  for rid in "$@"; do
    library=target/dist/$rid/$(library_name "$rid")
    if [ ! -f "$library" ] || [ -n "$(find "${sources[@]}" -type f -newer "$library" -print -quit)" ]; then
      stale+=("$rid")
    fi
  done
  if [ ${#stale[@]} -gt 0 ]; then
    echo "building the library for ${stale[*]} (missing or older than the sources)" >&2
    scripts/build_targets.sh "${stale[@]}" >&2
  fi
}

# The mirror that this host's apt uses for its own suite (not the security one), from either
# format of sources file: where the chroots (bindings/swift/swift_chroot.sh,
# scripts/bullseye_chroot.sh) fetch Debian from.
host_mirror() {
  local codename file files=()
  codename=$(. /etc/os-release && echo "$VERSION_CODENAME")
  for file in /etc/apt/sources.list /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources; do
    [ -f "$file" ] && files+=("$file")
  done
  [ ${#files[@]} -gt 0 ] || return 0
  awk -v suite="$codename" '
    function flush() { if (!found && in_suite && uri != "") { print uri; found = 1 } uri = ""; in_suite = 0 }
    FNR == 1 || /^[[:space:]]*$/ { flush() }
    $1 == "URIs:" { uri = $2 }
    $1 == "Suites:" { for (i = 2; i <= NF; i++) if ($i == suite) in_suite = 1 }
    $1 == "deb" && !found { for (i = 2; i < NF; i++) if ($(i + 1) == suite) { print $i; found = 1; break } }
    END { flush() }
  ' "${files[@]}" | head -n 1
}

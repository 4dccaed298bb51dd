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

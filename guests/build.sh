#!/usr/bin/env bash
# Builds every guest src/<name>/<name>.c into <out-dir>/<name>.wasm, a WASI preview1 command module:
#
#   ./build.sh [out-dir]        out-dir defaults to target/classes/guests, where Maven puts them
#
# A guest is rebuilt only when one of its sources, src/common/ or this script is newer than its
# .wasm; the toolchain is looked at only then. The toolchain is Debian's clang for wasm32-wasi
# (clang lld wasi-libc libclang-rt-<clang major>-dev-wasm32). When part of it is missing, this
# script installs it if it may (apt-get present, root or passwordless sudo); otherwise it stops
# and says exactly what is missing and how to install it.
#
# Environment:
#   CLANG                 the compiler (default: clang), e.g. /opt/wasi-sdk/bin/clang
#   LIOP_GUESTS_INSTALL   "never" to forbid installing packages
set -euo pipefail
shopt -s nullglob

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
src="$here/src"
out=${1:-"$here/target/classes/guests"}
clang=${CLANG:-clang}
cflags=(--target=wasm32-wasi -std=c11 -O2 -Wall -Wextra -Wl,--strip-all)

say() { printf 'guests: %s\n' "$*" >&2; }

# --- what needs building -------------------------------------------------------------------------

# A guest is a directory src/<name>/ holding <name>.c (so src/common/ and Maven's src/test/ are not).
guests_to_build() {
  local main dir name wasm
  for main in "$src"/*/*.c; do
    dir=$(dirname "$main")
    name=$(basename "$dir")
    [ "$main" = "$dir/$name.c" ] || continue
    wasm="$out/$name.wasm"
    if [ ! -f "$wasm" ] \
      || [ -n "$(find "$dir" "$src/common" "$here/build.sh" -newer "$wasm" -print -quit)" ]; then
      echo "$name"
    fi
  done
}

# --- the toolchain -------------------------------------------------------------------------------

probe_dir=$(mktemp -d)
trap 'rm -rf "$probe_dir"' EXIT

# Fills missing (Debian packages) and problems (one line each, for people); fails when the
# toolchain cannot build a guest. Each part is checked on its own so that one report names all.
diagnose() {
  missing=()
  problems=()
  if ! command -v "$clang" >/dev/null 2>&1 && [ -n "${CLANG:-}" ]; then
    problems=("CLANG=$CLANG: no such compiler")
    return 1
  fi
  if ! command -v "$clang" >/dev/null 2>&1; then
    # The builtins package carries clang's version: ask apt which clang it would install.
    local major
    major=$(apt-cache depends --important clang 2>/dev/null | sed -n 's/^ *Depends: clang-\([0-9][0-9]*\)$/\1/p' | head -n1)
    missing=(clang lld wasi-libc)
    problems=("clang: no C compiler (clang not found)"
              "lld: no WebAssembly linker (wasm-ld)"
              "wasi-libc: no C library for wasm32-wasi")
    if [ -n "$major" ]; then
      missing+=("libclang-rt-$major-dev-wasm32")
      problems+=("libclang-rt-$major-dev-wasm32: no compiler builtins for wasm32")
    fi
    return 1
  fi

  local major
  major=$("$clang" -dumpversion 2>/dev/null | cut -d. -f1)
  if ! "$clang" --target=wasm32-wasi -x c -c -o "$probe_dir/empty.o" - </dev/null 2>"$probe_dir/target.log"; then
    problems=("$clang cannot generate WebAssembly (built without the WebAssembly target): $(head -n1 "$probe_dir/target.log")"
              "use Debian's clang (apt-get install clang) or wasi-sdk's (CLANG=/opt/wasi-sdk/bin/clang)")
    return 1
  fi
  if ! printf '#include <stdio.h>\n' | "$clang" --target=wasm32-wasi -fsyntax-only -x c - 2>/dev/null; then
    missing+=(wasi-libc)
    problems+=("wasi-libc: no C library for wasm32-wasi (<stdio.h> not found for --target=wasm32-wasi)")
  fi
  local builtins
  builtins=$("$clang" --target=wasm32-wasi -print-libgcc-file-name 2>/dev/null || true)
  if [ -n "$builtins" ] && [ ! -f "$builtins" ]; then
    missing+=("libclang-rt-$major-dev-wasm32")
    problems+=("libclang-rt-$major-dev-wasm32: no compiler builtins for wasm32 ($builtins not found)")
  fi
  local linker
  linker=$("$clang" --target=wasm32-wasi -print-prog-name=wasm-ld 2>/dev/null || echo wasm-ld)
  if ! command -v "$linker" >/dev/null 2>&1; then
    missing+=(lld)
    problems+=("lld: no WebAssembly linker (wasm-ld not found)")
  fi
  [ ${#problems[@]} -eq 0 ] || return 1

  # The parts are there; make sure they also work together.
  printf '#include <stdio.h>\nint main(void) { return puts("ok") < 0; }\n' >"$probe_dir/probe.c"
  if ! "$clang" "${cflags[@]}" -o "$probe_dir/probe.wasm" "$probe_dir/probe.c" 2>"$probe_dir/probe.log"; then
    problems=("$clang --target=wasm32-wasi cannot build a C program:" "$(cat "$probe_dir/probe.log")")
    return 1
  fi
}

# Sets sudo (the prefix for root commands) when this script may install packages, else why_not.
may_install() {
  sudo=()
  if [ "${LIOP_GUESTS_INSTALL:-}" = never ]; then
    why_not="LIOP_GUESTS_INSTALL=never"
  elif ! command -v apt-get >/dev/null 2>&1; then
    why_not="no apt-get on this machine"
  elif [ "$(id -u)" -eq 0 ]; then
    return 0
  elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    sudo=(sudo -n)
    return 0
  else
    why_not="not root, and sudo needs a password"
  fi
  return 1
}

apt_install() {
  local install=(env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "$@")
  say "installing $* with apt-get"
  # Fresh machines usually have package lists; when they are missing or stale, refresh once.
  "${sudo[@]}" "${install[@]}" >&2 && return 0
  say "apt-get install failed; running apt-get update and trying once more"
  "${sudo[@]}" apt-get update -q >&2 && "${sudo[@]}" "${install[@]}" >&2
}

ensure_toolchain() {
  local attempt
  # Up to two installs: when clang itself was missing, its version (and so the name of the
  # builtins package) may be known only once it is installed.
  for attempt in 1 2 3; do
    diagnose && return 0
    [ ${#missing[@]} -gt 0 ] && [ "$attempt" -lt 3 ] || break
    may_install || break
    apt_install "${missing[@]}" || { why_not="apt-get install failed (see above)"; break; }
  done

  say "cannot build the sample guests: the C toolchain for wasm32-wasi is incomplete."
  local problem
  for problem in "${problems[@]}"; do
    say "  - $problem"
  done
  if [ ${#missing[@]} -gt 0 ]; then
    local command="apt-get install -y ${missing[*]}"
    [ "$(id -u)" -eq 0 ] || command="sudo $command"
    say "Install with:"
    say "    $command"
    if [[ " ${missing[*]} " == *" clang "* && "${missing[*]}" != *libclang-rt-* ]]; then
      say "  and then libclang-rt-<N>-dev-wasm32, N being clang's major version (clang -dumpversion)"
    fi
    say "(this build installs them itself as root or with passwordless sudo; here it did not: ${why_not:-they were installed, yet the toolchain still fails})"
  fi
  if ! command -v apt-get >/dev/null 2>&1; then
    say "Not on Debian or Ubuntu? Install wasi-sdk (https://github.com/WebAssembly/wasi-sdk) and run with CLANG=<wasi-sdk>/bin/clang."
  fi
  exit 1
}

# --- build ---------------------------------------------------------------------------------------

mapfile -t stale < <(guests_to_build)
if [ ${#stale[@]} -eq 0 ]; then
  say "all guests in $out are up to date"
  exit 0
fi

ensure_toolchain
mkdir -p "$out"
for name in "${stale[@]}"; do
  # Into a temporary file first: a failed build must not leave a .wasm that looks up to date.
  tmp="$out/.$name.wasm.tmp"
  "$clang" "${cflags[@]}" -I"$src/common" -o "$tmp" "$src/$name"/*.c "$src/common"/*.c
  mv -f "$tmp" "$out/$name.wasm"
  say "built $name.wasm ($(wc -c <"$out/$name.wasm") bytes)"
done

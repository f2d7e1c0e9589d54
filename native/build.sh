#!/usr/bin/env bash
# Builds dl's native kernel library (native/*.c) into the shared library at
# $1: clang -O3 -march=native -shared -fPIC (and -z nodelete: the GEMM's pool
# threads live in it, so it must never be unmapped). CC overrides the compiler.
# dl itself builds through kernels/runtime/native_cache.ts (same flags, cached
# by content hash); this script is for CI and for building by hand.
set -eu
out="${1:?usage: native/build.sh OUTPUT.so}"
dir="$(cd -P "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
exec "${CC:-clang}" -O3 -march=native -shared -fPIC -pthread \
  -fvisibility=hidden -Wl,-z,nodelete -o "$out" "$dir"/*.c

#!/usr/bin/env bash
# Start-up cost of dl: whole-process time of `./dl run` on a one-line program
# against `deno run` of an empty file, side by side, median of many runs
# (hyperfine when installed, else an interleaved loop timed with date +%s%N).
# Usage: bench/startup.sh [RUNS]   (default 40)
set -u

ROOT="$(cd -P "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
RUNS="${1:-40}"
DENO="$("$ROOT/dl" --print-deno-path)" || exit 1
WORK="$(mktemp -d "${TMPDIR:-/tmp}/dl-startup.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT
printf 'print("hello")\n' >"$WORK/one.dl"
: >"$WORK/empty.ts"

BASE=("$DENO" run --quiet --no-config "$WORK/empty.ts")
DL=("$ROOT/dl" run "$WORK/one.dl")

echo "deno: $("$DENO" --version | head -n 1), $(nproc 2>/dev/null || echo '?') cores, $RUNS runs each"

if command -v hyperfine >/dev/null 2>&1; then
  hyperfine -N --warmup 3 --runs "$RUNS" \
    -n "deno run empty.ts" "${BASE[*]}" \
    -n "dl run one.dl" "${DL[*]}"
  exit $?
fi

ms_of() {
  local s e
  s=$(date +%s%N)
  "$@" >/dev/null 2>&1
  e=$(date +%s%N)
  echo $(((e - s) / 1000))
}

median() { sort -n | awk '{ a[NR] = $1 } END { m = (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2; printf "%.1f", m / 1000 }'; }

for _ in 1 2 3; do
  "${BASE[@]}" >/dev/null 2>&1
  "${DL[@]}" >/dev/null 2>&1
done
base_times=()
dl_times=()
for _ in $(seq "$RUNS"); do
  base_times+=("$(ms_of "${BASE[@]}")")
  dl_times+=("$(ms_of "${DL[@]}")")
done
base_med="$(printf '%s\n' "${base_times[@]}" | median)"
dl_med="$(printf '%s\n' "${dl_times[@]}" | median)"
printf '%-28s median %7s ms\n' "deno run empty.ts" "$base_med"
printf '%-28s median %7s ms\n' "dl run one.dl" "$dl_med"
awk -v a="$dl_med" -v b="$base_med" 'BEGIN { printf "dl overhead                  median %7.1f ms (budget: 60 ms)\n", a - b }'

#!/usr/bin/env bash
# f32 matmul GFLOPS of dl's wasm and native backends next to PyTorch, numpy and TF.js
# (Wasm backend, XNNPACK) at 256/512/1024 on one and two threads, in one run.
# Rounds alternate the programs so all see the same machine load; each cell
# is the median over rounds of each program's median GFLOPS, from wall time
# (both thread counts) and, for one thread, from process CPU time, which a
# busy shared machine disturbs far less.
#
#   bench/peers/matmul_peers.sh [ROUNDS=5] [REPS=10]
#
# PyTorch and numpy run as /usr/bin/python3 with OPENBLAS_NUM_THREADS=T (and
# torch.set_num_threads(T)); TF.js is installed from npm into .tools/tfjs on
# first use. TF.js runs one thread only: its threaded Wasm build needs a
# browser-style worker setup that Deno does not provide.
set -eu
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
DENO="$("$ROOT/dl" --print-deno-path)"
ROUNDS="${1:-5}"
REPS="${2:-10}"
SIZES="256 512 1024"
OUT="$(mktemp -d)"
trap 'rm -rf "$OUT"' EXIT

if [ ! -d "$ROOT/.tools/tfjs/node_modules/@tensorflow/tfjs-backend-wasm" ]; then
  npm install --prefix "$ROOT/.tools/tfjs" --no-save --no-audit --no-fund \
    --loglevel=error @tensorflow/tfjs-core@4.22.0 \
    @tensorflow/tfjs-backend-wasm@4.22.0 >/dev/null
fi

# run NAME THREADS COMMAND…: appends "NAME THREADS N WALL CPU" lines.
run() {
  local name="$1" t="$2"
  shift 2
  OPENBLAS_NUM_THREADS="$t" OMP_NUM_THREADS="$t" "$@" 2>/dev/null |
    while read -r n g c; do echo "$name $t $n $g $c"; done >>"$OUT/raw" || true
}

for r in $(seq "$ROUNDS"); do
  for t in 1 2; do
    run dl-wasm "$t" "$DENO" run -A "$ROOT/bench/wasm_gemm_bench.ts" "$t" "$REPS" $SIZES
    run dl-native "$t" "$DENO" run -A "$ROOT/bench/native_gemm_bench.ts" --peer "$t" "$REPS" $SIZES
    run pytorch "$t" /usr/bin/python3 "$ROOT/bench/peers/torch_matmul.py" "$t" "$REPS" $SIZES
    run numpy "$t" /usr/bin/python3 "$ROOT/bench/peers/numpy_gemm.py" "$t" "$REPS" $SIZES
  done
  run tfjs-wasm 1 "$DENO" run -A "$ROOT/bench/peers/tfjs_gemm.ts" 1 "$REPS" $SIZES
  echo "round $r/$ROUNDS done" >&2
done

/usr/bin/python3 - "$OUT/raw" <<'PY'
import statistics, sys
cells = {}
for line in open(sys.argv[1]):
    name, t, n, wall, cpu = line.split()
    cells.setdefault((name, int(t), int(n)), []).append((float(wall), float(cpu)))
def med(name, t, n, col):
    v = cells.get((name, t, n))
    return None if v is None else statistics.median(x[col] for x in v)
f = lambda v: "-" if v is None else f"{v:.1f}"
r = lambda a, b: "-" if a is None or b is None else f"{a / b:.2f}"
def table(title, col, threads):
    print(f"\n{title}\n")
    print("| threads | N | dl wasm | dl native | PyTorch | numpy | TF.js wasm (1 thread) | wasm/PyTorch | native/PyTorch | wasm/TF.js |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    for t in threads:
        for n in (256, 512, 1024):
            d, nv, p, q = (med(x, t, n, col) for x in ("dl-wasm", "dl-native", "pytorch", "numpy"))
            tf = med("tfjs-wasm", 1, n, col)
            print(f"| {t} | {n} | {f(d)} | {f(nv)} | {f(p)} | {f(q)} | {f(tf)} | {r(d, p)} | {r(nv, p)} | {r(d, tf)} |")
table("GFLOPS from wall time (median over rounds)", 0, (1, 2))
table("GFLOPS from process CPU time, one thread (median over rounds)", 1, (1,))
PY

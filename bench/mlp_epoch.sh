#!/usr/bin/env bash
# Trains the same MLP (784-128-10, ReLU, Adam 1e-3, batch 64, one epoch of
# Fashion-MNIST) in dl (bench/programs/mlp_epoch.dl) and in PyTorch on the CPU
# (bench/peers/mlp_torch.py, Debian's /usr/bin/python3) in one run, with the
# same thread count, alternating REPEATS times; prints each run, the median
# seconds per epoch of each, their ratio dl / PyTorch and the median of the
# per-run ratios (steadier when the machine's load drifts).
# Usage: bench/mlp_epoch.sh [THREADS (default 1)] [REPEATS (default 3)]
set -u

ROOT="$(cd -P "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
THREADS="${1:-1}"
REPEATS="${2:-3}"
DATA="${DL_DATA:-/usr/share/datasets}/fashion-mnist"
PY=/usr/bin/python3

if [ ! -f "$DATA/train-images-idx3-ubyte.gz" ]; then
  echo "mlp_epoch: no Fashion-MNIST in $DATA (apt-get install dataset-fashion-mnist)" >&2
  exit 1
fi
if ! "$PY" -c "import torch" 2>/dev/null; then
  echo "mlp_epoch: $PY cannot import torch (apt-get install python3-torch)" >&2
  exit 1
fi

# Both get THREADS: dl through DL_THREADS (its GEMM workers), PyTorch through
# torch.set_num_threads (BLAS is pinned to one thread so that torch decides).
export DL_THREADS="$THREADS"
export OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS="$THREADS" MKL_NUM_THREADS="$THREADS"

field() { awk -v k="$1" '$1 == k { print $2 }'; }
median() { sort -g | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }

dl_times=()
pt_times=()
ratios=()
for ((i = 1; i <= REPEATS; i++)); do
  dl_out="$("$ROOT/dl" run "$ROOT/bench/programs/mlp_epoch.dl")" || exit 1
  pt_out="$("$PY" "$ROOT/bench/peers/mlp_torch.py" "$THREADS" "$DATA")" || exit 1
  d="$(field seconds <<<"$dl_out")"
  p="$(field seconds <<<"$pt_out")"
  dl_times+=("$d")
  pt_times+=("$p")
  ratios+=("$(awk -v a="$d" -v b="$p" 'BEGIN { print a / b }')")
  printf 'run %d: dl %.2f s (test accuracy %s), pytorch %.2f s (test accuracy %.4f)\n' \
    "$i" "$d" "$(field test_accuracy <<<"$dl_out")" "$p" "$(field test_accuracy <<<"$pt_out")"
done

dl_med="$(printf '%s\n' "${dl_times[@]}" | median)"
pt_med="$(printf '%s\n' "${pt_times[@]}" | median)"
printf 'threads %s, median of %s: dl %.2f s/epoch, pytorch %.2f s/epoch, ratio dl/pytorch %.1fx (median per-run ratio %.1fx)\n' \
  "$THREADS" "$REPEATS" "$dl_med" "$pt_med" "$(awk -v a="$dl_med" -v b="$pt_med" 'BEGIN { print a / b }')" \
  "$(printf '%s\n' "${ratios[@]}" | median)"

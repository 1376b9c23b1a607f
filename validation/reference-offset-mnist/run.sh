#!/usr/bin/env bash
# Regenerates every figure of this folder's README (about 30 minutes on 2 cores): one sweep per algorithm over the
# offset of A's reference, then the comparison. Run from the project root: bash validation/reference-offset-mnist/run.sh
set -euo pipefail
X=${XBARSPICE:-./xbarspice}
OUT=${1:-runs/reference-offset-mnist}
COMMON=(--data mnist --model 784-256-128-10 --epochs 5 --seed 1 --transfer-lr 0.1 --fast-lr 0.05
        --grid referenceOffsetStd=0,0.2,0.4,1 --threads 2)
$X sweep "${COMMON[@]}" --algorithm shd --out "$OUT/shd"
for a in ttv2 c-ttv2 agad; do
  $X sweep "${COMMON[@]}" --algorithm "$a" --transfer-bl 10 --out "$OUT/$a"
done
$X sweep --compare "$OUT/shd" "$OUT/ttv2" "$OUT/c-ttv2" "$OUT/agad" --out "$OUT"

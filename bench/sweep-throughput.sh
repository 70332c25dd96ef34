#!/usr/bin/env bash
# Runs per second of paper-size IPGD+ (examples/symmetric-sensing-ipgd.json over 16 seeds): `irlab sweep` in one JVM
# (1 and 2 threads) against one `irlab run` process per run, alternated A B A B in one invocation.
# Usage: bench/sweep-throughput.sh [ROUNDS]   (prints one line per measurement and the medians; needs ./irlab built)
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-2}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
runs=16
now() { date +%s.%N; }
echo "load: $(uptime)"
for round in $(seq "$rounds"); do
  for threads in 1 2; do
    t0=$(now)
    ./irlab sweep bench/sweeps/throughput.json --out "$tmp/sweep" --threads "$threads" --force --quiet 2>/dev/null
    t1=$(now)
    echo "round $round sweep --threads $threads: $(awk "BEGIN {printf \"%.3f\", $runs / ($t1 - $t0)}") runs/s (whole process, $runs runs)"
  done
  t0=$(now)
  for seed in $(seq "$runs"); do
    ./irlab run examples/symmetric-sensing-ipgd.json --quiet --out "$tmp/run" --set problem.seed="$seed" --set algorithm.seed=$((seed + 1)) 2>/dev/null
  done
  t1=$(now)
  echo "round $round one process per run: $(awk "BEGIN {printf \"%.3f\", $runs / ($t1 - $t0)}") runs/s ($runs processes)"
done
echo "load: $(uptime)"

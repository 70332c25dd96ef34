#!/usr/bin/env bash
# What the driver allocates at the end of `irlab complete fit --engine spark` (the model handed out and written):
# runs the command of this checkout under Java Flight Recorder (large allocations outside TLABs, with their stacks),
# then lists the arrays of ≥ 1 MiB allocated on driver threads (every thread but Spark's executor task threads: in
# local mode they share the JVM) and sums those whose stack holds an end-of-fit frame (RankFreeDescent.completion,
# ModelDirectory, Factors.of, SparkFitEngine.seen, DistributedDescents.collect/average, FactorSpectrum, …). Run it in
# two checkouts (before/after a change) on the same input for a comparison; docs/completion.md quotes one.
# Usage: bench/driver-end-of-fit.sh INPUT.csv MODEL_DIR [more `complete fit` options, e.g. --search-rank 50 --members 3]
# A generated input: python3 bench/driver_allocations.py --generate FILE (30,000 users × 5,000 items, 40 per user).
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
input="$1"; model="$2"; shift 2
jfr_file="$(mktemp -d)/fit.jfr"
settings="$(dirname "$jfr_file")/large.jfc"
cat > "$settings" <<'JFC'
<?xml version="1.0" encoding="UTF-8"?>
<configuration version="2.0" label="large allocations">
  <event name="jdk.ObjectAllocationOutsideTLAB"><setting name="enabled">true</setting><setting name="stackTrace">true</setting></event>
</configuration>
JFC
echo "load before: $(uptime)" >&2
IRLAB_JAVA_OPTS="-Xmx6g -XX:StartFlightRecording:settings=$settings,filename=$jfr_file" \
  "$here/irlab" complete fit "$input" --model "$model" --engine spark --master 'local[2]' "$@"
echo "load after: $(uptime)" >&2
python3 "$here/bench/driver_allocations.py" "$jfr_file"

#!/usr/bin/env bash
# The whole `irlab complete fit … --engine spark` command at scale, as a user runs it: a generated 2·10⁷-rating CSV
# (bench/generated_ratings.py: 100,000 × 20,000, 200 per user, rank 10 + N(0, 0.5²); written once to --file),
# fitted on local[2] with an 8 GiB heap (reading, the keyed split, the centring, σ̂, the raced α grid, the members,
# the refit, the model written). Prints the wall time, CPU and peak RSS (GNU time), and from model.json the passes,
# their seconds and the bytes broadcast/returned per pass, the heap's peak. docs/completion.md quotes it.
# Usage: bench/spark-fit-command.sh [--file PATH] [--model DIR] [-- extra complete-fit options]
#        (default options: --search-rank 50; default file /tmp/irlab-ratings-2e7.csv)
set -euo pipefail
cd "$(dirname "$0")/.."
file=/tmp/irlab-ratings-2e7.csv
model=/tmp/irlab-bench-model-2e7
while [ $# -gt 0 ]; do
  case "$1" in
    --file) file=$2; shift 2 ;;
    --model) model=$2; shift 2 ;;
    --) shift; break ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
extra=("$@")
[ ${#extra[@]} -gt 0 ] || extra=(--search-rank 50)
[ -f "$file" ] || python3 bench/generated_ratings.py "$file"
echo "load before: $(uptime)" >&2
IRLAB_JAVA_OPTS="-Xmx8g" /usr/bin/time -v ./irlab complete fit "$file" --model "$model" --force --engine spark \
  --master 'local[2]' "${extra[@]}" 2> "$model.time" || { cat "$model.time" >&2; exit 1; }
grep -E 'Elapsed|User time|System time|Percent of CPU|Maximum resident' "$model.time" >&2
echo "load after: $(uptime)" >&2
python3 - "$model/model.json" <<'PY'
import json, sys
m = json.load(open(sys.argv[1]))
s = m["engine"]["statistics"]
print(json.dumps({"chosen": m["chosen"], "validation": m["validation"], "fit": m["fit"],
                  "peakHeapMiB": m["provenance"].get("peakHeapMiB"), "commit": m["provenance"].get("commit"),
                  "perPass": {k: {"count": v["count"], "seconds": v["seconds"] / v["count"],
                                  "bytesBroadcast": v["bytesBroadcast"] / v["count"],
                                  "bytesReturned": v["bytesReturned"] / v["count"]}
                              for k, v in s.items() if isinstance(v, dict) and v.get("count")},
                  "shuffleBytes": s.get("shuffleBytesWritten"), "taskResultBytes": s.get("taskResultBytes")},
                 indent=1))
PY

#!/usr/bin/env bash
# What `complete fit URI --engine spark` costs before Spark starts: the SHA-256 of INPUT streamed through Hadoop's
# FileSystem on the driver (org.irlab.spark.InputDigest: the command's own HadoopInput), against coreutils' sha256sum
# on the same file, as whole processes (JVM start and Hadoop's class loading included), alternated A B A B; checks
# that both print the same digest. The file is generated once if absent (random ratings lines, --mb MiB).
# Usage: bench/input-digest.sh [--file PATH] [--mb 1024] [--rounds 3] [--scheme file]
set -euo pipefail
cd "$(dirname "$0")/.."
file=/tmp/irlab-digest-input.csv mb=1024 rounds=3 scheme=file
while [ $# -gt 0 ]; do
  case "$1" in
    --file) file=$2;; --mb) mb=$2;; --rounds) rounds=$2;; --scheme) scheme=$2;;
    *) echo "unknown argument $1" >&2; exit 2;;
  esac
  shift 2
done
jar=spark/target/irlab-spark.jar
if [ ! -f "$jar" ] || [ ! -f spark/target/spark-classpath.txt ] || \
   [ -n "$(find core/src/main app/src/main spark/src/main spark/pom.xml -newer "$jar" -print -quit)" ]; then
  mvn -q -B -DskipTests -pl spark -am package >&2
fi
if [ ! -f "$file" ]; then
  python3 - "$file" "$mb" <<'PY'
import sys, numpy as np
path, mb = sys.argv[1], int(sys.argv[2])
rng = np.random.default_rng(1)
with open(path + ".tmp", "w") as f:
    f.write("userId,movieId,rating\n")
    written = 0
    while written < mb << 20:
        n = 1 << 18
        u, i, r = rng.integers(0, 10**6, n), rng.integers(0, 10**5, n), rng.integers(1, 11, n) / 2
        block = "".join(f"u{a},i{b},{c}\n" for a, b, c in zip(u, i, r))
        f.write(block)
        written += len(block)
import os; os.replace(path + ".tmp", path)
PY
fi
uri="$scheme://$(realpath "$file")"
cp="$jar:$(cat spark/target/spark-classpath.txt)"
echo "file: $file ($(stat -c %s "$file") bytes); load before: $(uptime)"
cat "$file" > /dev/null # the page cache holds it for both
a=() b=()
for k in $(seq "$rounds"); do
  t0=$(date +%s.%N); s1=$(sha256sum "$file" | cut -d' ' -f1); t1=$(date +%s.%N)
  s2=$(java -Xmx256m -cp "$cp" org.irlab.spark.InputDigest "$uri" 2>/dev/null | cut -d' ' -f1); t2=$(date +%s.%N)
  [ "$s1" = "$s2" ] || { echo "digests differ: sha256sum $s1, Hadoop $s2" >&2; exit 1; }
  a+=("$(echo "$t1 - $t0" | bc)") b+=("$(echo "$t2 - $t1" | bc)")
  echo "round $k: sha256sum ${a[-1]} s, through Hadoop ${b[-1]} s, ratio $(echo "scale=3; ${b[-1]} / ${a[-1]}" | bc)"
done
python3 - "${a[*]}" "${b[*]}" <<'PY'
import sys, statistics as st
a = [float(x) for x in sys.argv[1].split()]; b = [float(x) for x in sys.argv[2].split()]
r = [y / x for x, y in zip(a, b)]
print(f"sha256sum median {st.median(a):.2f} s (min {min(a):.2f}); through Hadoop median {st.median(b):.2f} s "
      f"(min {min(b):.2f}); ratio median {st.median(r):.2f} (min {min(r):.2f})")
PY
echo "load after: $(uptime)"

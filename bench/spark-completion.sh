#!/usr/bin/env bash
# The rank-free model's data term on Spark at scale: a generated 100,000 × 20,000 ratings matrix with 2·10⁷ ratings
# (200 per user, rank 10 + noise), on local[2] in one JVM with an 8 GiB heap. Prints one JSON object: per layout
# (blocks per side) the time of value + gradient and of ∇²f·v evaluations of the driver-bound data term on Spark,
# alternated with the same evaluations of the local objective in the same JVM (A B A B), the bytes broadcast and
# handed back per evaluation, Spark's shuffle and task-result bytes; then the same short rank-free descent (one α,
# one member, the same draws) twice on Spark: driver-bound (x broadcast whole, rows gathered) and distributed (X in
# the user blocks, Y broadcast, Y's partial gradients tree-reduced): time per step, bytes per pass, the driver's
# peak of descent vectors, the peak heap. docs/completion.md quotes it and projects it to 10⁹ ratings.
# With --input first: what the command does before its descents — reading the ratings file, the split, the tuned
# biases and σ̂ — on the driver (the local reader, as before) against on the executors (Spark's reader, the keyed
# split, the user blocks), alternated A B A B in the same JVM on a generated 2·10⁷-rating CSV (written once to
# --file, default /tmp/irlab-ratings-2e7.csv): seconds per step, peak heap per route, what the driver keeps, and with
# --steps K the same short descent on each route's blocks (CompletionInputOnSpark).
# With --model-output: the end of a fit on the driver — the model directory of one short distributed fit written by
# gathering the factors and seen entries whole (A, as before) and by streaming them from the executors (B), alternated
# A B A B: seconds, driver-thread allocation, model-sized arrays held at once, byte identity (ModelOutputOnSpark).
# Usage: bench/spark-completion.sh --model-output [--users N] [--items N] [--per-user N] [--search-rank R]
#        [--members K] [--steps K] [--blocks B] [--rounds N]
# Usage: bench/spark-completion.sh --input [--rounds 2] [--steps K] [--file PATH] [--users N] [--items N] [--per-user N]
# Usage: bench/spark-completion.sh [--users N] [--items N] [--per-user N] [--search-rank R] [--evaluations K]
#        [--steps K] [--blocks B1,B2] [--master URL] [--local true|false]   (defaults: the sizes above, r' = 200,
#        1 evaluation, 4 steps, blocks 2, local[2]); IRLAB_BENCH_HEAP overrides the heap (default 8g).
set -euo pipefail
cd "$(dirname "$0")/.."
jar=spark/target/irlab-spark.jar
if [ ! -f "$jar" ] || [ ! -f spark/target/spark-classpath.txt ] || \
   [ -n "$(find core/src/main app/src/main spark/src/main spark/pom.xml -newer "$jar" -print -quit)" ]; then
  mvn -q -B -DskipTests -pl spark -am package >&2
fi
opts="-XX:+IgnoreUnrecognizedVMOptions -Djdk.reflect.useDirectMethodHandle=false -Dio.netty.tryReflectionSetAccessible=true"
for p in java.lang java.lang.invoke java.lang.reflect java.io java.net java.nio java.util java.util.concurrent \
         java.util.concurrent.atomic jdk.internal.ref sun.nio.ch sun.nio.cs sun.security.action sun.util.calendar; do
  opts="$opts --add-opens=java.base/$p=ALL-UNNAMED"
done
echo "load before: $(uptime)" >&2
export SPARK_LOCAL_IP="${SPARK_LOCAL_IP:-127.0.0.1}"
if [ "${1:-}" = "--model-output" ]; then
  shift
  # shellcheck disable=SC2086
  java -Xmx"${IRLAB_BENCH_HEAP:-8g}" $opts -cp "$jar:$(cat spark/target/spark-classpath.txt)" \
    org.irlab.spark.ModelOutputOnSpark "$@"
elif [ "${1:-}" = "--input" ]; then
  shift
  # shellcheck disable=SC2086
  java -Xmx"${IRLAB_BENCH_HEAP:-8g}" $opts -cp "$jar:$(cat spark/target/spark-classpath.txt)" \
    org.irlab.spark.CompletionInputOnSpark "$@"
else
  # shellcheck disable=SC2086
  java -Xmx"${IRLAB_BENCH_HEAP:-8g}" $opts -cp "$jar:$(cat spark/target/spark-classpath.txt)" \
    org.irlab.spark.CompletionScaleOnSpark --blocks 2 --evaluations 1 --steps 4 "$@"
fi
echo "load after: $(uptime)" >&2

#!/usr/bin/env bash
# liop.bench/run.sh: builds the benchmarks and measures what fuel metering costs, printing a Markdown
# table (the one in docs/benchmarks.md) on stdout and the progress on stderr.
#
#   liop.bench/run.sh                    # the full run, about 9 minutes on 2 cores
#   liop.bench/run.sh --rounds 1 --modes compiler --guests aggregate   # a quick look
#   LIOP_BENCH_NO_BUILD=1 liop.bench/run.sh ...                        # reuse the built jar
#
# Options (after the script's name) go to liop.bench.MeteringReport: --rounds N, --warmup N,
# --iterations N, --iteration-ms N, --guests aggregate,primes,echo, --modes compiler,interpreter,
# --out FILE (also write the table there). The JMH benchmarks can be run on their own as well:
#   java -cp liop.bench/target/benchmarks.jar org.openjdk.jmh.Main MeteringBenchmark -p guest=primes
set -euo pipefail

repo="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
cd "$repo"

# shellcheck source=../bin/find-java.sh
. bin/find-java.sh
liop_find_java || exit 1
java_major=$(liop_java_major "$JAVA_HOME/bin/java")
if [ "$java_major" -ge 23 ]; then
  export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow"
fi

jar=liop.bench/target/benchmarks.jar
if [ -z "${LIOP_BENCH_NO_BUILD:-}" ] || [ ! -f "$jar" ]; then
  echo "liop.bench: building $jar" >&2
  mvn -B -q -pl liop.bench -am install -DskipTests >&2
fi

java_options=()
[ "$java_major" -ge 23 ] && java_options+=(--sun-misc-unsafe-memory-access=allow)
exec "$JAVA_HOME/bin/java" "${java_options[@]}" -jar "$jar" "$@"

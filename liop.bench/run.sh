#!/usr/bin/env bash
# liop.bench/run.sh: builds the benchmarks and runs them, printing a Markdown table (the ones in
# docs/benchmarks.md) on stdout and the progress on stderr. Run it from anywhere; it works in the
# repository's root (where the engines report finds runtime/target/sample-data/patients.json).
#
#   liop.bench/run.sh                    # fuel metering's cost, about 8 minutes on 2 cores
#   liop.bench/run.sh --rounds 1 --modes compiler --guests aggregate   # a quick look
#   liop.bench/run.sh engines            # the engines side by side, about 15 minutes
#   liop.bench/run.sh engines --engines chicory-compiler,node --guests primes --cold-runs 1
#   LIOP_BENCH_NO_BUILD=1 liop.bench/run.sh ...                        # reuse the built jar
#
# Options (after the script's name) go to liop.bench.MeteringReport: --rounds N, --warmup N,
# --iterations N, --iteration-ms N, --guests aggregate,primes,echo, --modes compiler,interpreter,
# --out FILE (also write the table there). After "engines" they go to liop.bench.EngineReport:
# --engines java,chicory-interpreter,chicory-compiler,graalwasm,graalwasm-jit,node, --guests
# aggregate,primes, --warmup N, --jit-warmup N (GraalWasm JIT), --iterations N, --iteration-ms N, --cold-runs N, --instances N,
# --dataset FILE, --graalvm-jit DIR, --node COMMAND, --out FILE. The engines report needs the
# runtime's sample dataset (mvn -pl runtime -am package -DskipTests builds it) and node on the PATH.
# The JMH benchmarks can be run on their own as well:
#   java -cp liop.bench/target/benchmarks.jar org.openjdk.jmh.Main MeteringBenchmark -p guest=primes
#   java -cp liop.bench/target/benchmarks.jar org.openjdk.jmh.Main EngineBenchmark -p engine=graalwasm -p guest=primes
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
[ "$java_major" -ge 22 ] && java_options+=(--enable-native-access=ALL-UNNAMED) # Truffle loads its native part
exec "$JAVA_HOME/bin/java" "${java_options[@]}" -jar "$jar" "$@"

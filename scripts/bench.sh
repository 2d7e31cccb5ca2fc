#!/usr/bin/env bash
# The benchmarks of issues 7 and 15, as `make bench` runs them: writes the inputs
# (samples/synth: ledgers of 50,000, 200,000 and 800,000 rows and an inbox of
# 200 ledgers of 1,000 rows, and their text-heavy counterparts A′ and B′ in
# shared strings, kept in $PAIRSTAT_BENCH_DIR for the next run),
# runs the `go test -bench` benchmarks and prints rows/s, MB/s, CPU, peak
# memory and the goals as ratios measured in the same run.
#
#   ROUNDS=3 (default)  rounds of the reference reads and end-to-end ingests,
#                       interleaved: each ratio is taken within a round, and
#                       the report gives the median (shared machines are noisy)
#   QUICK=1             one round, and no stage, memory or query benchmarks
#   BENCH_OUT=FILE      keep the raw `go test` output (default: a temp file)
#   QUIET_WAIT=300      seconds to wait before each round for the machine to
#                       be quiet (1-minute load average under 1.5); the load
#                       at the start of each round is printed with it
set -euo pipefail
cd "$(dirname "$0")/.."

export PAIRSTAT_BENCH_DIR=${PAIRSTAT_BENCH_DIR:-${TMPDIR:-/tmp}/pairstat-bench}
rounds=${ROUNDS:-3}
[ -n "${QUICK:-}" ] && rounds=1
out=${BENCH_OUT:-$(mktemp)}
: > "$out"
tags=(-tags duckdb_arrow)

echo "== machine: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(nproc) CPU(s), $(free -g | awk '/Mem:/ {print $2}') GB, $(go version | cut -d' ' -f3-), load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "== inputs in $PAIRSTAT_BENCH_DIR"
go run "${tags[@]}" ./bench/report gen

# quiet waits up to QUIET_WAIT seconds for the load average to drop.
quiet() {
  local waited=0
  while awk '{exit !($1 >= 1.5)}' /proc/loadavg && [ "$waited" -lt "${QUIET_WAIT:-300}" ]; do
    sleep 10; waited=$((waited + 10))
  done
}

for r in $(seq 1 "$rounds"); do
  quiet
  echo "## round $r (load $(cut -d' ' -f1 /proc/loadavg))" | tee -a "$out"
  go test "${tags[@]}" -run '^$' -bench '^Benchmark(ReadBare|ReadIngest|Ingest|IngestUnchanged)$' -benchtime 1x -count 1 \
    -timeout 60m ./cmd/pairstat | tee -a "$out"
done
if [ -z "${QUICK:-}" ]; then
  quiet
  echo "## stages, memory and queries, once (load $(cut -d' ' -f1 /proc/loadavg))" | tee -a "$out"
  go test "${tags[@]}" -run '^$' -bench '^BenchmarkIngestMemory$' -benchtime 1x -count 1 -timeout 60m ./cmd/pairstat | tee -a "$out"
  go test "${tags[@]}" -run '^$' -bench . -benchtime 1x -count 1 -timeout 60m ./transform ./queries | tee -a "$out"
fi
go run "${tags[@]}" ./bench/report < "$out"

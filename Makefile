# make bench: the benchmarks of issue 7 and their report (see README, Performance).
.PHONY: bench
bench:
	scripts/bench.sh

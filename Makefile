# make bench: the benchmarks of issues 7 and 15 and their report (see README, Performance).
.PHONY: bench
bench:
	scripts/bench.sh

# make bench: the benchmarks of issues 7 and 15 and their report (see README, Performance).
.PHONY: bench
bench:
	scripts/bench.sh

# make dist: release binaries for linux/amd64 and linux/arm64 in dist/,
# with dist/SHA256SUMS (see README, Install on a server).
.PHONY: dist dist-verify
dist:
	scripts/dist.sh

# make dist-verify: make dist, then build again from another folder with an
# empty build cache and check the sums are equal (reproducible builds).
dist-verify:
	scripts/dist.sh --verify

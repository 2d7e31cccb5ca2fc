package main

import (
	"os"
	"runtime/debug"
)

// The collector during an ingest. excelize's XML decoding allocates some
// 5 KB per cell read, nearly all of it garbage at once, so with Go's
// default (GOGC=100) an ingest collects over and over a heap that is mostly
// dead: reading 200 workbooks of 1,000 rows on two workers, GOGC=400 takes
// 13% less CPU (13.5 → 11.8 cpu-s, the median of four runs each) for some
// 30–45 MB more peak memory (README, Performance). A soft limit on the heap
// keeps the worst cases bounded: near it the collector runs as often as it
// must, so a workbook that amplifies into a large live heap (shared
// strings repeated in every row; README, Limits) costs no more memory than
// with the default.
const (
	ingestGCPercent = 400
	ingestHeapLimit = 256 << 20
)

// tuneGC sets the collector for an ingest, unless GOGC or GOMEMLIMIT are
// set in the environment; restore sets it back.
func tuneGC() (restore func()) {
	if os.Getenv("GOGC") != "" || os.Getenv("GOMEMLIMIT") != "" {
		return func() {}
	}
	percent := debug.SetGCPercent(ingestGCPercent)
	limit := debug.SetMemoryLimit(ingestHeapLimit)
	return func() {
		debug.SetGCPercent(percent)
		debug.SetMemoryLimit(limit)
	}
}

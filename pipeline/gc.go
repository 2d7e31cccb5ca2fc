package pipeline

import (
	"os"
	"runtime/debug"
)

// The collector during a load. excelize's XML decoding allocates some
// 5 KB per cell read, nearly all of it garbage at once, so with Go's
// default (GOGC=100) a load collects over and over a heap that is mostly
// dead: reading 200 workbooks of 1,000 rows on two workers, GOGC=400 takes
// 13% less CPU (13.5 → 11.8 cpu-s, the median of four runs each) for some
// 30–45 MB more peak memory (README, Performance). A soft limit on the heap
// keeps the worst cases bounded: near it the collector runs as often as it
// must, so a workbook that amplifies into a large live heap (shared
// strings repeated in every row; README, Limits) costs no more memory than
// with the default.
const (
	LoadGCPercent = 400
	LoadHeapLimit = 256 << 20
)

// TuneGC sets the collector for a load (Options.TuneGC), unless GOGC or
// GOMEMLIMIT are set in the environment; restore sets back the values it
// had. The collector is the process's: two loads at once in one process
// (tests) share it.
func TuneGC() (restore func()) {
	if os.Getenv("GOGC") != "" || os.Getenv("GOMEMLIMIT") != "" {
		return func() {}
	}
	percent := debug.SetGCPercent(LoadGCPercent)
	limit := debug.SetMemoryLimit(LoadHeapLimit)
	return func() {
		debug.SetGCPercent(percent)
		debug.SetMemoryLimit(limit)
	}
}

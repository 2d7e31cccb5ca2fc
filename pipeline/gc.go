package pipeline

import (
	"os"
	"runtime/debug"
)

// The collector during a load. While excelize decoded every cell (some
// 5 KB allocated per cell, nearly all of it garbage at once), GOGC=400
// took 13% off the CPU of reading 200 workbooks of 1,000 rows on two
// workers. Since package ingest reads the cells itself, a load's heap is
// small (28 MB live at most on a ledger of 200,000 distinct texts) and
// makes little garbage: GOGC=400 then took no CPU off and added up to 90
// MB of peak memory; 200 costs about the CPU of 400 and 10 MB more than
// Go's default (README, Performance). A soft limit on the heap
// keeps the worst cases bounded: near it the collector runs as often as it
// must, so a workbook that amplifies into a large live heap (shared
// strings repeated in every row; README, Limits) costs no more memory than
// with the default.
const (
	LoadGCPercent = 200
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

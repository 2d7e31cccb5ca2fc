package pipeline

import (
	"os"
	"runtime/debug"
)

// LoadHeapLimit is the soft limit on the Go heap during a load. The
// collector keeps Go's default pace (GOGC=100): since package ingest reads
// the cells itself, a load's heap is small (16 MB live at most on a ledger
// of 200,000 distinct texts) and a slower pace only adds memory —
// GOGC=200 cost a text-heavy ledger 10–20 MB of peak and saved no wall
// time (README, Performance). The limit keeps the worst cases bounded: near
// it the collector runs as often as it must, so a workbook that amplifies
// into a large live heap (shared strings repeated in every row; README,
// Limits) costs no more memory than it must.
const LoadHeapLimit = 256 << 20

// TuneGC sets the soft limit for a load (Options.TuneGC), unless GOGC or
// GOMEMLIMIT are set in the environment; restore sets back the limit it
// had, and gives the memory the heap holds free back to the system: what
// comes after a load is DuckDB's checkpoint of the rows it still holds in
// memory (at the latest when the database closes), the peak of a load of
// many small workbooks, and the Go runtime would return that memory only
// minutes later (200 ledgers of 1,000 text-heavy rows: 131.6 MiB → 125.4).
// The limit is the process's: two loads at once in one process (tests)
// share it.
func TuneGC() (restore func()) {
	if os.Getenv("GOGC") != "" || os.Getenv("GOMEMLIMIT") != "" {
		return func() {}
	}
	limit := debug.SetMemoryLimit(LoadHeapLimit)
	return func() {
		debug.SetMemoryLimit(limit)
		debug.FreeOSMemory()
	}
}

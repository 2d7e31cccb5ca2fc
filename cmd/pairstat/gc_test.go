package main

import (
	"os"
	"runtime/debug"
	"testing"
)

// gcPercent reads the collector's setting.
func gcPercent() int {
	p := debug.SetGCPercent(100)
	debug.SetGCPercent(p)
	return p
}

// memoryLimit reads the soft memory limit.
func memoryLimit() int64 { return debug.SetMemoryLimit(-1) }

// An ingest runs with ingestGCPercent and ingestHeapLimit and sets the
// collector back after; GOGC or GOMEMLIMIT in the environment leave it
// alone.
func TestTuneGC(t *testing.T) {
	for _, v := range []string{"GOGC", "GOMEMLIMIT"} {
		if old, ok := os.LookupEnv(v); ok {
			t.Cleanup(func() { os.Setenv(v, old) })
			os.Unsetenv(v)
		}
	}
	before, beforeLimit := gcPercent(), memoryLimit()
	restore := tuneGC()
	if got := gcPercent(); got != ingestGCPercent {
		t.Errorf("during an ingest GOGC is %d, want %d", got, ingestGCPercent)
	}
	if got := memoryLimit(); got != ingestHeapLimit {
		t.Errorf("during an ingest the memory limit is %d, want %d", got, ingestHeapLimit)
	}
	restore()
	if got, limit := gcPercent(), memoryLimit(); got != before || limit != beforeLimit {
		t.Errorf("after an ingest GOGC is %d and the limit %d, want %d and %d as before", got, limit, before, beforeLimit)
	}

	t.Setenv("GOGC", "150")
	restore = tuneGC()
	if got, limit := gcPercent(), memoryLimit(); got != before || limit != beforeLimit {
		t.Errorf("with GOGC set, an ingest changed the collector to %d and the limit to %d", got, limit)
	}
	restore()
}

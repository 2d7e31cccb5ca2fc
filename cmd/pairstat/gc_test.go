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

// An ingest runs with ingestGCPercent and sets the collector back after;
// GOGC or GOMEMLIMIT in the environment leave it alone.
func TestTuneGC(t *testing.T) {
	for _, v := range []string{"GOGC", "GOMEMLIMIT"} {
		if old, ok := os.LookupEnv(v); ok {
			t.Cleanup(func() { os.Setenv(v, old) })
			os.Unsetenv(v)
		}
	}
	before := gcPercent()
	restore := tuneGC()
	if got := gcPercent(); got != ingestGCPercent {
		t.Errorf("during an ingest GOGC is %d, want %d", got, ingestGCPercent)
	}
	restore()
	if got := gcPercent(); got != before {
		t.Errorf("after an ingest GOGC is %d, want %d as before", got, before)
	}

	t.Setenv("GOGC", "150")
	restore = tuneGC()
	if got := gcPercent(); got != before {
		t.Errorf("with GOGC set, an ingest changed the collector to %d", got)
	}
	restore()
}

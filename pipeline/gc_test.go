package pipeline

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

// A load runs with LoadGCPercent and LoadHeapLimit and sets the
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
	restore := TuneGC()
	if got := gcPercent(); got != LoadGCPercent {
		t.Errorf("during a load GOGC is %d, want %d", got, LoadGCPercent)
	}
	if got := memoryLimit(); got != LoadHeapLimit {
		t.Errorf("during a load the memory limit is %d, want %d", got, LoadHeapLimit)
	}
	restore()
	if got, limit := gcPercent(), memoryLimit(); got != before || limit != beforeLimit {
		t.Errorf("after a load GOGC is %d and the limit %d, want %d and %d as before", got, limit, before, beforeLimit)
	}

	t.Setenv("GOGC", "150")
	restore = TuneGC()
	if got, limit := gcPercent(), memoryLimit(); got != before || limit != beforeLimit {
		t.Errorf("with GOGC set, a load changed the collector to %d and the limit to %d", got, limit)
	}
	restore()
}

package pipeline

import (
	"os"
	"runtime/debug"
	"testing"
)

// memoryLimit reads the soft memory limit.
func memoryLimit() int64 { return debug.SetMemoryLimit(-1) }

// A load runs with LoadHeapLimit and sets the limit back after; GOGC or
// GOMEMLIMIT in the environment leave it alone.
func TestTuneGC(t *testing.T) {
	for _, v := range []string{"GOGC", "GOMEMLIMIT"} {
		if old, ok := os.LookupEnv(v); ok {
			t.Cleanup(func() { os.Setenv(v, old) })
			os.Unsetenv(v)
		}
	}
	before := memoryLimit()
	restore := TuneGC()
	if got := memoryLimit(); got != LoadHeapLimit {
		t.Errorf("during a load the memory limit is %d, want %d", got, LoadHeapLimit)
	}
	restore()
	if got := memoryLimit(); got != before {
		t.Errorf("after a load the limit is %d, want %d as before", got, before)
	}

	for _, v := range []string{"GOGC", "GOMEMLIMIT"} {
		t.Run(v, func(t *testing.T) {
			t.Setenv(v, map[string]string{"GOGC": "150", "GOMEMLIMIT": "1GiB"}[v])
			restore := TuneGC()
			defer restore()
			if got := memoryLimit(); got != before {
				t.Errorf("with %s set, a load changed the limit to %d", v, got)
			}
		})
	}
}

package bench

import (
	"bufio"
	"os"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// Meter measures one benchmark besides its time: the process's peak
// resident memory and the CPU time it used.
type Meter struct {
	b    *testing.B
	peak bool // the peak was reset at Start
	cpu  time.Duration
}

// Start returns freed memory to the system, resets the process's peak
// resident set size (ResetPeak) and the benchmark's timer, and notes the
// CPU time used so far.
func Start(b *testing.B) *Meter {
	m := &Meter{b: b, peak: ResetPeak()}
	m.cpu = CPUTime()
	b.ResetTimer()
	return m
}

// Report adds the metrics of a benchmark that handled rows rows and size
// bytes of input per iteration: rows/s and MB/s (of the timed part),
// cpu-s (CPU seconds per iteration, all threads: cpu-s above s/op means
// more than one core at work) and peak-MB (peak resident memory since
// Start), each when known.
func (m *Meter) Report(rows, size int64) {
	b := m.b
	cpu := CPUTime() - m.cpu
	b.StopTimer()
	sec := b.Elapsed().Seconds() / float64(b.N)
	if sec <= 0 {
		return
	}
	if rows > 0 {
		b.ReportMetric(float64(rows)/sec, "rows/s")
	}
	if size > 0 {
		b.ReportMetric(float64(size)/1e6/sec, "MB/s")
	}
	b.ReportMetric(cpu.Seconds()/float64(b.N), "cpu-s")
	if m.peak {
		b.ReportMetric(PeakMB(), "peak-MB")
	}
}

// ResetPeak returns freed memory to the system and resets the process's
// peak resident set size to what is resident now (Linux:
// /proc/self/clear_refs); false when the system cannot.
func ResetPeak() bool {
	runtime.GC()
	debug.FreeOSMemory()
	return os.WriteFile("/proc/self/clear_refs", []byte("5"), 0) == nil
}

// CPUTime is the CPU time the process has used, all threads.
func CPUTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// PeakMB is the process's peak resident set size in MB (VmHWM), 0 when
// unknown.
func PeakMB() float64 {
	kb, _ := StatusKB("VmHWM")
	return float64(kb) / 1024
}

// StatusKB is one memory figure of this process from /proc/self/status,
// such as VmHWM (peak resident) or RssAnon (resident anonymous), in kB;
// false when the system has no such figure.
func StatusKB(field string) (int64, bool) {
	return StatusFileKB("/proc/self/status", field)
}

// StatusFileKB is one memory figure, in kB, from a process's status file
// (/proc/PID/status); false when there is no such file or figure.
func StatusFileKB(path, field string) (int64, bool) {
	f, err := os.Open(path)
	if err != nil {
		return 0, false
	}
	defer f.Close()
	s := bufio.NewScanner(f)
	for s.Scan() {
		if rest, ok := strings.CutPrefix(s.Text(), field+":"); ok {
			kb, err := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 10, 64)
			return kb, err == nil
		}
	}
	return 0, false
}

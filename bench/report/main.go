// Command report prints the benchmark report of `make bench`: it reads
// the output of `go test -bench` (rounds separated by "## round N" lines)
// and prints each benchmark's median figures and the goals of issues 7 and
// 15 as ratios measured within each round, the median of those.
//
//	go run ./bench/report gen          # write the inputs (package bench)
//	go run ./bench/report < bench.txt  # the report
package main

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/pairstat/pairstat/bench"
)

func main() {
	if len(os.Args) > 1 && os.Args[1] == "gen" {
		if err := gen(); err != nil {
			fmt.Fprintln(os.Stderr, "report:", err)
			os.Exit(1)
		}
		return
	}
	rounds, loads, err := parse(os.Stdin)
	if err != nil {
		fmt.Fprintln(os.Stderr, "report:", err)
		os.Exit(1)
	}
	report(os.Stdout, rounds, loads)
}

// gen writes every input of the benchmarks.
func gen() error {
	for _, rows := range []int{50_000, 200_000, 800_000} {
		path, err := bench.MakeLedger(rows)
		if err != nil {
			return err
		}
		fmt.Println(path)
	}
	path, err := bench.MakeInbox(200, 1000)
	if err != nil {
		return err
	}
	fmt.Println(path)
	if path, err = bench.MakeMixed(200, 1000); err != nil {
		return err
	}
	fmt.Println(path)
	if path, err = bench.MakeTextLedger(200_000); err != nil {
		return err
	}
	fmt.Println(path)
	path, err = bench.MakeTextInbox(200, 1000)
	fmt.Println(path)
	return err
}

// result is one benchmark's figures: unit → value (s/op, rows/s, MB/s,
// cpu-s, peak-MB, file-MB, facts; procs, its GOMAXPROCS, from the name's
// suffix).
type result map[string]float64

// round maps benchmark names (without the -GOMAXPROCS suffix) to results.
type round map[string]result

var (
	roundLine = regexp.MustCompile(`^## round (\d+)(?: \(load ([0-9.]+)\))?`)
	benchLine = regexp.MustCompile(`^(Benchmark\S+?)(-\d+)?\s+(\d+)\s+(.*)$`)
)

// parse reads the output of the rounds: the benchmarks' results, and the
// load averages at the rounds' start where the round lines say them.
func parse(r io.Reader) (rounds []round, loads []string, err error) {
	rounds = []round{{}}
	s := bufio.NewScanner(r)
	for s.Scan() {
		line := s.Text()
		if m := roundLine.FindStringSubmatch(line); m != nil {
			if len(rounds[len(rounds)-1]) > 0 {
				rounds = append(rounds, round{})
			}
			if m[2] != "" {
				loads = append(loads, m[2])
			}
			continue
		}
		m := benchLine.FindStringSubmatch(line)
		if m == nil {
			continue
		}
		res := result{}
		if procs, err := strconv.Atoi(strings.TrimPrefix(m[2], "-")); err == nil {
			res["procs"] = float64(procs)
		}
		f := strings.Fields(m[4])
		for i := 0; i+1 < len(f); i += 2 {
			v, err := strconv.ParseFloat(f[i], 64)
			if err != nil {
				continue
			}
			unit := f[i+1]
			if unit == "ns/op" {
				unit, v = "s/op", v/1e9
			}
			res[unit] = v
		}
		rounds[len(rounds)-1][strings.TrimPrefix(m[1], "Benchmark")] = res
	}
	return rounds, loads, s.Err()
}

// median of the values of name's unit over the rounds that have it.
func median(rounds []round, name, unit string) (float64, bool) {
	var vs []float64
	for _, r := range rounds {
		if res, ok := r[name]; ok {
			if v, ok := res[unit]; ok {
				vs = append(vs, v)
			}
		}
	}
	return med(vs)
}

// ratio is the median over the rounds of a's unit divided by b's.
func ratio(rounds []round, a, b, unit string) (float64, int, bool) {
	return ratioOf(rounds, a, unit, b, unit)
}

// ratioOf is the median over the rounds of a's unit ua divided by b's
// unit ub.
func ratioOf(rounds []round, a, ua, b, ub string) (float64, int, bool) {
	var vs []float64
	for _, r := range rounds {
		x, okx := r[a][ua]
		y, oky := r[b][ub]
		if okx && oky && y > 0 {
			vs = append(vs, x/y)
		}
	}
	v, ok := med(vs)
	return v, len(vs), ok
}

func med(vs []float64) (float64, bool) {
	if len(vs) == 0 {
		return 0, false
	}
	sort.Float64s(vs)
	if n := len(vs); n%2 == 0 {
		return (vs[n/2-1] + vs[n/2]) / 2, true
	}
	return vs[len(vs)/2], true
}

func report(w io.Writer, rounds []round, loads []string) {
	fmt.Fprintf(w, "\n== goals (issues 7 and 15): ratios measured within each round, median of %d round(s)", len(rounds))
	if len(loads) > 0 {
		fmt.Fprintf(w, " (load average at their start: %s)", strings.Join(loads, ", "))
	}
	fmt.Fprintln(w)
	fmt.Fprintf(w, "%-56s %-32s %-16s %s\n", "goal", "measured", "target", "")
	goal := func(name, measured, target string, ok bool) {
		verdict := "ok"
		if !ok {
			verdict = "MISSED"
		}
		fmt.Fprintf(w, "%-56s %-32s %-16s %s\n", name, measured, target, verdict)
	}
	// timeRatio is the median ratio of a's time to b's, and its text with
	// their median times.
	timeRatio := func(a, b string) (float64, string, bool) {
		r, _, ok := ratio(rounds, a, b, "s/op")
		ta, _ := median(rounds, a, "s/op")
		tb, _ := median(rounds, b, "s/op")
		return r, fmt.Sprintf("%.2f (%.2f s / %.2f s)", r, ta, tb), ok
	}
	ratioGoal := func(name, a, b string, limit float64, atMost bool) {
		r, measured, ok := timeRatio(a, b)
		if !ok {
			fmt.Fprintf(w, "%-56s %s\n", name, "(not measured)")
			return
		}
		target := fmt.Sprintf("≤ %.2f", limit)
		pass := r <= limit
		if !atMost {
			target, pass = fmt.Sprintf("≥ %.2f", limit), r >= limit
		}
		goal(name, measured, target, pass)
	}
	cpuGoal := func(name, a, b string, limit float64) {
		r, _, ok := ratio(rounds, a, b, "cpu-s")
		if !ok {
			fmt.Fprintf(w, "%-56s %s\n", name, "(not measured)")
			return
		}
		ca, _ := median(rounds, a, "cpu-s")
		cb, _ := median(rounds, b, "cpu-s")
		goal(name, fmt.Sprintf("%.2f (%.2f cpu-s / %.2f cpu-s)", r, ca, cb), fmt.Sprintf("≤ %.2f", limit), r <= limit)
	}
	// peakGoal says too how much of the peak was mapped from files: the
	// executable's and the system libraries' pages, shared and clean; the
	// rest is the ingest's own memory.
	peakGoal := func(name, bench string, limit float64) {
		v, ok := median(rounds, bench, "peak-MB")
		if !ok {
			return
		}
		measured := fmt.Sprintf("%.0f MB", v)
		if file, ok := median(rounds, bench, "file-MB"); ok {
			measured += fmt.Sprintf(" (%.0f MB file-backed)", file)
		}
		goal(name, measured, fmt.Sprintf("< %.0f MB", limit), v < limit)
	}
	ratioGoal("A: ingest 200,000 rows / excelize bare read of A", "Ingest/A", "ReadBare/A", 1.25, true)
	info := func(name, a, b string) {
		if _, measured, ok := timeRatio(a, b); ok {
			fmt.Fprintf(w, "%-56s %-32s\n", name, measured)
		}
	}
	info("   of which: package ingest's read of A / bare read", "ReadIngest/A", "ReadBare/A")
	info("   and: ingest of A / package ingest's read of A", "Ingest/A", "ReadIngest/A")
	ratioGoal("B: ingest 200 × 1,000, 2 workers / bare read, 2 gorout.", "Ingest/B/workers=2", "ReadBare/B/workers=2", 1.25, true)
	ratioGoal("B: ingest, 1 worker / 2 workers (speed-up)", "Ingest/B/workers=1", "Ingest/B/workers=2", 1.45, false)
	ratioGoal("   the same of excelize alone (issue: 1.5 here)", "ReadBare/B/workers=1", "ReadBare/B/workers=2", 1.45, false)
	// One worker is not one core: its census, the writer and the collector
	// run beside the reader. With the same work on every core, the speed-up
	// cannot pass the cores there are over the cores one worker keeps busy.
	busy, _, okBusy := ratioOf(rounds, "Ingest/B/workers=1", "cpu-s", "Ingest/B/workers=1", "s/op")
	if procs, ok := median(rounds, "Ingest/B/workers=1", "procs"); ok && okBusy && busy > 0 {
		fmt.Fprintf(w, "%-56s %-32s\n", fmt.Sprintf("   cores busy with 1 worker; at most %.0f ÷ that", procs),
			fmt.Sprintf("%.2f cores; %.2f", busy, procs/busy))
	}
	if v, ok := median(rounds, "IngestMemory/rows=200000", "peak-MB"); ok {
		goal("memory: peak RSS of `pairstat ingest` of A", fmt.Sprintf("%.0f MB", v), "< 300 (150) MB", v < 300)
	}
	ratioGoal("A′: ingest of the text-heavy ledger / bare read (wall)", "Ingest/Aprime", "ReadBare/Aprime", 1.15, true)
	cpuGoal("A′: the same, CPU", "Ingest/Aprime", "ReadBare/Aprime", 1.3)
	peakGoal("A′: peak RSS of `pairstat ingest`", "IngestMemory/Aprime", 160)
	ratioGoal("B′: ingest 200 × 1,000 text-heavy, 2 workers / bare", "Ingest/Bprime/workers=2", "ReadBare/Bprime/workers=2", 1.2, true)
	peakGoal("B′: peak RSS of `pairstat ingest --jobs 2`", "IngestMemory/Bprime/jobs=2", 120)
	if v, ok := median(rounds, "IngestUnchanged", "s/op"); ok {
		goal("incremental: re-run on unchanged inbox B (200 files)", fmt.Sprintf("%.3f s", v), "< 0.5 s", v < 0.5)
	}
	if v, ok := median(rounds, "Totals", "s/op"); ok {
		facts, _ := median(rounds, "Totals", "facts")
		goal(fmt.Sprintf("queries: yearly totals over %.1fM fact rows", facts/1e6), fmt.Sprintf("%.3f s", v), "< 1 s", v < 1)
	}

	var memory []string
	for name := range rounds[0] {
		if strings.HasPrefix(name, "IngestMemory/rows=") {
			memory = append(memory, name)
		}
	}
	if len(memory) > 0 {
		sort.Slice(memory, func(i, j int) bool { return rowsOf(memory[i]) < rowsOf(memory[j]) })
		fmt.Fprintf(w, "\n== memory: `pairstat ingest` of one ledger, as a process of its own\n")
		fmt.Fprintf(w, "%10s %10s %10s %12s %10s\n", "rows", "peak-MB", "s", "rows/s", "MB/s")
		for _, name := range memory {
			peak, _ := median(rounds, name, "peak-MB")
			s, _ := median(rounds, name, "s/op")
			rps, _ := median(rounds, name, "rows/s")
			mbs, _ := median(rounds, name, "MB/s")
			fmt.Fprintf(w, "%10d %10.0f %10.2f %12.0f %10.2f\n", rowsOf(name), peak, s, rps, mbs)
		}
	}

	fmt.Fprintf(w, "\n== every benchmark, median of the rounds\n")
	fmt.Fprintf(w, "%-44s %9s %11s %8s %8s %8s\n", "benchmark", "s/op", "rows/s", "MB/s", "cpu-s", "peak-MB")
	seen := map[string]bool{}
	var names []string
	for _, r := range rounds {
		for name := range r {
			if !seen[name] {
				seen[name] = true
				names = append(names, name)
			}
		}
	}
	sort.Strings(names)
	for _, name := range names {
		col := func(unit, format string) string {
			if v, ok := median(rounds, name, unit); ok {
				return fmt.Sprintf(format, v)
			}
			return "-"
		}
		fmt.Fprintf(w, "%-44s %9s %11s %8s %8s %8s\n", name, col("s/op", "%.3f"), col("rows/s", "%.0f"),
			col("MB/s", "%.2f"), col("cpu-s", "%.2f"), col("peak-MB", "%.0f"))
	}
}

func rowsOf(name string) int {
	_, after, _ := strings.Cut(name, "rows=")
	n, _ := strconv.Atoi(after)
	return n
}

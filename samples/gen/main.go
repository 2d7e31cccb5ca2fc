package main

import (
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"time"
)

func main() {
	out := flag.String("out", "samples", "folder to write the workbooks into")
	flag.Parse()
	if err := run(*out, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}

// run generates the data, checks it against the reference figures, writes
// the workbooks into dir and prints the totals table to w.
func run(dir string, w io.Writer) error {
	d := generate()
	tot := d.totals()
	if err := checkReference(tot); err != nil {
		return err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	files := []struct {
		name  string
		write func(*book)
	}{
		{tangxia.file, func(b *book) { writeLedger(b, tangxia, d.projects[tangxia.code]) }},
		{shixing.file, func(b *book) { writeLedger(b, shixing, d.projects[shixing.code]) }},
		{"始兴县帮扶资金台账.xlsx", func(b *book) { writeFunds(b, d.funds) }},
		{"始兴县乡村振兴帮扶项目.xlsx", func(b *book) { writeAssistance(b, d.assistance) }},
	}
	for _, f := range files {
		b := newBook()
		f.write(b)
		path := filepath.Join(dir, f.name)
		if err := b.save(path); err != nil {
			return fmt.Errorf("%s: %w", path, err)
		}
		fmt.Fprintln(w, "wrote", path)
	}
	tot.print(w)
	return nil
}

// money is an exact amount in hundredths of 万元 (100 yuan); never a float.
type money int64

const (
	wan money = 100     // 1 万元
	yi  money = 1000000 // 1 亿元
)

// in returns m in the given unit as the float64 nearest to the exact decimal,
// which excelize prints back as that decimal.
func (m money) in(unit money) float64 { return float64(m) / float64(unit) }

// String formats m in 万元 without trailing zeros.
func (m money) String() string {
	s := fmt.Sprintf("%d.%02d", m/wan, m%wan)
	return strings.TrimRight(strings.TrimRight(s, "0"), ".")
}

// when is a ledger date: zero means none; layout "" is written as an Excel
// date serial, anything else as text in that layout.
type when struct {
	t      time.Time
	layout string
}

type data struct {
	projects   map[string][]project
	funds      []fund
	assistance []assistance
}

func generate() data {
	r := rand.NewPCG(20230101, 20231231)
	return data{
		projects:   map[string][]project{tangxia.code: tangxia.generate(r), shixing.code: shixing.generate(r)},
		funds:      funds,
		assistance: assistanceRows(r),
	}
}

// between returns a pseudo-random int in [lo, hi), using only the raw PCG stream.
func between(r *rand.PCG, lo, hi int) int { return lo + int(r.Uint64()%uint64(hi-lo)) }

// day returns the date day days after 1 January of year (day may run into the next year).
func day(year, day int) time.Time { return time.Date(year, 1, 1+day, 0, 0, 0, 0, time.UTC) }

// Package bench is pairstat's benchmark kit: the inputs the benchmarks
// read, generated once with samples/synth and kept between runs, and the
// measures they report besides time (rows/s, MB/s, peak resident memory).
//
// The inputs are those of issue 7: A, one project ledger of 200,000 rows
// (Ledger(200000)); B, an inbox of 200 ledgers of 1,000 rows (Inbox(200,
// 1000)). Issue 15 adds their text-heavy counterparts as other tools save
// them, A′ (TextLedger(200000)) and B′ (TextInbox(200, 1000)): texts that
// nearly all differ, in a shared strings table. They are written under $PAIRSTAT_BENCH_DIR, or pairstat-bench in
// the system's temporary folder, and reused while they exist: the same
// arguments always give byte-identical files.
//
// The benchmarks themselves live beside the code they measure
// (cmd/pairstat, transform, queries: *_bench_test.go); bench/report turns
// their output into the table of ratios that `make bench` prints.
package bench

// Command gen writes the sample workbooks of pairstat (see samples/README.md).
//
//	go run ./samples/gen [-out DIR]
//
// The rows are generated deterministically (fixed PCG seed, fixed document
// properties), so two runs write byte-identical files. Before writing, gen
// recomputes the yearly indicator totals from its own rows with exact integer
// money and fails if the 2023 figures differ from the reference figures of
// SPEC §2.
//
// The code is split by sheet kind: ledger.go (the project ledgers),
// funds.go (the fund ledger), assistance.go (the assistance projects);
// totals.go recomputes and prints the totals, book.go writes the workbooks.
package main

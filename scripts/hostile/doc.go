// Command hostile writes hostile workbooks of ingest/hostile.Cases into a
// folder, for .ci/run to feed to a release binary:
//
//	go run ./scripts/hostile DIR CASE...
//
// Each case is written as DIR/CASE.xlsx.
package main

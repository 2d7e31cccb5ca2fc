//go:build !linux

package queries

// returnFreedMemory does nothing where DuckDB's allocator is the system's
// (allocator_linux.go).
func returnFreedMemory() {}

package queries

/*
#include <stddef.h>

// DuckDB's builds for Linux allocate its buffers with jemalloc, under the
// prefix duckdb_je_. The reference is weak: a DuckDB built without it
// leaves it NULL, and giving memory back is then left to that allocator.
extern int duckdb_je_mallctl(const char *name, void *oldp, size_t *oldlenp, void *newp, size_t newlen) __attribute__((weak));

// purge_duckdb_arenas returns the pages DuckDB's allocator holds free, in
// every arena (4096 is jemalloc's MALLCTL_ARENAS_ALL), to the system.
static void purge_duckdb_arenas(void) {
	if (duckdb_je_mallctl != NULL) {
		duckdb_je_mallctl("arena.4096.purge", NULL, NULL, NULL, 0);
	}
}
*/
import "C"

// returnFreedMemory gives the memory DuckDB has freed back to the system.
// jemalloc keeps freed pages for reuse and returns them only as they age
// (about a second) and as it allocates: a load that frees a transaction's
// buffers and goes on reading keeps them resident, some 30 MB on a ledger
// of 200,000 rows (README, Performance). It costs a system call per run of
// free pages; the writer calls it after each insert and commit.
func returnFreedMemory() { C.purge_duckdb_arenas() }

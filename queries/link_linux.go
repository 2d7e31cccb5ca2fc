package queries

// The DuckDB driver links its library with -rdynamic, which puts each of
// DuckDB's 60,000 symbols in the executable's dynamic symbol table: 6 MB
// of tables that the loader reads into memory at every start, for the
// extensions DuckDB would load from a file to look up. pairstat uses only
// the extensions linked in, so the executable exports nothing but what
// the system's libraries ask of it: 7 MB less resident in every pairstat
// process (a `pairstat --help` 27 → 21 MB), a 10% faster start.
//
// gcc hands the driver's -rdynamic to the linker ahead of every -Wl
// option, so this later --no-export-dynamic is the one that holds.

// #cgo LDFLAGS: -Wl,--no-export-dynamic
import "C"

// Package buildinfo says what a pairstat binary is: its version (the
// release build's stamp, set with -ldflags -X by scripts/dist.sh, else the
// commit go build recorded, else devel), the Go, DuckDB and excelize it is
// built with, and the SHA-256 of the catalog it reads — for `pairstat
// version`, and for anyone who must say which build produced a figure.
package buildinfo

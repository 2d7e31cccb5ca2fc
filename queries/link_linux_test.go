package queries

import (
	"debug/elf"
	"os"
	"strings"
	"testing"
)

// TestNoDuckDBSymbolExported reads the dynamic symbol table of this test
// binary, linked as pairstat is: it defines none of DuckDB's symbols
// (link_linux.go), where the driver's -rdynamic alone exports some 50,000.
func TestNoDuckDBSymbolExported(t *testing.T) {
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	f, err := elf.Open(exe)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	syms, err := f.DynamicSymbols()
	if err != nil {
		t.Fatal(err)
	}
	var exported []string
	for _, s := range syms {
		if s.Section != elf.SHN_UNDEF && strings.Contains(strings.ToLower(s.Name), "duckdb") {
			exported = append(exported, s.Name)
		}
	}
	if len(exported) > 0 {
		t.Errorf("the executable exports %d of DuckDB's symbols (of %d dynamic symbols), such as %s", len(exported), len(syms), exported[0])
	}
}

package main

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/pairstat/pairstat/ingest/hostile"
)

func main() {
	if err := write(os.Args[1:]); err != nil {
		fmt.Fprintf(os.Stderr, "hostile: %v\n", err)
		os.Exit(1)
	}
}

// write writes the named cases into the folder args[0].
func write(args []string) error {
	if len(args) < 2 {
		return fmt.Errorf("usage: go run ./scripts/hostile DIR CASE...")
	}
	cases := map[string]hostile.Case{}
	for _, c := range hostile.Cases() {
		cases[c.Name] = c
	}
	dir := args[0]
	for _, name := range args[1:] {
		c, ok := cases[name]
		if !ok {
			return fmt.Errorf("no case %q in ingest/hostile", name)
		}
		if err := hostile.WriteFile(filepath.Join(dir, name+".xlsx"), c.Parts); err != nil {
			return err
		}
	}
	return nil
}

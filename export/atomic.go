package export

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
)

// writeAtomic writes a file through write: into a temporary file in the
// same folder, renamed to path once complete, so path is never a partly
// written file; on error the temporary file is removed and path is as it
// was.
func writeAtomic(path string, write func(io.Writer) error) error {
	return writeFileAtomic(path, func(tmp string) error {
		file, err := os.OpenFile(tmp, os.O_WRONLY|os.O_TRUNC, 0)
		if err != nil {
			return err
		}
		defer file.Close()
		buf := bufio.NewWriter(file)
		if err := write(buf); err != nil {
			return err
		}
		if err := buf.Flush(); err != nil {
			return err
		}
		return file.Close()
	})
}

// writeFileAtomic has write fill a temporary file (given by name, empty) in
// path's folder, then renames it to path.
func writeFileAtomic(path string, write func(tmp string) error) (err error) {
	if info, err := os.Stat(path); err == nil && info.IsDir() {
		return fmt.Errorf("export: %s is a folder", path)
	}
	dir, base := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	file, err := os.CreateTemp(dir, "."+base+".tmp-*")
	if err != nil {
		return fmt.Errorf("export: %w", err)
	}
	tmp := file.Name()
	defer func() {
		if err != nil {
			os.Remove(tmp)
		}
	}()
	if err := file.Close(); err != nil {
		return fmt.Errorf("export: %w", err)
	}
	if err := write(tmp); err != nil {
		return fmt.Errorf("export %s: %w", path, err)
	}
	if err := syncPath(tmp); err != nil {
		return fmt.Errorf("export %s: %w", path, err)
	}
	if err := os.Chmod(tmp, 0o644); err != nil {
		return fmt.Errorf("export %s: %w", path, err)
	}
	if err := os.Rename(tmp, path); err != nil {
		return fmt.Errorf("export %s: %w", path, err)
	}
	return nil
}

// writeDirAtomic has write fill a temporary folder (empty) beside path,
// then renames it to path. An earlier partitioned export at path is
// replaced; any other existing file or folder is left alone and is an
// error.
func writeDirAtomic(path string, write func(tmp string) error) (err error) {
	path = filepath.Clean(path)
	replace := false
	if info, err := os.Stat(path); err == nil {
		if !info.IsDir() || !isPartitionedExport(path) {
			return fmt.Errorf("export: %s exists and is not a partitioned export: remove it or choose another --out", path)
		}
		replace = true
	}
	tmp, err := os.MkdirTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return fmt.Errorf("export: %w", err)
	}
	defer func() {
		if err != nil {
			os.RemoveAll(tmp)
		}
	}()
	if err := os.Chmod(tmp, 0o755); err != nil {
		return fmt.Errorf("export: %w", err)
	}
	if err := write(tmp); err != nil {
		return fmt.Errorf("export %s: %w", path, err)
	}
	if err := filepath.WalkDir(tmp, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		return syncPath(p)
	}); err != nil {
		return fmt.Errorf("export %s: %w", path, err)
	}
	if !replace {
		if err := os.Rename(tmp, path); err != nil {
			return fmt.Errorf("export %s: %w", path, err)
		}
		return nil
	}
	// Move the earlier export aside, the new one in, then remove the old.
	old := tmp + ".old"
	if err := os.Rename(path, old); err != nil {
		return fmt.Errorf("export %s: %w", path, err)
	}
	if err := os.Rename(tmp, path); err != nil {
		if back := os.Rename(old, path); back != nil {
			return fmt.Errorf("export %s: %w (the earlier export is in %s)", path, err, old)
		}
		return fmt.Errorf("export %s: %w", path, err)
	}
	if err := os.RemoveAll(old); err != nil {
		return fmt.Errorf("export %s: remove the earlier export: %w", path, err)
	}
	return nil
}

// isPartitionedExport reports whether dir holds nothing but year=…
// partitions (or nothing): what writeDirAtomic may replace.
func isPartitionedExport(dir string) bool {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return false
	}
	for _, e := range entries {
		if !e.IsDir() || !strings.HasPrefix(e.Name(), "year=") {
			return false
		}
	}
	return true
}

// syncPath flushes a file to disk (before it is renamed into place), or a
// folder (so that a rename into it is durable).
func syncPath(path string) error {
	file, err := os.Open(path)
	if err != nil {
		return err
	}
	defer file.Close()
	return file.Sync()
}

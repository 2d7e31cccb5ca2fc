package main

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"
)

// A file must be left alone this long (size and modification time still)
// before it is read: a file still being copied is not read half-written.
const (
	quietPeriod = time.Second
	// settleLimit bounds how long a batch run waits for files to settle;
	// files still changing then are left for the next run.
	settleLimit = 10 * time.Second
)

// inputFile is one file found in the paths to ingest.
type inputFile struct {
	path        string // on disk
	name        string // relative to its inbox: the identity of the file
	folder      string // first inbox sub-folder, a region hint
	spreadsheet bool   // has a spreadsheet extension
	size        int64
	modified    time.Time
}

// stable reports whether the file still has the size and modification time
// it had when it was found.
func (f inputFile) stable() bool {
	info, err := os.Stat(f.path)
	return err == nil && info.Size() == f.size && info.ModTime().Equal(f.modified)
}

// spreadsheetExt lists the extensions read as workbooks; other formats of
// spreadsheets are read too, so that their rejection names them.
var spreadsheetExt = map[string]bool{
	".xlsx": true, ".xlsm": true, ".xltx": true, ".xltm": true,
	".xls": true, ".xlsb": true, ".ods": true, ".fods": true, ".numbers": true,
}

// hidden reports whether a file or folder name is never read: hidden files,
// Excel lock files (~$name.xlsx).
func hidden(name string) bool {
	return strings.HasPrefix(name, ".") || strings.HasPrefix(name, "~$")
}

// findInputs expands the paths into the files to consider, in a stable
// order. A folder is an inbox: names are relative to it; hidden files and
// folders, lock files and the files of the database db (which may sit in
// the inbox) are left out.
func findInputs(paths []string, db string) ([]inputFile, error) {
	var files []inputFile
	own := map[string]bool{}
	if db != "" {
		if abs, err := filepath.Abs(db); err == nil {
			own[abs], own[abs+".wal"] = true, true
		}
	}
	add := func(path, name string, info fs.FileInfo) {
		if abs, err := filepath.Abs(path); err == nil && own[abs] {
			return
		}
		folder := ""
		if i := strings.IndexByte(name, '/'); i > 0 {
			folder = name[:i]
		}
		files = append(files, inputFile{path: path, name: name, folder: folder,
			spreadsheet: spreadsheetExt[strings.ToLower(filepath.Ext(path))],
			size:        info.Size(), modified: info.ModTime()})
	}
	for _, p := range paths {
		info, err := os.Stat(p)
		if err != nil {
			return nil, err
		}
		if !info.IsDir() {
			add(p, filepath.ToSlash(p), info)
			files[len(files)-1].folder = filepath.Base(filepath.Dir(p))
			continue
		}
		err = filepath.WalkDir(p, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if path != p && hidden(d.Name()) {
				if d.IsDir() {
					return filepath.SkipDir
				}
				return nil
			}
			if d.IsDir() || !d.Type().IsRegular() {
				return nil
			}
			info, err := d.Info()
			if err != nil {
				return err
			}
			rel, err := filepath.Rel(p, path)
			if err != nil {
				return err
			}
			add(path, filepath.ToSlash(rel), info)
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("walk %s: %w", p, err)
		}
	}
	sort.SliceStable(files, func(i, j int) bool { return files[i].name < files[j].name })
	return files, nil
}

// settle waits until every file has been still for quiet, at most limit in
// all. It returns the settled files and those still changing.
func settle(ctx context.Context, files []inputFile, quiet, limit time.Duration) (settled, busy []inputFile) {
	deadline := time.Now().Add(limit)
	pending := files
	for {
		var young []inputFile
		wait := time.Duration(0)
		for _, f := range pending {
			info, err := os.Stat(f.path)
			if err != nil {
				continue // gone: nothing to read
			}
			age := time.Since(info.ModTime())
			if age >= quiet && info.Size() == f.size && info.ModTime().Equal(f.modified) {
				settled = append(settled, f)
				continue
			}
			f.size, f.modified = info.Size(), info.ModTime()
			young = append(young, f)
			wait = max(wait, quiet-age)
		}
		if len(young) == 0 {
			break
		}
		wait = max(wait, quiet/10)
		if time.Now().Add(wait).After(deadline) {
			busy = young
			break
		}
		select {
		case <-ctx.Done():
			return settled, young
		case <-time.After(wait):
		}
		pending = young
	}
	sort.SliceStable(settled, func(i, j int) bool { return settled[i].name < settled[j].name })
	return settled, busy
}

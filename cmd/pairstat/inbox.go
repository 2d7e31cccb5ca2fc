package main

import (
	"context"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/pairstat/pairstat/ingest"
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
	spreadsheet bool   // has a spreadsheet extension (ingest.IsSpreadsheet)
	size        int64
	modified    time.Time
	// skip and skipZh say why a file found in an inbox is not read (a
	// symbolic link, a named pipe): "" for the files to read.
	skip, skipZh string
}

// stable reports whether the file still has the size and modification time
// it had when it was found.
func (f inputFile) stable() bool {
	info, err := os.Stat(f.path)
	return err == nil && info.Size() == f.size && info.ModTime().Equal(f.modified)
}

// hidden reports whether a file or folder name is never read: hidden files,
// Excel lock files (~$name.xlsx).
func hidden(name string) bool {
	return strings.HasPrefix(name, ".") || strings.HasPrefix(name, "~$")
}

// findInputs expands the paths into the files to consider, in a stable
// order. A folder is an inbox: names are relative to it; hidden files and
// folders, lock files and the files of the database db (which may sit in
// the inbox) are left out. Inside an inbox only regular files are read:
// symbolic links (which could point anywhere, and are not followed), named
// pipes (reading one would wait forever) and other special files are
// returned in skipped, with the reason, for the caller to report. A path
// given itself is read as it is, a link followed; so is an inbox that is a
// link to a folder.
func findInputs(paths []string, db string) (files, skipped []inputFile, err error) {
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
		files = append(files, inputFile{path: path, name: name, folder: firstFolder(name),
			spreadsheet: ingest.IsSpreadsheet(path),
			size:        info.Size(), modified: info.ModTime()})
	}
	for _, p := range paths {
		info, err := os.Stat(p)
		if err != nil {
			return nil, nil, err
		}
		if !info.IsDir() {
			add(p, filepath.ToSlash(p), info)
			files[len(files)-1].folder = filepath.Base(filepath.Dir(p))
			continue
		}
		root := p
		if l, err := os.Lstat(p); err == nil && l.Mode()&fs.ModeSymlink != 0 {
			root = p + string(filepath.Separator) // walk the folder the link names
		}
		err = filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if path != root && hidden(d.Name()) {
				if d.IsDir() {
					return filepath.SkipDir
				}
				return nil
			}
			if d.IsDir() {
				return nil
			}
			rel, err := filepath.Rel(root, path)
			if err != nil {
				return err
			}
			name := filepath.ToSlash(rel)
			if !d.Type().IsRegular() {
				f := inputFile{path: path, name: name, folder: firstFolder(name)}
				if info, err := os.Lstat(path); err == nil {
					f.size, f.modified = info.Size(), info.ModTime()
				}
				f.skip, f.skipZh = whyNotRead(root, path, d.Type())
				skipped = append(skipped, f)
				return nil
			}
			info, err := d.Info()
			if err != nil {
				return err
			}
			add(path, name, info)
			return nil
		})
		if err != nil {
			return nil, nil, fmt.Errorf("walk %s: %w", p, err)
		}
	}
	sort.SliceStable(files, func(i, j int) bool { return files[i].name < files[j].name })
	sort.SliceStable(skipped, func(i, j int) bool { return skipped[i].name < skipped[j].name })
	return files, skipped, nil
}

// firstFolder returns the first inbox sub-folder of a name ("" at the top).
func firstFolder(name string) string {
	if i := strings.IndexByte(name, '/'); i > 0 {
		return name[:i]
	}
	return ""
}

// whyNotRead says, in English and Chinese, why the special file at path
// in the inbox root is not read.
func whyNotRead(root, path string, mode fs.FileMode) (en, zh string) {
	switch {
	case mode&fs.ModeSymlink != 0:
		target, err := os.Readlink(path)
		if err != nil {
			return "a symbolic link, not followed: only regular files in an inbox are read",
				"符号链接，未跟随：收件箱中只读取普通文件"
		}
		where, whereZh := "", ""
		if outside(root, path, target) {
			where, whereZh = ", outside the inbox", "，位于收件箱之外"
		}
		return fmt.Sprintf("a symbolic link to %s%s, not followed: only regular files in an inbox are read", strconv.Quote(target), where),
			fmt.Sprintf("指向 %s 的符号链接%s，未跟随：收件箱中只读取普通文件", strconv.Quote(target), whereZh)
	case mode&fs.ModeNamedPipe != 0:
		return "a named pipe, not a regular file: reading it could wait forever",
			"命名管道，不是普通文件：读取它可能永远等待"
	}
	return fmt.Sprintf("not a regular file (%s)", mode.Type()), fmt.Sprintf("不是普通文件（%s）", mode.Type())
}

// outside reports whether a link at path, in the inbox root, points
// outside the inbox (judged by its text, not followed further).
func outside(root, path, target string) bool {
	if !filepath.IsAbs(target) {
		target = filepath.Join(filepath.Dir(path), target)
	}
	absRoot, err1 := filepath.Abs(root)
	absTarget, err2 := filepath.Abs(target)
	if err1 != nil || err2 != nil {
		return true
	}
	rel, err := filepath.Rel(absRoot, absTarget)
	return err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator))
}

// reportSkipped prints, for each file found but not read, its name and
// why, and returns how many there are: they count as ignored.
func reportSkipped(w io.Writer, lang string, skipped []inputFile) int {
	for _, f := range skipped {
		fmt.Fprintf(w, text(lang, "pairstat: %s: ignored: %s\n", "pairstat：%s：已忽略：%s\n"),
			ingest.QuoteName(f.name), text(lang, f.skip, f.skipZh))
	}
	return len(skipped)
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

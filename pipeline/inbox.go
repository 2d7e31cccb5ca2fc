package pipeline

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/pairstat/pairstat/ingest"
	"github.com/pairstat/pairstat/queries"
)

// A file must be left alone this long (size and modification time still)
// before it is read: a file still being copied is not read half-written.
const (
	QuietPeriod = time.Second
	// SettleLimit bounds how long a batch run waits for files to settle;
	// files still changing then are left for the next run.
	SettleLimit = 10 * time.Second
)

// File is one file found in the paths to ingest.
type File struct {
	Path   string // on disk
	Name   string // relative to its inbox: the identity of the file
	Folder string // first inbox sub-folder, a region hint
	// Spreadsheet: the file is read as a workbook, its content saying its
	// format. So is every file named itself (on the command line); a file
	// found in an inbox only when its extension is a spreadsheet's
	// (ingest.IsSpreadsheet), the others being recorded as ignored.
	Spreadsheet bool
	Size        int64
	Modified    time.Time
	// Skip says why a file found is not read (a symbolic link, a named
	// pipe, a lock file named itself …): the zero Skip for the files to
	// read.
	Skip Skip
	// Recheck: a watcher dealt with the file already and it has not
	// changed since; it is loaded again only in case it must now load (a
	// duplicate whose original was corrected), and what it already was
	// (unchanged, rejected, a duplicate still) is neither told nor counted.
	Recheck bool
}

// SkipKind is the kind of a file found and not read.
type SkipKind int

const (
	NotSkipped SkipKind = iota
	SkipLink            // a symbolic link, not followed
	SkipPipe            // a named pipe
	SkipOther           // another special file
	SkipLock            // an Excel lock file (~$name.xlsx), named itself
	SkipHidden          // a hidden file (.name), named itself
	// SkipBadName: a file whose name (relative to its inbox, or as given)
	// is not valid UTF-8, so that the database, whose texts are UTF-8,
	// cannot know it by its name.
	SkipBadName
)

// Skip says why a file found is not read; the caller words it.
type Skip struct {
	Kind SkipKind
	// Link: its target, "" when it cannot be read; whether the target
	// lies outside the inbox (judged by its text, not followed further).
	Target  string
	Outside bool
	// Mode is the file's type bits.
	Mode fs.FileMode
}

// stable reports whether the file still has the size and modification time
// it had when it was found.
func (f File) Stable() bool {
	info, err := os.Stat(f.Path)
	return err == nil && info.Size() == f.Size && info.ModTime().Equal(f.Modified)
}

// Hidden reports whether a file or folder name is never read: hidden files,
// Excel lock files (~$name.xlsx).
func Hidden(name string) bool { return hiddenKind(name) != NotSkipped }

// hiddenKind is the one rule of the names never read: SkipLock for an
// Excel lock file (~$name.xlsx: Excel's owner file, kept while the
// workbook is open), SkipHidden for a hidden file (.name), NotSkipped for
// the others.
func hiddenKind(name string) SkipKind {
	switch {
	case strings.HasPrefix(name, "~$"):
		return SkipLock
	case strings.HasPrefix(name, "."):
		return SkipHidden
	}
	return NotSkipped
}

// Find expands the paths into the files to consider, in a stable
// order. A folder is an inbox: names are relative to it; hidden files and
// folders, lock files and the files of the database db (which may sit in
// the inbox) are left out. Inside an inbox only regular files are read:
// symbolic links (which could point anywhere, and are not followed), named
// pipes (reading one would wait forever) and other special files are
// returned in skipped, with the reason, for the caller to report. A path
// given itself is read as it is, a link followed, whatever its extension
// (Spreadsheet); so is an inbox that is a link to a folder. A lock or
// hidden file given itself is not read, nor is a file whose name is not
// valid UTF-8 (SkipBadName): they are returned in skipped too.
func Find(paths []string, db string) (files, skipped []File, err error) {
	own := map[string]bool{}
	if db != "" {
		if abs, err := filepath.Abs(db); err == nil {
			own[abs], own[abs+".wal"] = true, true
		}
	}
	// add adds a regular file to read, unless the database cannot know it
	// by its name.
	add := func(f File) {
		if abs, err := filepath.Abs(f.Path); err == nil && own[abs] {
			return
		}
		if !utf8.ValidString(f.Name) {
			f.Skip = Skip{Kind: SkipBadName}
			skipped = append(skipped, f)
			return
		}
		files = append(files, f)
	}
	for _, p := range paths {
		info, err := os.Stat(p)
		if err != nil {
			return nil, nil, err
		}
		if !info.IsDir() {
			f := File{Path: p, Name: filepath.ToSlash(p), Folder: filepath.Base(filepath.Dir(p)),
				Spreadsheet: true, Size: info.Size(), Modified: info.ModTime()}
			if kind := hiddenKind(filepath.Base(p)); kind != NotSkipped {
				f.Skip = Skip{Kind: kind}
				skipped = append(skipped, f)
				continue
			}
			add(f)
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
			if path != root && Hidden(d.Name()) {
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
				f := File{Path: path, Name: name, Folder: firstFolder(name)}
				if info, err := os.Lstat(path); err == nil {
					f.Size, f.Modified = info.Size(), info.ModTime()
				}
				f.Skip = whyNotRead(root, path, d.Type())
				skipped = append(skipped, f)
				return nil
			}
			info, err := d.Info()
			if err != nil {
				return err
			}
			add(File{Path: path, Name: name, Folder: firstFolder(name), Spreadsheet: ingest.IsSpreadsheet(path),
				Size: info.Size(), Modified: info.ModTime()})
			return nil
		})
		if err != nil {
			return nil, nil, fmt.Errorf("walk %s: %w", p, err)
		}
	}
	sort.SliceStable(files, func(i, j int) bool { return files[i].Name < files[j].Name })
	sort.SliceStable(skipped, func(i, j int) bool { return skipped[i].Name < skipped[j].Name })
	return files, skipped, nil
}

// firstFolder returns the first inbox sub-folder of a name ("" at the top).
func firstFolder(name string) string {
	if i := strings.IndexByte(name, '/'); i > 0 {
		return name[:i]
	}
	return ""
}

// whyNotRead says why the special file at path in the inbox root is not
// read.
func whyNotRead(root, path string, mode fs.FileMode) Skip {
	switch {
	case mode&fs.ModeSymlink != 0:
		target, err := os.Readlink(path)
		if err != nil {
			return Skip{Kind: SkipLink, Mode: mode}
		}
		return Skip{Kind: SkipLink, Target: target, Outside: outside(root, path, target), Mode: mode}
	case mode&fs.ModeNamedPipe != 0:
		return Skip{Kind: SkipPipe, Mode: mode}
	}
	return Skip{Kind: SkipOther, Mode: mode}
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

// Settle waits until every file has been still for quiet, at most limit in
// all. It returns the settled files and those still changing.
func Settle(ctx context.Context, files []File, quiet, limit time.Duration) (settled, busy []File) {
	deadline := time.Now().Add(limit)
	pending := files
	for {
		var young []File
		wait := time.Duration(0)
		for _, f := range pending {
			info, err := os.Stat(f.Path)
			if err != nil {
				continue // gone: nothing to read
			}
			age := time.Since(info.ModTime())
			if age >= quiet && info.Size() == f.Size && info.ModTime().Equal(f.Modified) {
				settled = append(settled, f)
				continue
			}
			f.Size, f.Modified = info.Size(), info.ModTime()
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
	sort.SliceStable(settled, func(i, j int) bool { return settled[i].Name < settled[j].Name })
	return settled, busy
}

// Describe hashes a file: the source it is to the database.
func Describe(f File) (queries.Source, error) {
	file, err := os.Open(f.Path)
	if err != nil {
		return queries.Source{}, fmt.Errorf("read %s: %w", f.Path, err)
	}
	defer file.Close()
	h := sha256.New()
	n, err := io.Copy(h, file)
	if err != nil {
		return queries.Source{}, fmt.Errorf("read %s: %w", f.Path, err)
	}
	location, err := filepath.Abs(f.Path)
	if err != nil {
		return queries.Source{}, fmt.Errorf("locate %s: %w", f.Path, err)
	}
	return queries.Source{Path: f.Name, SHA256: hex.EncodeToString(h.Sum(nil)), Size: n, Modified: f.Modified, Location: location}, nil
}

// ErrSameName rejects a file whose path (relative to its inbox) is that of
// a loaded file of another inbox, still there: loading it would supersede
// the other file's rows.
var ErrSameName = errors.New("a file of the same name from another folder is loaded")

// sameName is the problem of the file f, named as another file, at
// location other, that is loaded; nil when other is no longer there, or is
// f itself under another path (a link), so that f is its new version.
func sameName(f File, other string) *ingest.CellError {
	there, err := os.Stat(other)
	if err != nil {
		return nil
	}
	if here, err := os.Stat(f.Path); err == nil && os.SameFile(here, there) {
		return nil
	}
	return ingest.Advice{
		En: fmt.Sprintf("%s is loaded under the same name; pairstat knows a file by its path in its inbox, so two folders holding files of the same names cannot share a database: put both in one inbox (a sub-folder per region: inbox/tangxia/, inbox/shixing/), or rename this file", other),
		Zh: fmt.Sprintf("已载入同名文件 %s；pairstat 按文件在收件箱中的路径识别文件，含有同名文件的两个文件夹不能共用一个数据库：请将两者放入同一收件箱（每个地区一个子文件夹：inbox/tangxia/、inbox/shixing/），或重命名本文件", other),
	}.At(f.Path, "", "", "", ErrSameName) // its path on disk: its name is the other's
}

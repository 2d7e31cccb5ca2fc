package web

import (
	"bytes"
	"crypto/rand"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"os"
	"path"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/pairstat/pairstat/ingest"
	"github.com/pairstat/pairstat/pipeline"
)

// The inbox's hidden folders (never read by the pipeline: pipeline.Hidden):
// uploads are written in uploadDir and renamed into place; an earlier file
// replaced by an upload is kept under archiveDir/<UTC time>/<its name>.
const (
	uploadDir  = ".upload"
	archiveDir = ".archive"
)

// uploadExts are the formats of SPEC §3 an upload may have; a .txt must be
// Excel's Unicode text (unicodeText), as the inbox reads only that.
const uploadExts = ".xlsx .xlsm .xls .et .csv .txt"

// uploaded is the answer to an upload.
type uploaded struct {
	File string `json:"file"` // the cleaned name
	Path string `json:"path"` // where it is in the inbox
	// Archived is where the earlier file of that name went, in the inbox;
	// null when there was none (or it had the same content).
	Archived *string `json:"archived"`
	// Unchanged: the inbox already had this very file; nothing was done.
	Unchanged bool `json:"unchanged"`
}

// maxName is the longest file name, in bytes, that file systems take.
const maxName = 255

// apiUpload receives one workbook (multipart field file, optional region)
// and lands it in the inbox. Every file operation goes through an os.Root
// of the inbox, and no folder of the upload may be a symbolic link: an
// upload never lands, nor archives a file, anywhere else.
func (s *Server) apiUpload(w http.ResponseWriter, r *http.Request) error {
	if s.opts.Inbox == "" {
		return errorf(http.StatusConflict, "no inbox is watched: start `pairstat serve INBOX` to upload")
	}
	root, err := os.OpenRoot(s.opts.Inbox)
	if err != nil {
		return err
	}
	defer root.Close()
	if r.ContentLength > s.opts.MaxUpload+uploadSlack { // said before it is sent, not after
		return s.tooLarge()
	}
	r.Body = http.MaxBytesReader(w, r.Body, s.opts.MaxUpload+uploadSlack)
	mr, err := r.MultipartReader()
	if err != nil {
		return errorf(http.StatusBadRequest, "the upload must be multipart/form-data: %v", err)
	}
	var name, region, tmp string // tmp: the received file, in the inbox
	defer func() {
		if tmp != "" {
			root.Remove(tmp) // an upload refused before it landed
		}
	}()
	for {
		part, err := mr.NextPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			return uploadErr(err)
		}
		switch part.FormName() {
		case "region":
			b, err := io.ReadAll(io.LimitReader(part, 256))
			if err != nil {
				return uploadErr(err)
			}
			region = strings.TrimSpace(string(b))
		case "file":
			if tmp != "" {
				return errorf(http.StatusBadRequest, "one file per upload")
			}
			if name, err = cleanName(part.FileName()); err != nil {
				return err
			}
			if tmp, err = s.receive(root, part); err != nil {
				return err
			}
		}
		part.Close()
	}
	if tmp == "" {
		return errorf(http.StatusBadRequest, "no file: send it in the multipart field \"file\"")
	}
	code := "" // the region chosen; "" when detected
	switch region {
	case "", "detected":
	default:
		var ok bool
		if code, ok = s.opts.Catalog.RegionCode(region); !ok {
			return errorZh(http.StatusBadRequest, "region %q is not a region of the catalog", "%q 不是目录中的地区", region)
		}
	}
	s.uploads.Lock()
	defer s.uploads.Unlock()
	if strings.EqualFold(path.Ext(name), ".txt") && !unicodeText(root, tmp) {
		return errorZh(http.StatusUnsupportedMediaType, "%q is a text file but not Excel's Unicode text (UTF-16): save it as .csv or as Unicode text",
			"%q 是文本文件，但不是 Excel 的“Unicode 文本”（UTF-16）：请另存为 .csv 或“Unicode 文本”", name)
	}
	rel, corrects, err := s.place(root, name, code)
	if err != nil {
		return err
	}
	out, err := s.land(root, tmp, rel, corrects)
	root.Remove(tmp) // left when the inbox had it already, or when it could not land
	tmp = ""
	if err != nil {
		return err
	}
	if !out.Unchanged {
		s.Changed()
	}
	out.File = name
	setJSON(w)
	return writeJSON(w, out)
}

// uploadErr is a failed read of the body: too large, or cut off.
func uploadErr(err error) error {
	var tooLarge *http.MaxBytesError
	if errors.As(err, &tooLarge) {
		return err
	}
	return errorf(http.StatusBadRequest, "read the upload: %v", err)
}

// cleanName keeps the base name of an uploaded file (a browser may send a
// path, and a hostile client ../ or an absolute one) and refuses what the
// inbox would not read or the disk would not take: hidden and lock files,
// names that are not UTF-8, hold control characters or format characters
// (isFormat) or are longer than maxName bytes, formats not of SPEC §3.
func cleanName(sent string) (string, error) {
	name := sent
	if i := strings.LastIndexAny(name, `/\`); i >= 0 {
		name = name[i+1:]
	}
	name = strings.TrimSpace(name)
	switch {
	case name == "" || name == "." || name == "..":
		return "", errorZh(http.StatusBadRequest, "the upload has no file name", "上传的文件没有文件名")
	case pipeline.Hidden(name):
		return "", errorZh(http.StatusBadRequest, "%q is a hidden or lock file name: the inbox never reads such files; rename the file",
			"%q 是隐藏文件或锁定文件的名称：收件箱从不读取此类文件；请重命名文件", name)
	case !utf8.ValidString(name):
		return "", errorZh(http.StatusBadRequest, "the file name %q is not UTF-8 text: rename the file and upload it again",
			"文件名 %q 不是有效的 UTF-8 文本：请重命名文件后重新上传", name)
	case strings.IndexFunc(name, unicode.IsControl) >= 0:
		return "", errorZh(http.StatusBadRequest, "the file name %q holds control characters: rename the file",
			"文件名 %q 含有控制字符：请重命名文件", name)
	case strings.IndexFunc(name, isFormat) >= 0:
		return "", errorZh(http.StatusBadRequest, "the file name %q holds invisible or direction-changing characters: rename the file",
			"文件名 %q 含有不可见字符或改变文字方向的字符：请重命名文件", name)
	case len(name) > maxName:
		return "", errorZh(http.StatusBadRequest, "name too long: the file name has %d bytes, at most %d are allowed: shorten it and upload again",
			"文件名过长：共 %d 字节，最多 %d 字节：请缩短文件名后重新上传", len(name), maxName)
	}
	ext := strings.ToLower(path.Ext(name))
	for _, e := range strings.Fields(uploadExts) {
		if ext == e {
			return name, nil
		}
	}
	return "", errorZh(http.StatusUnsupportedMediaType, "%q is not a workbook: upload %s files (.txt: Excel's Unicode text)",
		"%q 不是工作簿：请上传 %s 文件（.txt 须为 Excel 的“Unicode 文本”）", name, uploadExts)
}

// isFormat reports whether r is a Unicode format character (category Cf):
// invisible, or changing the direction of what follows (U+202E shows
// "x\u202excod.xlsx" as "xxslx.docx"), or a byte order mark; a name
// holding one does not read as it is.
func isFormat(r rune) bool { return unicode.Is(unicode.Cf, r) }

// unicodeText reports whether the received file tmp is Excel's Unicode
// text, the only .txt the inbox reads.
func unicodeText(root *os.Root, tmp string) bool {
	f, err := root.Open(tmp)
	if err != nil {
		return false
	}
	defer f.Close()
	return ingest.IsUnicodeText(f)
}

// clearUploads removes what uploads cut off by an earlier stop (or a
// crash) left in the inbox's upload folder: only this server writes there,
// and it has not started yet.
func (s *Server) clearUploads() {
	if s.opts.Inbox == "" {
		return
	}
	root, err := os.OpenRoot(s.opts.Inbox)
	if err != nil {
		return
	}
	defer root.Close()
	entries, err := fs.ReadDir(root.FS(), uploadDir)
	if err != nil {
		return
	}
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), "upload-") && e.Type().IsRegular() {
			root.Remove(path.Join(uploadDir, e.Name()))
		}
	}
}

// tooLarge refuses an upload larger than MaxUpload.
func (s *Server) tooLarge() error {
	return errorZh(http.StatusRequestEntityTooLarge, "the file is larger than %d bytes, the limit", "文件超过 %d 字节的上限", s.opts.MaxUpload)
}

// receive writes an uploaded file into the inbox's upload folder, synced,
// refusing one larger than MaxUpload. tmp is its name in root.
func (s *Server) receive(root *os.Root, part io.Reader) (tmp string, err error) {
	if err := mkdirIn(root, uploadDir); err != nil {
		return "", err
	}
	name := path.Join(uploadDir, "upload-"+rand.Text())
	f, err := root.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return "", err
	}
	defer func() {
		if err != nil { // tmp is "" by now: remove the file by its name
			f.Close()
			root.Remove(name)
		}
	}()
	n, err := io.Copy(f, io.LimitReader(part, s.opts.MaxUpload+1))
	if err != nil {
		return "", uploadErr(err)
	}
	if n > s.opts.MaxUpload {
		return "", s.tooLarge()
	}
	if err := f.Chmod(0o644); err != nil { // as a file copied in would be
		return "", err
	}
	if err := f.Sync(); err != nil {
		return "", err
	}
	return name, f.Close()
}

// place decides where an upload of name lands, in region code ("" when
// detected): rel, and whether a file already there is the one it corrects. The inbox's files of that name are looked for at its top and in
// its region folders (a top folder whose name the catalog knows as a
// region: tangxia, 塘厦); one found is the earlier version, so a
// correction never lands beside it to be counted twice. With no region
// the upload takes the earlier file's place; with one, it lands in the
// region's folder: the earlier file's own when that folder names the
// region (its path, so the pipeline supersedes its rows), else
// <code>/<name> when there is no earlier file. An earlier file in another
// place is refused (409): the correction would land under another path,
// and the earlier file's rows, loaded under its own, would stay counted.
// A name found in more than one place is refused too, rather than guessed.
func (s *Server) place(root *os.Root, name, code string) (rel string, corrects bool, err error) {
	found, err := s.findName(root, name)
	if err != nil {
		return "", false, err
	}
	earlier := ""
	switch {
	case len(found) > 1:
		list := strings.Join(found, ", ")
		return "", false, errorZh(http.StatusConflict,
			"%s is already in the inbox in more than one place (%s): it is not clear which one this upload corrects; keep one of them (move the others out of the inbox) and upload again",
			"收件箱中已有多个 %s（%s）：无法确定本次上传更正的是哪一个；请只保留其中一个（将其余的移出收件箱）后重新上传", name, list)
	case len(found) == 1:
		earlier = found[0]
	}
	switch {
	case code == "" && earlier != "":
		return earlier, true, nil
	case code == "":
		return name, false, nil
	case earlier == "":
		return code + "/" + name, false, nil
	case path.Dir(earlier) != "." && s.regionFolder(path.Dir(earlier)) == code:
		return earlier, true, nil
	}
	return "", false, errorZh(http.StatusConflict,
		"%s is already in the inbox at %s, not in the chosen region's folder: upload the corrected version without choosing a region (it replaces that file), or move that file out of the inbox first",
		"收件箱中已有 %s（位于 %s），不在所选地区的文件夹中：请不选地区重新上传更正版本（将替换该文件），或先将该文件移出收件箱", name, earlier)
}

// findName lists where the inbox holds a file (of any kind) named name:
// at its top and in its region folders (real folders, not links), as
// slash-separated paths of root, the top first.
func (s *Server) findName(root *os.Root, name string) ([]string, error) {
	top, err := root.Open(".")
	if err != nil {
		return nil, err
	}
	entries, err := top.ReadDir(-1)
	top.Close()
	if err != nil {
		return nil, err
	}
	var found []string
	if _, err := root.Lstat(name); err == nil {
		found = append(found, name)
	} else if !errors.Is(err, fs.ErrNotExist) {
		return nil, err
	}
	for _, e := range entries {
		if !e.IsDir() || s.regionFolder(e.Name()) == "" {
			continue
		}
		rel := e.Name() + "/" + name
		if _, err := root.Lstat(rel); err == nil {
			found = append(found, rel)
		} else if !errors.Is(err, fs.ErrNotExist) {
			return nil, err
		}
	}
	return found, nil
}

// regionFolder is the region code a top folder of the inbox names, ""
// when it names none (or is hidden: never read).
func (s *Server) regionFolder(dir string) string {
	if pipeline.Hidden(dir) {
		return ""
	}
	code, _ := s.opts.Catalog.RegionCode(dir)
	return code
}

// land moves the received file tmp to rel in the inbox (both names in
// root); corrects: the file at rel is the earlier version. An earlier file
// with the same content stays (and tmp with it, for the caller to
// remove): unchanged; with other content it is first moved into the
// archive.
func (s *Server) land(root *os.Root, tmp, rel string, corrects bool) (uploaded, error) {
	out := uploaded{Path: rel}
	dir := path.Dir(rel)
	if err := mkdirIn(root, dir); err != nil {
		return out, err
	}
	if corrects {
		info, err := root.Lstat(rel)
		if err != nil {
			return out, err
		}
		if !info.Mode().IsRegular() {
			return out, errorf(http.StatusConflict, "%s in the inbox is not a regular file", rel)
		}
		same, err := sameContent(root, tmp, rel)
		if err != nil {
			return out, err
		}
		if same {
			out.Unchanged = true
			return out, nil
		}
		archived := path.Join(archiveDir, time.Now().UTC().Format("20060102T150405.000000000Z"), rel)
		if err := mkdirIn(root, path.Dir(archived)); err != nil {
			return out, err
		}
		if err := root.Rename(rel, archived); err != nil {
			return out, fmt.Errorf("archive %s: %w", rel, err)
		}
		if err := syncDir(root, path.Dir(archived)); err != nil {
			return out, err
		}
		out.Archived = &archived
	}
	if err := root.Rename(tmp, rel); err != nil {
		return out, fmt.Errorf("place %s: %w", rel, err)
	}
	return out, syncDir(root, dir)
}

// mkdirIn makes the folder dir of root (slash-separated; "." is root
// itself) and each folder above it that is missing. A folder on the way
// that is a symbolic link (wherever it leads) or no folder is refused with
// 409: uploads and archived files stay in the inbox's own folders, the
// ones the pipeline reads.
func mkdirIn(root *os.Root, dir string) error {
	if dir == "." {
		return nil
	}
	at := ""
	for _, name := range strings.Split(dir, "/") {
		at = path.Join(at, name)
		err := root.Mkdir(at, 0o755)
		if !errors.Is(err, fs.ErrExist) {
			if err != nil {
				return err
			}
			continue
		}
		info, err := root.Lstat(at)
		if err != nil {
			return err
		}
		if !info.IsDir() {
			return errorZh(http.StatusConflict, "%s in the inbox is a symbolic link or a file, not a folder: uploads never go through links; make it a folder of the inbox",
				"收件箱中的 %s 是符号链接或文件，不是文件夹：上传不经过链接；请将其改为收件箱内的文件夹", at)
		}
	}
	return nil
}

// syncDir flushes the folder dir of root, so that a rename into it is
// durable.
func syncDir(root *os.Root, dir string) error {
	f, err := root.Open(dir)
	if err != nil {
		return err
	}
	defer f.Close()
	return f.Sync()
}

// sameContent compares two files of root by their SHA-256.
func sameContent(root *os.Root, a, b string) (bool, error) {
	ha, err := hashFile(root, a)
	if err != nil {
		return false, err
	}
	hb, err := hashFile(root, b)
	if err != nil {
		return false, err
	}
	return bytes.Equal(ha, hb), nil
}

func hashFile(root *os.Root, name string) ([]byte, error) {
	f, err := root.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return nil, err
	}
	return h.Sum(nil), nil
}

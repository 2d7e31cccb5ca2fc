package web

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"os"
	"path"
	"path/filepath"
	"strings"
	"time"
	"unicode"

	"github.com/pairstat/pairstat/export"
	"github.com/pairstat/pairstat/pipeline"
)

// The inbox's hidden folders (never read by the pipeline: pipeline.Hidden):
// uploads are written in uploadDir and renamed into place; an earlier file
// replaced by an upload is kept under archiveDir/<UTC time>/<its name>.
const (
	uploadDir  = ".upload"
	archiveDir = ".archive"
)

// uploadExts are the formats of SPEC §3 an upload may have.
const uploadExts = ".xlsx .xlsm .xls .et .csv"

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

// apiUpload receives one workbook (multipart field file, optional region)
// and lands it in the inbox.
func (s *Server) apiUpload(w http.ResponseWriter, r *http.Request) error {
	if s.opts.Inbox == "" {
		return errorf(http.StatusConflict, "no inbox is watched: start `pairstat serve INBOX` to upload")
	}
	r.Body = http.MaxBytesReader(w, r.Body, s.opts.MaxUpload+uploadSlack)
	mr, err := r.MultipartReader()
	if err != nil {
		return errorf(http.StatusBadRequest, "the upload must be multipart/form-data: %v", err)
	}
	var name, region, tmp string
	defer func() {
		if tmp != "" {
			os.Remove(tmp) // an upload refused before it landed
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
			if tmp, err = s.receive(part); err != nil {
				return err
			}
		}
		part.Close()
	}
	if tmp == "" {
		return errorf(http.StatusBadRequest, "no file: send it in the multipart field \"file\"")
	}
	rel := name
	switch region {
	case "", "detected":
	default:
		if !s.isRegion(region) {
			return errorf(http.StatusBadRequest, "region %q is not a region code of the catalog", region)
		}
		rel = region + "/" + name
	}
	s.uploads.Lock()
	defer s.uploads.Unlock()
	out, err := s.land(tmp, rel)
	os.Remove(tmp) // left when the inbox had it already, or when it could not land
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
// inbox would not read: hidden and lock files, names with control
// characters, formats not of SPEC §3.
func cleanName(sent string) (string, error) {
	name := sent
	if i := strings.LastIndexAny(name, `/\`); i >= 0 {
		name = name[i+1:]
	}
	name = strings.TrimSpace(name)
	switch {
	case name == "" || name == "." || name == "..":
		return "", errorf(http.StatusBadRequest, "the upload has no file name")
	case pipeline.Hidden(name):
		return "", errorf(http.StatusBadRequest, "%q is a hidden or lock file name: the inbox never reads such files", name)
	case strings.IndexFunc(name, unicode.IsControl) >= 0:
		return "", errorf(http.StatusBadRequest, "the file name %q holds control characters", name)
	}
	ext := strings.ToLower(path.Ext(name))
	for _, e := range strings.Fields(uploadExts) {
		if ext == e {
			return name, nil
		}
	}
	return "", errorf(http.StatusUnsupportedMediaType, "%q is not a workbook: upload %s files", name, uploadExts)
}

// receive writes an uploaded file into the inbox's upload folder, synced,
// refusing one larger than MaxUpload.
func (s *Server) receive(part *multipart.Part) (tmp string, err error) {
	dir := filepath.Join(s.opts.Inbox, uploadDir)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", err
	}
	f, err := os.CreateTemp(dir, "upload-*")
	if err != nil {
		return "", err
	}
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(f.Name())
		}
	}()
	n, err := io.Copy(f, io.LimitReader(part, s.opts.MaxUpload+1))
	if err != nil {
		return "", uploadErr(err)
	}
	if n > s.opts.MaxUpload {
		return "", errorf(http.StatusRequestEntityTooLarge, "the file is larger than %d bytes", s.opts.MaxUpload)
	}
	if err := f.Chmod(0o644); err != nil { // as a file copied in would be
		return "", err
	}
	if err := f.Sync(); err != nil {
		return "", err
	}
	return f.Name(), f.Close()
}

// land moves the received file tmp to rel in the inbox. An earlier file of
// that name with the same content stays (and tmp with it, for the caller
// to remove); with other content it is first moved into the archive.
func (s *Server) land(tmp, rel string) (uploaded, error) {
	out := uploaded{Path: rel}
	dest := filepath.Join(s.opts.Inbox, filepath.FromSlash(rel))
	if err := os.MkdirAll(filepath.Dir(dest), 0o755); err != nil {
		return out, err
	}
	if info, err := os.Lstat(dest); err == nil {
		if !info.Mode().IsRegular() {
			return out, errorf(http.StatusConflict, "%s in the inbox is not a regular file", rel)
		}
		same, err := sameContent(tmp, dest)
		if err != nil {
			return out, err
		}
		if same {
			out.Unchanged = true
			return out, nil
		}
		archived := path.Join(archiveDir, time.Now().UTC().Format("20060102T150405.000000000Z"), rel)
		to := filepath.Join(s.opts.Inbox, filepath.FromSlash(archived))
		if err := os.MkdirAll(filepath.Dir(to), 0o755); err != nil {
			return out, err
		}
		if err := os.Rename(dest, to); err != nil {
			return out, fmt.Errorf("archive %s: %w", rel, err)
		}
		if err := export.SyncPath(filepath.Dir(to)); err != nil {
			return out, err
		}
		out.Archived = &archived
	} else if !errors.Is(err, os.ErrNotExist) {
		return out, err
	}
	if err := os.Rename(tmp, dest); err != nil {
		return out, fmt.Errorf("place %s: %w", rel, err)
	}
	return out, export.SyncPath(filepath.Dir(dest))
}

// sameContent compares two files by their SHA-256.
func sameContent(a, b string) (bool, error) {
	ha, err := hashFile(a)
	if err != nil {
		return false, err
	}
	hb, err := hashFile(b)
	if err != nil {
		return false, err
	}
	return bytes.Equal(ha, hb), nil
}

func hashFile(name string) ([]byte, error) {
	f, err := os.Open(name)
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

// Package backup keeps the running-config copies that ixpush takes before it
// changes a router. The IX has no commit or rollback, so this copy is the only
// way back: it is written completely (temp file, fsync, rename) with mode 0600
// before the first command is typed. It contains pre-shared keys in clear, as
// the router shows them; that is why nothing but the owner may read it.
package backup

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"time"
)

// ErrNoBackup is returned by Latest when a router has no backup yet.
var ErrNoBackup = errors.New("no backup")

// stampLayout sorts lexically in time order, which Latest relies on.
const stampLayout = "20060102T150405.000Z"

// Store is a directory of backups, one file per router and time.
type Store struct {
	dir string
}

// DefaultDir is where backups go when the user names no --state-dir.
func DefaultDir() (string, error) {
	base, err := os.UserConfigDir()
	if err != nil {
		return "", fmt.Errorf("finding the user config directory: %w", err)
	}
	return filepath.Join(base, "ixpush", "backups"), nil
}

// Open creates the directory (0700) when missing and tightens an existing
// one to 0700: the files are 0600 already, but their names tell others which
// routers are managed and when they were changed, and a directory others may
// write lets them plant the file Latest picks.
func Open(dir string) (*Store, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("creating backup directory: %w", err)
	}
	fi, err := os.Stat(dir)
	if err != nil {
		return nil, fmt.Errorf("backup directory: %w", err)
	}
	if !fi.IsDir() {
		return nil, fmt.Errorf("backup directory %s is not a directory", dir)
	}
	if perm := fi.Mode().Perm(); perm != 0o700 {
		if err := os.Chmod(dir, 0o700); err != nil {
			return nil, fmt.Errorf("backup directory %s has mode %04o and cannot be made 0700: %w", dir, perm, err)
		}
	}
	return &Store{dir: dir}, nil
}

// Dir is the store's directory.
func (s *Store) Dir() string { return s.dir }

var unsafeName = regexp.MustCompile(`[^A-Za-z0-9._-]+`)

// Stem makes a router label safe as a file name prefix. The change journal
// (pkg/journal) names its file by the same rule, so a router's backups and
// its journal sit side by side.
func Stem(router string) string {
	stem := strings.Trim(unsafeName.ReplaceAllString(router, "_"), "._")
	if stem == "" {
		stem = "router"
	}
	return stem
}

// Save writes runningConfig as the backup of router taken at t and returns
// its path. The file is complete on disk when Save returns nil.
func (s *Store) Save(router string, t time.Time, runningConfig string) (string, error) {
	name := fmt.Sprintf("%s-%s.cfg", Stem(router), t.UTC().Format(stampLayout))
	if err := WriteAtomic(s.dir, name, []byte(runningConfig), false); err != nil {
		return "", fmt.Errorf("writing backup: %w", err)
	}
	return filepath.Join(s.dir, name), nil
}

// SnapshotDir is the subdirectory of a store that keeps the snapshots of
// runs that typed nothing (dry runs, runs that found the change already
// there). They are kept for the record but apart: they are not backups
// taken before a change, so nothing rolls back to them by default.
const SnapshotDir = "snapshots"

// Snapshot writes runningConfig as a snapshot of router taken at t, in
// SnapshotDir, and returns its path.
func (s *Store) Snapshot(router string, t time.Time, runningConfig string) (string, error) {
	dir := filepath.Join(s.dir, SnapshotDir)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", fmt.Errorf("creating snapshot directory: %w", err)
	}
	name := fmt.Sprintf("%s-%s.cfg", Stem(router), t.UTC().Format(stampLayout))
	if err := WriteAtomic(dir, name, []byte(runningConfig), false); err != nil {
		return "", fmt.Errorf("writing snapshot: %w", err)
	}
	return filepath.Join(dir, name), nil
}

// Latest returns the path of the newest backup of router.
func (s *Store) Latest(router string) (string, error) {
	prefix := Stem(router) + "-"
	entries, err := os.ReadDir(s.dir)
	if err != nil {
		return "", fmt.Errorf("reading backup directory: %w", err)
	}
	var names []string
	for _, e := range entries {
		n := e.Name()
		rest, ok := strings.CutPrefix(n, prefix)
		if !ok || !strings.HasSuffix(n, ".cfg") {
			continue
		}
		// The stem of another router may start with this one's ("r1" vs
		// "r10"): only a timestamp may follow the dash.
		if _, err := time.Parse(stampLayout, strings.TrimSuffix(rest, ".cfg")); err != nil {
			continue
		}
		names = append(names, n)
	}
	if len(names) == 0 {
		return "", fmt.Errorf("%w for %s in %s", ErrNoBackup, router, s.dir)
	}
	sort.Strings(names)
	return filepath.Join(s.dir, names[len(names)-1]), nil
}

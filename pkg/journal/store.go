package journal

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/ixpush/ixpush/pkg/backup"
)

var (
	// ErrNoJournal is returned by Load when a router has no journal yet.
	ErrNoJournal = errors.New("no change journaled")
	// ErrCorrupt wraps every reason Decode refuses a file.
	ErrCorrupt = errors.New("unreadable change journal")
)

// maxSize bounds what Decode reads: an entry is a few kilobytes; a bigger
// file is not one.
const maxSize = 1 << 20

// Store is the journal directory: the state directory, shared with the
// backups (backup.Store.Dir).
type Store struct{ dir string }

// Open uses dir, creating it (0700) when missing.
func Open(dir string) (*Store, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("creating journal directory: %w", err)
	}
	return &Store{dir: dir}, nil
}

// Dir is the store's directory.
func (s *Store) Dir() string { return s.dir }

// name is the journal file of router, by the backups' naming rule.
func name(router string) string { return backup.Stem(router) + ".journal.json" }

// Path is the journal file of router.
func (s *Store) Path(router string) string { return filepath.Join(s.dir, name(router)) }

// Load reads the journal of router: ErrNoJournal when there is none,
// ErrCorrupt when it cannot be trusted.
func (s *Store) Load(router string) (*Entry, error) {
	f, err := os.Open(s.Path(router))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("%w for %s in %s", ErrNoJournal, router, s.dir)
	}
	if err != nil {
		return nil, fmt.Errorf("reading the change journal: %w", err)
	}
	defer f.Close()
	e, err := Decode(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", s.Path(router), err)
	}
	return e, nil
}

// Save replaces the journal of e.Router with e, atomically.
func (s *Store) Save(e *Entry) error {
	if err := e.check(); err != nil {
		return fmt.Errorf("journal entry: %w", err)
	}
	data, err := Encode(e)
	if err != nil {
		return err
	}
	if err := backup.WriteAtomic(s.dir, name(e.Router), data, true); err != nil {
		return fmt.Errorf("writing the change journal: %w", err)
	}
	return nil
}

// Encode is the file form of e: indented JSON, so a person can read it.
func Encode(e *Entry) ([]byte, error) {
	b, err := json.MarshalIndent(e, "", "  ")
	if err != nil {
		return nil, fmt.Errorf("encoding the change journal: %w", err)
	}
	return append(b, '\n'), nil
}

// Decode reads one entry and checks it: a known version, op and step, a
// backup, no key in clear, nothing after the entry.
func Decode(r io.Reader) (*Entry, error) {
	data, err := io.ReadAll(io.LimitReader(r, maxSize+1))
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrCorrupt, err)
	}
	if len(data) > maxSize {
		return nil, fmt.Errorf("%w: larger than %d bytes", ErrCorrupt, maxSize)
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var e Entry
	if err := dec.Decode(&e); err != nil {
		return nil, fmt.Errorf("%w: %w", ErrCorrupt, err)
	}
	if dec.More() {
		return nil, fmt.Errorf("%w: data after the entry", ErrCorrupt)
	}
	if err := e.check(); err != nil {
		return nil, fmt.Errorf("%w: %w", ErrCorrupt, err)
	}
	return &e, nil
}

// LatestBackup is the pre-change backup of the last journaled change of
// router: what "rollback --backup latest" means. Backup files alone cannot
// say which one that is: dry runs and runs that found nothing to do take
// snapshots too, and a run after a crash backs up a half-configured router.
// With no journal it wraps backup.ErrNoBackup.
func (s *Store) LatestBackup(router string) (string, error) {
	e, err := s.Load(router)
	if errors.Is(err, ErrNoJournal) {
		return "", fmt.Errorf("%w for %s in %s: no change that typed something is journaled there; name a backup file", backup.ErrNoBackup, router, s.dir)
	}
	if err != nil {
		return "", err
	}
	return e.Backup, nil
}

package backup

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"
)

func TestSaveAndLatest(t *testing.T) {
	st, err := Open(filepath.Join(t.TempDir(), "state", "backups"))
	if err != nil {
		t.Fatal(err)
	}
	t0 := time.Date(2026, 11, 27, 13, 0, 0, 0, time.UTC)
	if _, err := st.Latest("R10"); !errors.Is(err, ErrNoBackup) {
		t.Fatalf("Latest on empty store: %v, want ErrNoBackup", err)
	}
	p1, err := st.Save("R10", t0, "hostname R10\n")
	if err != nil {
		t.Fatal(err)
	}
	p2, err := st.Save("R10", t0.Add(time.Second), "hostname R10\nip route 0.0.0.0/0 192.168.1.1\n")
	if err != nil {
		t.Fatal(err)
	}
	// Another router whose name extends this one's must not be picked.
	if _, err := st.Save("R100", t0.Add(time.Hour), "hostname R100\n"); err != nil {
		t.Fatal(err)
	}
	got, err := st.Latest("R10")
	if err != nil || got != p2 {
		t.Fatalf("Latest = %q, %v; want %q", got, err, p2)
	}
	for _, p := range []string{p1, p2} {
		fi, err := os.Stat(p)
		if err != nil {
			t.Fatal(err)
		}
		if fi.Mode().Perm() != 0o600 {
			t.Errorf("%s mode %v, want 0600", p, fi.Mode().Perm())
		}
	}
	data, err := os.ReadFile(p1)
	if err != nil || string(data) != "hostname R10\n" {
		t.Errorf("backup content %q, %v", data, err)
	}
	if _, err := st.Save("R10", t0, "again"); err == nil {
		t.Error("Save overwrote an existing backup")
	}
	// No temp files are left behind.
	entries, _ := os.ReadDir(st.Dir())
	if len(entries) != 3 {
		t.Errorf("store holds %d files, want 3", len(entries))
	}
}

func TestFileStem(t *testing.T) {
	for in, want := range map[string]string{
		"R10":            "R10",
		"10.0.0.1:22":    "10.0.0.1_22",
		"../../etc/x":    "etc_x",
		"":               "router",
		"branch tokyo 1": "branch_tokyo_1",
	} {
		if got := Stem(in); got != want {
			t.Errorf("Stem(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestOpenMakesDirPrivate(t *testing.T) {
	base := t.TempDir()
	for _, tc := range []struct {
		name string
		mode os.FileMode // of an existing directory; 0: none yet
	}{
		{"missing", 0},
		{"world-readable", 0o755},
		{"group-writable", 0o770},
		{"private", 0o700},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := filepath.Join(base, tc.name, "backups")
			if tc.mode != 0 {
				if err := os.MkdirAll(dir, 0o700); err != nil {
					t.Fatal(err)
				}
				if err := os.Chmod(dir, tc.mode); err != nil {
					t.Fatal(err)
				}
			}
			if _, err := Open(dir); err != nil {
				t.Fatal(err)
			}
			fi, err := os.Stat(dir)
			if err != nil {
				t.Fatal(err)
			}
			if got := fi.Mode().Perm(); got != 0o700 {
				t.Errorf("mode after Open = %04o, want 0700", got)
			}
		})
	}
}

func TestOpenRefusesFile(t *testing.T) {
	f := filepath.Join(t.TempDir(), "backups")
	if err := os.WriteFile(f, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := Open(f); err == nil {
		t.Error("Open accepted a regular file as the backup directory")
	}
}

// A snapshot is kept apart: it is never the newest backup.
func TestSnapshotIsNoBackup(t *testing.T) {
	st, err := Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t0 := time.Date(2026, 11, 27, 13, 0, 0, 0, time.UTC)
	before, err := st.Save("R10", t0, "hostname R10\n")
	if err != nil {
		t.Fatal(err)
	}
	snap, err := st.Snapshot("R10", t0.Add(time.Minute), "hostname R10\nike nat-traversal\n")
	if err != nil {
		t.Fatal(err)
	}
	if want := filepath.Join(st.Dir(), SnapshotDir, "R10-20261127T130100.000Z.cfg"); snap != want {
		t.Errorf("Snapshot = %q, want %q", snap, want)
	}
	if got, err := st.Latest("R10"); err != nil || got != before {
		t.Errorf("Latest = %q, %v; want the backup %q", got, err, before)
	}
}

package journal

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/ixpush/ixpush/internal/golden"
	"github.com/ixpush/ixpush/pkg/backup"
)

var t0 = time.Date(2026, 11, 27, 13, 0, 0, 0, time.UTC)

const psk = "pq5RW0mMbSxz8k8.ZRY2T3C82D9GX8_z"

// sample is a change that died while verifying.
func sample() *Entry {
	e := New("R10", OpApply, "/state/R10-20261127T130000.000Z.cfg",
		Connection{VPNConnectionID: "vpn-1", CustomerGatewayIP: "203.0.113.1",
			Tunnels:  []Tunnel{{Interface: "Tunnel0.0", AWSOutsideIP: "34.217.232.61"}},
			Sections: []string{"ike policy aws-ike-policy1", "interface Tunnel0.0"}},
		[]string{"ike policy aws-ike-policy1 peer 34.217.232.61 key " + psk + " aws-ike-prop", "interface Tunnel0.0", "  no shutdown"},
		[]string{"no interface Tunnel0.0", "no ike policy aws-ike-policy1"}, t0)
	e.Mark(StepVerifying, t0.Add(2*time.Second))
	e.PID, e.Host = 4242, "laptop"
	return e
}

func TestEncodeGolden(t *testing.T) {
	got, err := Encode(sample())
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(got), psk) {
		t.Fatal("the journal holds a key in clear")
	}
	golden.Check(t, filepath.Join("testdata", "entry.golden.json"), got)
}

func TestSaveLoadRoundTrip(t *testing.T) {
	s, err := Open(filepath.Join(t.TempDir(), "state"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Load("R10"); !errors.Is(err, ErrNoJournal) {
		t.Fatalf("Load on an empty store: %v, want ErrNoJournal", err)
	}
	e := sample()
	if err := s.Save(e); err != nil {
		t.Fatal(err)
	}
	got, err := s.Load("R10")
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(e, got); d != "" {
		t.Errorf("round trip (-saved +loaded):\n%s", d)
	}
	fi, err := os.Stat(s.Path("R10"))
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o600 {
		t.Errorf("journal mode %v, want 0600", fi.Mode().Perm())
	}
	if filepath.Base(s.Path("R 10/x")) != "R_10_x.journal.json" {
		t.Errorf("journal name %q does not follow the backups' rule", s.Path("R 10/x"))
	}
	entries, _ := os.ReadDir(s.Dir())
	if len(entries) != 1 {
		t.Errorf("store holds %d files, want the journal alone", len(entries))
	}
}

func TestPending(t *testing.T) {
	tests := []struct {
		name    string
		finish  string // "" leaves the change unfinished
		pending bool
	}{
		{"died while verifying", "", true},
		{"applied", "applied", false},
		{"rolled back", "rolled-back", false},
		{"rollback not proven", OutcomeRollbackFailed, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := sample()
			if tt.finish != "" {
				e.Finish(tt.finish, false, nil, nil, t0.Add(time.Minute))
			}
			if got := e.Pending(); got != tt.pending {
				t.Errorf("Pending = %v, want %v", got, tt.pending)
			}
		})
	}
}

func TestFinishRedactsTheError(t *testing.T) {
	e := sample()
	e.Finish("rolled-back", false, errors.New("router said: ike policy p peer 1.2.3.4 key "+psk+" x"), &Next{Action: ActionApply}, t0)
	if strings.Contains(e.Error, psk) || e.Step != StepDone || e.Updated() != t0 || e.Started() != t0 {
		t.Errorf("entry after Finish: %+v", e)
	}
}

func TestDecodeRefuses(t *testing.T) {
	good, err := Encode(sample())
	if err != nil {
		t.Fatal(err)
	}
	edit := func(old, new string) string { return strings.Replace(string(good), old, new, 1) }
	tests := []struct {
		name, in, want string
	}{
		{"empty", "", "EOF"},
		{"torn", string(good[:len(good)/2]), "unexpected EOF"},
		{"not json", "pushing\n", "invalid character"},
		{"newer version", edit(`"version": 1`, `"version": 2`), "version 2"},
		{"no router", edit(`"router": "R10"`, `"router": ""`), "no router"},
		{"unknown op", edit(`"op": "apply"`, `"op": "reload"`), `unknown op "reload"`},
		{"no backup", edit(`"backup": "/state/R10-20261127T130000.000Z.cfg"`, `"backup": ""`), "no backup"},
		{"unknown step", edit(`"step": "verifying",`, `"step": "dancing",`), `unknown step "dancing"`},
		{"step not last", edit(`"step": "verifying",`, `"step": "pushing",`), "not the last"},
		{"unknown field", edit(`"version": 1`, `"version": 1, "psk": "x"`), "unknown field"},
		{"two entries", string(good) + string(good), "data after the entry"},
		{"key in clear", edit(`key ********`, `key `+psk), "key in clear"},
		{"bad next", edit(`"pid"`, `"next": {"action": "rollback"}, "pid"`), "rollback without a backup"},
		{"too big", strings.Repeat(" ", maxSize+1), "larger than"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e, err := Decode(strings.NewReader(tt.in))
			if err == nil || !errors.Is(err, ErrCorrupt) || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("Decode = %+v, %v; want ErrCorrupt mentioning %q", e, err, tt.want)
			}
			if strings.ContainsAny(err.Error(), "\n") {
				t.Errorf("multi-line error %q", err)
			}
		})
	}
}

func TestRollbackLines(t *testing.T) {
	backupText := "ike policy old peer 198.51.100.1 key Old.Key_1 prop\r\n" +
		"interface Tunnel9.0\n   ip address 10.0.0.1/30\n" +
		"ike policy twice peer 198.51.100.2 key K1 prop\nike policy twice peer 198.51.100.2 key K2 prop\n"
	tests := []struct {
		name     string
		rollback []string
		want     []string
		wantErr  string
	}{
		{"no keys", []string{"no interface Tunnel0.0", "interface Tunnel9.0", "  ip address 10.0.0.1/30"},
			[]string{"no interface Tunnel0.0", "interface Tunnel9.0", "  ip address 10.0.0.1/30"}, ""},
		{"key from the backup", []string{"ike policy old peer 198.51.100.1 key Old.Key_1 prop"},
			[]string{"ike policy old peer 198.51.100.1 key Old.Key_1 prop"}, ""},
		{"indented, spaced", []string{"  ike  policy old peer 198.51.100.1 key Old.Key_1 prop"},
			[]string{"  ike policy old peer 198.51.100.1 key Old.Key_1 prop"}, ""},
		{"missing", []string{"ike policy new peer 192.0.2.9 key X prop"}, nil, "does not hold"},
		{"ambiguous", []string{"ike policy twice peer 198.51.100.2 key K1 prop"}, nil, "different keys"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := New("R10", OpApply, "b.cfg", Connection{}, nil, tt.rollback, t0)
			got, err := e.RollbackLines(backupText)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("RollbackLines = %q, %v; want an error with %q", got, err, tt.wantErr)
				}
				if strings.Contains(err.Error(), "Key_1") || strings.Contains(err.Error(), "K1") {
					t.Errorf("error %q shows a key", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if d := cmp.Diff(tt.want, got); d != "" {
				t.Errorf("RollbackLines (-want +got):\n%s", d)
			}
		})
	}
}

func TestLatestBackup(t *testing.T) {
	s, err := Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.LatestBackup("R10"); !errors.Is(err, backup.ErrNoBackup) {
		t.Errorf("no journal: %v, want backup.ErrNoBackup", err)
	}
	e := New("R10", OpApply, "/b/R10-1.cfg", Connection{}, []string{"ike proposal p"}, []string{"no ike proposal p"}, time.Unix(0, 0))
	if err := s.Save(e); err != nil {
		t.Fatal(err)
	}
	if got, err := s.LatestBackup("R10"); err != nil || got != "/b/R10-1.cfg" {
		t.Errorf("LatestBackup = %q, %v", got, err)
	}
}

package journal

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ixpush/ixpush/internal/golden"
)

// confirmSample is sample() applied with a confirmation deadline, checked
// once by a guard run.
func confirmSample() *Entry {
	e := sample()
	e.Finish("applied", false, nil, &Next{Action: ActionConfirm, Why: "confirm before the deadline"}, t0.Add(time.Minute))
	e.AwaitConfirmation(t0.Add(16*time.Minute).In(time.FixedZone("JST", 9*3600)), "ops@laptop")
	e.GuardState().Applied = "/state/R10.applied.cfg"
	e.LogGuard("waiting", "deadline in 14m", t0.Add(2*time.Minute))
	return e
}

func TestConfirmGolden(t *testing.T) {
	got, err := Encode(confirmSample())
	if err != nil {
		t.Fatal(err)
	}
	golden.Check(t, filepath.Join("testdata", "confirm.golden.json"), got)
	if !strings.Contains(string(got), `"deadline": "2026-11-27T13:16:00Z"`) {
		t.Errorf("the deadline is not stored in UTC:\n%s", got)
	}
}

// TestOldJournalStillReads: an entry written before confirmations existed
// (the committed golden) decodes, and awaits no confirmation.
func TestOldJournalStillReads(t *testing.T) {
	f, err := os.Open(filepath.Join("testdata", "entry.golden.json"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	e, err := Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	if e.Confirm != nil || e.Guard != nil || e.ConfirmPending() {
		t.Errorf("old entry: confirm %+v guard %+v", e.Confirm, e.Guard)
	}
}

func TestConfirmPending(t *testing.T) {
	tests := []struct {
		name string
		edit func(*Entry)
		want bool
	}{
		{"pending", func(*Entry) {}, true},
		{"saved by a later apply", func(e *Entry) { e.Saved = true }, false},
		{"confirmed", func(e *Entry) { e.Confirm.State = ConfirmConfirmed }, false},
		{"reverted", func(e *Entry) { e.Confirm.State = ConfirmReverted }, false},
		{"no deadline asked", func(e *Entry) { e.Confirm = nil }, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := confirmSample()
			tt.edit(e)
			if got := e.ConfirmPending(); got != tt.want {
				t.Errorf("ConfirmPending = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestLogGuardKeepsTheLatest(t *testing.T) {
	e := sample()
	for i := range MaxGuardActions + 5 {
		e.LogGuard("check-failed", "ike policy p peer 1.2.3.4 key "+psk+" x", t0.Add(time.Duration(i)*time.Minute))
	}
	g := e.Guard
	if len(g.Actions) != MaxGuardActions || !g.Actions[0].At.Equal(t0.Add(5*time.Minute)) {
		t.Fatalf("%d actions, first at %v", len(g.Actions), g.Actions[0].At)
	}
	if strings.Contains(g.Actions[0].Detail, psk) {
		t.Error("a guard action holds a key")
	}
}

func TestDecodeRefusesBadConfirm(t *testing.T) {
	good, err := Encode(confirmSample())
	if err != nil {
		t.Fatal(err)
	}
	edit := func(old, new string) string { return strings.Replace(string(good), old, new, 1) }
	tests := []struct{ name, in, want string }{
		{"unknown state", edit(`"state": "pending"`, `"state": "maybe"`), `unknown state "maybe"`},
		{"no deadline", edit(`"deadline": "2026-11-27T13:16:00Z"`, `"deadline": "0001-01-01T00:00:00Z"`), "no deadline"},
		{"on a rollback", edit(`"op": "apply"`, `"op": "rollback"`), "only an apply"},
		{"negative failures", edit(`"consecutive_failures": 0`, `"consecutive_failures": -1`), "-1 consecutive"},
		{"nameless action", edit(`"action": "waiting"`, `"action": ""`), "no name"},
		{"key in an action", edit(`"detail": "deadline in 14m"`, `"detail": "ike policy p peer 1.2.3.4 key `+psk+` x"`), "key in clear"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if e, err := Decode(strings.NewReader(tt.in)); !errors.Is(err, ErrCorrupt) || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("Decode = %+v, %v; want ErrCorrupt mentioning %q", e, err, tt.want)
			}
		})
	}
}

func TestLockExcludesASecondHolder(t *testing.T) {
	s, err := Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	release, err := s.Lock("R10")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Lock("R10"); !errors.Is(err, ErrLocked) {
		t.Fatalf("second Lock = %v, want ErrLocked", err)
	}
	other, err := s.Lock("R11")
	if err != nil {
		t.Fatalf("another router's lock: %v", err)
	}
	other()
	release()
	release() // twice is harmless
	again, err := s.Lock("R10")
	if err != nil {
		t.Fatalf("Lock after release: %v", err)
	}
	again()
}

package main

import (
	"bytes"
	"context"
	"io"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// syncBuffer is a bytes.Buffer safe to read while run writes to it.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// TestVerifyWatch: --watch verifies round after round, each closed by its
// summary line, until the signal (ctx), and then exits 0.
func TestVerifyWatch(t *testing.T) {
	dir := t.TempDir()
	fleet, err := listenFleet(2, dir, absPath(t, "../../fixtures"))
	if err != nil {
		t.Fatal(err)
	}
	defer fleet.Close()
	t.Setenv("IXPUSH_PASSWORD", fleet.Routers[0].Password)
	ctx, interrupt := context.WithCancel(context.Background())
	defer interrupt()
	var out syncBuffer
	exited := make(chan int, 1)
	go func() {
		exited <- run(ctx, []string{"verify", "--inventory", filepath.Join(dir, "inventory.yaml"), "--watch", "--interval", "100ms", "--json"}, nil, &out, io.Discard)
	}()
	deadline := time.After(time.Minute)
	for strings.Count(out.String(), `"kind":"summary"`) < 2 {
		select {
		case code := <-exited:
			t.Fatalf("--watch ended by itself, exit %d:\n%s", code, out.String())
		case <-deadline:
			t.Fatalf("no second round within a minute:\n%s", out.String())
		case <-time.After(20 * time.Millisecond):
		}
	}
	interrupt()
	select {
	case code := <-exited:
		if code != 0 {
			t.Errorf("exit %d after the interrupt, want 0", code)
		}
	case <-time.After(time.Minute):
		t.Fatal("--watch did not stop within a minute of the interrupt")
	}
	// Every round is whole: its two sites, then its summary.
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	for i, l := range lines {
		want := `"kind":"site"`
		if i%3 == 2 {
			want = `"kind":"summary"`
		}
		if !strings.Contains(l, want) {
			t.Errorf("line %d: %s; want %s", i+1, l, want)
		}
	}
}

func TestVerifyWatchBadInterval(t *testing.T) {
	var errOut bytes.Buffer
	if code := run(context.Background(), []string{"verify", "--watch", "--interval", "0s", "--host", "r"}, nil, io.Discard, &errOut); code != 3 || !strings.Contains(errOut.String(), "--interval 0s: want a positive duration") {
		t.Errorf("exit %d, %q", code, errOut.String())
	}
}

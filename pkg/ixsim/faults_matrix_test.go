package ixsim_test

import (
	"context"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/ixpush/ixpush/pkg/ixsim"
	"github.com/ixpush/ixpush/pkg/ixsim/ixsimtest"
)

func TestCommandHookNumbersLinesAndDrops(t *testing.T) {
	var mu sync.Mutex
	var seen []string
	hook := func(n int, line string) bool {
		mu.Lock()
		defer mu.Unlock()
		seen = append(seen, strconv.Itoa(n)+" "+line)
		return line == "hostname R2"
	}
	r := ixsimtest.Start(t, ixsim.WithCommandHook(hook))
	tm := dial(t, r)
	tm.cmd("configure")
	tm.send("\r! a comment\rhostname R2\rhostname R3\r")
	tm.closed()
	mu.Lock()
	got := strings.Join(seen, "|")
	mu.Unlock()
	// Blank and comment lines are not counted; nothing after the cut runs.
	if want := "1 configure|2 hostname R2"; got != want {
		t.Errorf("hook saw %q, want %q", got, want)
	}
	if cfg := r.Sim.RunningConfig(); !strings.Contains(cfg, "hostname R2\n") || strings.Contains(cfg, "R3") {
		t.Errorf("running-config after the cut:\n%s", cfg)
	}
}

// TestCommandHookRunsBetweenCommands: what the hook does happens before the
// session's next line, so another session can take config mode exactly there (HoldConfig
// pre-empts as svintr-config does).
func TestCommandHookRunsBetweenCommands(t *testing.T) {
	var r *ixsimtest.Router
	var once sync.Once
	release := func() {}
	hook := func(n int, line string) bool {
		if line == "hostname R2" {
			once.Do(func() { release = r.Sim.HoldConfig(context.Background()) })
		}
		return false
	}
	r = ixsimtest.Start(t, ixsim.WithCommandHook(hook))
	tm := dial(t, r)
	tm.cmd("configure")
	if _, prompt := tm.cmd("hostname R2"); prompt != "R2(config)# " {
		t.Fatalf("prompt %q after hostname", prompt)
	}
	// Pre-empted between the two lines: the next one finds operation mode.
	out, prompt := tm.cmd("hostname R3")
	if prompt != "R2# " || !strings.Contains(out, "Invalid") {
		t.Errorf("after svintr-config by another session: %q, prompt %q", out, prompt)
	}
	if strings.Contains(r.Sim.RunningConfig(), "R3") {
		t.Error("a pre-empted session still configured the router")
	}
	release()
}

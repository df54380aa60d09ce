package ixsim_test

import (
	"context"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

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

// TestStallNextStallsOneSessionOnce: the router executes the named line,
// then answers nothing on that session; the next session is answered and
// finds config mode free, because the stall fired once.
func TestStallNextStallsOneSessionOnce(t *testing.T) {
	r := ixsimtest.Start(t)
	r.Sim.StallNext("hostname R3")
	tm := dial(t, r)
	tm.cmd("configure")
	if _, prompt := tm.cmd("hostname R2"); prompt != "R2(config)# " {
		t.Fatalf("a line before the stall: prompt %q", prompt)
	}
	tm.send("hostname R3\r")
	tm.expect(regexp.MustCompile(`hostname R3\r\n`))
	tm.send("hostname R4\r")
	time.Sleep(300 * time.Millisecond)
	if rest := tm.out.String()[tm.mark:]; rest != "" {
		t.Errorf("a stalled session printed %q", rest)
	}
	tm.client.Close()
	if cfg := r.Sim.RunningConfig(); !strings.Contains(cfg, "hostname R3\n") || strings.Contains(cfg, "R4") {
		t.Errorf("running-config after the stall:\n%s", cfg)
	}
	deadline := time.Now().Add(5 * time.Second)
	for {
		tm2 := dial(t, r)
		out, _ := tm2.cmd("configure")
		if !strings.Contains(out, "occupied") {
			if _, prompt := tm2.cmd("hostname R3"); prompt != "R3(config)# " {
				t.Errorf("the stall fired twice: prompt %q", prompt)
			}
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("config mode still held after the stalled client left")
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// TestStallNextAnyLine: with no line named, the next counted command
// stalls, whatever it is.
func TestStallNextAnyLine(t *testing.T) {
	r := ixsimtest.Start(t)
	tm := dial(t, r)
	tm.cmd("configure")
	r.Sim.StallNext("")
	tm.send("\r")
	tm.expect(promptRE)
	tm.send("hostname R5\r")
	tm.expect(regexp.MustCompile(`hostname R5\r\n`))
	time.Sleep(200 * time.Millisecond)
	if rest := tm.out.String()[tm.mark:]; rest != "" {
		t.Errorf("a stalled session printed %q", rest)
	}
	if !strings.Contains(r.Sim.RunningConfig(), "hostname R5\n") {
		t.Error("the stalling line was not executed")
	}
}

package ixsim_test

import (
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/ixpush/ixpush/pkg/ixsim"
	"github.com/ixpush/ixpush/pkg/ixsim/ixsimtest"
	"github.com/ixpush/ixpush/pkg/ixsim/peer"
)

// updating reports -update, which the package's internal tests define.
func updating() bool {
	f := flag.Lookup("update")
	return f != nil && f.Value.String() == "true"
}

// redactKeys masks the seed's pre-shared keys in a raw transcript, wrapped
// echo included, so the golden file holds no secret.
func redactKeys(s string, keys ...string) string {
	for _, k := range keys {
		var b strings.Builder
		for i, r := range k {
			if i > 0 {
				b.WriteString(`(\r\n *)?`)
			}
			b.WriteString("(" + regexp.QuoteMeta(string(r)) + ")")
		}
		re := regexp.MustCompile(b.String())
		s = re.ReplaceAllStringFunc(s, func(m string) string {
			return regexp.MustCompile(`[^\r\n ]`).ReplaceAllString(m, "*")
		})
	}
	return s
}

// TestGoldenSeedSession types the seed's final configuration the way the
// tool does (one line, wait for the prompt), lets ten minutes pass, and
// records the whole session byte for byte: CRLF, wrapped echo, prompts.
func TestGoldenSeedSession(t *testing.T) {
	clk := newClock()
	r := ixsimtest.Start(t, ixsim.WithClock(clk.Now), ixsim.WithPeerOptions(peer.WithSeed(1), peer.WithBootTime(clk.Now().Add(-22*time.Minute))))
	tm := dial(t, r)
	tm.cmd("configure")
	tm.cmd("terminal length 0")
	for _, l := range readSeedFinal(t) {
		tm.cmd(l)
	}
	clk.Advance(10 * time.Minute)
	for _, l := range []string{"configure", "show ike sa", "show ipsec sa", "show ip bgp", "show ip bgp summary",
		"show ip route", "show interfaces Tunnel0.0", "show running-config", "write memory", "exit"} {
		tm.cmd(l)
	}
	tm.send("exit\r")
	tm.closed()
	sc := r.Sim.Scenario()
	got := redactKeys(tm.out.String(), sc.AWS.Tunnels[0].PSK, sc.AWS.Tunnels[1].PSK)
	if strings.Contains(got, sc.AWS.Tunnels[0].PSK) {
		t.Fatal("key left in transcript")
	}
	compareGolden(t, "transcripts/seed-session.txt", got)
}

func compareGolden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if updating() {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(string(want), got); diff != "" {
		t.Errorf("%s (-want +got):\n%s", name, diff)
	}
}

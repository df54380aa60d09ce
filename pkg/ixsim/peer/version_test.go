package peer

import (
	"os"
	"strings"
	"testing"
	"time"

	"github.com/ixpush/ixpush/pkg/ixsim/scenario"
)

// An IX2215 on 10.7.18, booted when QIITA's router was and asked when the
// capture was taken, prints QIITA's complete capture line for line.
func TestVersionReproducesQiitaCapture(t *testing.T) {
	raw, err := os.ReadFile("../../../fixtures/ix/show-version/qiita-ix2215-full.txt")
	if err != nil {
		t.Fatal(err)
	}
	var want strings.Builder
	for _, l := range strings.Split(strings.TrimSuffix(string(raw), "\n"), "\n") {
		want.WriteString(strings.TrimRight(l, " ") + "\n")
	}
	sc := seedScenario(t, func(sc *scenario.Scenario) { sc.Router.Model, sc.Router.Firmware = "IX2215", "10.7.18" })
	boot := time.Date(2024, 5, 19, 19, 37, 55, 0, jst)
	m := New(sc, WithSeed(1), WithBootTime(boot))
	got, err := m.Render("show version", boot.Add((6*24+21)*time.Hour+45*time.Minute+30*time.Second), Indented)
	if err != nil {
		t.Fatal(err)
	}
	if got != want.String() {
		t.Errorf("show version:\n%s\nwant the capture:\n%s", got, want.String())
	}
}

// Unknown builds and models borrow 10.7.18's stamp and the IX2215's board;
// a maintenance letter reaches the banner, the image and coregen.
func TestVersionOtherModels(t *testing.T) {
	for _, tc := range []struct {
		model, fw string
		want      []string
	}{
		{"IX2105", "8.9.17B", []string{
			"IX Series IX2105 (magellan-sec) Software, Version 8.9.17B, MAINTENANCE RELEASE SOFTWARE",
			"Compiled Oct 25-Tue-2022 12:37:13 JST #2 by sw-build, coregen-8.9(17)",
			`System image file is "ix2105-ms-8.9.17.b.ldc"`,
			"IX2105 (P1010E) processor with 262144K bytes of memory.",
		}},
		{"IX2015", "10.7.17", []string{
			"Compiled Sep 22-Thu-2022 15:22:13 JST #2 by sw-build, coregen-10.7(17)",
			`System image file is "ix2015-ms-10.7.17.ldc"`,
		}},
	} {
		sc := seedScenario(t, func(sc *scenario.Scenario) { sc.Router.Model, sc.Router.Firmware = tc.model, tc.fw })
		m := New(sc, WithSeed(1), WithBootTime(t0))
		got, err := m.Render("show version", t0, Indented)
		if err != nil {
			t.Fatal(err)
		}
		for _, w := range tc.want {
			if !strings.Contains(got, "\n"+w+"\n") {
				t.Errorf("%s %s: no line %q in\n%s", tc.model, tc.fw, w, got)
			}
		}
		if !strings.Contains(got, "System uptime is 0 minute\n") {
			t.Errorf("%s: uptime at boot is not `0 minute`:\n%s", tc.model, got)
		}
	}
}

// After a reload the uptime restarts and the cause is the command, as in
// QIITA's capture taken after one.
func TestVersionAfterReload(t *testing.T) {
	m := New(seedScenario(t, nil), WithSeed(1), WithBootTime(t0))
	m.Reloaded(t0.Add(3 * time.Hour))
	got, err := m.Render("show version", t0.Add(3*time.Hour+6*time.Minute), Indented)
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range []string{
		"System uptime is 6 minutes",
		"System woke up by reload, caused by command execution",
		"System started at " + t0.Add(3*time.Hour).In(jst).Format("Jan 02-Mon-2006 15:04:05 MST"),
	} {
		if !strings.Contains(got, "\n"+w+"\n") {
			t.Errorf("no line %q in\n%s", w, got)
		}
	}
}

package dialect

import (
	"strconv"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestOnOpen(t *testing.T) {
	want := []string{"terminal length 0", "terminal width 512"}
	if diff := cmp.Diff(want, OnOpen(DefaultTerminalWidth)); diff != "" {
		t.Errorf("OnOpen(default) (-want +got):\n%s", diff)
	}
	if got := OnOpen(MinTerminalWidth); got[1] != "terminal width "+strconv.Itoa(MinTerminalWidth) {
		t.Errorf("OnOpen(min) = %q", got)
	}
	if MinTerminalWidth > DefaultTerminalWidth || DefaultTerminalWidth > MaxTerminalWidth {
		t.Errorf("default width %d outside %d-%d", DefaultTerminalWidth, MinTerminalWidth, MaxTerminalWidth)
	}
}

func TestSetsHostname(t *testing.T) {
	for line, want := range map[string]bool{"hostname R11": true, "hostname": false, "hostnames x": false, "ip host x": false} {
		if got := SetsHostname(line); got != want {
			t.Errorf("SetsHostname(%q) = %v", line, got)
		}
	}
}

// TestShowCommands: the IX runs the IKE and IPsec reports, the configs and
// (a guess) the BGP shows in configuration mode only; routes, interfaces
// and the version also in operation mode (ix-cli.md §5, §10.9).
func TestShowCommands(t *testing.T) {
	for _, s := range []Show{ShowRunningConfig, ShowStartupConfig, ShowIKESA, ShowIPsecSA, ShowBGP, ShowBGPSummary} {
		if !s.ConfigOnly() {
			t.Errorf("%q: ConfigOnly false", s.Command)
		}
	}
	for _, s := range []Show{ShowRoute, ShowInterfaces, ShowVersion} {
		if s.ConfigOnly() {
			t.Errorf("%q: ConfigOnly true", s.Command)
		}
	}
}

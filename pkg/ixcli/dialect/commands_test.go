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

// TestShowCommands: the IX runs the IKE and IPsec reports and the configs
// in configuration mode only (ix-cli.md §5).
func TestShowCommands(t *testing.T) {
	for _, s := range []Show{ShowRunningConfig, ShowStartupConfig, ShowIKESA, ShowIPsecSA} {
		if !s.ConfigOnly {
			t.Errorf("%q: ConfigOnly false", s.Command)
		}
	}
	for _, s := range []Show{ShowBGP, ShowBGPSummary, ShowRoute, ShowVersion} {
		if s.ConfigOnly {
			t.Errorf("%q: ConfigOnly true", s.Command)
		}
	}
}

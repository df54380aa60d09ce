package agent

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/ixpush/ixpush/pkg/health"
	"github.com/ixpush/ixpush/pkg/ixcli"
	"github.com/ixpush/ixpush/pkg/ixcli/dialect"
	"github.com/ixpush/ixpush/pkg/session"
	"github.com/ixpush/ixpush/pkg/showparse"
)

// opDevice answers Show from a table: an output, or a router refusal
// (a line starting with '%'), or an error; Prepare must never be called.
type opDevice struct {
	Device
	outs map[string]string
	errs map[string]error
}

func (d opDevice) Show(_ context.Context, cmd string) (string, error) {
	if err := d.errs[cmd]; err != nil {
		return "", err
	}
	out, ok := d.outs[cmd]
	if !ok || strings.HasPrefix(out, "%") {
		line := out
		if !ok {
			line = "% " + strings.Fields(cmd)[1] + " -- Invalid command."
		}
		kind, _, _ := dialect.Classify(line)
		return "", &ixcli.CommandError{Input: cmd, Output: line, Kind: kind, Line: line}
	}
	return out, nil
}

func opExpectation() health.Expectation {
	exp := health.Expectation{}
	for _, name := range []string{"Tunnel0.0", "Tunnel1.0"} {
		exp.Tunnels = append(exp.Tunnels, health.Tunnel{Interface: name})
	}
	return exp
}

func TestObserveOperation(t *testing.T) {
	up := readFile(t, "../../fixtures/ix/show-interfaces/tunnel-up.txt")
	route := readFile(t, "../../fixtures/ix/show-ip-route/seed.txt")
	summary := readFile(t, "../../fixtures/ix/show-ip-bgp-summary/two-established-crlf.txt")
	tests := []struct {
		name       string
		outs       map[string]string
		wantIfaces map[string]bool // interface read: true when a block, false when "not configured"
		wantRoutes bool
		wantSum    bool
		wantUnread []string
	}{
		{"the seed's operation mode: BGP refused",
			map[string]string{"show interfaces Tunnel0.0": up, "show interfaces Tunnel1.0": "% Tunnel1.0 -- Invalid command.", "show ip route": route},
			map[string]bool{"Tunnel0.0": true, "Tunnel1.0": false}, true, false,
			[]string{"show ike sa", "show ipsec sa", "show ip bgp", "show ip bgp summary"}},
		{"a router that serves the BGP summary in operation mode",
			map[string]string{"show interfaces Tunnel0.0": up, "show interfaces Tunnel1.0": "% Tunnel1.0 -- Invalid command.", "show ip route": route, "show ip bgp summary": summary},
			map[string]bool{"Tunnel0.0": true, "Tunnel1.0": false}, true, true,
			[]string{"show ike sa", "show ipsec sa", "show ip bgp"}},
		{"show interfaces refused, output unreadable for the other",
			map[string]string{"show interfaces Tunnel1.0": "Interface Tunnel1.0 is sideways\n", "show ip route": route},
			map[string]bool{}, true, false,
			[]string{"show ike sa", "show ipsec sa", "show ip bgp", "show interfaces Tunnel0.0", "show interfaces Tunnel1.0", "show ip bgp summary"}},
		{"everything refused",
			map[string]string{},
			map[string]bool{}, false, false,
			[]string{"show ike sa", "show ipsec sa", "show ip bgp", "show interfaces Tunnel0.0", "show interfaces Tunnel1.0", "show ip route", "show ip bgp summary"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			obs, err := ObserveOperation(context.Background(), opDevice{outs: tt.outs}, opExpectation())
			if err != nil {
				t.Fatal(err)
			}
			got := map[string]bool{}
			for name, i := range obs.Interfaces {
				got[name] = i != nil
			}
			if diff := cmp.Diff(tt.wantIfaces, got); diff != "" {
				t.Errorf("interfaces (-want +got):\n%s", diff)
			}
			if (obs.Routes != nil) != tt.wantRoutes || (obs.Summary != nil) != tt.wantSum {
				t.Errorf("routes read %v, summary read %v", obs.Routes != nil, obs.Summary != nil)
			}
			if diff := cmp.Diff(tt.wantUnread, obs.Unread); diff != "" {
				t.Errorf("unread (-want +got):\n%s", diff)
			}
		})
	}
}

// TestObserveOperationSessionFails: a session error is the error, not a
// fact left unknown.
func TestObserveOperationSessionFails(t *testing.T) {
	dev := opDevice{errs: map[string]error{"show ip route": session.ErrClosed}, outs: map[string]string{}}
	if _, err := ObserveOperation(context.Background(), dev, opExpectation()); !errors.Is(err, session.ErrClosed) {
		t.Errorf("error %v, want session.ErrClosed", err)
	}
}

// TestOperationModePager: in operation mode the pager stays on (terminal
// length is config-only); a show longer than a page comes back whole.
func TestOperationModePager(t *testing.T) {
	r, _ := appliedRouter(t)
	dev, err := connector(t, r, nil)(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer closeDevice(dev, build(nil))
	out, err := dev.Show(context.Background(), dialect.ShowInterfaces.Command)
	if err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(out, "\n"); n < dialect.PageLines || strings.Contains(out, "--More--") {
		t.Fatalf("%d lines, pager residue %v:\n%s", n, strings.Contains(out, "--More--"), out)
	}
	ifs, err := showparse.ParseInterfaces(strings.NewReader(out))
	if err != nil {
		t.Fatal(err)
	}
	if ifs.Lookup("Tunnel1.0") == nil || !ifs.Lookup("Tunnel1.0").Up() {
		t.Errorf("Tunnel1.0 after the page break: %+v", ifs.Lookup("Tunnel1.0"))
	}
}

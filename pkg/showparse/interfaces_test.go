package showparse

import (
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// renderInterfaces writes s in the indented layout ParseInterfaces reads.
func renderInterfaces(s Interfaces) string {
	var b strings.Builder
	for _, i := range s.Interfaces {
		fmt.Fprintf(&b, "Interface %s is %s", i.Name, i.State)
		if i.LineProtocol != "" {
			fmt.Fprintf(&b, ", line protocol is %s", i.LineProtocol)
		}
		b.WriteString("\n")
		for _, kv := range [][2]string{{"Interface type is ", i.Type}, {"Internet address is ", i.Address},
			{"Tunnel mode is ", i.TunnelMode}, {"IPsec policy is ", i.IPsecPolicy}} {
			if kv[1] != "" {
				fmt.Fprintf(&b, "  %s%s\n", kv[0], kv[1])
			}
		}
		if i.MTU != 0 {
			fmt.Fprintf(&b, "  Interface MTU is %d\n", i.MTU)
		}
		if i.Source != "" {
			fmt.Fprintf(&b, "  Tunnel source %s, destination %s\n", i.Source, i.Destination)
		}
		if i.LastChange != "" {
			fmt.Fprintf(&b, "  Last change of status %s ago\n", i.LastChange)
		}
	}
	return b.String()
}

func TestInterfacesUp(t *testing.T) {
	got, err := ParseInterfaces(strings.NewReader(readFixture(t, "show-interfaces", "all-flat.txt")))
	if err != nil {
		t.Fatal(err)
	}
	up := map[string]bool{}
	for _, i := range got.Interfaces {
		up[i.Name] = i.Up()
	}
	want := map[string]bool{"GigaEthernet0.0": true, "GigaEthernet2.0": false, "Tunnel0.0": true, "Tunnel1.0": false}
	if diff := cmp.Diff(want, up); diff != "" {
		t.Errorf("Up (-want +got):\n%s", diff)
	}
	if i := got.Lookup("tunnel1.0"); i == nil || i.Name != "Tunnel1.0" {
		t.Errorf("Lookup(tunnel1.0) = %+v", i)
	}
	if got.Lookup("Tunnel9.0") != nil {
		t.Error("Lookup(Tunnel9.0) found one")
	}
	lp, err := ParseInterfaces(strings.NewReader(readFixture(t, "show-interfaces", "line-protocol.txt")))
	if err != nil {
		t.Fatal(err)
	}
	if lp.Interfaces[0].Up() {
		t.Error("up with line protocol down counts as up")
	}
}

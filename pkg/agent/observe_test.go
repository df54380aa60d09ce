package agent

import (
	"context"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/ixpush/ixpush/pkg/showparse"
)

// showsDevice answers shows from a table; nothing else is called.
type showsDevice struct {
	Device
	outs map[string]string
}

func (d showsDevice) ShowAll(_ context.Context, cmds ...string) ([]string, error) {
	var out []string
	for _, c := range cmds {
		out = append(out, d.outs[c])
	}
	return out, nil
}

// TestObserveWithoutBGP: a router without `router bgp` prints nothing for
// the BGP shows; Observe reads that as no table and no neighbours, while
// the IKE and IPsec shows are parsed from their output.
func TestObserveWithoutBGP(t *testing.T) {
	ike := readFile(t, "../../fixtures/ix/show-ike-sa/seed.txt")
	ipsec := readFile(t, "../../fixtures/ix/show-ipsec-sa/seed.txt")
	dev := showsDevice{outs: map[string]string{
		showparse.ShowIKESA.Command:      ike,
		showparse.ShowIPsecSA.Command:    ipsec,
		showparse.ShowBGP.Command:        "\r\n",
		showparse.ShowBGPSummary.Command: "",
	}}
	obs, err := Observe(context.Background(), dev)
	if err != nil {
		t.Fatal(err)
	}
	wantIKE, err := showparse.ParseIKESAs(strings.NewReader(ike))
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(wantIKE, obs.IKE); diff != "" {
		t.Errorf("IKE (-want +got):\n%s", diff)
	}
	if len(obs.IPsec.Tunnels) != 2 || !obs.IPsec.Tunnels[0].Up() {
		t.Errorf("IPsec %+v", obs.IPsec)
	}
	if diff := cmp.Diff(showparse.BGPTable{}, obs.BGP); diff != "" {
		t.Errorf("BGP table (-want +got):\n%s", diff)
	}
	if obs.Summary == nil || len(obs.Summary.Neighbors) != 0 {
		t.Errorf("summary %+v, want an empty one", obs.Summary)
	}
	// A blank IKE show is an error: the IX always prints its header.
	dev.outs[showparse.ShowIKESA.Command] = ""
	if _, err := Observe(context.Background(), dev); err == nil {
		t.Error("blank show ike sa accepted")
	}
}

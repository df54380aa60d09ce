package peer

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/ixpush/ixpush/pkg/ixsim/scenario"
	"github.com/ixpush/ixpush/pkg/showparse"
)

// udpOnlyModel is the built-in udp-only scenario (NAT passing only UDP
// 4500, Amazon ASN 7224, customer ASN 65010, two VPC prefixes) running a
// NAT-T configuration with the strong profile.
func udpOnlyModel(t *testing.T, edit func(string) string) (*Model, time.Time) {
	t.Helper()
	sc, err := scenario.Builtin("udp-only")
	if err != nil {
		t.Fatal(err)
	}
	// The goldens were drawn on the fast timeline the scenario had before
	// it got the realistic one; the renders, not the timeline, are tested.
	sc.Timing = scenario.Timing{IKEUp: 300 * time.Millisecond, IPsecUp: 200 * time.Millisecond, BGPUp: 500 * time.Millisecond, RetryInterval: time.Second}
	cfg, err := os.ReadFile("testdata/udp-only-final.cfg")
	if err != nil {
		t.Fatal(err)
	}
	text := string(cfg)
	if edit != nil {
		text = edit(text)
	}
	m := New(sc, WithSeed(3), WithBootTime(t0), WithNegotiatingSAs(true))
	m.Update(sc.Router.StartupConfig, t0)
	m.Update(text, t0.Add(time.Minute))
	return m, t0.Add(2 * time.Hour)
}

func TestUDPOnlyGolden(t *testing.T) {
	m, now := udpOnlyModel(t, nil)
	for _, cmd := range renderCmds[:6] {
		for _, st := range []struct {
			name  string
			style Style
		}{{"indented", Indented}, {"flat", Flat}} {
			out, err := m.Render(cmd, now, st.style)
			if err != nil {
				t.Fatal(err)
			}
			name := strings.ReplaceAll(strings.TrimPrefix(cmd, "show "), " ", "-")
			golden(t, filepath.Join("testdata", "udp-only", name+"."+st.name+".txt"), out)
		}
	}
}

func TestUDPOnlyRoundTrip(t *testing.T) {
	m, now := udpOnlyModel(t, nil)
	render := func(cmd string) *strings.Reader {
		out, err := m.Render(cmd, now, Flat)
		if err != nil {
			t.Fatal(err)
		}
		return strings.NewReader(out)
	}
	ike, err := showparse.ParseIKESAs(render("show ike sa"))
	if err != nil {
		t.Fatal(err)
	}
	type ikeKey struct {
		Remote             string
		LocalPort, RPort   int
		NATT, NATDetected  string
		Enc, Hash, DH      string
		Established        bool
		Ph1Success, Ph2Suc int
	}
	var gotIKE []ikeKey
	for _, sa := range ike.SAs {
		gotIKE = append(gotIKE, ikeKey{sa.RemoteAddress, sa.LocalPort, sa.RemotePort, sa.NATTraversal, sa.NATDetected, sa.Encryption, sa.Hash, sa.DHGroup, sa.Established(), sa.Ph1Success, sa.Ph2Success})
	}
	// Up for just under two hours: the IPsec SAs (3600 s) were renewed once.
	wantIKE := []ikeKey{
		{"203.0.113.11", 4500, 4500, "RFC3947", "local", "aes-256", "sha2-256", "modp2048", true, 1, 2},
		{"203.0.113.12", 4500, 4500, "RFC3947", "local", "aes-256", "sha2-256", "modp2048", true, 1, 2},
	}
	if d := cmp.Diff(wantIKE, gotIKE); d != "" {
		t.Errorf("show ike sa (-want +got):\n%s", d)
	}
	ipsec, err := showparse.ParseIPsecSAs(render("show ipsec sa"))
	if err != nil {
		t.Fatal(err)
	}
	for _, tn := range ipsec.Tunnels {
		if !tn.UDPEncapsulation || tn.LocalPort != 4500 || tn.RemotePort != 4500 || tn.Inbound[0].Transform != "ESP-AES-256-HMAC-SHA2-256-128" || tn.PFS != "2048-bit" {
			t.Errorf("%s: %+v", tn.Interface, tn)
		}
	}
	if len(ipsec.Tunnels) != 2 {
		t.Errorf("%d IPsec tunnels", len(ipsec.Tunnels))
	}
	bgp, err := showparse.ParseBGPTable(render("show ip bgp"))
	if err != nil {
		t.Fatal(err)
	}
	var learned []string
	for _, r := range bgp.Routes {
		if r.Best {
			learned = append(learned, r.Prefix+" "+r.NextHop+" "+strings.Trim(strings.Join(strings.Fields(strings.Trim(fmtPath(r.Path), "[]")), " "), " "))
		}
	}
	wantLearned := []string{"10.20.0.0/24 0.0.0.0 ", "10.100.0.0/16 169.254.44.9 7224", "10.101.0.0/16 169.254.44.9 7224"}
	if d := cmp.Diff(wantLearned, learned); d != "" || bgp.LocalAS != 65010 {
		t.Errorf("show ip bgp AS %d (-want +got):\n%s", bgp.LocalAS, d)
	}
	rt, err := showparse.ParseRouteTable(render("show ip route"))
	if err != nil {
		t.Fatal(err)
	}
	if rt.Hidden != 2 || len(rt.Lookup("10.101.0.0/16")) != 1 {
		t.Errorf("route table: hidden %d, %+v", rt.Hidden, rt.Lookup("10.101.0.0/16"))
	}
}

func fmtPath(p []uint32) string {
	var b strings.Builder
	for _, a := range p {
		b.WriteString(itoa(int(a)) + " ")
	}
	return b.String()
}

// TestUDPOnlyWithoutNATT: the same configuration without `ike nat-traversal`
// never gets an answer through this NAT.
func TestUDPOnlyWithoutNATT(t *testing.T) {
	m, now := udpOnlyModel(t, func(s string) string { return strings.Replace(s, "ike nat-traversal\n", "", 1) })
	out, err := m.Render("show ike sa", now, Indented)
	if err != nil {
		t.Fatal(err)
	}
	ike, err := showparse.ParseIKESAs(strings.NewReader(out))
	if err != nil {
		t.Fatal(err)
	}
	if ike.Created != 0 || len(ike.SAs) != 2 {
		t.Fatalf("%+v", ike)
	}
	for _, sa := range ike.SAs {
		// 7140 s at one attempt a second after the first: 7141 attempts, 3 resends each.
		if sa.State != "msg1-sent" || sa.LocalPort != 500 || sa.Ph1Timeout != 7141 || sa.Ph1Resend != 3*7141 {
			t.Errorf("%+v", sa)
		}
	}
}

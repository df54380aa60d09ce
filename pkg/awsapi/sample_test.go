package awsapi_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/ixpush/ixpush/pkg/awsapi"
	"github.com/ixpush/ixpush/pkg/awsapi/awsapitest"
	"github.com/ixpush/ixpush/pkg/awsvpn"
)

// TestSampleCrossCheck: AWS's Cisco sample is read beside
// DescribeVpnConnections and must agree with it per tunnel; a sample AWS
// does not give only skips the check, unless it is the one source of the
// addresses.
func TestSampleCrossCheck(t *testing.T) {
	tweak := func(f func(*awsapitest.Connection)) awsapitest.Connection {
		c := seedLike()
		c.SampleTweak = f
		return c
	}
	noXML := seedLike()
	noXML.OmitXML = true
	secret := seedLike()
	secret.SecretARN, secret.KeysInSecret = "arn:aws:secretsmanager:ap-northeast-1:111122223333:secret:s2svpn!vpn-psk", true
	for _, tc := range []struct {
		name     string
		conn     awsapitest.Connection
		fail     string // action the fake denies
		warnings []string
		err      string // "" : Fetch and Connection succeed
		sample   bool   // the snapshot keeps the sample
	}{
		{name: "agreeing", conn: seedLike(), sample: true},
		{name: "keys in secrets manager, none in the sample", conn: secret, sample: true},
		{name: "disagreeing pre-shared key", conn: tweak(func(c *awsapitest.Connection) { c.Tunnels[1].PSK = "EXAMPLE_other.key_do_not_use" }),
			err: "VPN connection vpn-0example0000000001: tunnel 198.51.100.12: pre-shared key: AWS's sample configuration disagrees with DescribeVpnConnections: the two keys differ (neither is shown)"},
		{name: "disagreeing inside CIDR", conn: tweak(func(c *awsapitest.Connection) { c.Tunnels[0].InsideCIDR = "169.254.99.0/30" }),
			err: "tunnel 198.51.100.11: inside CIDR: AWS's sample configuration disagrees with DescribeVpnConnections: the sample has 169.254.99.0/30, the tunnel options 169.254.10.0/30"},
		{name: "disagreeing customer ASN", conn: tweak(func(c *awsapitest.Connection) { c.CustomerASN = 65001 }),
			err: "tunnel 198.51.100.11: customer ASN: AWS's sample configuration disagrees with DescribeVpnConnections: the sample has 65001, the XML 65000"},
		{name: "sample denied", conn: seedLike(), fail: "GetVpnConnectionDeviceSampleConfiguration",
			warnings: []string{"sample cross-check skipped: needs ec2:GetVpnConnectionDeviceSampleConfiguration"}},
		{name: "device types denied", conn: seedLike(), fail: "GetVpnConnectionDeviceTypes",
			warnings: []string{"sample cross-check skipped: needs ec2:GetVpnConnectionDeviceTypes"}},
		{name: "no XML: the addresses come from the sample", conn: noXML, sample: true},
		{name: "no XML and the sample denied", conn: noXML, fail: "GetVpnConnectionDeviceSampleConfiguration",
			err: "VPN connection vpn-0example0000000001: DescribeVpnConnections returned no CustomerGatewayConfiguration, and AWS's sample configuration, the other source of the addresses, could not be read: needs ec2:GetVpnConnectionDeviceSampleConfiguration"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fake := awsapitest.Start(t, tc.conn)
			if tc.fail != "" {
				fake.Fail(tc.fail, "UnauthorizedOperation", 403, 1)
			}
			s, warnings, err := fetch(t, fake, tc.conn.ID)
			if tc.err != "" {
				if err == nil || !strings.Contains(err.Error(), tc.err) || !errors.Is(err, awsapi.ErrInput) {
					t.Fatalf("err = %v\nwant it to contain %q", err, tc.err)
				}
				for _, k := range []string{key1, key2, "EXAMPLE_other.key_do_not_use"} {
					if strings.Contains(err.Error(), k) {
						t.Errorf("a key is in the error: %q", err)
					}
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if d := cmp.Diff(tc.warnings, warnings); d != "" {
				t.Errorf("warnings (-want +got)\n%s", d)
			}
			if got := s.Sample != ""; got != tc.sample {
				t.Errorf("snapshot has a sample: %v, want %v", got, tc.sample)
			}
			if strings.Contains(s.Sample, key1) || strings.Contains(s.Sample, key2) {
				t.Error("a key is in the snapshot's sample")
			}
			want := got{
				Gateway: "vgw-0example0000000001", Crypto: "strong", KeysFrom: s.KeysFrom,
				Tunnels: []string{"198.51.100.11 169.254.10.2/30 " + key1, "198.51.100.12 169.254.11.2/30 " + key2},
			}
			if d := cmp.Diff(want, summarize(t, s)); d != "" {
				t.Errorf("connection (-want +got)\n%s", d)
			}
		})
	}
}

// TestSampleConnectionMatchesXML: without the XML, the connection built
// from the sample is the one the XML gives.
func TestSampleConnectionMatchesXML(t *testing.T) {
	noXML := seedLike()
	noXML.OmitXML = true
	conns := map[string]awsvpn.Connection{}
	for name, c := range map[string]awsapitest.Connection{"xml": seedLike(), "sample": noXML} {
		s, _, err := fetch(t, awsapitest.Start(t, c), c.ID)
		if err != nil {
			t.Fatal(err)
		}
		if conns[name], err = s.Connection(); err != nil {
			t.Fatal(err)
		}
	}
	// The XML states no DPD retries or MSS the way the sample does; the
	// values the planner uses must match.
	type essentials struct {
		CGW                    string
		CustomerASN, AmazonASN uint32
		HoldTime               int
		Local, Remote          string
		Tunnels                []string
	}
	of := func(c awsvpn.Connection) essentials {
		e := essentials{CGW: c.CustomerGatewayIP.String(), CustomerASN: c.CustomerASN, AmazonASN: c.AmazonASN, HoldTime: c.HoldTime,
			Local: c.LocalNetwork.String(), Remote: c.RemoteNetwork.String()}
		for _, t := range c.Tunnels {
			e.Tunnels = append(e.Tunnels, t.AWSOutsideIP.String()+" "+t.CustomerInside.String()+" "+t.AWSInside.String()+" "+t.PSK.Reveal())
		}
		return e
	}
	if d := cmp.Diff(of(conns["xml"]), of(conns["sample"])); d != "" {
		t.Errorf("(-from the XML +from the sample)\n%s", d)
	}
	if conns["sample"].Format != awsvpn.FormatAPI || conns["sample"].VPNConnectionID != seedLike().ID {
		t.Errorf("format %q, id %q", conns["sample"].Format, conns["sample"].VPNConnectionID)
	}
}

// TestWriteSample: the sample beside a dump replays through the classic
// --aws path when revealed; masked, it says so.
func TestWriteSample(t *testing.T) {
	s, _, err := fetch(t, awsapitest.Start(t, seedLike()), seedLike().ID)
	if err != nil {
		t.Fatal(err)
	}
	want, err := s.Connection()
	if err != nil {
		t.Fatal(err)
	}
	var masked, revealed bytes.Buffer
	if err := awsapi.WriteSample(&masked, s, false); err != nil {
		t.Fatal(err)
	}
	if err := awsapi.WriteSample(&revealed, s, true); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(masked.String(), key1) || !awsapi.IsMaskedSample(masked.Bytes()) {
		t.Error("the masked sample holds a key, or is not seen as masked")
	}
	if awsapi.IsMaskedSample(revealed.Bytes()) {
		t.Error("the revealed sample is seen as masked")
	}
	got, err := awsvpn.Parse(&revealed, awsvpn.FormatAuto)
	if err != nil {
		t.Fatal(err)
	}
	if got.Format != awsvpn.FormatCisco {
		t.Errorf("format %q, want cisco", got.Format)
	}
	got.Format, got.Warnings = want.Format, want.Warnings
	wantJSON, _ := json.Marshal(want)
	gotJSON, _ := json.Marshal(got)
	if d := cmp.Diff(string(wantJSON), string(gotJSON)); d != "" {
		t.Errorf("replayed sample (-API +sample)\n%s", d)
	}
	for i, tun := range got.Tunnels {
		if tun.PSK.Reveal() != want.Tunnels[i].PSK.Reveal() {
			t.Errorf("tunnel %s: the revealed sample's key differs", tun.AWSOutsideIP)
		}
	}
	var none bytes.Buffer
	if err := awsapi.WriteSample(&none, &awsapi.Snapshot{}, true); err != nil || none.Len() != 0 {
		t.Errorf("no sample: wrote %d bytes, %v", none.Len(), err)
	}
}

// TestIsMaskedSample: AWS's own sample is not masked.
func TestIsMaskedSample(t *testing.T) {
	b, err := os.ReadFile("../../fixtures/aws/example-cisco.txt")
	if err != nil {
		t.Fatal(err)
	}
	if awsapi.IsMaskedSample(b) {
		t.Error("the AWS sample fixture is seen as masked")
	}
	if !awsapi.IsMaskedSample([]byte(awsapi.MaskSampleKeys(string(b)))) {
		t.Error("the masked fixture is not seen as masked")
	}
}

// FuzzMaskSampleKeys: whatever the text, masking keeps every other line as
// it was, leaves no keyring line with its key, is idempotent, and never
// panics.
func FuzzMaskSampleKeys(f *testing.F) {
	if b, err := os.ReadFile("../../fixtures/aws/example-cisco.txt"); err == nil {
		f.Add(string(b))
	}
	f.Add("  pre-shared-key address 198.51.100.11 key EXAMPLE_psk\r\n")
	f.Add("pre-shared-key address 198.51.100.11 key\npre-shared-key address nope key x y z")
	f.Fuzz(func(t *testing.T, text string) {
		masked := awsapi.MaskSampleKeys(text)
		in, out := strings.Split(text, "\n"), strings.Split(masked, "\n")
		if len(in) != len(out) {
			t.Fatalf("%d lines became %d", len(in), len(out))
		}
		for i := range in {
			if in[i] == out[i] {
				continue
			}
			if !strings.HasSuffix(strings.TrimSuffix(out[i], "\r"), " ********") || !strings.Contains(in[i], "pre-shared-key address ") {
				t.Errorf("line %d %q became %q", i+1, in[i], out[i])
			}
		}
		if awsapi.MaskSampleKeys(masked) != masked {
			t.Errorf("masking twice changes the text")
		}
	})
}

// TestReReadsSkipTheSample: one client lists the device types once, and a
// ViewOnly re-read (verify --watch, the exporter) asks only for what AWS's
// view needs — not the sample again.
func TestReReadsSkipTheSample(t *testing.T) {
	conn := seedLike()
	fake := awsapitest.Start(t, conn)
	fake.Setenv(t, region)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	c, err := awsapi.New(ctx, awsapi.WithRetries(awsapi.DefaultAttempts, 50*time.Millisecond))
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := c.Fetch(ctx, conn.ID); err != nil {
		t.Fatal(err)
	}
	types, samples := fake.Invocations("GetVpnConnectionDeviceTypes"), fake.Invocations("GetVpnConnectionDeviceSampleConfiguration")
	if types == 0 || samples != 1 {
		t.Fatalf("first fetch: %d device-type pages, %d samples", types, samples)
	}
	if _, _, err := c.Fetch(ctx, conn.ID); err != nil {
		t.Fatal(err)
	}
	if got := fake.Invocations("GetVpnConnectionDeviceTypes"); got != types {
		t.Errorf("a second fetch listed the device types again: %d pages, want %d", got, types)
	}
	s, _, err := c.Fetch(ctx, conn.ID, awsapi.ViewOnly())
	if err != nil {
		t.Fatal(err)
	}
	if got := fake.Invocations("GetVpnConnectionDeviceSampleConfiguration"); got != 2 {
		t.Errorf("samples read after a view-only re-read: %d, want 2 (the two full fetches)", got)
	}
	if len(s.Telemetry) != 2 || s.Telemetry[0].Status == "" {
		t.Errorf("view-only snapshot lacks the telemetry: %+v", s.Telemetry)
	}
}

package awsapi_test

import (
	"context"
	"errors"
	"net/netip"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/ixpush/ixpush/pkg/awsapi"
	"github.com/ixpush/ixpush/pkg/awsapi/awsapitest"
	"github.com/ixpush/ixpush/pkg/plan"
)

const (
	region = "ap-northeast-1"
	key1   = "EXAMPLE_psk.tunnel1_do_not_use"
	key2   = "EXAMPLE_psk.tunnel2_do_not_use"
)

// seedLike is a VGW connection with AWS's default tunnel options.
func seedLike() awsapitest.Connection {
	return awsapitest.Connection{
		ID: "vpn-0example0000000001", CustomerGatewayID: "cgw-0example0000000001", Gateway: "vgw-0example0000000001",
		CustomerGatewayIP: "203.0.113.10", CustomerASN: 65000, AmazonASN: 64512,
		Tunnels: []awsapitest.Tunnel{
			{OutsideIP: "198.51.100.11", InsideCIDR: "169.254.10.0/30", PSK: key1, StatusMessage: "2 BGP ROUTES", AcceptedRoutes: 2},
			{OutsideIP: "198.51.100.12", InsideCIDR: "169.254.11.0/30", PSK: key2, StatusMessage: "2 BGP ROUTES", AcceptedRoutes: 2},
		},
	}
}

func strongOnly(c awsapitest.Connection, withStrong bool) awsapitest.Connection {
	for i := range c.Tunnels {
		t := &c.Tunnels[i]
		t.Phase1Encryption, t.Phase2Encryption = []string{"AES256-GCM-16"}, []string{"AES256-GCM-16"}
		t.Phase1Integrity, t.Phase2Integrity = []string{"SHA2-384"}, []string{"SHA2-384"}
		t.Phase1DHGroups, t.Phase2DHGroups = []int{20}, []int{20}
		if withStrong {
			t.Phase1Encryption = append(t.Phase1Encryption, "AES256")
			t.Phase2Encryption = append(t.Phase2Encryption, "AES256")
			t.Phase1Integrity = append(t.Phase1Integrity, "SHA2-256")
			t.Phase2Integrity = append(t.Phase2Integrity, "SHA2-256")
			t.Phase1DHGroups = append(t.Phase1DHGroups, 14)
			t.Phase2DHGroups = append(t.Phase2DHGroups, 14)
		}
	}
	return c
}

func fetch(t *testing.T, fake *awsapitest.Server, id string, opts ...awsapi.Option) (*awsapi.Snapshot, []string, error) {
	t.Helper()
	fake.Setenv(t, region)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	c, err := awsapi.New(ctx, append([]awsapi.Option{awsapi.WithRetries(awsapi.DefaultAttempts, 50*time.Millisecond)}, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	return c.Fetch(ctx, id)
}

// got is what a case compares: the connection's tunnels in outside-IP
// order with their keys, and the chosen crypto.
type got struct {
	Gateway  string
	Tunnels  []string // outside IP, inside, key
	Crypto   plan.Crypto
	KeysFrom string
}

func summarize(t *testing.T, s *awsapi.Snapshot) got {
	t.Helper()
	conn, err := s.Connection()
	if err != nil {
		t.Fatalf("Connection: %v", err)
	}
	g := got{Gateway: s.Gateway, KeysFrom: s.KeysFrom}
	for _, tun := range conn.Tunnels {
		g.Tunnels = append(g.Tunnels, tun.AWSOutsideIP.String()+" "+tun.CustomerInside.String()+" "+tun.PSK.Reveal())
	}
	if g.Crypto, _, err = s.ChooseCrypto(""); err != nil {
		t.Fatalf("ChooseCrypto: %v", err)
	}
	return g
}

func TestFetch(t *testing.T) {
	tgw := seedLike()
	tgw.Gateway = "tgw-0example0000000001"
	reversed := seedLike()
	reversed.Tunnels[0], reversed.Tunnels[1] = reversed.Tunnels[1], reversed.Tunnels[0]
	secret := seedLike()
	secret.SecretARN, secret.KeysInSecret = "arn:aws:secretsmanager:ap-northeast-1:111122223333:secret:vpn-psk-AbCdEf", true
	want := got{
		Gateway: "vgw-0example0000000001", Crypto: plan.CryptoStrong, KeysFrom: "tunnel-options",
		Tunnels: []string{"198.51.100.11 169.254.10.2/30 " + key1, "198.51.100.12 169.254.11.2/30 " + key2},
	}
	with := func(f func(*got)) got { g := want; f(&g); return g }
	for _, tc := range []struct {
		name string
		conn awsapitest.Connection
		want got
	}{
		{"seed connection", seedLike(), want},
		{"transit gateway", tgw, with(func(g *got) { g.Gateway = "tgw-0example0000000001" })},
		{"tunnels in the other order", reversed, want},
		{"strong-only options upgrade to strong", strongOnly(seedLike(), true), want},
		{"keys in secrets manager", secret, with(func(g *got) { g.KeysFrom = "secrets-manager" })},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fake := awsapitest.Start(t, tc.conn)
			s, warnings, err := fetch(t, fake, tc.conn.ID)
			if err != nil {
				t.Fatal(err)
			}
			if len(warnings) != 0 {
				t.Errorf("warnings: %q", warnings)
			}
			if d := cmp.Diff(tc.want, summarize(t, s)); d != "" {
				t.Errorf("(-want +got)\n%s", d)
			}
		})
	}
}

func TestCryptoRefused(t *testing.T) {
	for _, tc := range []struct {
		name    string
		conn    awsapitest.Connection
		want    plan.Crypto
		message string
	}{
		{"aws-default refused by strong-only options", strongOnly(seedLike(), true), plan.CryptoAWSDefault,
			"tunnel 198.51.100.11: Phase1EncryptionAlgorithms allows AES256-GCM-16, AES256, not AES128 (use --crypto strong, or allow it in the tunnel options)"},
		{"GCM, SHA2-384 and DH 20 only: nothing the IX can do", strongOnly(seedLike(), false), "",
			"accepts no crypto profile ixpush can configure on the IX (strong: tunnel 198.51.100.11: Phase1EncryptionAlgorithms allows AES256-GCM-16, not AES256; aws-default: tunnel 198.51.100.11: Phase1EncryptionAlgorithms allows AES256-GCM-16, not AES128)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fake := awsapitest.Start(t, tc.conn)
			s, _, err := fetch(t, fake, tc.conn.ID)
			if err != nil {
				t.Fatal(err)
			}
			_, _, err = s.ChooseCrypto(tc.want)
			if err == nil || !strings.Contains(err.Error(), tc.message) || !errors.Is(err, awsapi.ErrInput) {
				t.Fatalf("err = %v\nwant it to contain %q", err, tc.message)
			}
		})
	}
}

func TestFetchErrors(t *testing.T) {
	for _, tc := range []struct {
		name    string
		setup   func(*awsapitest.Server)
		id      string
		message string
		// temporary: a later re-run may not meet it (ErrTemporary)
		temporary bool
	}{
		{"access denied names the IAM action", func(f *awsapitest.Server) { f.Fail("DescribeVpnConnections", "UnauthorizedOperation", 403, 1) },
			"", "access denied: the credentials need the IAM action ec2:DescribeVpnConnections", false},
		{"unknown ID", nil, "vpn-0000000000000dead", "the VPN connection was not found in region ap-northeast-1: check the ID and --region", false},
		{"throttled past the retries", func(f *awsapitest.Server) { f.Fail("DescribeVpnConnections", "RequestLimitExceeded", 503, 10) },
			"", "AWS throttled the request on ec2:DescribeVpnConnections after the SDK's retries", true},
		{"a stalled endpoint names the bound", func(f *awsapitest.Server) { f.Hang("DescribeVpnConnections", 10) },
			"", "no complete answer from the AWS API in region ap-northeast-1 within 300ms (the fetch bound, retries included)", true},
		{"secret denied names the IAM action", func(f *awsapitest.Server) { f.Fail("GetSecretValue", "AccessDeniedException", 400, 1) },
			"secret", "the IAM action secretsmanager:GetSecretValue", false},
		{"not an ID", nil, "vgw-123", `"vgw-123" is not a VPN connection ID`, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := seedLike()
			if tc.id == "secret" {
				c.SecretARN, c.KeysInSecret = "arn:aws:secretsmanager:ap-northeast-1:111122223333:secret:vpn-psk", true
				tc.id = ""
			}
			fake := awsapitest.Start(t, c)
			if tc.setup != nil {
				tc.setup(fake)
			}
			id := tc.id
			if id == "" {
				id = c.ID
			}
			_, _, err := fetch(t, fake, id, awsapi.WithTimeout(300*time.Millisecond))
			if err == nil || !strings.Contains(err.Error(), tc.message) || !errors.Is(err, awsapi.ErrInput) {
				t.Fatalf("err = %v\nwant it to contain %q", err, tc.message)
			}
			if errors.Is(err, awsapi.ErrTemporary) != tc.temporary {
				t.Errorf("errors.Is(err, ErrTemporary) = %v, want %v", !tc.temporary, tc.temporary)
			}
			if strings.Contains(err.Error(), "\n") || strings.Contains(err.Error(), key1) {
				t.Errorf("not one safe line: %q", err)
			}
		})
	}
}

func TestThrottledThenSuccess(t *testing.T) {
	fake := awsapitest.Start(t, seedLike())
	fake.Fail("DescribeVpnConnections", "RequestLimitExceeded", 503, 2)
	s, _, err := fetch(t, fake, seedLike().ID)
	if err != nil {
		t.Fatal(err)
	}
	// At least 3: the SDK may also retry a kept-alive connection the
	// transport closed under it while reading the answer (net.ErrClosed,
	// aws-sdk-go-v2#2737), which costs one more call now and then.
	if n := fake.Calls("DescribeVpnConnections"); n < 3 || s.State != "available" {
		t.Errorf("calls = %d, state %q; want 3 or more calls (2 throttled) and the connection", n, s.State)
	}
}

func TestStates(t *testing.T) {
	for state, message := range map[string]string{
		"pending": "is still pending: wait until it is available",
		"deleted": "is deleted: create a new VPN connection",
	} {
		t.Run(state, func(t *testing.T) {
			c := seedLike()
			c.State = state
			fake := awsapitest.Start(t, c)
			s, _, err := fetch(t, fake, c.ID)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := s.Connection(); err == nil || !strings.Contains(err.Error(), message) {
				t.Fatalf("err = %v, want %q", err, message)
			}
		})
	}
}

func TestNoCredentials(t *testing.T) {
	fake := awsapitest.Start(t, seedLike())
	fake.Setenv(t, region)
	t.Setenv("AWS_ACCESS_KEY_ID", "")
	t.Setenv("AWS_SECRET_ACCESS_KEY", "")
	ctx := context.Background()
	c, err := awsapi.New(ctx, awsapi.WithRetries(1, time.Millisecond))
	if err != nil {
		t.Fatal(err)
	}
	_, _, err = c.Fetch(ctx, seedLike().ID)
	if err == nil || !strings.Contains(err.Error(), "no credentials found") {
		t.Fatalf("err = %v", err)
	}
}

func TestNoRegion(t *testing.T) {
	fake := awsapitest.Start(t, seedLike())
	fake.Setenv(t, "")
	_, err := awsapi.New(context.Background())
	if err == nil || !strings.Contains(err.Error(), "no region: give --region") {
		t.Fatalf("err = %v", err)
	}
}

func TestReplacementStatus(t *testing.T) {
	c := seedLike()
	c.Tunnels[1].PendingMaintenance = "Pending"
	fake := awsapitest.Start(t, c)
	s, _, err := fetch(t, fake, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, tel := range s.Telemetry {
		got = append(got, tel.OutsideIP.String()+" "+tel.Status+" "+tel.Maintenance)
	}
	if d := cmp.Diff([]string{"198.51.100.11 up ", "198.51.100.12 up Pending"}, got); d != "" {
		t.Error(d)
	}
	if _, ok := s.Tunnel(netip.MustParseAddr("198.51.100.12")); !ok {
		t.Error("tunnel not found by outside IP")
	}
}

package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/ixpush/ixpush/pkg/awsapi"
	"github.com/ixpush/ixpush/pkg/awsapi/awsapitest"
	"github.com/ixpush/ixpush/pkg/health"
	"github.com/ixpush/ixpush/pkg/ixsim"
	"github.com/ixpush/ixpush/pkg/ixsim/ixsimtest"
	"github.com/ixpush/ixpush/pkg/ixsim/scenario"
)

const e2eVPNID = "vpn-09043457e07b5f5d5"

// fakeFor is the AWS side of scenario sc as the EC2 API describes it: the
// same endpoints, keys, ASNs and accepted proposals the simulator's AWS
// peer uses, so apply from the API provisions a tunnel the peer accepts.
func fakeFor(sc *scenario.Scenario) awsapitest.Connection {
	c := awsapitest.Connection{
		ID: e2eVPNID, CustomerGatewayID: "cgw-0a1b2c3d4e5f60718", Gateway: "vgw-0a1b2c3d4e5f60718",
		CustomerGatewayIP: sc.AWS.CustomerGatewayIP, CustomerASN: sc.AWS.CustomerASN, AmazonASN: sc.AWS.AmazonASN,
	}
	p := sc.AWS.Proposals
	for _, t := range sc.AWS.Tunnels {
		c.Tunnels = append(c.Tunnels, awsapitest.Tunnel{
			OutsideIP: t.OutsideIP, InsideCIDR: t.InsideCIDR, PSK: t.PSK,
			Phase1Encryption: p.Phase1Encryption, Phase1Integrity: p.Phase1Integrity, Phase1DHGroups: p.Phase1DHGroups,
			Phase2Encryption: p.Phase2Encryption, Phase2Integrity: p.Phase2Integrity, Phase2DHGroups: p.Phase2DHGroups,
			StatusMessage: "1 BGP ROUTES", AcceptedRoutes: 1,
		})
	}
	return c
}

// TestAWSAPIApplyVerify is the end-to-end path of the issue: apply reads
// the connection from the (fake) EC2 API by its ID and provisions the
// simulated router; verify then shows both views agreeing, and flags the
// tunnel AWS reports down while the router has it up.
func TestAWSAPIApplyVerify(t *testing.T) {
	sc, err := scenario.Builtin("seed")
	if err != nil {
		t.Fatal(err)
	}
	if sc.AWS.CustomerGatewayIP == "" {
		sc.AWS.CustomerGatewayIP = sc.Router.NAT.PublicIP
	}
	fake := awsapitest.Start(t, fakeFor(sc))
	fake.Setenv(t, "us-west-2")

	key, err := ixsim.GenerateHostKey()
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	r, err := ixsim.StartLoopback(ctx, sc, ixsim.WithScenario(sc), ixsim.WithHostKey(key), ixsim.WithTimeScale(ixsimtest.DefaultTimeScale))
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	dir := t.TempDir()
	if err := r.AppendKnownHosts(filepath.Join(dir, "known_hosts")); err != nil {
		t.Fatal(err)
	}
	host, port, _ := net.SplitHostPort(r.Addr)
	t.Setenv("IXPUSH_PASSWORD", r.Password)
	sitePath := filepath.Join(dir, "site.yaml")
	site := fmt.Sprintf("name: r10\nrouter:\n  host: %s\n  port: %s\n  user: %s\n  password_env: IXPUSH_PASSWORD\n  known_hosts: known_hosts\n"+
		"aws:\n  vpn_connection_id: %s\n  region: us-west-2\nlan: [192.168.2.0/24]\nvpc: [172.31.0.0/16]\nplan:\n  wan_ip: 192.168.1.10\n", host, port, r.User, e2eVPNID)
	if err := os.WriteFile(sitePath, []byte(site), 0o600); err != nil {
		t.Fatal(err)
	}
	ixpush := func(args ...string) (int, string, string) {
		var out, errb bytes.Buffer
		code := run(ctx, args, strings.NewReader(""), &out, &errb)
		return code, out.String(), errb.String()
	}

	dump := filepath.Join(dir, "dump.json")
	code, out, stderr := ixpush("apply", sitePath, "--state-dir", filepath.Join(dir, "state"), "--poll=100ms", "--wait=60s", "--soak=300ms", "--aws-dump", dump)
	if code != 0 {
		t.Fatalf("apply: exit %d\n%s\n%s", code, out, stderr)
	}
	b, err := os.ReadFile(dump)
	if err != nil {
		t.Fatal(err)
	}
	for _, tun := range sc.AWS.Tunnels {
		if strings.Contains(out+stderr+string(b), tun.PSK) {
			t.Fatalf("a pre-shared key is in the output or the masked dump")
		}
	}

	verify := func() (int, health.AWSView, string) {
		code, out, stderr := ixpush("verify", sitePath, "--json")
		var env struct {
			Result struct{ AWS *health.AWSView }
		}
		if err := json.Unmarshal([]byte(out), &env); err != nil || env.Result.AWS == nil {
			t.Fatalf("verify --json: %v (AWS view %v)\n%s\n%s", err, env.Result.AWS, out, stderr)
		}
		_, text, _ := ixpush("verify", sitePath)
		return code, *env.Result.AWS, text
	}
	type tunnelWant struct{ IP, Status, Disagreement string }
	views := func(v health.AWSView) []tunnelWant {
		var out []tunnelWant
		for _, t := range v.Tunnels {
			out = append(out, tunnelWant{t.OutsideIP.String(), t.Status, t.Disagreement})
		}
		return out
	}
	ip0, ip1 := sc.AWS.Tunnels[0].OutsideIP, sc.AWS.Tunnels[1].OutsideIP
	if ip1 < ip0 {
		ip0, ip1 = ip1, ip0
	}

	code, v, text := verify()
	if code != 0 || v.Agree == nil || !*v.Agree || v.Source != "api" {
		t.Fatalf("verify: exit %d, view %+v\n%s", code, v, text)
	}
	if d := cmp.Diff([]tunnelWant{{ip0, "up", ""}, {ip1, "up", ""}}, views(v)); d != "" {
		t.Errorf("agreeing view (-want +got)\n%s", d)
	}
	if !strings.Contains(text, "agrees with the router") {
		t.Errorf("text verify does not say the views agree:\n%s", text)
	}

	fake.SetTunnel(e2eVPNID, ip1, "DOWN", "IPSEC IS DOWN", 0)
	code, v, text = verify()
	if v.Agree == nil || *v.Agree {
		t.Fatalf("verify after AWS took %s down: the views still agree\n%s", ip1, text)
	}
	if d := cmp.Diff([]tunnelWant{{ip0, "up", ""}, {ip1, "down", health.RouterUpAWSDown}}, views(v)); d != "" {
		t.Errorf("disagreeing view (-want +got)\n%s", d)
	}
	if code != 0 {
		t.Errorf("verify exit %d: the verdict stays the router's", code)
	}
	if !strings.Contains(text, "ROUTER-UP-AWS-DOWN") {
		t.Errorf("text verify does not flag the tunnel:\n%s", text)
	}

	// The masked dump replays offline: plan and verify take it, apply
	// refuses its stand-in keys.
	if code, out, stderr := ixpush("plan", "--aws", dump, "--lan", "192.168.2.0/24"); code != 0 || !strings.Contains(out, "strong") {
		t.Errorf("plan --aws DUMP: exit %d\n%s\n%s", code, out, stderr)
	}
	code, _, stderr = ixpush("apply", sitePath, "--aws", dump, "--state-dir", filepath.Join(dir, "state"))
	if code != 2 || !strings.Contains(stderr, "the dump's pre-shared keys are masked") {
		t.Errorf("apply --aws MASKED-DUMP: exit %d, want 2 and the reason\n%s", code, stderr)
	}
	code, out, _ = ixpush("verify", sitePath, "--aws", dump)
	if code != 0 || !strings.Contains(out, "file at") {
		t.Errorf("verify --aws DUMP: exit %d, want 0 and a view from the file\n%s", code, out)
	}

	// AWS's sample beside the dump: masked, it is refused as input with
	// the reason (the JSON dump is the masked replay); revealed, it plans
	// through the classic --aws path as the API did.
	sample := dump + ".cisco.txt"
	masked, err := os.ReadFile(sample)
	if err != nil {
		t.Fatal(err)
	}
	for _, tun := range sc.AWS.Tunnels {
		if strings.Contains(string(masked), tun.PSK) {
			t.Fatal("a pre-shared key is in the masked sample")
		}
	}
	code, _, stderr = ixpush("plan", "--aws", sample, "--lan", "192.168.2.0/24")
	wantRefusal := "ixpush: --aws dump.json.cisco.txt: its pre-shared keys are masked (an --aws-dump sample written without --reveal-secrets): plan and verify take the JSON dump it was written beside (--aws dump.json); apply needs a dump written with --reveal-secrets\n"
	if code != 2 || stderr != wantRefusal {
		t.Errorf("plan --aws MASKED-SAMPLE: exit %d, stderr %q\nwant exit 2, %q", code, stderr, wantRefusal)
	}
	revealed := filepath.Join(dir, "revealed.json")
	// Revealed, so the keys are compared too.
	common := []string{"--lan", "192.168.2.0/24", "--vpc", "172.31.0.0/16", "--wan-ip", "192.168.1.10", "--crypto", "strong", "--json", "--reveal-secrets"}
	code, fromAPI, stderr := ixpush(append([]string{"plan", "--vpn-connection-id", e2eVPNID, "--aws-dump", revealed}, common...)...)
	if code != 0 {
		t.Fatalf("plan --vpn-connection-id --aws-dump --reveal-secrets: exit %d\n%s", code, stderr)
	}
	code, fromSample, stderr := ixpush(append([]string{"plan", "--aws", revealed + ".cisco.txt"}, common...)...)
	if code != 0 {
		t.Fatalf("plan --aws REVEALED-SAMPLE: exit %d\n%s", code, stderr)
	}
	if d := cmp.Diff(planLines(t, fromAPI), planLines(t, fromSample)); d != "" {
		t.Errorf("the plan from the revealed sample is not the API's (-API +sample)\n%s", d)
	}
}

// planLines are the desired configuration lines of a plan --json envelope.
func planLines(t *testing.T, out string) []string {
	t.Helper()
	var env struct {
		Result struct {
			Lines []string `json:"desired"`
		}
	}
	if err := json.Unmarshal([]byte(out), &env); err != nil || len(env.Result.Lines) == 0 {
		t.Fatalf("plan --json: %v, %d lines\n%s", err, len(env.Result.Lines), out)
	}
	return env.Result.Lines
}

// TestAWSAPIExitCodes: a problem reading AWS is bad input (exit 2) for
// plan and apply, and "unknown" (exit 3) for verify, in one line.
func TestAWSAPIExitCodes(t *testing.T) {
	fake := awsapitest.Start(t)
	fake.Setenv(t, "us-west-2")
	ctx := context.Background()
	for _, tc := range []struct {
		name    string
		args    []string
		code    int
		message string
	}{
		{"plan, unknown ID", []string{"plan", "--vpn-connection-id", "vpn-0123456789abcdef0", "--lan", "192.168.2.0/24"}, 2,
			"ixpush: VPN connection vpn-0123456789abcdef0: AWS: the VPN connection was not found in region us-west-2: check the ID and --region\n"},
		{"verify, unknown ID", []string{"verify", "--host", "127.0.0.1", "--port", "1", "--vpn-connection-id", "vpn-0123456789abcdef0"}, 3,
			"ixpush: VPN connection vpn-0123456789abcdef0: AWS: the VPN connection was not found in region us-west-2: check the ID and --region\n"},
		{"apply, not an ID", []string{"apply", "--host", "127.0.0.1", "--vpn-connection-id", "vgw-0123"}, 2,
			"ixpush: --vpn-connection-id \"vgw-0123\": not a VPN connection ID (vpn- and 8 or 17 hex digits)\n"},
		{"verify, bad region", []string{"verify", "--host", "127.0.0.1", "--vpn-connection-id", "vpn-0123456789abcdef0", "--region", "tokyo"}, 3,
			"ixpush: --region \"tokyo\": not an AWS region name (like ap-northeast-1)\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var out, errb bytes.Buffer
			code := run(ctx, tc.args, strings.NewReader(""), &out, &errb)
			if code != tc.code || errb.String() != tc.message {
				t.Errorf("exit %d, stderr %q\nwant exit %d, stderr %q", code, errb.String(), tc.code, tc.message)
			}
		})
	}
}

// TestAWSAPISampleDisagreement: AWS's sample and DescribeVpnConnections
// disagreeing on a tunnel's key is bad input for plan (exit 2) and unknown
// for verify (exit 3), in one line naming the tunnel and never the key.
// TestAWSAPIRetryLater: an AWS error a later run may not meet (throttled
// past the retries, an endpoint that stalls past the fetch bound) ends
// with the same command as its next one, in text and in JSON.
func TestAWSAPIRetryLater(t *testing.T) {
	awsTestBounds = []awsapi.Option{awsapi.WithRetries(2, 10*time.Millisecond), awsapi.WithTimeout(300 * time.Millisecond)}
	t.Cleanup(func() { awsTestBounds = nil })
	const id = "vpn-0123456789abcdef0"
	for _, tc := range []struct {
		name     string
		setup    func(*awsapitest.Server)
		args     []string
		code     int
		stderr   string // its suffix
		jsonNext string // with --json: the envelope's next command
	}{
		{"plan, throttled", func(f *awsapitest.Server) { f.Fail("DescribeVpnConnections", "RequestLimitExceeded", 503, 10) },
			[]string{"plan", "--vpn-connection-id", id, "--lan", "192.168.2.0/24"}, 2,
			"after the SDK's retries: wait a minute and try again; next: ixpush plan --vpn-connection-id " + id + " --lan 192.168.2.0/24\n", ""},
		{"verify, stalled", func(f *awsapitest.Server) { f.Hang("DescribeVpnConnections", 10) },
			[]string{"verify", "--host", "127.0.0.1", "--port", "1", "--vpn-connection-id", id, "--json"}, 3,
			"within 300ms (the fetch bound, retries included): check the network and --region (or AWS_ENDPOINT_URL), then try again; next: ixpush verify --host 127.0.0.1 --port 1 --vpn-connection-id " + id + " --json\n",
			"ixpush verify (with this run's other flags)"},
		{"verify, not temporary", func(f *awsapitest.Server) { f.Fail("DescribeVpnConnections", "UnauthorizedOperation", 403, 1) },
			[]string{"verify", "--host", "127.0.0.1", "--port", "1", "--vpn-connection-id", id, "--json"}, 3,
			"the credentials need the IAM action ec2:DescribeVpnConnections (see the README's IAM policy)\n", "ixpush verify --help"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fake := awsapitest.Start(t)
			fake.Setenv(t, "us-west-2")
			tc.setup(fake)
			var out, errb bytes.Buffer
			code := run(context.Background(), tc.args, strings.NewReader(""), &out, &errb)
			if code != tc.code || !strings.HasSuffix(errb.String(), tc.stderr) || strings.Count(errb.String(), "\n") != 1 {
				t.Errorf("exit %d, stderr %q\nwant exit %d, one line ending %q", code, errb.String(), tc.code, tc.stderr)
			}
			if tc.jsonNext == "" {
				return
			}
			var env struct {
				Outcome string `json:"outcome"`
				Error   struct {
					Next string `json:"next"`
				} `json:"error"`
			}
			if err := json.Unmarshal(out.Bytes(), &env); err != nil || env.Outcome != "unknown" || env.Error.Next != tc.jsonNext {
				t.Errorf("stdout %q (%v)\nwant one envelope, outcome unknown, next %q", out.String(), err, tc.jsonNext)
			}
		})
	}
}

func TestAWSAPISampleDisagreement(t *testing.T) {
	const id = "vpn-0123456789abcdef0"
	fake := awsapitest.Start(t, awsapitest.Connection{
		ID: id, CustomerGatewayID: "cgw-0example0000000001", Gateway: "vgw-0example0000000001",
		CustomerGatewayIP: "203.0.113.10", CustomerASN: 65000, AmazonASN: 64512,
		Tunnels: []awsapitest.Tunnel{
			{OutsideIP: "198.51.100.11", InsideCIDR: "169.254.10.0/30", PSK: "EXAMPLE_psk.tunnel1_do_not_use"},
			{OutsideIP: "198.51.100.12", InsideCIDR: "169.254.11.0/30", PSK: "EXAMPLE_psk.tunnel2_do_not_use"},
		},
		SampleTweak: func(c *awsapitest.Connection) { c.Tunnels[0].PSK = "EXAMPLE_psk.another_do_not_use" },
	})
	fake.Setenv(t, "us-west-2")
	const message = "ixpush: AWS: VPN connection " + id + ": tunnel 198.51.100.11: pre-shared key: AWS's sample configuration disagrees with DescribeVpnConnections: the two keys differ (neither is shown); nothing was typed: re-run in a few minutes (AWS may still be applying a tunnel change), and if it persists plan from the sample the console downloads with --aws FILE\n"
	for _, tc := range []struct {
		args []string
		code int
	}{
		{[]string{"plan", "--vpn-connection-id", id, "--lan", "192.168.2.0/24"}, 2},
		{[]string{"verify", "--host", "127.0.0.1", "--port", "1", "--vpn-connection-id", id}, 3},
	} {
		var out, errb bytes.Buffer
		code := run(context.Background(), tc.args, strings.NewReader(""), &out, &errb)
		if code != tc.code || errb.String() != message {
			t.Errorf("%s: exit %d, stderr %q\nwant exit %d, stderr %q", tc.args[0], code, errb.String(), tc.code, message)
		}
	}
}

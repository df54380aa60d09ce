package ixsim_test

import (
	"errors"
	"io"
	"net"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/ixpush/ixpush/pkg/ixsim"
	"github.com/ixpush/ixpush/pkg/ixsim/ixsimtest"
	"github.com/ixpush/ixpush/pkg/ixsim/scenario"
	"github.com/sirupsen/logrus"
	"golang.org/x/crypto/ssh"
)

func TestDropAfterCommands(t *testing.T) {
	r := ixsimtest.Start(t, ixsim.WithDropAfter(2))
	tm := dial(t, r)
	tm.cmd("configure")
	tm.send("hostname R2\r")
	tm.closed()
	// The second command ran before the cut.
	if !strings.Contains(r.Sim.RunningConfig(), "hostname R2\n") {
		t.Errorf("second command not applied")
	}
	// Once per router: the reconnect works.
	tm2 := dial(t, r)
	runSteps(t, tm2, []step{{"configure", configBanner, "R2(config)# "}, {"hostname R3", "", "R3(config)# "}})
}

func TestDropPoints(t *testing.T) {
	tests := []struct {
		point ixsim.DropPoint
		typed string
		want  *regexp.Regexp // last output before the cut
	}{
		{ixsim.DropOnLogin, "", regexp.MustCompile(`^$`)},
		{ixsim.DropAfterBanner, "", regexp.MustCompile(`Chiappa\.\r\n$`)},
		{ixsim.DropOnConfigure, "configure\r", regexp.MustCompile(`^configure\r\n$`)},
		{ixsim.DropOnWrite, "configure\rwrite memory\r", regexp.MustCompile(`write memory\r\nBuilding configuration...\r\n$`)},
		{ixsim.DropMidShow, "show ip route\r", regexp.MustCompile(`(?s)^show ip route\r\nIP Routing Table.*\r\n$`)},
	}
	for _, tt := range tests {
		t.Run(string(tt.point), func(t *testing.T) {
			r := ixsimtest.Start(t, ixsim.WithDropAt(tt.point))
			tm := dialAs(t, r, r.User, r.Password)
			if tt.typed != "" {
				tm.expect(promptRE)
				tm.send(tt.typed)
			}
			tm.closed()
			got := tm.out.String()[tm.mark:]
			if !tt.want.MatchString(got) {
				t.Errorf("output before the cut %q does not match %q", got, tt.want)
			}
			if tt.point == ixsim.DropMidShow && strings.Contains(got, "R10# ") {
				t.Errorf("prompt after a cut show: %q", got)
			}
		})
	}
}

func TestDropOnWriteSavesNothing(t *testing.T) {
	r := ixsimtest.Start(t, ixsim.WithDropAt(ixsim.DropOnWrite))
	tm := dial(t, r)
	tm.cmd("configure")
	tm.cmd("hostname R2")
	tm.send("write memory\r")
	tm.closed()
	if strings.Contains(r.Sim.StartupConfig(), "R2") {
		t.Error("startup-config saved despite the drop")
	}
}

func TestGarbageBeforeFirstPrompt(t *testing.T) {
	r := ixsimtest.Start(t, ixsim.WithGarbageBanner("\x00\xff~~ line noise R10# \r\n"))
	tm := dialAs(t, r, r.User, r.Password)
	got := tm.expect(regexp.MustCompile(`Software\r\n`))
	if !strings.HasPrefix(got, "\x00\xff~~ line noise R10# \r\nNEC Portable") {
		t.Errorf("got %q", got)
	}
	tm.expect(promptRE)
}

func TestLatencyAndSlowOutputStillServe(t *testing.T) {
	r := ixsimtest.Start(t, ixsim.WithLatency(20*time.Millisecond, 10*time.Millisecond), ixsim.WithSlowOutput(20000))
	tm := dial(t, r)
	out, prompt := tm.cmd("show ip route")
	if !strings.HasPrefix(out, "IP Routing Table") || prompt != "R10# " {
		t.Errorf("show ip route: %q %q", out, prompt)
	}
}

func TestOptionValidation(t *testing.T) {
	sc := ixsimtest.Start(t).Sim.Scenario()
	for name, opt := range map[string]ixsim.Option{
		"negative latency": ixsim.WithLatency(-time.Second, 0),
		"jitter > latency": ixsim.WithLatency(time.Millisecond, time.Second),
		"jitter alone":     ixsim.WithLatency(0, time.Second),
		"unknown point":    ixsim.WithDropAt("lunch"),
		"tunnel 2":         ixsim.WithAWSDown(2),
		"no occupied text": ixsim.WithOccupiedText(),
	} {
		if _, err := ixsim.New(sc, ixsim.WithHostKey(ixsimtest.HostKey(t)), opt); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}

func TestChangedHostKeyIsRejectedByPinnedClient(t *testing.T) {
	r := ixsimtest.Start(t)
	second, err := ixsim.GenerateHostKey()
	if err != nil {
		t.Fatal(err)
	}
	if err := r.Sim.SetHostKey(second); err != nil {
		t.Fatal(err)
	}
	_, err = ssh.Dial("tcp", r.Addr, clientConfig(r.User, ssh.Password(r.Password), r.HostKey))
	if err == nil || !strings.Contains(err.Error(), "host key mismatch") {
		t.Errorf("dial with the old key pinned: %v", err)
	}
	c, err := ssh.Dial("tcp", r.Addr, clientConfig(r.User, ssh.Password(r.Password), second.PublicKey()))
	if err != nil {
		t.Fatalf("dial with the new key: %v", err)
	}
	c.Close()
}

// saBlock is the ISAKMP SA block of peer in a `show ike sa` ("" if none).
func saBlock(out, peer string) string {
	for _, b := range strings.Split(out, "Local address is ")[1:] {
		if strings.Contains(b, "Remote address is "+peer+",") {
			return b
		}
	}
	return ""
}

func TestAWSDownFault(t *testing.T) {
	clk := newClock()
	r := ixsimtest.Start(t, ixsim.WithAWSDown(1), ixsim.WithClock(clk.Now))
	tm := configured(t, r)
	tm.cmd("terminal length 0")
	// Every 0.5 s (the scaled 40 s of resends and 10 s of pause) the router
	// starts over: at a whole minute tunnel 1's SA is resending, msg1-sent.
	clk.Advance(time.Minute)
	out, _ := tm.cmd("show ike sa")
	if !strings.Contains(out, "ISAKMP SA - 2 configured, 1 created\r\n") ||
		!strings.Contains(out, "Remote address is 54.69.109.228, port is 500\r\n  IKE policy name is ike-policy2\r\n") ||
		!strings.Contains(out, "  State is msg1-sent\r\n") {
		t.Errorf("show ike sa with AWS tunnel 1 down:\n%s", out)
	}
	r.Sim.SetAWSDown(1, false)
	r.Sim.SetAWSDown(0, true)
	// The seed configures no `ike keepalive`: nothing probes AWS, so the
	// router keeps tunnel 0's SAs until the IPsec lifetime (3600 s) ends.
	clk.Advance(61 * time.Minute)
	out, _ = tm.cmd("show ike sa")
	if b := saBlock(out, "34.217.232.61"); strings.Contains(b, "State is established") {
		t.Errorf("tunnel 0 still up after SetAWSDown(0):\n%s", out)
	}
}

func TestSSHServerIdentity(t *testing.T) {
	r := ixsimtest.Start(t)
	conn, err := net.Dial("tcp", r.Addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	buf := make([]byte, 64)
	n, _ := conn.Read(buf)
	if got := string(buf[:n]); got != "SSH-2.0-NEC-IX2015-ms-10.7.18\r\n" {
		t.Errorf("version line %q", got)
	}
}

func TestIXAlgorithmsOnly(t *testing.T) {
	r := ixsimtest.Start(t)
	for name, mod := range map[string]func(*ssh.ClientConfig){
		"curve25519 kex":    func(c *ssh.ClientConfig) { c.KeyExchanges = []string{ssh.KeyExchangeCurve25519} },
		"rsa-sha2 host key": func(c *ssh.ClientConfig) { c.HostKeyAlgorithms = []string{ssh.KeyAlgoRSASHA256} },
		"gcm cipher":        func(c *ssh.ClientConfig) { c.Ciphers = []string{ssh.CipherAES128GCM} },
	} {
		conf := clientConfig(r.User, ssh.Password(r.Password), r.HostKey)
		mod(conf)
		if c, err := ssh.Dial("tcp", r.Addr, conf); err == nil {
			c.Close()
			t.Errorf("%s: accepted", name)
		}
	}
	conf := clientConfig(r.User, ssh.Password(r.Password), r.HostKey)
	conf.HostKeyAlgorithms = []string{ssh.KeyAlgoRSA}
	conf.Ciphers = []string{ssh.CipherAES256CTR}
	conf.MACs = []string{ssh.HMACSHA256}
	c, err := ssh.Dial("tcp", r.Addr, conf)
	if err != nil {
		t.Fatalf("IX set refused: %v", err)
	}
	c.Close()
}

func TestBadPasswordRefused(t *testing.T) {
	r := ixsimtest.Start(t)
	_, err := ssh.Dial("tcp", r.Addr, clientConfig(r.User, ssh.Password("wrong"), r.HostKey))
	var authErr interface{ Error() string }
	if err == nil || !errors.As(err, &authErr) || !strings.Contains(err.Error(), "unable to authenticate") {
		t.Errorf("dial: %v", err)
	}
}

func TestModernAlgorithmsOption(t *testing.T) {
	r := ixsimtest.Start(t, ixsim.WithModernAlgorithms())
	conf := clientConfig(r.User, ssh.Password(r.Password), r.HostKey)
	conf.KeyExchanges = []string{ssh.KeyExchangeCurve25519}
	conf.HostKeyAlgorithms = []string{ssh.KeyAlgoRSASHA256}
	c, err := ssh.Dial("tcp", r.Addr, conf)
	if err != nil {
		t.Fatalf("modern algorithms refused: %v", err)
	}
	c.Close()
}

// The logger sees logins, never the lines typed (they carry keys).
func TestLoggerCarriesNoSecrets(t *testing.T) {
	logged := &syncBuffer{wake: make(chan struct{}, 1)}
	log := logrus.New()
	log.SetOutput(logged)
	log.SetLevel(logrus.DebugLevel)
	r := ixsimtest.Start(t, ixsim.WithLogger(log))
	tm := dial(t, r)
	tm.cmd("configure")
	tm.cmd("ike proposal p encryption aes hash sha group 1024-bit")
	tm.cmd("ike policy x peer 1.2.3.4 key S3cretPSK p")
	tm.send("exit\rexit\r")
	tm.closed()
	r.Sim.ServeStdio(t.Context(), "admin", strings.NewReader("exit\r"), io.Discard)
	if strings.Contains(logged.String(), "S3cretPSK") || strings.Contains(logged.String(), r.Password) {
		t.Errorf("secret in log:\n%s", logged.String())
	}
	if !strings.Contains(logged.String(), "login") {
		t.Errorf("no login logged:\n%s", logged.String())
	}
}

// TestScenarioFaults: a scenario's faults section acts like the options, and
// an explicit option wins over it.
func TestScenarioFaults(t *testing.T) {
	sc, err := scenario.Builtin("seed")
	if err != nil {
		t.Fatal(err)
	}
	sc.Faults = scenario.Faults{DropAfter: 2, ConfigHeld: true}
	r := ixsimtest.Start(t, ixsim.WithScenario(sc))
	tm := dial(t, r)
	if out, prompt := tm.cmd("configure"); !strings.Contains(out, "CONFIG process is occupied") || prompt != "R10# " {
		t.Errorf("configure with faults.config_held: %q then %q", out, prompt)
	}
	tm.send("show ip route\r")
	tm.closed()

	sc2, err := scenario.Builtin("seed")
	if err != nil {
		t.Fatal(err)
	}
	sc2.Faults = scenario.Faults{DropAfter: 1}
	r2 := ixsimtest.Start(t, ixsim.WithScenario(sc2), ixsim.WithDropAfter(0))
	tm2 := dial(t, r2)
	runSteps(t, tm2, []step{{"configure", configBanner, "R10(config)# "}, {"hostname R3", "", "R3(config)# "}})
}

// §9: password authentication only. A client offering a key first must not
// be asked for it (the server does not list publickey); key logins exist
// only for accounts given authorized_keys (a scenario or WithUser choice).
func TestR9_PasswordAuthenticationOnly(t *testing.T) {
	r := ixsimtest.Start(t)
	asked := false
	keys := ssh.PublicKeysCallback(func() ([]ssh.Signer, error) {
		asked = true
		return []ssh.Signer{ixsimtest.HostKey(t)}, nil
	})
	conf := clientConfig(r.User, keys, r.HostKey)
	conf.Auth = append(conf.Auth, ssh.Password(r.Password))
	c, err := ssh.Dial("tcp", r.Addr, conf)
	if err != nil {
		t.Fatalf("password login after a key offer: %v", err)
	}
	c.Close()
	if asked {
		t.Error("the server listed publickey although no account has authorized_keys")
	}
}

// A stalled router keeps the connection open and answers nothing: not the
// stalling command's output, not a prompt, and it executes nothing typed
// after it; the next session, once the stalled one is gone, finds config
// mode free.
func TestStallAfterCommands(t *testing.T) {
	r := ixsimtest.Start(t, ixsim.WithStallAfter(2))
	tm := dial(t, r)
	tm.cmd("configure")
	tm.send("hostname R2\r")
	tm.expect(regexp.MustCompile(`hostname R2\r\n`))
	tm.send("hostname R3\r")
	time.Sleep(300 * time.Millisecond)
	if rest := tm.out.String()[tm.mark:]; rest != "" {
		t.Errorf("a stalled router printed %q", rest)
	}
	select {
	case err := <-tm.waitErr:
		t.Fatalf("the stalled session ended: %v", err)
	default:
	}
	tm.client.Close()
	if cfg := r.Sim.RunningConfig(); !strings.Contains(cfg, "hostname R2\n") || strings.Contains(cfg, "hostname R3") {
		t.Errorf("running-config after the stall:\n%s", cfg)
	}
	deadline := time.Now().Add(5 * time.Second)
	for {
		tm2 := dial(t, r)
		if out, _ := tm2.cmd("configure"); !strings.Contains(out, "occupied") {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("config mode still held after the stalled client left")
		}
		time.Sleep(50 * time.Millisecond)
	}
}

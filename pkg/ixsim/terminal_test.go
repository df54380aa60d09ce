package ixsim_test

import (
	"context"
	"regexp"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/ixpush/ixpush/pkg/ixsim"
	"github.com/ixpush/ixpush/pkg/ixsim/ixsimtest"
)

// The §2 capture, typed at a router named ix01: the echo breaks after 70
// characters and continues under the column after the prompt — the old
// width-10 rule, WithInputWidthWrap.
func TestC2_EchoWrapsLikeTheCapture(t *testing.T) {
	r := ixsimtest.Start(t, ixsim.WithInputWidthWrap())
	tm := dial(t, r)
	tm.cmd("configure")
	tm.cmd("hostname ix01")
	tm.send("ike proposal ike-proposal encryption aes-256 hash sha2-512 group 2048-bit lifetime 28800\r")
	got := tm.expect(promptRE)
	want := "ike proposal ike-proposal encryption aes-256 hash sha2-512 group 2048-\r\n" +
		"              bit lifetime 28800\r\n" +
		"ix01(config)# "
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

// The default edge rule, as 7 of CONBU's 10 wrapped rows: a 29-column
// `(config-watch-cloud-10)#` prompt (after a 5-character host name) holds
// 50 input characters, the row ending at column 79.
func TestC2_EdgeWrapIsTheDefault(t *testing.T) {
	r := ixsimtest.Start(t)
	tm := dial(t, r)
	tm.cmd("configure")
	tm.cmd("hostname ix01")
	line := "ike proposal ike-proposal encryption aes-256 hash sha2-512 group 2048-bit lifetime 28800"
	tm.send(line + "\r")
	got := tm.expect(promptRE)
	// "ix01(config)# " is 14 columns: 65 characters fit before column 80.
	want := line[:65] + "\r\n" + strings.Repeat(" ", 14) + line[65:] + "\r\nix01(config)# "
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	for _, row := range strings.Split(strings.TrimSuffix(got, "\r\nix01(config)# "), "\r\n") {
		if len("ix01(config)# ")+len(strings.TrimLeft(row, " ")) > 79 {
			t.Errorf("row %q passes column 79", row)
		}
	}
}

// WithWidthRefused: `terminal width` is an error and echo keeps 80 columns.
func TestWidthRefused(t *testing.T) {
	r := ixsimtest.Start(t, ixsim.WithWidthRefused())
	tm := dial(t, r)
	tm.cmd("configure")
	if out, _ := tm.cmd("terminal width 512"); out != "% 512 -- Invalid command.\r\n" {
		t.Errorf("terminal width 512: %q", out)
	}
	tm.send("ike proposal ike-proposal encryption aes-256 hash sha2-512 group 2048-bit lifetime 28800\r")
	if got := tm.expect(promptRE); !strings.Contains(got, "\r\n             ") {
		t.Errorf("echo not wrapped at 80 columns: %q", got)
	}
}

func TestC2_TerminalWidthWidensEcho(t *testing.T) {
	r := ixsimtest.Start(t)
	tm := dial(t, r)
	tm.cmd("configure")
	tm.cmd("terminal width 512")
	line := "ike proposal ike-proposal encryption aes-256 hash sha2-512 group 2048-bit lifetime 28800"
	tm.send(line + "\r")
	if got := tm.expect(promptRE); got != line+"\r\nR10(config)# " {
		t.Errorf("got %q", got)
	}
}

// WithEdgeWrap follows CONBU-M's console capture (80 columns): after
// `Router(config)# ` (16) the echo breaks after 63 characters, leaving the
// last column free, and continues under the column after the prompt.
func TestC2_EdgeWrapOptionAsConsoleCapture(t *testing.T) {
	r := ixsimtest.Start(t, ixsim.WithEdgeWrap())
	tm := dial(t, r)
	tm.cmd("configure")
	tm.cmd("hostname Router")
	tm.send("software-update tftp://192.168.101.66/ix2105-boot-15.3-gate-ms-9.6.12.a.rap\r")
	want := "software-update tftp://192.168.101.66/ix2105-boot-15.3-gate-ms-\r\n" +
		"                9.6.12.a.rap\r\n"
	if got := tm.expect(regexp.MustCompile(`rap\r\n`)); got != want {
		t.Errorf("(-want +got):\n%s", cmp.Diff(want, got))
	}
	// CONBU's console samples at ix01(config)# (14) break after 65.
	tm.expect(promptRE)
	tm.cmd("hostname ix01")
	for _, c := range []struct{ line, want string }{
		{"ip access-list user_acl permit ip src 10.11.0.0/20 dest 10.200.100.0/24",
			"ip access-list user_acl permit ip src 10.11.0.0/20 dest 10.200.10\r\n              0.0/24\r\n"},
		{"ike policy ike-policy peer 192.0.2.1 key pki-mekabu mode aggressive ike-proposal",
			"ike policy ike-policy peer 192.0.2.1 key pki-mekabu mode aggressi\r\n              ve ike-proposal\r\n"},
	} {
		tm.send(c.line + "\r")
		got := tm.expect(regexp.MustCompile(regexp.QuoteMeta(c.line[len(c.line)-4:]) + `\r\n`))
		if got != c.want {
			t.Errorf("(-want +got):\n%s", cmp.Diff(c.want, got))
		}
		tm.expect(promptRE)
	}
}

func TestEdgeWrapOption(t *testing.T) {
	r := ixsimtest.Start(t, ixsim.WithEdgeWrap())
	tm := dial(t, r)
	tm.cmd("configure")
	tm.send(strings.Repeat("x", 70) + "\r")
	// 80 - len("R10(config)# ") - 1 = 66 characters on the first row.
	want := strings.Repeat("x", 66) + "\r\n" + strings.Repeat(" ", 13) + "xxxx\r\n% " + strings.Repeat("x", 70) + " -- Invalid command.\r\nR10(config)# "
	if got := tm.expect(promptRE); got != want {
		t.Errorf("(-want +got):\n%s", cmp.Diff(want, got))
	}
}

var moreRE = regexp.MustCompile(`--More--$`)

// configured types the seed's final configuration so that
// show running-config is longer than a page.
func configured(t *testing.T, r *ixsimtest.Router) *term {
	t.Helper()
	tm := dial(t, r)
	tm.cmd("configure")
	for _, l := range readSeedFinal(t) {
		tm.cmd(l)
	}
	tm.cmd("configure")
	return tm
}

func TestC2_PagerSpaceShowsNextPage(t *testing.T) {
	r := ixsimtest.Start(t)
	tm := configured(t, r)
	tm.send("show running-config\r")
	page1 := tm.expect(moreRE)
	if n := strings.Count(page1, "\r\n"); n != 24 { // echo + 23 lines
		t.Errorf("first page has %d lines:\n%s", n-1, page1)
	}
	text := strings.TrimSuffix(page1, "--More--")
	moreOrPrompt := regexp.MustCompile(`(--More--|` + promptRE.String() + `)`)
	for pages := 1; ; pages++ {
		tm.send(" ")
		next := tm.expect(moreOrPrompt)
		if !strings.HasPrefix(next, "\r        \r") {
			t.Fatalf("--More-- not erased: %q", next)
		}
		next = strings.TrimPrefix(next, "\r        \r")
		if !strings.HasSuffix(next, "--More--") {
			text += next
			break
		}
		if n := strings.Count(next, "\r\n"); n != 23 {
			t.Errorf("page %d has %d lines", pages+1, n)
		}
		text += strings.TrimSuffix(next, "--More--")
	}
	all := lines(text)
	want := strings.Split(strings.TrimSuffix(r.Sim.RunningConfig(), "\n"), "\n")
	// Drop the echo line and the prompt.
	if diff := cmp.Diff(want, all[1:len(all)-1]); diff != "" {
		t.Errorf("paged output (-running-config +paged):\n%s", diff)
	}
	if last := all[len(all)-1]; last != "R10(config)# " {
		t.Errorf("prompt %q", last)
	}
}

func TestC2_PagerQAborts(t *testing.T) {
	r := ixsimtest.Start(t)
	tm := configured(t, r)
	tm.send("show running-config\r")
	tm.expect(moreRE)
	tm.send("q")
	if got := tm.expect(promptRE); got != "\r        \rR10(config)# " {
		t.Errorf("after q: %q", got)
	}
}

func TestPagerEnterShowsOneLine(t *testing.T) {
	r := ixsimtest.Start(t)
	tm := configured(t, r)
	tm.send("show running-config\r")
	tm.expect(moreRE)
	tm.send("\r")
	got := tm.expect(moreRE)
	if n := strings.Count(got, "\r\n"); n != 1 {
		t.Errorf("enter showed %d lines: %q", n, got)
	}
	tm.send("q")
	tm.expect(promptRE)
}

func TestC2_TerminalLengthZeroDisablesPager(t *testing.T) {
	r := ixsimtest.Start(t)
	tm := configured(t, r)
	tm.cmd("terminal length 0")
	out, _ := tm.cmd("show running-config")
	if strings.Contains(out, "--More--") {
		t.Errorf("paged after terminal length 0")
	}
}

func TestForcedPagerFault(t *testing.T) {
	r := ixsimtest.Start(t, ixsim.WithForcedPager())
	tm := configured(t, r)
	tm.cmd("terminal length 0")
	tm.send("show running-config\r")
	tm.expect(moreRE)
	tm.send("q")
	tm.expect(promptRE)
}

func TestLineEndings(t *testing.T) {
	for name, eol := range map[string]string{"CR": "\r", "LF": "\n", "CRLF": "\r\n"} {
		t.Run(name, func(t *testing.T) {
			r := ixsimtest.Start(t)
			tm := dial(t, r)
			tm.send("configure" + eol + "hostname R2" + eol + "exit" + eol)
			want := "configure\r\n" + configBanner + "R10(config)# hostname R2\r\nR2(config)# exit\r\nR2# "
			if got := tm.expect(regexp.MustCompile(`R2# $`)); got != want {
				t.Errorf("(-want +got):\n%s", cmp.Diff(want, got))
			}
			// No empty command from the LF of a CRLF: nothing follows.
			tm.send("show version\r")
			if got := tm.expect(regexp.MustCompile(`show version\r\n`)); got != "show version\r\n" {
				t.Errorf("extra output before the next command: %q", got)
			}
		})
	}
}

func TestC4_ConfigModeIsExclusive(t *testing.T) {
	r := ixsimtest.Start(t)
	a, b := dial(t, r), dial(t, r)
	runSteps(t, a, []step{{"configure", configBanner, "R10(config)# "}})
	runSteps(t, b, []step{{"configure", occupiedOut, "R10# "}})
	runSteps(t, a, []step{{"exit", "", "R10# "}})
	runSteps(t, b, []step{{"configure", configBanner, "R10(config)# "}})
}

func TestC4_SvintrConfigPreemptsSilently(t *testing.T) {
	r := ixsimtest.Start(t)
	a, b := dial(t, r), dial(t, r)
	runSteps(t, a, []step{{"configure", configBanner, "R10(config)# "}})
	runSteps(t, b, []step{{"svintr-config", configBanner, "R10(config)# "}})
	// A finds itself in operation mode at its next command.
	runSteps(t, a, []step{
		{"hostname X", "% hostname -- Invalid command.\r\n", "R10# "},
		{"configure", occupiedOut, "R10# "},
	})
}

func TestC4_LockFreedOnDisconnect(t *testing.T) {
	r := ixsimtest.Start(t)
	a := dial(t, r)
	runSteps(t, a, []step{{"configure", configBanner, "R10(config)# "}})
	a.client.Close()
	b := dial(t, r)
	for i := 0; ; i++ {
		out, prompt := b.cmd("configure")
		if prompt == "R10(config)# " {
			break
		}
		if i == 100 {
			t.Fatalf("lock not freed: %q", out)
		}
	}
}

func TestHoldConfig(t *testing.T) {
	r := ixsimtest.Start(t)
	release := r.Sim.HoldConfig(context.Background())
	tm := dial(t, r)
	runSteps(t, tm, []step{{"configure", occupiedOut, "R10# "}})
	release()
	runSteps(t, tm, []step{{"configure", configBanner, "R10(config)# "}})
}

func TestOccupiedTextOption(t *testing.T) {
	r := ixsimtest.Start(t, ixsim.WithConfigHeld(), ixsim.WithOccupiedText("CONFIG process is occupied by another session."))
	runSteps(t, dial(t, r), []step{{"configure", "CONFIG process is occupied by another session.\r\n" + hintOut, "R10# "}})
}

// The svintr-config hint follows the occupied text unless
// WithoutOccupiedHint (ix-cli.md §11: IX2015 automation scripts).
func TestOccupiedHintOption(t *testing.T) {
	r := ixsimtest.Start(t, ixsim.WithConfigHeld(), ixsim.WithoutOccupiedHint())
	runSteps(t, dial(t, r), []step{{"configure", "% CONFIG process is occupied.\r\n", "R10# "}})
}

const (
	hintOut     = "% You may use 'svintr-config' command with administrator privilege.\r\n"
	occupiedOut = "% CONFIG process is occupied.\r\n" + hintOut
)

func TestNonAdminPrompt(t *testing.T) {
	r := ixsimtest.Start(t)
	tm := dialAs(t, r, "operator", "ixpush-operator")
	if got := tm.expect(promptRE); !strings.HasSuffix(got, "\r\nR10% ") {
		t.Errorf("banner and prompt: %q", got)
	}
	runSteps(t, tm, []step{
		{"svintr-config", "?Invalid command\r\n", "R10% "},
		{"configure", configBanner, "R10(config)% "},
		{"write memory", "?Invalid command\r\n", "R10(config)% "},
	})
}

func TestPromptStyleOption(t *testing.T) {
	r := ixsimtest.Start(t, ixsim.WithPromptStyle("config-router", "config-router-af"))
	runSteps(t, dial(t, r), []step{
		{"configure", configBanner, "R10(config)# "},
		{"router bgp 65000", "", "R10(config-router)# "},
		{"address-family ipv4 unicast", "", "R10(config-router-af)# "},
	})
}

// §4: svintr-config drops the holder to `host#`; an empty line or a comment
// (what a client types to see where it is) shows the operation prompt too.
func TestR4_SvintrConfigDropsHolderEvenOnAnEmptyLine(t *testing.T) {
	for _, line := range []string{"", "! where am I"} {
		r := ixsimtest.Start(t)
		a, b := dial(t, r), dial(t, r)
		runSteps(t, a, []step{{"configure", configBanner, "R10(config)# "}})
		runSteps(t, b, []step{{"svintr-config", configBanner, "R10(config)# "}})
		runSteps(t, a, []step{{line, "", "R10# "}})
	}
}

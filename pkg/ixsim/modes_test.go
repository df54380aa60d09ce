package ixsim_test

import (
	"regexp"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/ixpush/ixpush/pkg/ixsim/ixsimtest"
)

// Tests named TestC_* cover the confirmed [C] rows of ix-cli.md §1–§6, over
// a real SSH connection with a pty and a shell.

const configBanner = "Enter configuration commands, one per line. End with CNTL/Z.\r\n"

func TestC1_LoginBannerThenOperationPrompt(t *testing.T) {
	r := ixsimtest.Start(t)
	tm := dialAs(t, r, r.User, r.Password)
	got := tm.expect(promptRE)
	want := "NEC Portable Internetwork Core Operating System Software\r\n" +
		"Copyright Notices:\r\n" +
		"Copyright (c) NEC Corporation 2001-2022. All rights reserved.\r\n" +
		"Copyright (c) 1985-1998 OpenROUTE Networks, Inc.\r\n" +
		"Copyright (c) 1984-1987, 1989 J. Noel Chiappa.\r\n" +
		"R10# "
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

func TestC1_ConfigEntryCommands(t *testing.T) {
	for _, entry := range []string{"configure", "config", "conf t", "configure terminal", "enable-config", "en", "svintr-config"} {
		t.Run(entry, func(t *testing.T) {
			r := ixsimtest.Start(t)
			tm := dial(t, r)
			out, prompt := tm.cmd(entry)
			if diff := cmp.Diff(configBanner+"|R10(config)# ", out+"|"+prompt); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

// steps types lines and compares each command's output and the prompt
// after it.
type step struct{ in, out, prompt string }

func runSteps(t *testing.T, tm *term, steps []step) {
	t.Helper()
	for _, s := range steps {
		out, prompt := tm.cmd(s.in)
		if diff := cmp.Diff(s.out+"|"+s.prompt, out+"|"+prompt); diff != "" {
			t.Errorf("%q: (-want +got):\n%s", s.in, diff)
		}
	}
}

func TestC1_ModePrompts(t *testing.T) {
	r := ixsimtest.Start(t)
	runSteps(t, dial(t, r), []step{
		{"configure", configBanner, "R10(config)# "},
		{"interface Tunnel0.0", "", "R10(config-Tunnel0.0)# "},
		{"router bgp 65000", "", "R10(config-bgp)# "},
		{"address-family ipv4 unicast", "", "R10(config-bgp-af)# "},
		{"exit", "", "R10(config-bgp)# "},
		{"exit", "", "R10(config)# "},
	})
}

func TestC1_ExitGoesUpOneLevelAndLogsOut(t *testing.T) {
	r := ixsimtest.Start(t)
	tm := dial(t, r)
	runSteps(t, tm, []step{
		{"configure", configBanner, "R10(config)# "},
		{"interface Tunnel0.0", "", "R10(config-Tunnel0.0)# "},
		{"exit", "", "R10(config)# "},
		{"exit", "", "R10# "},
	})
	tm.send("exit\r")
	// Closed without an exit status, as the IX does (§9).
	if err := tm.closed(); err == nil || !strings.Contains(err.Error(), "without exit status") {
		t.Errorf("Wait: %v, want exit status missing", err)
	}
}

func TestC1_ConfigureInSubModeJumpsToConfig(t *testing.T) {
	r := ixsimtest.Start(t)
	runSteps(t, dial(t, r), []step{
		{"configure", configBanner, "R10(config)# "},
		{"router bgp 65000", "", "R10(config-bgp)# "},
		{"address-family ipv4 unicast", "", "R10(config-bgp-af)# "},
		{"configure", "", "R10(config)# "},
	})
}

func TestC1_SubModeCommandSwitchesAndGlobalKeepsPrompt(t *testing.T) {
	r := ixsimtest.Start(t)
	runSteps(t, dial(t, r), []step{
		{"configure", configBanner, "R10(config)# "},
		{"interface Tunnel0.0", "", "R10(config-Tunnel0.0)# "},
		{"interface Tunnel1.0", "", "R10(config-Tunnel1.0)# "},
		{"ip access-list sec-list permit ip src any dest any", "", "R10(config-Tunnel1.0)# "},
		{"router bgp 65000", "", "R10(config-bgp)# "},
		{"interface Tunnel0.0", "", "R10(config-Tunnel0.0)# "},
	})
}

func TestC1_CommentsAndIndentationAccepted(t *testing.T) {
	r := ixsimtest.Start(t)
	runSteps(t, dial(t, r), []step{
		{"configure", configBanner, "R10(config)# "},
		{"! a comment", "", "R10(config)# "},
		{"interface Tunnel0.0", "", "R10(config-Tunnel0.0)# "},
		{"  tunnel mode ipsec", "", "R10(config-Tunnel0.0)# "},
		{"  ip address 169.254.123.134/30", "", "R10(config-Tunnel0.0)# "},
	})
	if !strings.Contains(r.Sim.RunningConfig(), "interface Tunnel0.0\n  tunnel mode ipsec\n  ip address 169.254.123.134/30\n") {
		t.Errorf("running-config:\n%s", r.Sim.RunningConfig())
	}
}

func TestCtrlZLeavesConfig(t *testing.T) {
	r := ixsimtest.Start(t)
	tm := dial(t, r)
	runSteps(t, tm, []step{
		{"configure", configBanner, "R10(config)# "},
		{"interface Tunnel0.0", "", "R10(config-Tunnel0.0)# "},
	})
	tm.send("\x1a")
	if got := tm.expect(promptRE); got != "\r\nR10# " {
		t.Errorf("after Ctrl-Z: %q", got)
	}
}

func TestQuestionMarkRedisplaysLine(t *testing.T) {
	r := ixsimtest.Start(t)
	tm := dial(t, r)
	tm.send("show ver?")
	if got := tm.expect(regexp.MustCompile(`show ver\r\nR10# show ver$`)); got != "show ver\r\nR10# show ver" {
		t.Errorf("got %q", got)
	}
}

func TestC3_UnknownCommand(t *testing.T) {
	r := ixsimtest.Start(t)
	runSteps(t, dial(t, r), []step{
		{"configure", configBanner, "R10(config)# "},
		{"sow ip route", "% sow -- Invalid command.\r\n", "R10(config)# "},
	})
}

func TestC3_SuccessPrintsNothing(t *testing.T) {
	r := ixsimtest.Start(t)
	runSteps(t, dial(t, r), []step{
		{"configure", configBanner, "R10(config)# "},
		{"ike proposal ike-prop encryption aes hash sha group 1024-bit", "", "R10(config)# "},
		{"ip access-list sec-list permit ip src any dest any", "", "R10(config)# "},
	})
}

func TestErrorLines(t *testing.T) {
	r := ixsimtest.Start(t)
	runSteps(t, dial(t, r), []step{
		{"s", "% s -- Ambiguous command.\r\n", "R10# "},
		{"show", "% Expects a subcommand or item selection.\r\n", "R10# "},
		{"show ike sa", "% ike -- Invalid command.\r\n", "R10# "},
		{"show running-config", "% running-config -- Invalid command.\r\n", "R10# "},
		{"terminal length 0", "% terminal -- Invalid command.\r\n", "R10# "},
		{"write memory", "% write -- Invalid command.\r\n", "R10# "},
	})
}

func TestC3_WriteMemory(t *testing.T) {
	r := ixsimtest.Start(t)
	saving := "Building configuration...\r\n% Warning: do NOT enter CNTL/Z while saving to avoid config corruption.\r\n"
	runSteps(t, dial(t, r), []step{
		{"configure", configBanner, "R10(config)# "},
		{"hostname R11", "", "R11(config)# "},
		{"wr m", saving, "R11(config)# "},
		{"hostname R12", "", "R12(config)# "},
		{"copy running-config startup-config", "Copying from \"running-config\" to \"startup-config\"\r\n" + saving, "R12(config)# "},
	})
	if !strings.Contains(r.Sim.StartupConfig(), "\nhostname R12\n") {
		t.Errorf("startup-config:\n%s", r.Sim.StartupConfig())
	}
}

func TestC3_ReloadQuestionAndNo(t *testing.T) {
	r := ixsimtest.Start(t)
	tm := dial(t, r)
	runSteps(t, tm, []step{
		{"configure", configBanner, "R10(config)# "},
		{"hostname R11", "", "R11(config)# "},
	})
	tm.send("reload\r")
	want := "reload\r\n% Warning: current running-configuration is not saved yet.\r\n" +
		"Notice: The router will be RELOADED. This is to ensure that\r\n" +
		"        the peripheral devices are properly initialized.\r\n" +
		"Are you sure you want to reload the router? (Yes or [No]): "
	if got := tm.expect(regexp.MustCompile(regexp.QuoteMeta("(Yes or [No]): "))); got != want {
		t.Errorf("reload: (-want +got):\n%s", cmp.Diff(want, got))
	}
	runSteps(t, tm, []step{{"No", "", "R11(config)# "}})
}

func TestC6_ReloadYesRestoresStartupAndDrops(t *testing.T) {
	r := ixsimtest.Start(t)
	tm := dial(t, r)
	runSteps(t, tm, []step{
		{"configure", configBanner, "R10(config)# "},
		{"hostname R11", "", "R11(config)# "},
	})
	tm.send("reload\r")
	tm.expect(regexp.MustCompile(regexp.QuoteMeta("(Yes or [No]): ")))
	tm.send("Yes\r")
	tm.closed()
	if strings.Contains(r.Sim.RunningConfig(), "R11") {
		t.Errorf("running-config after reload:\n%s", r.Sim.RunningConfig())
	}
	// The lock went with the session.
	tm2 := dial(t, r)
	runSteps(t, tm2, []step{{"configure", configBanner, "R10(config)# "}})
}

func TestC6_ReEntryOverwrites(t *testing.T) {
	r := ixsimtest.Start(t)
	runSteps(t, dial(t, r), []step{
		{"configure", configBanner, "R10(config)# "},
		{"ike proposal p encryption aes hash sha group 1024-bit", "", "R10(config)# "},
		{"ike proposal p encryption aes-256 hash sha2-256 group 2048-bit", "", "R10(config)# "},
	})
	rc := r.Sim.RunningConfig()
	if strings.Count(rc, "ike proposal p ") != 1 || !strings.Contains(rc, "ike proposal p encryption aes-256 hash sha2-256 group 2048-bit\n") {
		t.Errorf("running-config:\n%s", rc)
	}
}

func TestC6_NoFormsSeen(t *testing.T) {
	r := ixsimtest.Start(t)
	tm := dial(t, r)
	tm.cmd("configure")
	for _, l := range readSeedFinal(t) {
		if out, _ := tm.cmd(l); out != "" {
			t.Fatalf("%q: %q", l, out)
		}
	}
	runSteps(t, tm, []step{
		{"ipsec local-id ipsec-map1 192.168.2.0/24", "", "R10(config-bgp-af)# "},
		{"ipsec remote-id ipsec-map1 172.31.0.0/16", "", "R10(config-bgp-af)# "},
		{"no ipsec local-id ipsec-map1 192.168.2.0/24", "", "R10(config-bgp-af)# "},
		{"no ipsec remote-id ipsec-map1 172.31.0.0/16", "", "R10(config-bgp-af)# "},
		{"interface Tunnel0.0", "", "R10(config-Tunnel0.0)# "},
		{"shutdown", "", "R10(config-Tunnel0.0)# "},
		{"no shutdown", "", "R10(config-Tunnel0.0)# "},
		{"no ip address", "", "R10(config-Tunnel0.0)# "},
	})
	rc := r.Sim.RunningConfig()
	if strings.Contains(rc, "ipsec local-id") || strings.Contains(rc, "169.254.123.134") || !strings.Contains(rc, "interface Tunnel0.0\n  tunnel mode ipsec\n  ip tcp adjust-mss auto\n") {
		t.Errorf("running-config:\n%s", rc)
	}
}

func TestC5_ShowsInConfigMode(t *testing.T) {
	r := ixsimtest.Start(t)
	tm := dial(t, r)
	tm.cmd("configure")
	// The real-shape running-config is longer than a page.
	tm.cmd("terminal length 0")
	for _, c := range []struct{ cmd, first string }{
		{"show running-config", "! NEC Portable Internetwork Core Operating System Software"},
		{"show startup-config", "Using "},
		{"show ike sa", "ISAKMP SA - 0 configured, 0 created"},
		{"show ipsec sa", "IPsec SA - 0 configured, 0 created"},
		{"sh ip ro", "IP Routing Table - "},
		{"show version", "NEC Portable Internetwork Core Operating System Software"},
		{"terminal length 0", ""},
		{"show ip bgp summary", ""},
	} {
		out, prompt := tm.cmd(c.cmd)
		first, _, _ := strings.Cut(out, "\r\n")
		if !strings.HasPrefix(first, c.first) || prompt != "R10(config)# " || strings.HasPrefix(out, "%") {
			t.Errorf("%s: first line %q, prompt %q", c.cmd, first, prompt)
		}
	}
}

func TestC5_RouteAndInterfacesInOperationMode(t *testing.T) {
	r := ixsimtest.Start(t)
	tm := dial(t, r)
	// show version: CONBU-M's console capture runs it at `Router#`.
	for _, cmd := range []string{"show ip route", "show interfaces GigaEthernet0.0", "show version"} {
		out, prompt := tm.cmd(cmd)
		if strings.HasPrefix(out, "%") || out == "" || prompt != "R10# " {
			t.Errorf("%s: %q %q", cmd, out, prompt)
		}
	}
}

// §5 lists the shows that work in `#` (show ip route, show interfaces; show
// version too in CONBU-M); the others were captured at `(config)#` only, so
// `#` refuses them, quoting the word after show as §10.9 has it for show ike.
func TestC5_OtherShowsNeedConfigMode(t *testing.T) {
	r := ixsimtest.Start(t)
	runSteps(t, dial(t, r), []step{
		{"show ip bgp", "% bgp -- Invalid command.\r\n", "R10# "},
		{"show ipsec sa", "% ipsec -- Invalid command.\r\n", "R10# "},
	})
}

// §3 reload asks "(Yes or [No])"; CONBU-M answers "yes". Only the word yes
// (any case) reloads: a bare "y" is not a form any capture shows, so it is
// the default, No.
func TestC3_ReloadAnswerIsYesOrNo(t *testing.T) {
	r := ixsimtest.Start(t)
	tm := dial(t, r)
	runSteps(t, tm, []step{
		{"configure", configBanner, "R10(config)# "},
		{"hostname R11", "", "R11(config)# "},
	})
	tm.send("reload\r")
	tm.expect(regexp.MustCompile(regexp.QuoteMeta("(Yes or [No]): ")))
	runSteps(t, tm, []step{{"y", "", "R11(config)# "}})
	if !strings.Contains(r.Sim.RunningConfig(), "hostname R11") {
		t.Errorf("\"y\" reloaded the router")
	}
}

package ixcli

import (
	"fmt"
	"io"
	"strings"
	"sync"

	"github.com/ixpush/ixpush/pkg/session/sessiontest"
)

// fakeRouter is a small IX-like CLI for tests until (and besides) ixsim:
// modes, the config lock, pager, echo wrap at 80, the error strings of
// ix-cli.md §3. Written from the doc, not from ixcli's tables.
type fakeRouter struct {
	mu     sync.Mutex
	host   string
	holder *fakeSession // who holds configuration mode
	config []string
	admin  bool
	// stayGlobal accepts `interface X` without entering the sub-mode (a
	// silent refusal only the prompt shows).
	stayGlobal bool
	// noTerminal refuses the terminal commands (firmware without them).
	noTerminal bool
	mod        func(*sessiontest.CLI)
	sessions   int
}

type fakeSession struct {
	r   *fakeRouter
	tag string
	cli *sessiontest.CLI
}

func newFakeRouter() *fakeRouter { return &fakeRouter{host: "R10", admin: true} }

func (r *fakeRouter) handler(rw io.ReadWriter) {
	s := &fakeSession{r: r}
	s.cli = &sessiontest.CLI{
		Banner:    "NEC Portable Internetwork Core Operating System Software\nCopyright Notices:\nCopyright (c) NEC Corporation 2001-2022. All rights reserved.\n",
		Prompt:    s.prompt,
		Handle:    s.handle,
		Width:     80,
		PageLines: 24,
	}
	r.mu.Lock()
	r.sessions++
	mod := r.mod
	r.mu.Unlock()
	if mod != nil {
		mod(s.cli)
	}
	s.cli.Serve(rw)
	r.mu.Lock()
	if r.holder == s {
		r.holder = nil
	}
	r.mu.Unlock()
}

func (s *fakeSession) prompt() string {
	s.r.mu.Lock()
	defer s.r.mu.Unlock()
	term := "#"
	if !s.r.admin {
		term = "%"
	}
	if s.tag != "" && s.r.holder != s { // pre-empted by svintr-config
		s.tag = ""
	}
	if s.tag == "" {
		return s.r.host + term + " "
	}
	return s.r.host + "(" + s.tag + ")" + term + " "
}

func (s *fakeSession) handle(line string) (string, bool) {
	r := s.r
	r.mu.Lock()
	defer r.mu.Unlock()
	if s.tag != "" && r.holder != s {
		s.tag = ""
	}
	f := strings.Fields(line)
	if len(f) == 0 {
		return "", false
	}
	invalid := fmt.Sprintf("%% %s -- Invalid command.\n", f[0])
	if !r.admin && f[0] != "show" && f[0] != "exit" {
		return "?Invalid command\n", false
	}
	switch {
	case f[0] == "exit":
		switch {
		case s.tag == "":
			return "", true
		case s.tag == "config":
			s.tag = ""
			r.holder = nil
		case s.tag == "config-bgp-af":
			s.tag = "config-bgp"
		default:
			s.tag = "config"
		}
		return "", false
	case s.tag == "" && (line == "configure" || line == "svintr-config"):
		if r.holder != nil && r.holder != s && line == "configure" {
			return "% CONFIG process is occupied.\n% You may use `svintr-config' command with administrator privilege.\n", false
		}
		r.holder, s.tag = s, "config"
		return "Enter configuration commands, one per line. End with CNTL/Z.\n", false
	case s.tag == "":
		if f[0] == "show" && len(f) > 1 && f[1] == "version" {
			return "IX Series IX2015 (magellan-sec) Software, Version 10.2.16, RELEASE SOFTWARE\n", false
		}
		return invalid, false
	case line == "configure":
		s.tag = "config"
		return "", false
	case f[0] == "terminal" && r.noTerminal:
		return invalid, false
	case f[0] == "terminal" && len(f) == 3 && f[1] == "length":
		var n int
		fmt.Sscan(f[2], &n)
		s.cli.PageLines = n
		return "", false
	case f[0] == "terminal" && len(f) == 3 && f[1] == "width":
		var n int
		fmt.Sscan(f[2], &n)
		s.cli.Width = n
		return "", false
	case f[0] == "show" && len(f) > 1 && strings.HasPrefix("running-config", f[1]):
		var b strings.Builder
		b.WriteString("! NEC Portable Internetwork Core Operating System Software\n!\nhostname " + r.host + "\n!\n")
		for _, l := range r.config {
			b.WriteString(l + "\n")
		}
		return b.String(), false
	case f[0] == "show":
		return "IP Routing Table - 0 entries, 0 hidden, 2048 frees\n", false
	case f[0] == "write":
		return "Building configuration...\n% Warning: do NOT enter CNTL/Z while saving to avoid config corruption.\n", false
	case f[0] == "interface" && len(f) == 2:
		if !r.stayGlobal {
			s.tag = "config-" + f[1]
		}
	case f[0] == "router" && len(f) == 3 && f[1] == "bgp":
		s.tag = "config-bgp"
	case f[0] == "address-family" && strings.HasPrefix(s.tag, "config-bgp"):
		s.tag = "config-bgp-af"
	case f[0] == "neighbor" && strings.HasPrefix(s.tag, "config-bgp"),
		f[0] == "network" && s.tag == "config-bgp-af",
		(f[0] == "tunnel" || f[0] == "ipsec" && len(f) > 1 && f[1] == "policy" || f[0] == "no" || f[0] == "ip" || f[0] == "description") && strings.HasPrefix(s.tag, "config-") && !strings.HasPrefix(s.tag, "config-bgp"):
	case f[0] == "ike" || f[0] == "ipsec" || f[0] == "ip" || f[0] == "no" || f[0] == "hostname" || f[0] == "username":
		if len(f) < 2 {
			return "% Expects a subcommand or item selection.\n", false
		}
		if f[0] == "hostname" {
			r.host = f[1]
		}
		if f[0] == "username" {
			r.config = append(r.config, line)
			return fmt.Sprintf("%% User '%s' has been added.\n", f[1]), false
		}
	default:
		return invalid, false
	}
	r.config = append(r.config, line)
	return "", false
}

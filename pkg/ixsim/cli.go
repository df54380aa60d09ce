package ixsim

import (
	"errors"
	"fmt"
	"io"
	"strings"
)

type mode int

const (
	modeExec mode = iota
	modeConfig
	modeTunnel
	modeGiga
	modeBGP
	modeBGPAF
	modeDevice // device GigaEthernetN (device.go)
)

// cli is one login session's command interpreter.
type cli struct {
	sim   *Sim
	user  string
	admin bool
	term  *terminal // nil while booting from startup-config

	mode   mode
	ifname string // interface (modeTunnel/modeGiga) or device (modeDevice) being configured

	out     []string // output of the command being executed
	isShow  bool     // the command's output is a show (drop point "show")
	done    bool     // the session ends after this command (exit, reload)
	dropped bool     // the transport was cut by a fault
	kill    func()   // cuts the transport
}

// errDropped ends a session whose connection a fault cut.
var errDropped = errors.New("ixsim: connection dropped by fault")

func (c *cli) println(format string, a ...any) {
	c.out = append(c.out, fmt.Sprintf(format, a...))
}

func (c *cli) printLines(text string) {
	text = strings.TrimRight(text, "\n")
	if text == "" {
		return
	}
	c.out = append(c.out, strings.Split(text, "\n")...)
}

// prompt is the mode prompt; non-admin users get `%` for `#` (ix-cli.md §1).
func (c *cli) prompt() string {
	mark := "#"
	if !c.admin {
		mark = "%"
	}
	host := c.sim.hostname()
	switch c.mode {
	case modeConfig:
		return host + "(config)" + mark + " "
	case modeTunnel, modeGiga, modeDevice:
		return host + "(config-" + c.ifname + ")" + mark + " "
	case modeBGP:
		return host + "(" + c.sim.o.bgpPrompt + ")" + mark + " "
	case modeBGPAF:
		return host + "(" + c.sim.o.afPrompt + ")" + mark + " "
	}
	return host + mark + " "
}

func (c *cli) inConfig() bool { return c.mode != modeExec }

// leaveConfig drops to operation mode and frees the config lock.
func (c *cli) leaveConfig() {
	if c.inConfig() {
		c.sim.releaseConfig(c)
	}
	c.mode = modeExec
	c.ifname = ""
}

// execute runs one input line.
func (c *cli) execute(line string) {
	c.out = c.out[:0]
	c.isShow = false
	// A session pre-empted by svintr-config finds itself in operation mode
	// at its next line, without a message (ix-cli.md §4, §10.2); an empty
	// line shows it too.
	if c.inConfig() && c.term != nil && !c.sim.holdsConfig(c) {
		c.mode = modeExec
		c.ifname = ""
	}
	trimmed := strings.TrimSpace(line)
	if trimmed == "" || strings.HasPrefix(trimmed, "!") {
		return
	}
	h, a, err := c.sim.g.trie(c.mode).match(strings.Fields(trimmed))
	if err != nil {
		c.println("%s", err.line)
		return
	}
	h(c, a)
	c.printNotices(trimmed)
}

// serve runs the interactive loop until logout, end of input or a fault.
func (c *cli) serve() error {
	t := c.term
	o := &c.sim.o
	if o.garbage != "" {
		t.print(o.garbage)
	}
	for _, l := range c.sim.banner() {
		t.print(l + "\r\n")
	}
	if c.sim.o.dropAt == DropAfterBanner {
		return c.drop()
	}
	for {
		line, err := t.readLine(c.prompt())
		switch {
		case errors.Is(err, errCtrlZ):
			c.leaveConfig()
			continue
		case errors.Is(err, errCtrlC):
			continue
		case err != nil:
			if errors.Is(err, io.EOF) {
				return t.flush()
			}
			return err
		}
		n := c.sim.record(line)
		c.execute(line)
		if c.dropped {
			return errDropped
		}
		if n > 0 && (n == c.sim.o.stallAfter || c.sim.takeStall(line)) {
			return t.stall()
		}
		var onLine func(int) bool
		dropHere := false
		if c.isShow && c.sim.o.dropAt == DropMidShow {
			half := len(c.out) / 2
			onLine = func(i int) bool { return i < half }
			dropHere = true
		}
		if err := t.writeLines(c.out, onLine); err != nil {
			return err
		}
		if c.dropAfterCommand(n, line) || dropHere {
			return c.drop()
		}
		if c.done {
			return t.flush()
		}
	}
}

func (c *cli) drop() error {
	c.term.flush()
	c.dropped = true
	if c.kill != nil {
		c.kill()
	}
	return errDropped
}

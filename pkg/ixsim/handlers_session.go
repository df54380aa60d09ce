package ixsim

import (
	"strconv"
	"strings"
)

// Commands that change the session rather than the configuration: modes,
// terminal settings, save, reload and the shows.

const configBanner = "Enter configuration commands, one per line. End with CNTL/Z."

// forbiddenForUser is what a non-admin user gets for administrator commands
// (ix-cli.md §3 [R DLO]).
const forbiddenForUser = "?Invalid command"

func cmdLogout(c *cli, _ args) { c.done = true }

func cmdConfigure(c *cli, _ args) {
	if c.inConfig() {
		// `configure` in a sub-mode jumps back to global config (§1).
		c.mode = modeConfig
		c.ifname = ""
		return
	}
	if c.term != nil && !c.sim.acquireConfig(c, false) {
		for _, l := range c.sim.o.occupied {
			c.println("%s", l)
		}
		if !c.sim.o.noOccupiedHint {
			c.println("%s", occupiedHint)
		}
		return
	}
	if c.term != nil && c.sim.o.dropAt == DropOnConfigure {
		c.drop()
		return
	}
	c.println(configBanner)
	c.mode = modeConfig
}

// cmdSvintr takes config mode even when another session holds it; the
// holder drops to operation mode silently (§4).
func cmdSvintr(c *cli, a args) {
	if !c.admin {
		c.println(forbiddenForUser)
		return
	}
	if c.inConfig() {
		c.mode = modeConfig
		c.ifname = ""
		return
	}
	if c.term != nil {
		c.sim.acquireConfig(c, true)
	}
	c.println(configBanner)
	c.mode = modeConfig
}

func cmdExit(c *cli, _ args) {
	switch c.mode {
	case modeTunnel, modeGiga, modeBGP, modeDevice:
		c.mode = modeConfig
		c.ifname = ""
	case modeBGPAF:
		c.mode = modeBGP
	default:
		c.leaveConfig()
	}
}

func cmdTerminalLength(c *cli, a args) {
	if c.term != nil {
		c.term.length, _ = strconv.Atoi(a["n"])
	}
}

func cmdTerminalWidth(c *cli, a args) {
	if c.sim.o.widthRefused {
		c.println("%% %s -- Invalid command.", a["n"])
		return
	}
	if c.term != nil {
		c.term.width, _ = strconv.Atoi(a["n"])
	}
}

// cmdWrite saves running-config to startup-config, printing what §3 shows.
func cmdWrite(copyForm bool) handler {
	return func(c *cli, _ args) {
		if !c.admin {
			c.println(forbiddenForUser)
			return
		}
		if c.sim.o.dropAt == DropOnWrite {
			c.println("Building configuration...")
			if c.term != nil {
				c.term.writeLines(c.out, nil)
				c.out = c.out[:0]
				c.drop()
			}
			return
		}
		if copyForm {
			c.println(`Copying from "running-config" to "startup-config"`)
		}
		c.println("Building configuration...")
		c.println("%% Warning: do NOT enter CNTL/Z while saving to avoid config corruption.")
		c.sim.save()
	}
}

var reloadNotice = []string{
	"Notice: The router will be RELOADED. This is to ensure that",
	"        the peripheral devices are properly initialized.",
}

const reloadQuestion = "Are you sure you want to reload the router? (Yes or [No]): "

// cmdReload asks the §3 question; Yes restores startup-config and drops every
// session, as a reboot would.
func cmdReload(c *cli, _ args) {
	if !c.admin {
		c.println(forbiddenForUser)
		return
	}
	if c.term == nil {
		return
	}
	if c.sim.unsaved() {
		c.println("%% Warning: current running-configuration is not saved yet.")
	}
	c.out = append(c.out, reloadNotice...)
	if err := c.term.writeLines(c.out, nil); err != nil {
		c.done = true
		return
	}
	c.out = c.out[:0]
	answer, err := c.term.readLine(reloadQuestion)
	if err != nil {
		c.done = true
		return
	}
	c.sim.record(answer)
	// The question offers Yes or No; CONBU-M answers "yes". A bare "y" is
	// in no capture, so it counts as the default, No.
	switch strings.ToLower(strings.TrimSpace(answer)) {
	case "yes":
		c.term.flush()
		c.sim.reload()
		c.dropped = true
	}
}

func cmdShowRunning(c *cli, _ args) {
	c.isShow = true
	c.printLines(c.sim.RunningConfig())
}

func cmdShowStartup(c *cli, _ args) {
	c.isShow = true
	c.printLines(c.sim.StartupConfig())
}

// cmdShowPeer renders a state show through the AWS peer model.
func cmdShowPeer(command string) handler {
	return func(c *cli, _ args) {
		c.isShow = true
		c.printLines(c.sim.renderPeer(command))
	}
}

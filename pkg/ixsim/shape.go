package ixsim

import "strings"

// The shape of a real dump (startup-ix2215-preamble.txt [R CT]; ix-cli.md
// §8.7, §11): the IX closes a fixed list of section slots with `!`, whether
// or not a slot holds anything, which is where the runs of `!` come from.
// With the capture's content (no hostname, timezone, one user, one ACL,
// ssh-server) the slots below print exactly the capture's runs; what the
// other slots hold is a guess [G] from §8.7's section order.

// WithMinimalConfig prints running-config in the simulator's old shape: one
// `!` between sections, no `device` blocks, no Loopback0.0 or Null0.0, and
// a default route as it was entered (0.0.0.0/0 or default). The model is
// the same; only the rendering differs.
func WithMinimalConfig() Option { return func(o *options) { o.minimalConfig = true } }

// virtualIfaceTypes are the interfaces every IX has besides its ports.
var virtualIfaceTypes = []string{"Loopback", "Null"}

func ifaceRank(typ string) int {
	switch typ {
	case "GigaEthernet":
		return 0
	case "Loopback":
		return 1
	case "Null":
		return 2
	}
	return 3
}

// virtual reports whether i is Loopback0.0 or Null0.0.
func (i *iface) virtual() bool { return i.typ == "Loopback" || i.typ == "Null" }

// slots are the sections of a real dump in order, each closed by `!`.
func (c *config) slots() [][]string {
	var host []string
	if c.hostname != defaultHostname {
		host = []string{"hostname " + c.hostname}
	}
	var tz, users, ssh []string
	if c.timezone != "" {
		tz = []string{"timezone " + c.timezone}
	}
	for _, u := range c.users {
		users = append(users, u.String())
	}
	if c.sshServer {
		ssh = []string{sshServerLine}
	}
	ike := append(c.ikeLines(), c.ikeRemoteIDs...)
	return [][]string{
		host, nil, nil,
		tz,
		users, nil,
		c.ipLines(true),
		ike,
		c.ipsecLines(),
		ssh, nil,
		c.bgpLines(),
	}
}

// realBody prints the configuration as real dumps have it: the slots, then
// a block per physical device, then every interface, each block closed by
// `!`.
func (c *config) realBody() string {
	var b strings.Builder
	line := func(s string) {
		b.WriteString(s)
		b.WriteByte('\n')
	}
	// The header's own closing `!` is the first of the run above the
	// first slot.
	for _, s := range c.slots() {
		for _, l := range s {
			line(l)
		}
		line("!")
	}
	for _, d := range c.devices {
		for _, l := range d.lines() {
			line(l)
		}
		line("!")
	}
	for _, i := range c.sortedIfaces() {
		for _, l := range i.lines() {
			line(l)
		}
		line("!")
	}
	return b.String()
}

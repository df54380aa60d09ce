package ixsim

import (
	"fmt"
	"hash/fnv"
	"slices"
)

// Commands real configurations carry that ixpush does not manage (ix-cli.md
// §11 [C CONBU, IX2025, QIITA]): accepted and kept, so backup, diff and
// restore meet sections they must leave alone.

var extraGlobal = []pattern{
	{"timezone <h:word> <m:word>", cmdTimezone},
	{"no timezone", cmdNoTimezone},
	{"username <name:name> password { plain@kind | hash@kind } <pw:word> [administrator@admin]", cmdUsername},
	{"no username <name:name>", cmdNoUsername},
	{"ike remote-id <policy:name> { address@kind | fqdn@kind | keyid@kind } <value:word>", cmdIKERemoteID},
	{"no ike remote-id <policy:name>", cmdNoIKERemoteID},
	{"show clock", cmdShowClock},
}

var extraIface = []pattern{
	{"description <text:word>", cmdIfDescription},
	{"no description", cmdIfNoDescription},
	{"ip mtu <mtu:ipmtu>", cmdIfMTU},
	{"no ip mtu", cmdIfNoMTU},
	{"ip unnumbered <src:anyif>", cmdIfUnnumbered},
	{"no ip unnumbered", cmdIfNoUnnumbered},
}

// userLine is one `username` entry; the IX stores the password hashed
// [R IX2025], so plain text is shown as a hash of it [G: not the IX's hash].
type userLine struct{ name, hash, admin string }

func (u userLine) String() string {
	s := "username " + u.name + " password hash " + u.hash
	if u.admin != "" {
		s += " administrator"
	}
	return s
}

// systemLines are timezone, then username lines, the order of IX2025's and
// the IX2215 capture's running-configs, then the other unmanaged lines: the
// minimal shape's one section for them (shape.go places each in its slot).
func (c *config) systemLines() []string {
	var out []string
	if c.timezone != "" {
		out = append(out, "timezone "+c.timezone)
	}
	for _, u := range c.users {
		out = append(out, u.String())
	}
	out = append(out, c.ikeRemoteIDs...)
	if c.sshServer {
		out = append(out, sshServerLine)
	}
	return out
}

func cmdTimezone(c *cli, a args) {
	c.change(func(cfg *config) string { cfg.timezone = a["h"] + " " + a["m"]; return "" })
}

func cmdNoTimezone(c *cli, _ args) {
	c.change(func(cfg *config) string { cfg.timezone = ""; return "" })
}

func cmdUsername(c *cli, a args) {
	h := a["pw"]
	if a["kind"] == "plain" {
		f := fnv.New64a()
		f.Write([]byte(h))
		h = fmt.Sprintf("%016x", f.Sum64())
	}
	u := userLine{name: a["name"], hash: h, admin: a["admin"]}
	added := false
	c.change(func(cfg *config) string {
		i := slices.IndexFunc(cfg.users, func(x userLine) bool { return x.name == u.name })
		if i >= 0 {
			cfg.users[i] = u
		} else {
			cfg.users, added = append(cfg.users, u), true
		}
		return ""
	})
	if added && c.term != nil {
		// A harmless notice on valid input [C CONBU]; not while loading
		// startup-config.
		c.println("%% User '%s' has been added.", u.name)
	}
}

func cmdNoUsername(c *cli, a args) {
	c.change(func(cfg *config) string {
		cfg.users = slices.DeleteFunc(cfg.users, func(x userLine) bool { return x.name == a["name"] })
		return ""
	})
}

func cmdIKERemoteID(c *cli, a args) {
	line := "ike remote-id " + a["policy"] + " " + a["kind"] + " " + a["value"]
	c.change(func(cfg *config) string {
		cfg.ikeRemoteIDs = slices.DeleteFunc(cfg.ikeRemoteIDs, func(l string) bool { return remoteIDPolicy(l) == a["policy"] })
		cfg.ikeRemoteIDs = append(cfg.ikeRemoteIDs, line)
		return ""
	})
}

func cmdNoIKERemoteID(c *cli, a args) {
	c.change(func(cfg *config) string {
		cfg.ikeRemoteIDs = slices.DeleteFunc(cfg.ikeRemoteIDs, func(l string) bool { return remoteIDPolicy(l) == a["policy"] })
		return ""
	})
}

func remoteIDPolicy(line string) string {
	var p string
	fmt.Sscanf(line, "ike remote-id %s", &p)
	return p
}

// cmdShowClock prints the router's time [G: layout not captured].
func cmdShowClock(c *cli, _ args) {
	c.println("%s", c.sim.now().In(jst).Format("Mon Jan 02 15:04:05 2006 MST"))
}

func cmdIfDescription(c *cli, a args) {
	c.ifChange(func(_ *config, i *iface) string { i.description = a["text"]; return "" })
}

func cmdIfNoDescription(c *cli, _ args) {
	c.ifChange(func(_ *config, i *iface) string { i.description = ""; return "" })
}

func cmdIfMTU(c *cli, a args) {
	c.ifChange(func(_ *config, i *iface) string { i.mtu = a["mtu"]; return "" })
}

func cmdIfNoMTU(c *cli, _ args) {
	c.ifChange(func(_ *config, i *iface) string { i.mtu = ""; return "" })
}

func cmdIfUnnumbered(c *cli, a args) {
	c.ifChange(func(_ *config, i *iface) string { i.unnumbered = a["src"]; return "" })
}

func cmdIfNoUnnumbered(c *cli, _ args) {
	c.ifChange(func(_ *config, i *iface) string { i.unnumbered = ""; return "" })
}

// extraIfaceLines are the interface lines above, in the order CONBU's
// running-config shows them (description first).
func (i *iface) extraLines() (head, tail []string) {
	if i.description != "" {
		head = append(head, "  description "+i.description)
	}
	if i.unnumbered != "" {
		tail = append(tail, "  ip unnumbered "+i.unnumbered)
	}
	if i.mtu != "" {
		tail = append(tail, "  ip mtu "+i.mtu)
	}
	return head, tail
}

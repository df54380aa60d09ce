package ixsim

// showNamed is a show of the peer model with an optional last argument
// bound as key: `show interfaces [IF]`, `show ip bgp neighbors
// [ADDRESS]` (literal words bind their own name, so the argument needs a
// key of its own: "ip" would always be present).
func showNamed(command, key string) func(*cli, args) {
	return func(c *cli, a args) {
		cmd := command
		if a.has(key) {
			cmd += " " + a[key]
		}
		c.isShow = true
		c.printLines(c.sim.renderPeer(cmd))
	}
}

package ixsim

// cmdShowBGPNeighbors is `show ip bgp neighbors [ADDRESS]`: every
// neighbour, or the one named (bound as nbr: literal words bind their own
// name, so "ip" would always be present).
func cmdShowBGPNeighbors(c *cli, a args) {
	cmd := "show ip bgp neighbors"
	if a.has("nbr") {
		cmd += " " + a["nbr"]
	}
	c.isShow = true
	c.printLines(c.sim.renderPeer(cmd))
}

package ixsim

import (
	"slices"
	"strconv"
	"strings"
)

// `device GigaEthernetN` blocks configure the physical port under an
// interface; real dumps list one per port, before the interfaces, most of
// them empty (startup-ix2215-preamble.txt [R CT]). The sub-mode's prompt,
// `(config-GigaEthernetN)`, is a guess [G].
type device struct {
	name       string
	vlanGroups []vlanGroup
	shutdown   bool
}

// vlanGroup is `vlan-group G port P...`, the switch ports of a group.
type vlanGroup struct{ group, ports string }

func (d *device) lines() []string {
	out := []string{"device " + d.name}
	for _, v := range d.vlanGroups {
		out = append(out, "  vlan-group "+v.group+" port "+v.ports)
	}
	if d.shutdown {
		out = append(out, "  shutdown")
	}
	return out
}

func (c *config) device(name string) *device {
	for _, d := range c.devices {
		if d.name == name {
			return d
		}
	}
	return nil
}

// maxVLANPorts is how many switch ports a `vlan-group` line may list: the
// capture's eight [R CT].
const maxVLANPorts = 8

// deviceGlobal enters a device sub-mode; only the model's ports exist.
func deviceGlobal() []pattern {
	names := make([]string, len(physicalPorts))
	for i, p := range physicalPorts {
		names[i] = strings.TrimSuffix(p, ".0")
	}
	return []pattern{
		{"device " + choice("dev", names), cmdDevice},
		{sshServerLine, cmdSSHServer(true)},
		{"no " + sshServerLine, cmdSSHServer(false)},
		{"interface { Loopback0.0@if | Null0.0@if }", cmdInterface},
	}
}

// deviceOnly are the device sub-mode's own commands.
func deviceOnly() []pattern {
	ports := ""
	for n := 2; n <= maxVLANPorts; n++ {
		ports += " [<p" + strconv.Itoa(n) + ":vlanport>"
	}
	ports += strings.Repeat(" ]", maxVLANPorts-1)
	return []pattern{
		{"vlan-group <g:vlangroup> port <p1:vlanport>" + ports, cmdVLANGroup},
		{"no vlan-group <g:vlangroup>", cmdNoVLANGroup},
		{"shutdown", cmdDeviceShutdown(true)},
		{"no shutdown", cmdDeviceShutdown(false)},
	}
}

// sshServerLine turns on the SSH server (the capture's only form).
const sshServerLine = "ssh-server ip enable"

func cmdSSHServer(on bool) handler {
	return func(c *cli, _ args) {
		c.change(func(cfg *config) string { cfg.sshServer = on; return "" })
	}
}

func cmdDevice(c *cli, a args) {
	c.mode, c.ifname = modeDevice, a["dev"]
}

// deviceChange edits the device of the current sub-mode.
func (c *cli) deviceChange(f func(d *device)) {
	name := c.ifname
	c.change(func(cfg *config) string {
		if d := cfg.device(name); d != nil {
			f(d)
		}
		return ""
	})
}

// cmdVLANGroup stores a group's ports (bound p1, p2, ...) as entered.
func cmdVLANGroup(c *cli, a args) {
	g := a["g"]
	var list []string
	for n := 1; n <= maxVLANPorts; n++ {
		if p, ok := a["p"+strconv.Itoa(n)]; ok {
			list = append(list, p)
		}
	}
	ports := strings.Join(list, " ")
	c.deviceChange(func(d *device) {
		if j := slices.IndexFunc(d.vlanGroups, func(v vlanGroup) bool { return v.group == g }); j >= 0 {
			d.vlanGroups[j].ports = ports
			return
		}
		d.vlanGroups = append(d.vlanGroups, vlanGroup{group: g, ports: ports})
	})
}

func cmdNoVLANGroup(c *cli, a args) {
	c.deviceChange(func(d *device) {
		d.vlanGroups = slices.DeleteFunc(d.vlanGroups, func(v vlanGroup) bool { return v.group == a["g"] })
	})
}

func cmdDeviceShutdown(down bool) handler {
	return func(c *cli, _ args) { c.deviceChange(func(d *device) { d.shutdown = down }) }
}

package peer

import (
	"fmt"
	"strings"
	"time"
)

// jst is the zone `show version` prints its start time in: every capture
// is from a Japanese router (`System started at May 19-Sun-2024 19:37:55
// JST`).
var jst = time.FixedZone("JST", 9*60*60)

// board is what `show version` says of a model's hardware.
type board struct {
	cpu     string
	memoryK int
	ifaces  []string // interface count lines
	nvramK  int
	flashK  int
}

// boards holds the models a capture shows: the IX2215 in QIITA's two
// captures (10.7.17 and 10.7.18, identical hardware lines). Every other
// model borrows the IX2215's board under its own name [G]: no public
// capture shows an IX2015's or IX2105's processor line.
var boards = map[string]board{
	"IX2215": {cpu: "P1010E", memoryK: 262144, nvramK: 1024, flashK: 32768, ifaces: []string{
		"3 GigaEthernet/IEEE 802.3 interfaces", "1 ISDN Basic Rate interface", "1 USB interface",
	}},
}

// builds are the compile stamps of firmware seen in captures and
// running-config headers (QIITA, CT, IX2025, and an SNMP sysDescr for
// 8.8.22); other versions get 10.7.18's [G].
var builds = map[string]string{
	"10.7.18": "Oct 25-Tue-2022 12:37:13 JST",
	"10.7.17": "Sep 22-Thu-2022 15:22:13 JST",
	"10.11.6": "May 22-Thu-2025 14:55:23 JST",
	"9.7.15":  "Mar 13-Tue-2018 18:15:04 JST",
	"9.5.20":  "Mar 06-Wed-2019 17:03:09 JST",
	"8.8.22":  "Jul 04-Wed-2012 14:18:46 JST",
}

// version renders `show version` after QIITA's complete IX2215 captures
// (fixtures/ix/show-version/qiita-ix2215-full.txt): banner, build, ROM
// versions, uptime with the wake-up cause and start time, image, board.
// There is no export paragraph (that is Cisco's) and no copyright block
// (the IX prints that at boot, not here).
func (v *view) version() []string {
	r := v.m.sc.Router
	model, fw := r.Model, r.Firmware
	// A letter after the build number marks a maintenance release (CONBU-M:
	// 8.9.17B, MAINTENANCE RELEASE; image ix2105-ms-8.9.17.b.ldc,
	// coregen-8.9(17)).
	base, letter, release := fw, "", "RELEASE SOFTWARE"
	if n := len(fw); n > 0 && fw[n-1] >= 'A' && fw[n-1] <= 'Z' {
		base, letter, release = fw[:n-1], strings.ToLower(fw[n-1:]), "MAINTENANCE RELEASE SOFTWARE"
	}
	minor, image := base, base
	if i := strings.LastIndexByte(base, '.'); i > 0 {
		minor = base[:i] + "(" + base[i+1:] + ")"
	}
	if letter != "" {
		image += "." + letter
	}
	compiled, ok := builds[base]
	if !ok {
		compiled = builds["10.7.18"]
	}
	b, ok := boards[model]
	if !ok {
		b = boards["IX2215"]
	}
	up := v.now.Sub(v.m.opts.boot)
	if up < 0 {
		up = 0
	}
	cause := v.m.wokeBy
	if cause == "" {
		cause = "power-on"
	}
	out := []string{
		"NEC Portable Internetwork Core Operating System Software",
		fmt.Sprintf("IX Series %s (magellan-sec) Software, Version %s, %s", model, fw, release),
		fmt.Sprintf("Compiled %s #2 by sw-build, coregen-%s", compiled, minor),
		"",
		// ROM versions as both captures print them (the initialisation
		// program differs between them: 2.1, 3.1).
		"ROM: System Bootstrap, Version 22.1",
		"System Diagnostic, Version 22.1",
		"Initialization Program, Version 3.1",
		"",
		"System uptime is " + uptime(int(up/time.Minute)),
		"System woke up by reload, caused by " + cause,
		"System started at " + v.m.opts.boot.In(jst).Format("Jan 02-Mon-2006 15:04:05 MST"),
		fmt.Sprintf("System image file is \"%s-ms-%s.ldc\"", strings.ToLower(model), image),
		"",
		"Processor board ID <0>",
		fmt.Sprintf("%s (%s) processor with %dK bytes of memory.", model, b.cpu, b.memoryK),
	}
	out = append(out, b.ifaces...)
	return append(out,
		fmt.Sprintf("%dK bytes of non-volatile configuration memory.", b.nvramK),
		fmt.Sprintf("%dK bytes of processor board System flash (Read/Write)", b.flashK),
		"",
		"Current configuration is based on \"startup-configuration\"",
	)
}

// uptime spells minutes as the IX does (ix-cli.md §11: `0 minute`, `6 days
// 21 hours 45 minutes`, `12 weeks 3 days 6 hours 10 minutes`): weeks to
// minutes, zero units left out; singular for one [G].
func uptime(mins int) string {
	if mins <= 0 {
		return "0 minute"
	}
	var parts []string
	for _, u := range []struct {
		name string
		size int
	}{{"week", 7 * 24 * 60}, {"day", 24 * 60}, {"hour", 60}, {"minute", 1}} {
		n := mins / u.size
		mins %= u.size
		switch {
		case n == 1:
			parts = append(parts, "1 "+u.name)
		case n > 1:
			parts = append(parts, fmt.Sprintf("%d %ss", n, u.name))
		}
	}
	return strings.Join(parts, " ")
}

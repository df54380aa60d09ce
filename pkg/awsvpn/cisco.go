package awsvpn

import (
	"bufio"
	"fmt"
	"io"
	"net/netip"
	"regexp"
	"strings"
)

// Line patterns of the Cisco IOS 12.4+ sample. They match commands, never the
// comments around them; values are captured to the end of the line so that a
// value with whitespace in it reaches the validator (and its injection check)
// instead of silently losing its tail.
var (
	ciscoTunnelStartRE = regexp.MustCompile(`^!\s*IPSec Tunnel #(\d+)\s*$`)
	ciscoVPNIDRE       = regexp.MustCompile(`^!\s*Your VPN Connection ID\s*:\s*(.*)$`)
	ciscoLocalAddrRE   = regexp.MustCompile(`^local-address (.*)$`)
	ciscoPSKRE         = regexp.MustCompile(`^pre-shared-key address (\S+) key ?(.*)$`)
	ciscoInterfaceRE   = regexp.MustCompile(`^interface (\S+)$`)
	ciscoIPAddressRE   = regexp.MustCompile(`^ip address (\S+) (.*)$`)
	ciscoTunnelDestRE  = regexp.MustCompile(`^tunnel destination (.*)$`)
	ciscoRouterBGPRE   = regexp.MustCompile(`^router bgp (.*)$`)
	ciscoNeighborASRE  = regexp.MustCompile(`^neighbor (\S+) remote-as (.*)$`)
	ciscoTimersRE      = regexp.MustCompile(`^neighbor \S+ timers (\d+) (\d+)`)
	ciscoIPRouteRE     = regexp.MustCompile(`^ip route \S+ \S+ Tunnel`)
	ciscoEncRE         = regexp.MustCompile(`^encryption (.*)$`)
	ciscoHashRE        = regexp.MustCompile(`^hash (.*)$`)
	ciscoGroupRE       = regexp.MustCompile(`^group (.*)$`)
	ciscoLifetimeRE    = regexp.MustCompile(`^lifetime (.*)$`)
	ciscoTransformRE   = regexp.MustCompile(`^crypto ipsec transform-set \S+ (esp-\S+(?: \d+)?) (esp-\S+)$`)
	ciscoPFSRE         = regexp.MustCompile(`^set pfs (.*)$`)
	ciscoSALifetimeRE  = regexp.MustCompile(`^set security-association lifetime seconds (.*)$`)
	ciscoKeepaliveRE   = regexp.MustCompile(`^crypto isakmp keepalive (\d+)`)
	ciscoMSSRE         = regexp.MustCompile(`^ip tcp adjust-mss (.*)$`)
)

// pskMayFollow reports whether line can follow a pre-shared-key line in the
// keyring block of the sample. Anything else is most likely the rest of a key
// that a mail client or an editor wrapped onto the next line: the first part
// alone would pass as a shorter key, and the tunnel would never come up.
func pskMayFollow(line string) bool {
	word, _, _ := strings.Cut(line, " ")
	switch word {
	case "", "exit", "local-address", "pre-shared-key":
		return true
	}
	return strings.HasPrefix(line, "!")
}

// pskSplitError names the tunnel whose key line is followed by stray text.
// The text is not quoted: it is probably part of the key.
func pskSplitError(t *rawTunnel, index, lineNo int) error {
	tc := tunnelCheck{index: index}
	if ip, err := netip.ParseAddr(t.awsOutside); err == nil {
		tc.ip = ip
	}
	return tc.errf(fPSK, "line %d, after the pre-shared-key line, is not a keyring command: is the key split across two lines? Put the whole key on the pre-shared-key line", lineNo)
}

// ParseCisco reads the AWS "Cisco Systems / CSRv AMI / IOS 12.4+" sample.
func ParseCisco(r io.Reader) (Connection, error) {
	raw, err := readCisco(r)
	if err != nil {
		return Connection{}, err
	}
	return validate(raw)
}

func readCisco(r io.Reader) (raw, error) {
	out := raw{format: FormatCisco}
	sc := bufio.NewScanner(io.LimitReader(r, maxInput))
	sc.Buffer(make([]byte, 64*1024), maxInput)
	var (
		cur         *rawTunnel
		inInterface bool // inside "interface TunnelN" of the current block
		inISAKMP    bool // inside "crypto isakmp policy"
		sawCrypto   bool
		sawIPRoute  bool
		lineNo      int
		afterPSK    bool // the previous line was a pre-shared-key line
	)
	for sc.Scan() {
		lineNo++
		raw := strings.TrimRight(sc.Text(), " \t\r")
		line := strings.TrimSpace(raw)
		if afterPSK && !pskMayFollow(line) {
			return out, pskSplitError(cur, len(out.tunnels), lineNo)
		}
		afterPSK = false
		if m := ciscoTunnelStartRE.FindStringSubmatch(line); m != nil {
			out.tunnels = append(out.tunnels, rawTunnel{})
			cur = &out.tunnels[len(out.tunnels)-1]
			inInterface, inISAKMP = false, false
			continue
		}
		if m := ciscoVPNIDRE.FindStringSubmatch(line); m != nil && out.vpnID == "" {
			out.vpnID = strings.TrimSpace(m[1])
			continue
		}
		if line == "" || strings.HasPrefix(line, "!") {
			continue
		}
		if strings.HasPrefix(line, "crypto ") {
			sawCrypto = true
		}
		// Top-level commands start in column 0 and close any sub-mode.
		if raw == line || line == "exit" {
			inInterface, inISAKMP = false, false
		}
		if ciscoIPRouteRE.MatchString(line) {
			sawIPRoute = true
		}
		if cur == nil {
			continue
		}
		if strings.HasPrefix(line, "crypto isakmp policy ") {
			inISAKMP = true
			continue
		}
		if m := ciscoInterfaceRE.FindStringSubmatch(line); m != nil {
			inInterface = strings.HasPrefix(m[1], "Tunnel")
			continue
		}
		switch {
		case inISAKMP:
			if m := ciscoEncRE.FindStringSubmatch(line); m != nil {
				cur.ike.encryption = m[1]
			} else if m := ciscoHashRE.FindStringSubmatch(line); m != nil {
				cur.ike.integrity = m[1]
			} else if m := ciscoGroupRE.FindStringSubmatch(line); m != nil {
				cur.ike.dhGroup = m[1]
			} else if m := ciscoLifetimeRE.FindStringSubmatch(line); m != nil {
				cur.ike.lifetime = m[1]
			}
		case inInterface:
			if m := ciscoIPAddressRE.FindStringSubmatch(line); m != nil && cur.cgwInside == "" {
				cur.cgwInside, cur.cgwMask = m[1], m[2]
			} else if m := ciscoTunnelDestRE.FindStringSubmatch(line); m != nil {
				if cur.awsOutside == "" {
					cur.awsOutside = m[1]
				} else {
					cur.awsOutsideAlso = append(cur.awsOutsideAlso, m[1])
				}
			} else if m := ciscoMSSRE.FindStringSubmatch(line); m != nil {
				cur.mss = m[1]
			}
		default:
			if m := ciscoLocalAddrRE.FindStringSubmatch(line); m != nil && cur.cgwOutside == "" {
				cur.cgwOutside = m[1]
			} else if m := ciscoPSKRE.FindStringSubmatch(line); m != nil {
				if !cur.pskSeen {
					// The key's address names the tunnel; a tunnel
					// destination read before it is checked against it.
					if cur.awsOutside != "" {
						cur.awsOutsideAlso = append(cur.awsOutsideAlso, cur.awsOutside)
					}
					cur.awsOutside = m[1]
				}
				cur.psk, cur.pskSeen = m[2], true
				afterPSK = true
			} else if m := ciscoRouterBGPRE.FindStringSubmatch(line); m != nil {
				cur.customerASN, cur.bgp = m[1], true
			} else if m := ciscoNeighborASRE.FindStringSubmatch(line); m != nil && cur.awsInside == "" {
				cur.awsInside, cur.amazonASN = m[1], m[2]
			} else if m := ciscoTimersRE.FindStringSubmatch(line); m != nil && cur.holdTime == "" {
				cur.holdTime = m[2]
			} else if m := ciscoTransformRE.FindStringSubmatch(line); m != nil {
				cur.ipsec.encryption, cur.ipsec.integrity = m[1], m[2]
			} else if m := ciscoPFSRE.FindStringSubmatch(line); m != nil {
				cur.ipsec.dhGroup = m[1]
			} else if m := ciscoSALifetimeRE.FindStringSubmatch(line); m != nil {
				cur.ipsec.lifetime = m[1]
			} else if m := ciscoKeepaliveRE.FindStringSubmatch(line); m != nil {
				// The second number of the Cisco command is a retry interval,
				// not a count; the count (3) comes from validate's default.
				cur.dpdInterval = m[1]
			}
		}
	}
	if err := sc.Err(); err != nil {
		return out, fmt.Errorf("%w: reading Cisco sample: %v", ErrInvalid, err)
	}
	if !sawCrypto && len(out.tunnels) == 0 {
		return out, connErrorf("", "not an AWS Cisco IOS sample configuration (no crypto commands, no \"! IPSec Tunnel #\" sections)")
	}
	anyBGP := false
	for _, t := range out.tunnels {
		anyBGP = anyBGP || t.bgp
	}
	if !anyBGP && sawIPRoute {
		out.static = true
	}
	return out, nil
}

package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/netip"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/ixpush/ixpush/pkg/awsvpn"
	"github.com/ixpush/ixpush/pkg/plan"
	"github.com/ixpush/ixpush/pkg/report"
	"github.com/ixpush/ixpush/pkg/showparse"
)

// planFlags are the raw flag values of `ixpush plan`; toOptions turns them
// into plan options, naming the flag in every error.
type planFlags struct {
	aws, awsFormat, running string
	lan, vpc                []string
	wanIf, wanIP            string
	tunnels                 string
	crypto, nat, dpd, mss   string
	selectors, namePrefix   string
	output                  string
	reveal                  bool
	draw                    bool
}

func newPlanCmd(a *app) *cobra.Command {
	var f planFlags
	cmd := &cobra.Command{
		Use:   "plan --aws FILE [--running FILE] [flags]",
		Short: "Turn an AWS VPN configuration into IX configuration, commands to type and their rollback",
		Long: `plan reads the configuration AWS gives for a Site-to-Site VPN connection — the
Cisco IOS 12.4+ sample text, the CustomerGatewayConfiguration XML, or a small
YAML file of values copied from the console (detected, or --aws-format) —
validates it, and prints the NEC IX configuration for it.

With --running (a saved "show running-config"), it also prints exactly the
lines to type (nothing the router already has) and the rollback that undoes
them. Without it, the router is taken to be empty.

Pre-shared keys print as ******** unless --reveal-secrets is given. Warnings
go to stderr. Exit 2: bad input or flags (one line naming the field and the
tunnel by AWS outside IP). Exit 1: the router's configuration conflicts with
the plan (another BGP AS, a tunnel interface in use, an object name taken).`,
		Example: `  ixpush plan --aws vpn.txt --lan 192.168.2.0/24 --vpc 172.31.0.0/16 --wan-ip 192.168.1.10
  ixpush plan --aws cgw.xml --running backup.txt --crypto strong -o json`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runPlan(a, f)
		},
	}
	fl := cmd.Flags()
	addPlanFlags(fl, &f)
	fl.StringVar(&f.running, "running", "", "saved show running-config of the router (default: an empty router)")
	fl.StringVarP(&f.output, "output", "o", "text", "output: text or json")
	fl.BoolVar(&f.reveal, "reveal-secrets", false, "print pre-shared keys in clear")
	fl.BoolVar(&f.draw, "draw", false, "draw the site (AWS endpoints, tunnels, NAT, IX, LAN) above the configuration")
	return cmd
}

// addPlanFlags registers the AWS input and site parameters shared by plan,
// apply and rollback.
func addPlanFlags(fl *pflag.FlagSet, f *planFlags) {
	fl.StringVar(&f.aws, "aws", "", "AWS VPN configuration file (Cisco sample, XML or YAML; - for stdin)")
	fl.StringVar(&f.awsFormat, "aws-format", "auto", "format of --aws: auto, cisco, xml or yaml")
	fl.StringArrayVar(&f.lan, "lan", nil, "LAN prefix to advertise to AWS (repeatable)")
	fl.StringArrayVar(&f.vpc, "vpc", nil, "VPC prefix expected from AWS, kept for verification (repeatable)")
	fl.StringVar(&f.wanIf, "wan-if", "GigaEthernet0.0", "the router's Internet-facing interface")
	fl.StringVar(&f.wanIP, "wan-ip", "", "the router's own WAN address, when it is behind NAT")
	fl.StringVar(&f.tunnels, "tunnels", "Tunnel0.0,Tunnel1.0", "the two tunnel interfaces, in AWS outside IP order")
	fl.StringVar(&f.crypto, "crypto", string(plan.CryptoAWSDefault), "crypto profile: aws-default (AES128/SHA1/DH2) or strong (AES256/SHA2-256/DH14)")
	fl.StringVar(&f.nat, "nat", string(plan.NATAuto), "NAT traversal: auto (on when --wan-ip differs from the customer gateway IP), on or off")
	fl.StringVar(&f.dpd, "dpd", "", "dead peer detection INTERVAL,RETRIES or off (default: what AWS recommends, 10,3)")
	fl.StringVar(&f.mss, "mss", "auto", "TCP MSS on the tunnels: auto or a number")
	fl.StringVar(&f.selectors, "selectors", "", "traffic selectors local=CIDR,remote=CIDR when the connection's are not 0.0.0.0/0")
	fl.StringVar(&f.namePrefix, "name-prefix", plan.DefaultNamePrefix, "prefix of the IKE/IPsec/ACL object names")
}

func runPlan(a *app, f planFlags) error {
	if f.aws == "" {
		return usagef("--aws FILE is required")
	}
	if f.output != "text" && f.output != "json" {
		return usagef("-o %q: want text or json", f.output)
	}
	format, err := awsvpn.ParseFormat(f.awsFormat)
	if err != nil {
		return usagef("--aws-format: %s", strings.TrimPrefix(err.Error(), awsvpn.ErrInvalid.Error()+": "))
	}
	opts, err := f.toOptions()
	if err != nil {
		return err
	}
	conn, err := readAWS(a, f.aws, format)
	if err != nil {
		return err
	}
	var prior showparse.RunningConfig
	if f.running != "" {
		if prior, err = readRunning(f.running); err != nil {
			return err
		}
	}
	p, err := plan.New(conn, prior, opts...)
	switch {
	case errors.Is(err, plan.ErrInvalid):
		return asUsage(err)
	case err != nil:
		return err
	}
	for _, w := range p.Warnings {
		fmt.Fprintf(a.stderr, "ixpush: warning: %s\n", w)
	}
	if f.output == "json" {
		var b []byte
		if f.reveal {
			b, err = p.MarshalJSONRevealed()
		} else {
			b, err = json.Marshal(p)
		}
		if err != nil {
			return err
		}
		var out bytes.Buffer
		if err := json.Indent(&out, b, "", "  "); err != nil {
			return err
		}
		out.WriteByte('\n')
		_, err = a.stdout.Write(out.Bytes())
		return err
	}
	if f.draw {
		if err := report.WriteTopology(a.stdout, p, nil); err != nil {
			return err
		}
	}
	return p.WriteText(a.stdout, f.reveal)
}

func readAWS(a *app, path string, format awsvpn.Format) (awsvpn.Connection, error) {
	name := filepath.Base(path)
	in := a.stdin
	if path == "-" {
		name = "stdin"
	} else {
		file, err := os.Open(path)
		if err != nil {
			return awsvpn.Connection{}, usagef("--aws: %w", err)
		}
		defer file.Close()
		in = file
	}
	conn, err := awsvpn.Parse(in, format)
	if err != nil {
		return conn, usagef("%s: %w", name, err)
	}
	return conn, nil
}

func readRunning(path string) (showparse.RunningConfig, error) {
	file, err := os.Open(path)
	if err != nil {
		return showparse.RunningConfig{}, usagef("--running: %w", err)
	}
	defer file.Close()
	c, err := showparse.ParseRunningConfig(file)
	if err != nil {
		return c, usagef("--running %s: %w", filepath.Base(path), err)
	}
	return c, nil
}

func (f planFlags) toOptions() ([]plan.Option, error) {
	var opts []plan.Option
	for _, s := range f.lan {
		p, err := netip.ParsePrefix(s)
		if err != nil {
			return nil, usagef("--lan %q: not a CIDR prefix", s)
		}
		opts = append(opts, plan.WithLAN(p))
	}
	for _, s := range f.vpc {
		p, err := netip.ParsePrefix(s)
		if err != nil {
			return nil, usagef("--vpc %q: not a CIDR prefix", s)
		}
		opts = append(opts, plan.WithVPC(p))
	}
	opts = append(opts, plan.WithWANInterface(f.wanIf), plan.WithNamePrefix(f.namePrefix))
	if f.wanIP != "" {
		ip, err := netip.ParseAddr(f.wanIP)
		if err != nil {
			return nil, usagef("--wan-ip %q: not an IP address", f.wanIP)
		}
		opts = append(opts, plan.WithWANIP(ip))
	}
	opts = append(opts, plan.WithTunnelInterfaces(strings.Split(f.tunnels, ",")...))
	c, err := plan.ParseCrypto(f.crypto)
	if err != nil {
		return nil, usagef("--crypto %q: want aws-default or strong", f.crypto)
	}
	n, err := plan.ParseNAT(f.nat)
	if err != nil {
		return nil, usagef("--nat %q: want auto, on or off", f.nat)
	}
	opts = append(opts, plan.WithCrypto(c), plan.WithNAT(n))
	switch f.dpd {
	case "":
	case "off":
		opts = append(opts, plan.WithoutDPD())
	default:
		is, rs, ok := strings.Cut(f.dpd, ",")
		i, err1 := strconv.Atoi(is)
		r, err2 := strconv.Atoi(rs)
		if !ok || err1 != nil || err2 != nil {
			return nil, usagef("--dpd %q: want INTERVAL,RETRIES (like 10,3) or off", f.dpd)
		}
		opts = append(opts, plan.WithDPD(i, r))
	}
	if f.mss != "auto" {
		m, err := strconv.Atoi(f.mss)
		if err != nil {
			return nil, usagef("--mss %q: want auto or a number", f.mss)
		}
		opts = append(opts, plan.WithMSS(m))
	}
	if f.selectors != "" {
		local, remote, err := parseSelectors(f.selectors)
		if err != nil {
			return nil, err
		}
		opts = append(opts, plan.WithSelectors(local, remote))
	}
	return opts, nil
}

func parseSelectors(s string) (local, remote netip.Prefix, err error) {
	bad := usagef("--selectors %q: want local=CIDR,remote=CIDR", s)
	parts := strings.Split(s, ",")
	if len(parts) != 2 {
		return local, remote, bad
	}
	for _, part := range parts {
		k, v, ok := strings.Cut(part, "=")
		p, perr := netip.ParsePrefix(v)
		if !ok || perr != nil {
			return local, remote, bad
		}
		switch k {
		case "local":
			local = p
		case "remote":
			remote = p
		default:
			return local, remote, bad
		}
	}
	if !local.IsValid() || !remote.IsValid() {
		return local, remote, bad
	}
	return local, remote, nil
}

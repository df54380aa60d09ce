package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/sirupsen/logrus"
	"github.com/spf13/pflag"

	"github.com/ixpush/ixpush/pkg/agent"
	"github.com/ixpush/ixpush/pkg/awsapi"
	"github.com/ixpush/ixpush/pkg/awsvpn"
	"github.com/ixpush/ixpush/pkg/ixcli"
	"github.com/ixpush/ixpush/pkg/plan"
	"github.com/ixpush/ixpush/pkg/session"
	"github.com/ixpush/ixpush/pkg/site"
)

// siteFlags are the flags more than one command takes: the overrides of
// site-file fields, and the session and output switches. register is the
// only place a flag name is defined; each command asks for its groups.
type siteFlags struct {
	overrides           []*override
	acceptNewHostKey    bool
	forceConfig, reveal bool
	readOnly            bool
	json, draw          bool
	transcript          string
	stateDir            string
	logLevel, logFormat string
	// awsOptional: the command can work without the AWS configuration
	// (rollback to the journaled change uses the journal's lines).
	awsOptional bool
	awsDump     string
	groups      flagGroup
}

type flagGroup uint

const (
	connGroup   flagGroup = 1 << iota // how to reach the router, and logging
	forceGroup                        // --force-config: commands that change the router
	awsGroup                          // --aws, --aws-format
	tunnelGroup                       // --tunnels, --vpc: what verify needs of the plan
	planGroup                         // every other planner parameter
	revealGroup
	stateGroup
	jsonGroup
	drawGroup
	readOnlyGroup // --read-only: commands that only read the router
)

func (f *siteFlags) register(fl *pflag.FlagSet, g flagGroup) {
	on := func(x flagGroup) bool { return g&x != 0 }
	f.groups = g
	if on(connGroup) {
		f.add(fl, "host", "router.host", "", "router address or ~/.ssh/config alias")
		f.add(fl, "port", "router.port", "", "SSH port (default 22)")
		f.add(fl, "user", "router.user", "", "login user")
		f.add(fl, "password-env", "router.password_env", "", "environment variable holding the password")
		f.add(fl, "password-file", "router.password_file", "", "file holding the password")
		f.add(fl, "password-command", "router.password_command", "", "command (run by /bin/sh) that prints the password")
		f.add(fl, "key-file", "router.key_file", "", "private key file (passphrase from $"+site.KeyPassphraseEnv+")")
		f.add(fl, "known-hosts", "router.known_hosts", "", "known_hosts file (default ~/.ssh/known_hosts)")
		f.add(fl, "ssh-config", "router.ssh_config", "", "ssh_config file for host aliases (default ~/.ssh/config)")
		f.add(fl, "legacy-algorithm", "router.legacy_algorithms", "", "extra SSH algorithm KIND:NAME, KIND one of kex, cipher, mac, hostkey (repeatable)")
		f.add(fl, "accept-notice", "router.accept_notices", "", "a '%' line, whole and as printed, that this router prints on valid input and you have checked is harmless: a push goes on past it (repeatable)")
		f.add(fl, "connect-timeout", "router.connect_timeout", session.DefaultConnectTimeout.String(),
			"bound on reaching the router: TCP, the SSH handshake, login and the first prompt")
		f.add(fl, "command-timeout", "router.command_timeout", ixcli.DefaultCommandTimeout.String(),
			fmt.Sprintf("bound on the reply to one command line; show running-config, show startup-config and write memory get %dx it plus 1s per %d KiB of the largest configuration read",
				ixcli.SlowCommandFactor, ixcli.SlowCommandBytesPerSecond>>10))
		f.add(fl, "timeout", "timeout", "",
			fmt.Sprintf("bound on the whole run (default: %s for verify, --wait plus %s for apply; a rollback after a failed apply has its own budget)",
				agent.DefaultVerifyTimeout, agent.ApplyTimeoutMargin))
		fl.BoolVar(&f.acceptNewHostKey, "accept-new-host-key", false, "trust and record the host key of a router not yet in known_hosts")
		fl.StringVar(&f.transcript, "transcript", "", "write the CLI session, timestamped and with secrets masked, to this file")
		fl.StringVar(&f.logLevel, "log-level", "warn", "log level: debug, info, warn, error")
		fl.StringVar(&f.logFormat, "log-format", "text", "log format: text or json")
	}
	if on(forceGroup) {
		fl.BoolVar(&f.forceConfig, "force-config", false, "take configuration mode from another session (svintr-config)")
	}
	if on(readOnlyGroup) {
		fl.BoolVar(&f.readOnly, "read-only", false, "never enter configuration mode: answer from what operation mode shows (site: read_only)")
	}
	if on(awsGroup) {
		f.add(fl, "aws", "aws.file", "", "AWS VPN configuration file (Cisco sample, XML or YAML; - for stdin)")
		f.add(fl, "aws-format", "aws.format", string(awsvpn.FormatAuto), "format of --aws: auto, cisco, xml or yaml")
		f.registerAWSAPI(fl)
	}
	if on(tunnelGroup) {
		f.add(fl, "tunnels", "plan.tunnels", "Tunnel0.0,Tunnel1.0", "the two tunnel interfaces, in AWS outside IP order")
		f.add(fl, "vpc", "vpc", "", "VPC prefix expected from AWS, kept for verification (repeatable)")
	}
	if on(planGroup) {
		f.add(fl, "lan", "lan", "", "LAN prefix to advertise to AWS (repeatable)")
		f.add(fl, "wan-if", "plan.wan_interface", "GigaEthernet0.0", "the router's Internet-facing interface")
		f.add(fl, "wan-ip", "plan.wan_ip", "", "the router's own WAN address, when it is behind NAT")
		f.add(fl, "crypto", "plan.crypto", string(plan.CryptoAWSDefault), "crypto profile: aws-default (AES128/SHA1/DH2) or strong (AES256/SHA2-256/DH14)")
		f.add(fl, "nat", "plan.nat", string(plan.NATAuto), "NAT traversal: auto (on when --wan-ip differs from the customer gateway IP), on or off")
		f.add(fl, "dpd", "plan.dpd", "", "dead peer detection INTERVAL,RETRIES or off (default: what AWS recommends, 10,3)")
		f.add(fl, "mss", "plan.mss", "auto", "TCP MSS on the tunnels: auto or a number")
		f.add(fl, "selectors", "plan.selectors", "", "traffic selectors local=CIDR,remote=CIDR when the connection's are not 0.0.0.0/0")
		f.add(fl, "name-prefix", "plan.name_prefix", plan.DefaultNamePrefix, "prefix of the IKE/IPsec/ACL object names")
		f.addBool(fl, "allow-overlap", "plan.allow_overlap", "accept a LAN prefix that overlaps a VPC prefix (refused otherwise)")
	}
	if on(revealGroup) {
		fl.BoolVar(&f.reveal, "reveal-secrets", false, "show pre-shared keys (and passwords, in the transcript) in clear")
	}
	if on(stateGroup) {
		fl.StringVar(&f.stateDir, "state-dir", "", "where backups are kept (default: the user config dir, ixpush/backups)")
	}
	if on(jsonGroup) {
		fl.BoolVar(&f.json, "json", false, "print the result as JSON")
	}
	if on(drawGroup) {
		fl.BoolVar(&f.draw, "draw", false, "draw the site (AWS endpoints, tunnels and their state, NAT, IX, LAN)")
	}
}

// override is a flag that overrides one site field. Its values are kept as
// typed and laid over the Site once the file is read: flags -> Site, never
// back, so an unset flag leaves the file's value and the planner's default.
// A repeated flag replaces a list field with all its values, a scalar with
// the last.
type override struct {
	name, field, def string // def is for --help only
	vals             []string
}

func (f *siteFlags) add(fl *pflag.FlagSet, name, field, def, usage string) {
	o := &override{name: name, field: field, def: def}
	f.overrides = append(f.overrides, o)
	fl.Var(o, name, usage+" (site: "+field+")")
}

func (o *override) String() string {
	if len(o.vals) == 0 {
		return o.def
	}
	return strings.Join(o.vals, ",")
}

func (o *override) Type() string       { return "string" }
func (o *override) Set(v string) error { o.vals = append(o.vals, v); return nil }

// merge lays the flags the user set over s.
func (f *siteFlags) merge(s *site.Site) (*site.Site, error) {
	for _, o := range f.overrides {
		if err := s.Set(o.field, o.vals...); err != nil {
			return nil, f.named(err)
		}
	}
	return s, nil
}

// named turns a bad site value that came from a flag into that flag's
// error, so the message points at what the user typed.
func (f *siteFlags) named(err error) error {
	var fe *site.FieldError
	if errors.As(err, &fe) {
		for _, o := range f.overrides {
			if o.field == fe.Field && len(o.vals) > 0 {
				return usagef("--%s %q: %s", o.name, fe.Value, fe.Reason)
			}
		}
	}
	if ue := (*site.UnsetError)(nil); errors.As(err, &ue) && f.fromFlag(ue.Field) {
		return usagef("--password-env: $%s is not set: export it or use --password-file", ue.Env)
	}
	return err
}

// loadSite reads the site file (path "" for none), lays the flags over it
// and validates the result.
func (f *siteFlags) loadSite(path string) (*site.Site, error) {
	s := &site.Site{}
	if path != "" {
		var err error
		if s, err = site.Load(path); err != nil {
			return nil, err
		}
	}
	return f.overlay(s)
}

// overlay lays the flags over a site read from a file and validates it.
func (f *siteFlags) overlay(s *site.Site) (*site.Site, error) {
	if _, err := f.merge(s); err != nil {
		return nil, err
	}
	if err := s.Validate(!f.awsOptional || s.AWS.File != ""); err != nil {
		return nil, f.named(err)
	}
	return s, nil
}

// logger builds the per-invocation logger; logrus colours only on a TTY.
func (f *siteFlags) logger(w io.Writer) (*logrus.Logger, error) {
	l := logrus.New()
	l.Out = w
	lvl, err := logrus.ParseLevel(f.logLevel)
	if err != nil {
		return nil, usagef("--log-level %q: want debug, info, warn or error", f.logLevel)
	}
	l.Level = lvl
	switch f.logFormat {
	case "text":
	case "json":
		l.Formatter = &logrus.JSONFormatter{}
	default:
		return nil, usagef("--log-format %q: want text or json", f.logFormat)
	}
	return l, nil
}

// siteJob is what apply, verify and rollback share once the site is read.
type siteJob struct {
	site     *site.Site
	conn     awsvpn.Connection
	planOpts []plan.Option
	connect  agent.Connector
	// agentOpts are the workflow options the site sets (its timeout).
	agentOpts []agent.Option
	close     func() error
	// aws is the connection as the AWS API gave it (awsapi.go); nil when
	// it came from a downloaded file.
	aws *awsapi.Source
}

// prepare reads the site and its AWS configuration and builds the
// connector. Every problem names its source: the site field or the flag.
func (f *siteFlags) prepare(ctx context.Context, a *app, path string, log logrus.FieldLogger) (*siteJob, error) {
	s, err := f.loadSite(path)
	if err != nil {
		return nil, err
	}
	return f.prepareSite(ctx, a, s, log)
}

// prepareSite is prepare for a site already read and validated.
func (f *siteFlags) prepareSite(ctx context.Context, a *app, s *site.Site, log logrus.FieldLogger) (*siteJob, error) {
	for _, w := range s.Warnings() {
		warn(a, w)
	}
	format, err := s.AWSFormat()
	if err != nil {
		return nil, f.named(err)
	}
	opts, err := s.PlanOptions()
	if err != nil {
		return nil, f.named(err)
	}
	var conn awsvpn.Connection
	var src *awsapi.Source
	if s.AWS.File != "" || s.AWS.VPNConnectionID != "" || !f.awsOptional {
		if conn, src, opts, err = f.readConnection(ctx, a, s, format, opts); err != nil {
			return nil, err
		}
	}
	sopts, err := s.SessionOptions(os.Getenv)
	if err != nil {
		return nil, f.named(err)
	}
	sopts = append(sopts, session.WithAcceptNewHostKey(f.acceptNewHostKey))
	shopts := []session.ShellOption{session.WithRevealSecrets(f.reveal)}
	closer := func() error { return nil }
	if f.transcript != "" {
		tf, err := os.OpenFile(f.transcript, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
		if err != nil {
			return nil, usagef("--transcript: %w", err)
		}
		shopts = append(shopts, session.WithTranscript(tf))
		closer = tf.Close
	}
	copts, err := s.CLIOptions()
	if err != nil {
		closer()
		return nil, f.named(err)
	}
	copts = append(copts, ixcli.WithForceConfig(f.forceConfig), ixcli.WithLogger(log), ixcli.WithShellOptions(shopts...))
	var aopts []agent.Option
	if d, ok, err := s.RunTimeout(); err != nil {
		closer()
		return nil, f.named(err)
	} else if ok {
		aopts = append(aopts, agent.WithTimeout(d))
	}
	if f.readOnly || s.ReadOnly {
		aopts = append(aopts, agent.WithReadOnly(true))
	}
	return &siteJob{site: s, conn: conn, planOpts: opts, connect: debugAuthDetail(agent.SSHConnector(s.Router.Host, sopts, copts), log), agentOpts: aopts, close: closer, aws: src}, nil
}

func firstArg(args []string) string {
	if len(args) == 0 {
		return ""
	}
	return args[0]
}

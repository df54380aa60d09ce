package main

import (
	"io"
	"os"
	"strings"

	"github.com/sirupsen/logrus"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
	"golang.org/x/crypto/ssh"

	"github.com/ixpush/ixpush/pkg/agent"
	"github.com/ixpush/ixpush/pkg/awsvpn"
	"github.com/ixpush/ixpush/pkg/ixcli"
	"github.com/ixpush/ixpush/pkg/plan"
	"github.com/ixpush/ixpush/pkg/session"
	"github.com/ixpush/ixpush/pkg/site"
)

// connFlags are how apply, verify and rollback reach the router. Each
// overrides the site file's field of the same meaning.
type connFlags struct {
	host, user                string
	port                      int
	passwordEnv, passwordFile string
	keyFile, knownHosts       string
	sshConfig                 string
	legacy                    []string
	acceptNewHostKey          bool
	forceConfig               bool
	transcript                string
	reveal                    bool
	logLevel, logFormat       string
}

func addConnFlags(fl *pflag.FlagSet, f *connFlags, force bool) {
	fl.StringVar(&f.host, "host", "", "router address or ~/.ssh/config alias (site: router.host)")
	fl.IntVar(&f.port, "port", 0, "SSH port (site: router.port; default 22)")
	fl.StringVar(&f.user, "user", "", "login user (site: router.user)")
	fl.StringVar(&f.passwordEnv, "password-env", "", "environment variable holding the password (site: router.password_env)")
	fl.StringVar(&f.passwordFile, "password-file", "", "file holding the password (site: router.password_file)")
	fl.StringVar(&f.keyFile, "key-file", "", "private key file (site: router.key_file; passphrase from $IXPUSH_KEY_PASSPHRASE)")
	fl.StringVar(&f.knownHosts, "known-hosts", "", "known_hosts file (site: router.known_hosts; default ~/.ssh/known_hosts)")
	fl.StringVar(&f.sshConfig, "ssh-config", "", "ssh_config file for host aliases (site: router.ssh_config; default ~/.ssh/config)")
	fl.StringArrayVar(&f.legacy, "legacy-algorithm", nil, "extra SSH algorithm KIND:NAME, KIND one of kex, cipher, mac, hostkey (repeatable)")
	fl.BoolVar(&f.acceptNewHostKey, "accept-new-host-key", false, "trust and record the host key of a router not yet in known_hosts")
	if force {
		fl.BoolVar(&f.forceConfig, "force-config", false, "take configuration mode from another session (svintr-config)")
	}
	fl.StringVar(&f.transcript, "transcript", "", "write the CLI session, timestamped and with secrets masked, to this file")
	fl.BoolVar(&f.reveal, "reveal-secrets", false, "show pre-shared keys and passwords in the transcript and output")
	fl.StringVar(&f.logLevel, "log-level", "warn", "log level: debug, info, warn, error")
	fl.StringVar(&f.logFormat, "log-format", "text", "log format: text or json")
}

// loadSite reads the site file (when given) and lays the changed flags over
// it. Bad input comes back as a usage error naming the field or flag.
func loadSite(cmd *cobra.Command, args []string, f *connFlags, needAWS bool) (*site.Site, error) {
	s := &site.Site{}
	if len(args) == 1 {
		var err error
		if s, err = site.Load(args[0]); err != nil {
			return nil, asUsage(err)
		}
	}
	fl := cmd.Flags()
	set := func(name string, dst *string, v string) {
		if fl.Changed(name) {
			*dst = v
		}
	}
	set("host", &s.Router.Host, f.host)
	set("user", &s.Router.User, f.user)
	set("password-env", &s.Router.PasswordEnv, f.passwordEnv)
	set("password-file", &s.Router.PasswordFile, f.passwordFile)
	set("key-file", &s.Router.KeyFile, f.keyFile)
	set("known-hosts", &s.Router.KnownHosts, f.knownHosts)
	set("ssh-config", &s.Router.SSHConfig, f.sshConfig)
	if fl.Changed("port") {
		if f.port < 1 || f.port > 65535 {
			return nil, usagef("--port %d: not a TCP port", f.port)
		}
		s.Router.Port = site.Port(f.port)
	}
	if fl.Changed("legacy-algorithm") {
		s.Router.LegacyAlgorithms = f.legacy
	}
	if fl.Lookup("aws") != nil {
		if fl.Changed("aws") {
			v, _ := fl.GetString("aws")
			s.AWS.File = v
		}
		if fl.Changed("aws-format") {
			v, _ := fl.GetString("aws-format")
			s.AWS.Format = v
		}
	}
	if fl.Lookup("vpc") != nil && fl.Changed("vpc") {
		s.VPC, _ = fl.GetStringArray("vpc")
	}
	if err := s.Validate(needAWS); err != nil {
		return nil, asUsage(err)
	}
	return s, nil
}

// legacyAlgorithms parses KIND:NAME entries.
func legacyAlgorithms(entries []string) (ssh.Algorithms, error) {
	var a ssh.Algorithms
	for _, e := range entries {
		kind, name, ok := strings.Cut(e, ":")
		if !ok || name == "" {
			return a, usagef("legacy algorithm %q: want KIND:NAME with KIND one of kex, cipher, mac, hostkey", e)
		}
		switch kind {
		case "kex":
			a.KeyExchanges = append(a.KeyExchanges, name)
		case "cipher":
			a.Ciphers = append(a.Ciphers, name)
		case "mac":
			a.MACs = append(a.MACs, name)
		case "hostkey":
			a.HostKeys = append(a.HostKeys, name)
		default:
			return a, usagef("legacy algorithm %q: KIND %q is not one of kex, cipher, mac, hostkey", e, kind)
		}
	}
	return a, nil
}

// newLogger builds the per-invocation logger; logrus colours only on a TTY.
func newLogger(w io.Writer, f *connFlags) (*logrus.Logger, error) {
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

// connector turns the site into an agent.Connector. The returned closer
// closes the transcript file.
func connector(s *site.Site, f *connFlags, log logrus.FieldLogger, getenv func(string) string) (agent.Connector, func() error, error) {
	password, err := s.Password(getenv)
	if err != nil {
		return nil, nil, asUsage(err)
	}
	// Encrypted keys, from the site or from ssh_config, read their passphrase from the environment.
	sopts := []session.DialOption{session.WithAcceptNewHostKey(f.acceptNewHostKey), session.WithPassphraseEnv("IXPUSH_KEY_PASSPHRASE")}
	shopts := []session.ShellOption{session.WithRevealSecrets(f.reveal)}
	if password != "" {
		sopts = append(sopts, session.WithPassword(password))
	}
	if s.Router.User != "" {
		sopts = append(sopts, session.WithUser(s.Router.User))
	}
	if s.Router.Port != 0 {
		sopts = append(sopts, session.WithPort(int(s.Router.Port)))
	}
	if s.Router.KeyFile != "" {
		sopts = append(sopts, session.WithKeyFiles(s.Resolve(s.Router.KeyFile)))
	}
	if s.Router.KnownHosts != "" {
		sopts = append(sopts, session.WithKnownHosts(s.Resolve(s.Router.KnownHosts)))
	}
	if s.Router.SSHConfig != "" {
		sopts = append(sopts, session.WithSSHConfig(s.Resolve(s.Router.SSHConfig)))
	}
	if len(s.Router.LegacyAlgorithms) > 0 {
		a, err := legacyAlgorithms(s.Router.LegacyAlgorithms)
		if err != nil {
			return nil, nil, err
		}
		sopts = append(sopts, session.WithLegacyAlgorithms(a))
	}
	closer := func() error { return nil }
	if f.transcript != "" {
		tf, err := os.OpenFile(f.transcript, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
		if err != nil {
			return nil, nil, usagef("--transcript: %w", err)
		}
		shopts = append(shopts, session.WithTranscript(tf))
		closer = tf.Close
	}
	copts := []ixcli.Option{ixcli.WithForceConfig(f.forceConfig), ixcli.WithLogger(log), ixcli.WithShellOptions(shopts...)}
	return agent.SSHConnector(s.Router.Host, sopts, copts), closer, nil
}

// fromSite fills every plan flag the user did not set from the site file, so
// flags win and the file supplies the rest.
func (f *planFlags) fromSite(fl *pflag.FlagSet, s *site.Site) {
	str := func(name string, dst *string, v string) {
		if !fl.Changed(name) && v != "" {
			*dst = v
		}
	}
	str("aws", &f.aws, s.Resolve(s.AWS.File))
	str("aws-format", &f.awsFormat, s.AWS.Format)
	str("wan-if", &f.wanIf, s.Plan.WANInterface)
	str("wan-ip", &f.wanIP, s.Plan.WANIP)
	str("tunnels", &f.tunnels, strings.Join(s.Plan.Tunnels, ","))
	str("crypto", &f.crypto, s.Plan.Crypto)
	str("nat", &f.nat, s.Plan.NAT)
	str("dpd", &f.dpd, s.Plan.DPD)
	str("mss", &f.mss, s.Plan.MSS)
	str("selectors", &f.selectors, s.Plan.Selectors)
	str("name-prefix", &f.namePrefix, s.Plan.NamePrefix)
	if !fl.Changed("lan") && len(s.LAN) > 0 {
		f.lan = s.LAN
	}
	if !fl.Changed("vpc") && len(s.VPC) > 0 {
		f.vpc = s.VPC
	}
}

// awsFormat parses the --aws-format value as a usage error.
func (f *planFlags) format() (awsvpn.Format, error) {
	format, err := awsvpn.ParseFormat(f.awsFormat)
	if err != nil {
		return format, usagef("--aws-format %q: want auto, cisco, xml or yaml", f.awsFormat)
	}
	return format, nil
}

// siteJob is what apply, verify and rollback share once flags and the site
// file are merged.
type siteJob struct {
	site     *site.Site
	connect  agent.Connector
	close    func() error
	planOpts []plan.Option
	conn     awsvpn.Connection
	log      *logrus.Logger
}

// prepareJob merges the site file and flags, reads the AWS configuration and
// builds the connector. Every problem is a usage error naming its source.
func prepareJob(a *app, cmd *cobra.Command, args []string, cf *connFlags, pf *planFlags) (*siteJob, error) {
	s, err := loadSite(cmd, args, cf, true)
	if err != nil {
		return nil, err
	}
	pf.fromSite(cmd.Flags(), s)
	opts, err := pf.toOptions()
	if err != nil {
		return nil, err
	}
	format, err := pf.format()
	if err != nil {
		return nil, err
	}
	conn, err := readAWS(a, pf.aws, format)
	if err != nil {
		return nil, err
	}
	log, err := newLogger(a.stderr, cf)
	if err != nil {
		return nil, err
	}
	connect, closer, err := connector(s, cf, log, os.Getenv)
	if err != nil {
		return nil, err
	}
	return &siteJob{site: s, connect: connect, close: closer, planOpts: opts, conn: conn, log: log}, nil
}

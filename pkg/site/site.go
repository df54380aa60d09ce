// Package site reads the YAML file that describes one site: how to reach the
// router, where the AWS VPN configuration comes from, the LAN and VPC prefixes
// and the planner's options. Command-line flags override any field (cmd/ixpush
// lays them over a loaded Site); this package reads, validates and turns the
// merged Site into plan and session options, so every value syntax (DPD,
// selectors, MSS, ...) is parsed here, and a bad value is a *FieldError that
// names its field.
//
// Secrets are never stored in the file itself: the router password comes from
// an environment variable or a file the site names, so a site file can be
// committed and shared.
package site

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strings"

	"go.yaml.in/yaml/v3"
)

// ErrInvalid is wrapped by every validation and decoding error so callers can
// map it to the usage exit code.
var ErrInvalid = errors.New("invalid site file")

// Site is one router and the VPN it should carry.
type Site struct {
	// Name labels the site in reports and backup file names; defaults to the
	// router host.
	Name   string   `yaml:"name" json:"name"`
	Router Router   `yaml:"router" json:"router"`
	AWS    AWS      `yaml:"aws" json:"aws"`
	LAN    []string `yaml:"lan" json:"lan"`
	VPC    []string `yaml:"vpc" json:"vpc"`
	Plan   Plan     `yaml:"plan" json:"plan"`
	// Timeout bounds a whole run (a duration: 90s, 5m); empty takes the
	// command's default (see RunTimeout).
	Timeout string `yaml:"timeout" json:"timeout,omitempty"`
	// ReadOnly: verify never enters configuration mode on this router
	// and answers from operation mode (as --read-only); for routers
	// whose operators forbid monitoring from taking the lock.
	ReadOnly bool `yaml:"read_only" json:"read_only,omitempty"`
}

// Router says how to reach and log in to the IX.
type Router struct {
	Host         string `yaml:"host" json:"host"` // address or ~/.ssh/config alias
	Port         Port   `yaml:"port" json:"port,omitempty"`
	User         string `yaml:"user" json:"user,omitempty"`
	PasswordEnv  string `yaml:"password_env" json:"password_env,omitempty"`
	PasswordFile string `yaml:"password_file" json:"password_file,omitempty"`
	// PasswordCommand is run with /bin/sh; its standard output is the
	// password (vault, op read, pass, a cloud secret manager). Never in
	// JSON: a command line may carry a token.
	PasswordCommand  string   `yaml:"password_command" json:"-"`
	KeyFile          string   `yaml:"key_file" json:"key_file,omitempty"`
	KnownHosts       string   `yaml:"known_hosts" json:"known_hosts,omitempty"`
	SSHConfig        string   `yaml:"ssh_config" json:"ssh_config,omitempty"`
	LegacyAlgorithms []string `yaml:"legacy_algorithms" json:"legacy_algorithms,omitempty"`
	// ConnectTimeout bounds TCP, the SSH handshake, login and the first
	// prompt; CommandTimeout the reply to one command line (durations;
	// empty takes session.DefaultConnectTimeout and
	// ixcli.DefaultCommandTimeout).
	ConnectTimeout string `yaml:"connect_timeout" json:"connect_timeout,omitempty"`
	CommandTimeout string `yaml:"command_timeout" json:"command_timeout,omitempty"`
	// AcceptNotices are '%' lines, each whole and literal, that this
	// router's firmware prints on valid input and the user has checked are
	// harmless: a push goes on past them (any other unknown '%' line stops
	// it; dialect.UnrecognisedAdvice).
	AcceptNotices []string `yaml:"accept_notices" json:"accept_notices,omitempty"`
}

// AWS names the source of the VPN connection's configuration.
type AWS struct {
	File            string `yaml:"file" json:"file,omitempty"`
	Format          string `yaml:"format" json:"format,omitempty"` // auto|cisco|xml|yaml
	VPNConnectionID string `yaml:"vpn_connection_id" json:"vpn_connection_id,omitempty"`
	// Region and Profile say where and as whom the AWS API is read
	// (aws.go); empty takes the SDK's chain (AWS_REGION, AWS_PROFILE).
	Region  string `yaml:"region" json:"region,omitempty"`
	Profile string `yaml:"profile" json:"profile,omitempty"`
}

// Plan carries the planner's site parameters; empty fields take the planner's
// defaults.
type Plan struct {
	WANInterface string   `yaml:"wan_interface" json:"wan_interface,omitempty"`
	WANIP        string   `yaml:"wan_ip" json:"wan_ip,omitempty"`
	Tunnels      []string `yaml:"tunnels" json:"tunnels,omitempty"`
	Crypto       string   `yaml:"crypto" json:"crypto,omitempty"`
	NAT          string   `yaml:"nat" json:"nat,omitempty"`
	DPD          string   `yaml:"dpd" json:"dpd,omitempty"`
	MSS          string   `yaml:"mss" json:"mss,omitempty"`
	Selectors    string   `yaml:"selectors" json:"selectors,omitempty"`
	// NamePrefix nil takes the planner's default; "" gives the seed's names.
	NamePrefix *string `yaml:"name_prefix" json:"name_prefix,omitempty"`
	// AllowOverlap lets a LAN prefix overlap a VPC prefix (plan.WithAllowOverlap).
	AllowOverlap bool `yaml:"allow_overlap" json:"allow_overlap,omitempty"`
}

// Load reads and decodes a site file. It does not validate: flags may still
// fill missing fields; call Validate after merging them. Relative paths in
// the file are made relative to the file's directory here, once, so a path a
// flag sets later stays relative to the working directory.
func Load(path string) (*Site, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrInvalid, err)
	}
	s, err := Decode(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if err := s.ResolvePaths(filepath.Dir(path)); err != nil {
		return nil, err
	}
	return s, nil
}

// ResolvePaths makes the site's relative paths relative to dir, the
// directory of the file they were read from (a site file, an inventory).
func (s *Site) ResolvePaths(dir string) error {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return fmt.Errorf("%w: %w", ErrInvalid, err)
	}
	for _, p := range []*string{&s.AWS.File, &s.Router.PasswordFile, &s.Router.KeyFile, &s.Router.KnownHosts, &s.Router.SSHConfig} {
		*p = resolve(abs, *p)
	}
	return nil
}

// Decode reads a site from YAML. Unknown keys are errors, named with the
// nearest valid key (checkKeys): a typo in a site file must not silently
// fall back to a default.
func Decode(r io.Reader) (*Site, error) {
	var doc yaml.Node
	if err := yaml.NewDecoder(r).Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, fmt.Errorf("%w: empty file", ErrInvalid)
		}
		return nil, fmt.Errorf("%w: %s", ErrInvalid, yamlMessage(err))
	}
	var s Site
	if len(doc.Content) == 0 {
		return nil, fmt.Errorf("%w: empty file", ErrInvalid)
	}
	if err := checkKeys(doc.Content[0], reflect.TypeFor[Site](), ""); err != nil {
		return nil, fmt.Errorf("%w: %w", ErrInvalid, err)
	}
	if err := doc.Content[0].Decode(&s); err != nil {
		return nil, fmt.Errorf("%w: %s", ErrInvalid, yamlMessage(err))
	}
	return &s, nil
}

// yamlMessage keeps yaml.v3's multi-line errors to one line; checkKeys
// has already worded the type errors it can foresee by their key.
func yamlMessage(err error) string {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	msg = strings.ReplaceAll(msg, "unmarshal errors:\n", "")
	return strings.Join(strings.Fields(msg), " ")
}

// resolve turns a path from a site file in dir into one usable from the
// current directory: relative paths are relative to dir, "~/" to $HOME.
func resolve(dir, p string) string {
	p = expandHome(p)
	if p == "" || p == "-" || filepath.IsAbs(p) { // - is stdin
		return p
	}
	return filepath.Join(dir, p)
}

// expandHome expands a leading "~/", which a shell leaves alone in
// --key-file=~/... and a YAML file never expands.
func expandHome(p string) string {
	if strings.HasPrefix(p, "~/") {
		if home, err := os.UserHomeDir(); err == nil {
			return filepath.Join(home, p[2:])
		}
	}
	return p
}

// Validate checks that the site is complete and well-formed, parsing every
// value the way PlanOptions and SessionOptions will and judging the planner
// options as plan.New will, so nothing about the site itself is left to be
// found after connecting to the router. needAWS is false for
// callers that never read the AWS configuration.
func (s *Site) Validate(needAWS bool) error {
	bad := func(field, format string, args ...any) error {
		return fmt.Errorf("%w: %s: %s", ErrInvalid, field, fmt.Sprintf(format, args...))
	}
	if err := s.checkLabels(); err != nil {
		return err
	}
	if strings.TrimSpace(s.Router.Host) == "" {
		return bad("router.host", "missing (an address or an ~/.ssh/config alias)")
	}
	if strings.ContainsAny(s.Router.Host, " \t\r\n") {
		return bad("router.host", "contains whitespace")
	}
	if n := countSet(s.Router.PasswordEnv, s.Router.PasswordFile, s.Router.PasswordCommand); n > 1 {
		return bad("router.password_env", "set one of password_env, password_file and password_command, not %d", n)
	}
	if needAWS {
		if err := s.CheckAWS(); err != nil {
			return err
		}
		if _, err := s.AWSFormat(); err != nil {
			return err
		}
	}
	if _, err := legacyAlgorithms(s.Router.LegacyAlgorithms); err != nil {
		return err
	}
	if _, err := s.timeouts(); err != nil {
		return err
	}
	if _, err := s.CLIOptions(); err != nil {
		return err
	}
	opts, err := s.PlanOptions()
	if err != nil {
		return err
	}
	return s.checkPlan(opts)
}

// Password returns the router password from the environment variable or
// file the site names, or from the command it names; empty when none is set (key or agent auth).
func (s *Site) Password(getenv func(string) string) (string, error) {
	switch {
	case s.Router.PasswordEnv != "":
		v := getenv(s.Router.PasswordEnv)
		if v == "" {
			return "", &UnsetError{Field: "router.password_env", Env: s.Router.PasswordEnv}
		}
		return v, nil
	case s.Router.PasswordFile != "":
		bad := func(reason string) error {
			return &FieldError{Field: "router.password_file", Value: s.Router.PasswordFile, Reason: reason}
		}
		data, err := os.ReadFile(expandHome(s.Router.PasswordFile))
		var pe *fs.PathError
		switch {
		case errors.As(err, &pe):
			return "", bad(pe.Err.Error())
		case err != nil:
			return "", bad(err.Error())
		}
		v := strings.TrimRight(string(data), "\r\n")
		if v == "" {
			return "", bad("empty file")
		}
		return v, nil
	case s.Router.PasswordCommand != "":
		return s.commandPassword()
	}
	return "", nil
}

func countSet(vals ...string) int {
	n := 0
	for _, v := range vals {
		if v != "" {
			n++
		}
	}
	return n
}

// Label names the site in reports and backup files.
func (s *Site) Label() string {
	if s.Name != "" {
		return s.Name
	}
	return s.Router.Host
}

// Port is a TCP port; decoding names the field, as yaml.v3's own type errors
// only give a line number.
type Port int

// UnmarshalYAML accepts 1–65535.
func (p *Port) UnmarshalYAML(n *yaml.Node) error {
	var v int
	if err := n.Decode(&v); err != nil || v < 1 || v > 65535 {
		return fmt.Errorf("router.port: %q is not a TCP port (1-65535)", n.Value)
	}
	*p = Port(v)
	return nil
}

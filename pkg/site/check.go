package site

import (
	"errors"
	"fmt"
	"os"
	"strconv"
	"unicode"
	"unicode/utf8"

	"github.com/ixpush/ixpush/pkg/plan"
)

// hasControl reports whether v holds a character a terminal may act on
// (C0 and C1 controls, DEL) or bytes that are not UTF-8. Labels and names
// never need one; printed raw, ESC and BEL would drive the terminal of
// whoever reads the report.
func hasControl(v string) bool {
	for _, r := range v {
		if unicode.IsControl(r) || r == utf8.RuneError {
			return true
		}
	}
	return false
}

// checkLabels refuses control characters in the fields that label the site
// or are typed on its behalf: they reach reports, backup file names, logs
// and the SSH login, and no real value holds one. Paths are left alone (a
// file name may hold anything); they are escaped where they are printed.
func (s *Site) checkLabels() error {
	for _, f := range []struct{ field, value string }{
		{"name", s.Name}, {"router.host", s.Router.Host}, {"router.user", s.Router.User},
		{"router.password_env", s.Router.PasswordEnv}, {"aws.vpn_connection_id", s.AWS.VPNConnectionID},
	} {
		if hasControl(f.value) {
			return &FieldError{Field: f.field, Value: f.value, Reason: "contains a control character"}
		}
	}
	return nil
}

// checkPlan judges the planner options as plan.New will, so a bad value is
// refused before anything connects to the router, naming the site field.
func (s *Site) checkPlan(opts []plan.Option) error {
	err := plan.CheckOptions(opts...)
	var oe *plan.OptionError
	if !errors.As(err, &oe) {
		return err
	}
	p := s.Plan
	lists := map[string]struct {
		field string
		vals  []string
	}{
		plan.OptLAN: {"lan", s.LAN}, plan.OptVPC: {"vpc", s.VPC}, plan.OptTunnelInterfaces: {"plan.tunnels", p.Tunnels},
	}
	scalars := map[string]struct{ field, value string }{
		plan.OptWANInterface: {"plan.wan_interface", p.WANInterface}, plan.OptWANIP: {"plan.wan_ip", p.WANIP},
		plan.OptCrypto: {"plan.crypto", p.Crypto}, plan.OptNAT: {"plan.nat", p.NAT}, plan.OptDPD: {"plan.dpd", p.DPD},
		plan.OptMSS: {"plan.mss", p.MSS}, plan.OptSelectors: {"plan.selectors", p.Selectors},
	}
	if p.NamePrefix != nil {
		scalars[plan.OptNamePrefix] = struct{ field, value string }{"plan.name_prefix", *p.NamePrefix}
	}
	if l, ok := lists[oe.Option]; ok {
		if oe.Index >= 0 && oe.Index < len(l.vals) {
			return &FieldError{Field: l.field, Index: oe.Index, List: true, Value: l.vals[oe.Index], Reason: oe.Msg}
		}
		return &FieldError{Field: l.field, Value: strconv.Itoa(len(l.vals)) + " entries", Reason: oe.Msg}
	}
	if f, ok := scalars[oe.Option]; ok {
		return &FieldError{Field: f.field, Value: f.value, Reason: oe.Msg}
	}
	return fmt.Errorf("%w: %w", ErrInvalid, err)
}

// Warnings are findings about the site that do not stop it: a password
// file others may read. Callers print them before they act.
func (s *Site) Warnings() []string {
	var w []string
	if f := s.Router.PasswordFile; f != "" && f != "-" {
		// A file that cannot be read is Password's error, not a warning.
		if fi, err := os.Stat(expandHome(f)); err == nil && fi.Mode().Perm()&0o077 != 0 {
			w = append(w, fmt.Sprintf("router.password_file %s has mode %04o: others on this machine can read the router password (chmod 600 it)",
				strconv.Quote(f), fi.Mode().Perm()))
		}
	}
	return w
}

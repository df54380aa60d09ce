package awsapi

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/ixpush/ixpush/pkg/plan"
)

// refusal is the first parameter of a profile one tunnel does not accept.
type refusal struct {
	tunnel  TunnelOptions
	param   string // the API's name: Phase1EncryptionAlgorithms
	want    string
	allowed []string
}

func (r refusal) String() string {
	return fmt.Sprintf("tunnel %s: %s allows %s, not %s", r.tunnel.OutsideIP, r.param, strings.Join(r.allowed, ", "), r.want)
}

// refuses returns the first parameter of p that t does not accept, if any.
func refuses(t TunnelOptions, p plan.Profile) (refusal, bool) {
	ints := func(v []int) []string {
		out := make([]string, len(v))
		for i, n := range v {
			out[i] = strconv.Itoa(n)
		}
		return out
	}
	checks := []struct {
		param   string
		want    string
		allowed []string
	}{
		{"Phase1EncryptionAlgorithms", p.AWSEncryption, t.Phase1Encryption},
		{"Phase1IntegrityAlgorithms", p.AWSIntegrity, t.Phase1Integrity},
		{"Phase1DHGroupNumbers", strconv.Itoa(p.AWSDHGroup), ints(t.Phase1DHGroups)},
		{"Phase2EncryptionAlgorithms", p.AWSEncryption, t.Phase2Encryption},
		{"Phase2IntegrityAlgorithms", p.AWSIntegrity, t.Phase2Integrity},
		{"Phase2DHGroupNumbers", strconv.Itoa(p.AWSDHGroup), ints(t.Phase2DHGroups)},
	}
	for _, c := range checks {
		if len(c.allowed) > 0 && !slices.Contains(c.allowed, c.want) {
			return refusal{tunnel: t, param: c.param, want: c.want, allowed: c.allowed}, true
		}
	}
	return refusal{}, false
}

// ChooseCrypto picks the crypto profile for the connection from what AWS
// accepts on each tunnel. With want empty it is the strongest profile the
// planner has that both tunnels accept; with want set it is want, if both
// accept it. The error names the tunnel and the parameter that refuses.
// The warnings are differences that do not stop the tunnels (lifetimes).
func (s *Snapshot) ChooseCrypto(want plan.Crypto) (plan.Crypto, []string, error) {
	for _, t := range s.Tunnels {
		if len(t.IKEVersions) > 0 && !slices.Contains(t.IKEVersions, "ikev1") {
			return "", nil, fmt.Errorf("%w: VPN connection %s: tunnel %s: IkeVersions allows %s, not ikev1, which ixpush configures: add ikev1 to the tunnel options",
				ErrInput, s.VPNConnectionID, t.OutsideIP, strings.Join(t.IKEVersions, ", "))
		}
	}
	if want != "" {
		p, ok := plan.ProfileOf(want)
		if !ok {
			return "", nil, fmt.Errorf("%w: crypto profile %q is not aws-default or strong", ErrInput, want)
		}
		if r, bad := s.refusedBy(p); bad {
			hint := "allow it in the tunnel options"
			if alt, _, err := s.ChooseCrypto(""); err == nil {
				hint = "use --crypto " + string(alt) + ", or allow it in the tunnel options"
			}
			return "", nil, fmt.Errorf("%w: VPN connection %s does not accept crypto %s: %s (%s)", ErrInput, s.VPNConnectionID, want, r, hint)
		}
		return want, s.lifetimeWarnings(p), nil
	}
	var why []string
	for _, p := range plan.Profiles() {
		r, bad := s.refusedBy(p)
		if !bad {
			return p.Name, s.lifetimeWarnings(p), nil
		}
		why = append(why, fmt.Sprintf("%s: %s", p.Name, r))
	}
	return "", nil, fmt.Errorf("%w: VPN connection %s accepts no crypto profile ixpush can configure on the IX (%s): allow AES128 or AES256, SHA1 or SHA2-256, and DH group 2 or 14 on both tunnels",
		ErrInput, s.VPNConnectionID, strings.Join(why, "; "))
}

func (s *Snapshot) refusedBy(p plan.Profile) (refusal, bool) {
	for _, t := range s.Tunnels {
		if r, bad := refuses(t, p); bad {
			return r, true
		}
	}
	return refusal{}, false
}

// lifetimeWarnings notes AWS lifetimes shorter than the profile's: the
// tunnel still comes up, AWS simply rekeys first.
func (s *Snapshot) lifetimeWarnings(p plan.Profile) []string {
	var out []string
	for _, t := range s.Tunnels {
		if t.Phase1Lifetime > 0 && t.Phase1Lifetime < p.IKELifetime {
			out = append(out, fmt.Sprintf("tunnel %s: AWS's phase 1 lifetime is %d s, shorter than the %d s the IX proposes: AWS rekeys first", t.OutsideIP, t.Phase1Lifetime, p.IKELifetime))
		}
		if t.Phase2Lifetime > 0 && t.Phase2Lifetime < p.ESPLifetime {
			out = append(out, fmt.Sprintf("tunnel %s: AWS's phase 2 lifetime is %d s, shorter than the %d s the IX proposes: AWS rekeys first", t.OutsideIP, t.Phase2Lifetime, p.ESPLifetime))
		}
	}
	return out
}

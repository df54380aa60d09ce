package scenario

import (
	"slices"
	"time"
)

// Faults are the misbehaviours a reliability test asks of the router; each
// is also an ixsim option, which wins over the scenario.
type Faults struct {
	// Latency delays every chunk to and from the client, ± Jitter.
	Latency time.Duration `yaml:"latency,omitempty"`
	Jitter  time.Duration `yaml:"jitter,omitempty"`
	// SlowOutputBPS caps the router's output rate (bytes per second).
	SlowOutputBPS int `yaml:"slow_output_bps,omitempty"`
	// DropAfter cuts the connection after the n-th command line (once).
	DropAfter int `yaml:"drop_after,omitempty"`
	// DropAt cuts it at a named point: login, banner, configure, write, show.
	DropAt string `yaml:"drop_at,omitempty"`
	// GarbageBanner is printed before the banner and first prompt.
	GarbageBanner string `yaml:"garbage_banner,omitempty"`
	// ForcedPager pages output even after `terminal length 0`.
	ForcedPager bool `yaml:"forced_pager,omitempty"`
	// ConfigHeld starts with configuration mode held by another session.
	ConfigHeld bool `yaml:"config_held,omitempty"`
	// OccupiedText replaces the "% CONFIG process is occupied." lines.
	OccupiedText []string `yaml:"occupied_text,omitempty"`
	// FlatShow renders show output flush left, as the seed's copy.
	FlatShow bool `yaml:"flat_show,omitempty"`
}

// DropPoints are the valid faults.drop_at values.
var DropPoints = []string{"login", "banner", "configure", "write", "show"}

func (f *Faults) validate() error {
	switch {
	case f.Latency < 0:
		return fieldErr("faults.latency", "must not be negative")
	case f.Jitter < 0 || f.Jitter > f.Latency:
		return fieldErr("faults.jitter", "must be between 0 and faults.latency")
	case f.SlowOutputBPS < 0:
		return fieldErr("faults.slow_output_bps", "must not be negative")
	case f.DropAfter < 0:
		return fieldErr("faults.drop_after", "must not be negative")
	case f.DropAt != "" && !slices.Contains(DropPoints, f.DropAt):
		return fieldErr("faults.drop_at", "%q is not one of login, banner, configure, write, show", f.DropAt)
	}
	return nil
}

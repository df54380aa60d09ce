package main

import (
	"fmt"
	"io"
	"os"
	"time"

	"golang.org/x/term"

	"github.com/ixpush/ixpush/pkg/agent"
)

// soakFlag is apply's --soak: a duration, or "hold" (the default) for the
// plan's BGP hold time.
type soakFlag struct {
	d   time.Duration
	set bool // a duration was given
}

const soakHold = "hold"

func (f *soakFlag) String() string {
	if !f.set {
		return soakHold
	}
	return f.d.String()
}

func (f *soakFlag) Set(s string) error {
	if s == soakHold {
		*f = soakFlag{}
		return nil
	}
	d, err := time.ParseDuration(s)
	if err != nil || d < 0 {
		return fmt.Errorf("want a duration such as 30s (0 for none) or %q", soakHold)
	}
	*f = soakFlag{d: d, set: true}
	return nil
}

func (f *soakFlag) Type() string { return "duration" }

func (f *soakFlag) option() agent.Option {
	if f.set {
		return agent.WithSoak(f.d)
	}
	return agent.WithPlanSoak()
}

const soakUsage = `keep the change only after health held this long without a break ("hold": the plan's BGP hold time, 30s for AWS; 0: keep it at the first healthy poll)`

// waitUsage says how --wait's default was chosen.
const waitUsage = "how long to wait for the tunnels and BGP to come up; the default is two two-minute BGP bring-ups, so one failed attempt still fits (the soak comes on top)"

// liveProgress shows apply's poll heartbeat as one live line when stderr
// is a terminal.
func liveProgress(w io.Writer) []agent.Option {
	if f, ok := w.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		return []agent.Option{agent.WithLiveProgress(w)}
	}
	return nil
}

package agent

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/ixpush/ixpush/pkg/health"
	"github.com/ixpush/ixpush/pkg/showparse"
)

// observed is one show a verification reads and the parser that stores its
// value.
type observed struct {
	cmd   string
	parse func(io.Reader) error
	// blankOK: output of blanks leaves the zero value instead of being a
	// parse error. A router without `router bgp` may print nothing at all
	// for the BGP shows: no table, no neighbours; the judgement reports it.
	blankOK bool
}

func observe[T any](s showparse.Show[T], dst *T, blankOK bool) observed {
	return observed{cmd: s.Command, blankOK: blankOK, parse: func(r io.Reader) (err error) {
		*dst, err = s.Parse(r)
		return err
	}}
}

// shows are what a verification reads into obs, in this order. The IX only
// shows IKE and IPsec state in configuration mode (ix-cli.md §5).
func shows(obs *health.Observation) []observed {
	obs.Summary = new(showparse.BGPSummary)
	return []observed{
		observe(showparse.ShowIKESA, &obs.IKE, false),
		observe(showparse.ShowIPsecSA, &obs.IPsec, false),
		observe(showparse.ShowBGP, &obs.BGP, true),
		observe(showparse.ShowBGPSummary, obs.Summary, true),
	}
}

// Observe runs the verification shows on a prepared device and parses them.
func Observe(ctx context.Context, dev Device) (health.Observation, error) {
	var obs health.Observation
	list := shows(&obs)
	cmds := make([]string, len(list))
	for i, s := range list {
		cmds[i] = s.cmd
	}
	outs, err := dev.ShowAll(ctx, cmds...)
	if err != nil {
		return obs, fmt.Errorf("reading %s: %w", strings.Join(cmds, ", "), err)
	}
	for i, s := range list {
		if s.blankOK && strings.TrimSpace(outs[i]) == "" {
			continue
		}
		if err := s.parse(strings.NewReader(outs[i])); err != nil {
			return obs, fmt.Errorf("%s: %w", s.cmd, err)
		}
	}
	return obs, nil
}

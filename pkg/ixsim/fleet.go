package ixsim

import (
	"fmt"

	"github.com/ixpush/ixpush/pkg/ixsim/scenario"
)

// NewFleet boots n independent routers from one scenario. They share one
// host key (the given one or a generated one: generating a 2048-bit RSA key
// per router would dominate start-up for large fleets) and the grammar, and
// nothing else.
func NewFleet(sc *scenario.Scenario, n int, opts ...Option) ([]*Sim, error) {
	if n < 1 {
		return nil, invalidf("ixsim: fleet of %d routers: need at least one", n)
	}
	probe := defaultOptions()
	for _, opt := range opts {
		opt(&probe)
	}
	if probe.hostKey == nil {
		k, err := GenerateHostKey()
		if err != nil {
			return nil, err
		}
		opts = append([]Option{WithHostKey(k)}, opts...)
	}
	sims := make([]*Sim, n)
	for i := range sims {
		s, err := New(sc, opts...)
		if err != nil {
			return nil, fmt.Errorf("router %d: %w", i+1, err)
		}
		sims[i] = s
	}
	return sims, nil
}

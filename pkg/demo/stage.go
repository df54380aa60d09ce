package demo

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/ixpush/ixpush/pkg/agent"
	"github.com/ixpush/ixpush/pkg/awsvpn"
	"github.com/ixpush/ixpush/pkg/backup"
	"github.com/ixpush/ixpush/pkg/ixsim"
	"github.com/ixpush/ixpush/pkg/ixsim/scenario"
)

// stage is what every demo story runs on: the simulated router on the
// demo's scaled timeline, a connector to it, and a state directory
// (known_hosts, backups, the change journal) that is the demo's alone, so
// that it leaves nothing behind.
type stage struct {
	router  *ixsim.Loopback
	connect agent.Connector
	store   *backup.Store
	conn    awsvpn.Connection
	close   func()
}

func setStage(ctx context.Context, o options, sc *scenario.Scenario, sim ...ixsim.Option) (*stage, error) {
	router, err := ixsim.StartLoopback(ctx, sc, append([]ixsim.Option{ixsim.WithLatency(o.latency, 0), ixsim.WithTimeScale(TimeScale)}, sim...)...)
	if err != nil {
		return nil, err
	}
	dir, err := os.MkdirTemp("", "ixpush-demo-")
	if err != nil {
		router.Close()
		return nil, err
	}
	st := &stage{router: router, close: func() { router.Close(); os.RemoveAll(dir) }}
	if st.connect, err = connector(router, filepath.Join(dir, "known_hosts"), o.transcript); err == nil {
		st.store, err = backup.Open(filepath.Join(dir, "backups"))
	}
	if err == nil {
		if st.conn, err = awsvpn.Parse(strings.NewReader(scenario.SeedAWSCisco), awsvpn.FormatAuto); err != nil {
			err = fmt.Errorf("embedded seed AWS sample: %w", err)
		}
	}
	if err != nil {
		st.close()
		return nil, err
	}
	return st, nil
}

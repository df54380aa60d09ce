package ixcli

import (
	"time"

	"github.com/ixpush/ixpush/pkg/ixcli/dialect"
)

// DefaultCommandTimeout bounds the reply to one command line when
// WithCommandTimeout is not given: an IX answers a configuration line or a
// status show in well under a second, even across continents.
const DefaultCommandTimeout = 30 * time.Second

// The commands whose reply grows with the configuration: the two config
// shows print it, and write memory writes it to flash. Their timeout is
//
//	SlowCommandFactor × the command timeout
//	+ 1 s per SlowCommandBytesPerSecond of the largest configuration read so far
//
// The fixed part covers flash writes and a config the client has not read
// yet; the size part assumes 32 KiB/s, far below any SSH path or flash, so
// a 60 MB configuration gets about half an hour on top and a normal one
// (tens of KiB) a second or two.
const (
	SlowCommandFactor         = 4
	SlowCommandBytesPerSecond = 32 << 10
)

var slowCommands = map[string]bool{
	dialect.ShowRunningConfig.Command: true,
	dialect.ShowStartupConfig.Command: true,
	dialect.CmdSave:                   true,
}

// WithCommandTimeout bounds the reply to one command line: its echo, its
// output and the prompt after it (default DefaultCommandTimeout). The
// configuration shows and write memory get more; see SlowCommandFactor.
// Running out is a *session.TimeoutError naming the line and the bound.
func WithCommandTimeout(d time.Duration) Option { return func(o *options) { o.command = d } }

// commandTimeout is the bound on the reply to line (session asks it for
// every line it sends).
func (c *Client) commandTimeout(line string) time.Duration {
	if !slowCommands[line] {
		return c.o.command
	}
	return SlowCommandFactor*c.o.command + time.Duration(c.configBytes/SlowCommandBytesPerSecond)*time.Second
}

// noteConfig remembers the size of a configuration the router printed.
func (c *Client) noteConfig(cmd, output string) {
	if cmd == dialect.ShowRunningConfig.Command || cmd == dialect.ShowStartupConfig.Command {
		c.configBytes = max(c.configBytes, len(output))
	}
}

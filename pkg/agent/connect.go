package agent

import (
	"context"

	"github.com/ixpush/ixpush/pkg/ixcli"
	"github.com/ixpush/ixpush/pkg/session"
)

// SSHConnector dials spec ("[user@]host[:port]" or an ssh_config alias)
// with the dial options and opens the IX CLI on it (shell options reach
// the shell through ixcli.WithShellOptions).
func SSHConnector(spec string, dialOpts []session.DialOption, cliOpts []ixcli.Option) Connector {
	return func(ctx context.Context) (Device, error) {
		conn, err := session.Dial(ctx, spec, dialOpts...)
		if err != nil {
			return nil, err
		}
		c, err := ixcli.Open(ctx, conn, cliOpts...)
		if err != nil {
			conn.Close()
			return nil, err
		}
		return c, nil
	}
}

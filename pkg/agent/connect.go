package agent

import (
	"context"

	"github.com/ixpush/ixpush/pkg/ixcli"
	"github.com/ixpush/ixpush/pkg/session"
)

// SSHConnector dials spec ("[user@]host[:port]" or an ssh_config alias)
// with the session options and opens the IX CLI on it.
func SSHConnector(spec string, sessionOpts []session.Option, cliOpts []ixcli.Option) Connector {
	return func(ctx context.Context) (Device, error) {
		conn, err := session.Dial(ctx, spec, sessionOpts...)
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

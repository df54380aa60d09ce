package ixcli_test

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/ixpush/ixpush/pkg/ixcli"
	"github.com/ixpush/ixpush/pkg/session"
)

// The whole flow on one router: dial, prepare, back up, push, verify, save
// only on success, leave.
func Example() {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	conn, err := session.Dial(ctx, "admin@r10.example:22", session.WithPassword("..."))
	if err != nil {
		// errors.Is(err, session.ErrHostKeyUnknown / ErrHostKeyChanged /
		// ErrAuth / ErrUnreachable / ErrNegotiation)
		fmt.Println(err)
		return
	}
	c, err := ixcli.Open(ctx, conn)
	if err != nil {
		fmt.Println(err)
		return
	}
	defer c.Close(ctx) // leaves config mode (frees the lock) and logs out
	if err := c.Prepare(ctx); err != nil {
		// ErrConfigLocked, ErrNotAdmin, ...
		fmt.Println(err)
		return
	}
	backup, _ := c.RunningConfig(ctx)
	_, err = c.Configure(ctx, []string{
		"ike proposal ike-prop encryption aes hash sha group 1024-bit",
		"interface Tunnel0.0",
		"  tunnel mode ipsec",
	})
	var pe *ixcli.PushError
	if errors.As(err, &pe) {
		// Roll back pe.Index and pe.SentAfter (and everything before).
		fmt.Println(pe, len(backup))
		return
	}
	outs, err := c.ShowAll(ctx, "show ike sa", "show ipsec sa", "show ip bgp")
	if err == nil && len(outs) == 3 {
		c.Save(ctx)
	}
}

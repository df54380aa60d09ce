// Command ixpush provisions and verifies AWS Site-to-Site VPN on NEC UNIVERGE IX
// routers over SSH. main only wires the process to run; everything else lives in pkg/.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

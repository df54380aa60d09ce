package agent

import (
	"errors"
	"fmt"
	"os"
	"time"

	"github.com/ixpush/ixpush/pkg/journal"
)

// ErrInFlight means the journal's unfinished change belongs to an ixpush run
// that is still alive; undoing it would pull the change from under that
// run (the config lock does not keep them apart under --force-config).
var ErrInFlight = errors.New("another ixpush run is changing this router")

// inFlightWindow bounds how long an unfinished entry can belong to a live
// run: longer than any run's own deadline (apply: --wait + its margin),
// so that a recycled process ID behind a journal left long ago does not
// block the router for good.
const inFlightWindow = 30 * time.Minute

// stillRunning reports whether the unfinished change in e was written by a
// process that is alive on this host and wrote it within inFlightWindow.
// A run in this process (tests that simulate a killed run) counts as dead:
// it has returned by the time the journal is read.
func stillRunning(e *journal.Entry, now time.Time) bool {
	host, err := os.Hostname()
	if err != nil || e.Host == "" || e.Host != host || e.PID <= 0 || e.PID == os.Getpid() {
		return false
	}
	if now.Sub(e.Updated()) > inFlightWindow {
		return false
	}
	return processAlive(e.PID)
}

// inFlightError is the refusal: nothing changed, and what to wait for.
func inFlightError(in *Interrupted) error {
	return fmt.Errorf("nothing changed: %w: %s is still running; wait for it to finish (its journal tells how it ended)", ErrInFlight, in)
}

package agent

import "fmt"

// A restore types only what the plan manages. When the router differs from
// the backup elsewhere too (a description, a device block, a user added
// since), that is most likely someone else's later edit: dropping it would
// undo work nobody asked ixpush to undo, and keeping it silently would let
// the operator believe the router is the backup again. So the restore keeps
// it and says so, line by line, with what to do either way.

// reportUnmanaged records and prints the drift of a restore that succeeded.
func reportUnmanaged(res *RestoreResult, o options, drift []string) {
	if len(drift) == 0 {
		return
	}
	res.Unmanaged = drift
	fmt.Fprintf(o.progress, "    warning: outside the sections ixpush manages, the router differs from the backup %s; ixpush left these lines as they are (likely someone's edit since the backup):\n", res.Backup)
	for _, l := range drift {
		fmt.Fprintf(o.progress, "      %s\n", l)
	}
	fmt.Fprintln(o.progress, "    to keep them, nothing to do; to return them to the backup, type in configure mode the '-' lines and 'no' before each '+' line (under its section line), then check show running-config and run write memory")
}

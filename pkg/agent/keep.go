package agent

import "fmt"

// keepRunning writes the running-config apply read before it types anything.
// A run that will type (the plan has commands, not a dry run) writes the
// backup that its journal entry, and so "rollback --backup latest", points
// to; a run that will type nothing writes a snapshot apart from the backups
// (backup.SnapshotDir), so that a dry run or a re-apply never leaves a
// post-change copy where a rollback target is looked for.
func keepRunning(res *ApplyResult, router, running string, o options) error {
	if o.dryRun || len(res.Plan.Commands) == 0 {
		path, err := o.store.Snapshot(router, o.now(), running)
		if err != nil {
			return err
		}
		res.Snapshot = path
		fmt.Fprintf(o.progress, "    snapshot (nothing to type, not a rollback target): %s\n", path)
		return nil
	}
	path, err := o.store.Save(router, o.now(), running)
	if err != nil {
		return err
	}
	res.Backup = path
	fmt.Fprintf(o.progress, "    backup: %s\n", path)
	return nil
}

package agent

// WithAbandonOnCancel makes Apply, once ctx is done, return at once as a
// process killed at that moment would: no rollback, no journal update, no
// logout. The journal keeps the step the run had reached, so the next run
// with the same state directory finds the unfinished change and undoes it
// to its backup. Off by default: a cancelled apply still rolls back within
// its own budget. It exists to show and test recovery from a dead process
// in-process (ixpush demo --break kill); the caller cuts the connection,
// as the operating system does for a dead process, or the session lingers
// until the router times it out.
func WithAbandonOnCancel(on bool) Option { return func(o *options) { o.noCleanup = on } }

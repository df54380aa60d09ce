package agent

import (
	"io"
	"time"

	"github.com/sirupsen/logrus"

	"github.com/ixpush/ixpush/pkg/backup"
	"github.com/ixpush/ixpush/pkg/health"
)

// Option configures a workflow.
type Option func(*options)

type options struct {
	wait    time.Duration
	poll    time.Duration
	require health.Status
	save    bool
	dryRun  bool
	// saveUnsaved lets a save persist edits others left unsaved.
	saveUnsaved bool
	// noCleanup (WithAbandonOnCancel): once ctx is done, apply returns
	// at once, as a killed process would — no rollback, no journal
	// update, no polite logout.
	noCleanup bool
	store     *backup.Store
	log       logrus.FieldLogger
	progress  io.Writer
	now       func() time.Time
	timeout   time.Duration // the whole run; 0: the workflow's default (deadlines.go)
	guard     guardOptions  // confirm-or-revert (confirm_options.go)
	readOnly  bool          // WithReadOnly (observe_operation.go)
	// soak (WithSoak) or, with planSoak, the plan's hold time (soak.go).
	soak      time.Duration
	planSoak  bool
	heartbeat time.Duration
	live      io.Writer // WithLiveProgress: a terminal for the heartbeat
}

func defaults() options {
	l := logrus.New()
	l.Out = io.Discard
	return options{
		wait:      DefaultWait,
		heartbeat: DefaultHeartbeat,
		poll:      3 * time.Second,
		require:   health.OK,
		save:      true,
		log:       l,
		progress:  io.Discard,
		now:       time.Now,
	}
}

func build(opts []Option) options {
	o := defaults()
	for _, opt := range opts {
		opt(&o)
	}
	return o
}

// WithWait bounds how long apply polls for health after pushing.
func WithWait(d time.Duration) Option { return func(o *options) { o.wait = d } }

// WithPollInterval sets the pause between health polls.
func WithPollInterval(d time.Duration) Option { return func(o *options) { o.poll = d } }

// WithRequire sets the health apply must reach to keep the change: OK by
// default, Degraded to accept a single tunnel.
func WithRequire(s health.Status) Option { return func(o *options) { o.require = s } }

// WithSave controls `write memory` after a healthy apply (on by default).
func WithSave(on bool) Option { return func(o *options) { o.save = on } }

// WithDryRun stops apply after planning: nothing is typed.
func WithDryRun(on bool) Option { return func(o *options) { o.dryRun = on } }

// WithBackupStore is where apply writes the running-config backup. Apply
// refuses to change a router without one.
func WithBackupStore(s *backup.Store) Option { return func(o *options) { o.store = s } }

// WithSaveUnsavedChanges lets apply go on, and save, when running-config
// differs from startup-config outside the sections ixpush manages: someone
// else's unsaved edits would be saved too. Off by default: apply stops
// before typing and shows the differing lines.
func WithSaveUnsavedChanges(on bool) Option { return func(o *options) { o.saveUnsaved = on } }

// WithLogger receives structured logs (never secrets).
func WithLogger(l logrus.FieldLogger) Option { return func(o *options) { o.log = l } }

// WithProgress receives one human line per step and per health poll.
func WithProgress(w io.Writer) Option { return func(o *options) { o.progress = w } }

// WithClock replaces time.Now (backup names in tests).
func WithClock(now func() time.Time) Option { return func(o *options) { o.now = now } }

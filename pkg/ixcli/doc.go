// Package ixcli drives the CLI of NEC UNIVERGE IX routers over a
// session.Shell. The operations (Prepare, Run, Show, RunningConfig,
// Configure, Save, Close) take a ctx first and report what the router
// printed as data (*CommandError), separate from transport failures.
//
// Every IX fact it acts on — prompts and modes, error and notice lines,
// secret keywords, the plan-line format, the lines typed on open and the
// command strings — comes from package dialect; ixcli holds only the
// conversation: pipelining, verification of each prompt, and its errors.
// Guessed facts ([G] in shared/docs/ix-cli.md) are never relied on to pass
// a push.
package ixcli

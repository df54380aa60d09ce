// Package ixcli drives the CLI of NEC UNIVERGE IX routers over a
// session.Shell. The dialect is data: the mode table (modes.go), the prompt
// pattern, the strings that mark a failed command (errors.go) and the
// pager. The operations (Prepare, Run, Show, RunningConfig, Configure, Save,
// Close) take a ctx first and report what the router printed as data
// (*CommandError), separate from transport failures.
//
// Facts come from shared/docs/ix-cli.md; guessed ones ([G] there) are kept
// loose or configurable, never relied on to pass a push.
package ixcli

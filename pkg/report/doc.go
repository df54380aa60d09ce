// Package report renders what ixpush did for people reading a terminal: the
// site drawing (both AWS endpoints, the tunnels and their state, the NAT, the
// IX's WAN side, the LAN), the one-line verdict of an apply with the health
// table above it, and the result of a rollback to a backup.
//
// It only formats values other packages computed (plan.Plan, health.Report,
// agent.ApplyResult, agent.RestoreResult), so the command line and a library
// user print the same text. Keys are shown only when the caller asks for it
// (reveal); nothing else here can print one, because the plan's own text is
// the only place a key could come from.
//
// The exact text is pinned by golden files under testdata (go test -update).
package report

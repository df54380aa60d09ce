package demo

import "github.com/ixpush/ixpush/pkg/agent"

// drawingLabel says what the drawing after apply shows, when that is not
// the router's state now: after a rollback it is the last health check
// before the change was taken back, and the tunnels it draws are gone
// (or, when the rollback was not proven, may be partly there). "" when
// the drawing is the current state.
func drawingLabel(res *agent.ApplyResult) string {
	switch res.Outcome {
	case agent.OutcomeRolledBack:
		return "The site at rollback time (the last health check before the rollback; the router no longer holds these tunnels):"
	case agent.OutcomeRollbackFailed:
		return "The site at rollback time (the last health check before the rollback, which could not be proven; the router may hold part of the change):"
	}
	return ""
}

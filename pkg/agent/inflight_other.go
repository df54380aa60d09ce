//go:build !unix

package agent

// processAlive cannot ask the system here: every journaled run counts as
// dead, as before the check existed.
func processAlive(int) bool { return false }

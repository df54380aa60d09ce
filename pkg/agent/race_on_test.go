//go:build race

package agent

// boundScale stretches the fault matrix's time bounds under the race
// detector, which slows every step several times over.
const boundScale = 3

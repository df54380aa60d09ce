//go:build !race

package agent

// boundScale stretches the fault matrix's time bounds (see race_on_test.go).
const boundScale = 1

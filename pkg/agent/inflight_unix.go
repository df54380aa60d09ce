//go:build unix

package agent

import (
	"errors"
	"syscall"
)

// processAlive asks the kernel with signal 0: no error, or EPERM (alive,
// owned by another user), means the process exists.
func processAlive(pid int) bool {
	err := syscall.Kill(pid, 0)
	return err == nil || errors.Is(err, syscall.EPERM)
}

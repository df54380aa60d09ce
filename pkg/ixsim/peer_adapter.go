package ixsim

import (
	"strings"

	"github.com/ixpush/ixpush/pkg/ixsim/peer"
)

// renderPeer renders a state show through the AWS peer model. A command the
// model refuses (an interface that does not exist) is reported as the IX
// reports an unknown word.
func (s *Sim) renderPeer(command string) string {
	style := peer.Indented
	if s.o.flatShow {
		style = peer.Flat
	}
	if command == "show interfaces" {
		// Every interface, in configuration order.
		s.mu.Lock()
		ifaces := s.cfg.sortedIfaces()
		s.mu.Unlock()
		var b strings.Builder
		for _, i := range ifaces {
			out, err := s.peer.Render(command+" "+i.name, s.now(), style)
			if err == nil {
				b.WriteString(out)
			}
		}
		return b.String()
	}
	out, err := s.peer.Render(command, s.now(), style)
	if err != nil {
		f := strings.Fields(command)
		return errInvalid(f[len(f)-1]).line
	}
	return out
}

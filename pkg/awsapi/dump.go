package awsapi

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"

	"github.com/ixpush/ixpush/pkg/awsvpn"
	"github.com/ixpush/ixpush/pkg/ixcli/dialect"
)

// dumpTunnel shadows TunnelOptions.PSK (a Secret, always masked in JSON)
// with text, so a dump can carry the key when the user asks for it.
type dumpTunnel struct {
	TunnelOptions
	PSK string `json:"psk"`
}

type dumpFile struct {
	Snapshot
	Tunnels []dumpTunnel `json:"tunnels"`
}

// WriteDump writes s as indented JSON for --aws-dump. Keys are masked
// unless reveal; the XML's are masked always (the tunnels hold them).
func WriteDump(w io.Writer, s *Snapshot, reveal bool) error {
	d := dumpFile{Snapshot: *s, Tunnels: make([]dumpTunnel, len(s.Tunnels))}
	d.XML = awsvpn.MaskXMLKeys(s.XML)
	d.KeysMasked = s.KeysMasked || !reveal
	for i, t := range s.Tunnels {
		d.Tunnels[i] = dumpTunnel{TunnelOptions: t, PSK: t.PSK.String()}
		if reveal && !s.KeysMasked {
			d.Tunnels[i].PSK = t.PSK.Reveal()
		}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false) // the XML stays readable in a support case
	return enc.Encode(d)
}

// maxDump bounds what ReadDump reads; a real dump is a few KiB.
const maxDump = 1 << 20

// IsDump reports whether b looks like a dump (a JSON object naming
// SnapshotKind), so --aws can take a dump beside the other formats.
func IsDump(b []byte) bool {
	var probe struct {
		Kind string `json:"kind"`
	}
	return json.Unmarshal(b, &probe) == nil && probe.Kind == SnapshotKind
}

// ReadDump reads a file WriteDump wrote. A dump written without
// --reveal-secrets comes back with KeysMasked set.
func ReadDump(r io.Reader) (*Snapshot, error) {
	b, err := io.ReadAll(io.LimitReader(r, maxDump+1))
	if err != nil {
		return nil, fmt.Errorf("%w: reading the dump: %w", ErrInput, err)
	}
	if len(b) > maxDump {
		return nil, fmt.Errorf("%w: dump larger than %d bytes", ErrInput, maxDump)
	}
	var d dumpFile
	if err := json.Unmarshal(b, &d); err != nil {
		var se *json.SyntaxError
		if errors.As(err, &se) {
			return nil, fmt.Errorf("%w: the dump is not valid JSON (at byte %d)", ErrInput, se.Offset)
		}
		return nil, fmt.Errorf("%w: the dump does not have the snapshot's shape", ErrInput)
	}
	if d.Kind != SnapshotKind {
		return nil, fmt.Errorf("%w: not an ixpush AWS dump (kind %q, want %q)", ErrInput, d.Kind, SnapshotKind)
	}
	s := d.Snapshot
	s.Tunnels = make([]TunnelOptions, len(d.Tunnels))
	for i, t := range d.Tunnels {
		s.Tunnels[i] = t.TunnelOptions
		s.Tunnels[i].PSK = awsvpn.NewSecret(t.PSK)
		if t.PSK == dialect.Mask {
			s.KeysMasked = true
		}
	}
	return &s, nil
}

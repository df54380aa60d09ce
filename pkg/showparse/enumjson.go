package showparse

import (
	"encoding/json"
	"strings"
)

// The router prints session states in its own casing (ESTABLISHED,
// OPENCONFIRM, "State is established"); JSON consumers match on one casing
// for every enumerated value ixpush prints: lower case, words joined by
// hyphens. The Go values keep the router's spelling, which is what the
// parsers compare with and what the text tables show.

// bgpStateWords splits the router's run-together state names.
var bgpStateWords = map[BGPState]string{
	BGPOpenSent:    "open-sent",
	BGPOpenConfirm: "open-confirm",
}

// JSONName is the state as JSON prints it.
func (s BGPState) JSONName() string {
	if w, ok := bgpStateWords[s]; ok {
		return w
	}
	return EnumName(string(s))
}

// MarshalJSON writes [BGPState.JSONName].
func (s BGPState) MarshalJSON() ([]byte, error) { return json.Marshal(s.JSONName()) }

// JSONName is the state as JSON prints it.
func (s IKEState) JSONName() string { return EnumName(string(s)) }

// MarshalJSON writes [IKEState.JSONName].
func (s IKEState) MarshalJSON() ([]byte, error) { return json.Marshal(s.JSONName()) }

// EnumName is s in the JSON casing of enumerated values: lower case, runs
// of spaces, underscores and hyphens as one hyphen, none at either end.
func EnumName(s string) string {
	f := strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return r == ' ' || r == '_' || r == '-' || r == '\t' })
	return strings.Join(f, "-")
}

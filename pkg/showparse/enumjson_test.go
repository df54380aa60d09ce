package showparse

import (
	"encoding/json"
	"testing"
)

func TestEnumJSON(t *testing.T) {
	tests := []struct {
		name string
		v    any
		want string
	}{
		{"bgp established", BGPEstablished, `"established"`},
		{"bgp idle", BGPIdle, `"idle"`},
		{"bgp open sent", BGPOpenSent, `"open-sent"`},
		{"bgp open confirm", BGPOpenConfirm, `"open-confirm"`},
		{"bgp with a space", BGPState("not configured"), `"not-configured"`},
		{"ike established", IKEEstablished, `"established"`},
		{"ike phrase", IKEState("  Under  Negotiation "), `"under-negotiation"`},
		{"in a struct", BGPNeighbor{Address: "169.254.30.57", State: BGPActive}, `{"address":"169.254.30.57","version":0,"remote_as":0,"msg_rcvd":0,"msg_sent":0,"up_down":"","state":"active"}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, err := json.Marshal(tt.v)
			if err != nil {
				t.Fatal(err)
			}
			if string(b) != tt.want {
				t.Errorf("got %s, want %s", b, tt.want)
			}
		})
	}
}

package health

import (
	"bytes"
	"encoding/json"
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ixpush/ixpush/internal/golden"
	"github.com/ixpush/ixpush/pkg/showparse"
)

func TestWriteTableGolden(t *testing.T) {
	seed := seedObservation(t)
	psk := deepCopy(seed)
	psk.IKE.SAs = []showparse.IKESA{psk.IKE.SAs[0], {RemoteAddress: "54.69.109.228", State: "negotiating", Ph1HashErr: 4}}
	psk.IPsec.Tunnels = psk.IPsec.Tunnels[:1]
	psk.Summary = summary("ESTABLISHED", "IDLE")
	cases := map[string]Report{
		"ok":       Judge(seedExpectation, seed),
		"degraded": Judge(seedExpectation, psk),
		"down":     Judge(seedExpectation, Observation{Summary: summary("IDLE", "IDLE")}),
		"unknown":  UnknownReport(seedExpectation, errors.New("config mode is occupied by another session")),
		"operation-ok": JudgeOperation(seedExpectation, OperationObservation{Routes: seedRoutes(t),
			Interfaces: map[string]*showparse.Interface{"Tunnel0.0": link("Tunnel0.0", "up"), "Tunnel1.0": link("Tunnel1.0", "up")}}),
		"operation-down": JudgeOperation(seedExpectation, OperationObservation{Routes: &showparse.RouteTable{},
			Interfaces: map[string]*showparse.Interface{"Tunnel0.0": link("Tunnel0.0", "down"), "Tunnel1.0": link("Tunnel1.0", "down")}}),
		"operation-no-routes": JudgeOperation(seedExpectation, OperationObservation{Unread: []string{"show ip route"},
			Interfaces: map[string]*showparse.Interface{"Tunnel0.0": link("Tunnel0.0", "up")}}),
	}
	for name, r := range cases {
		t.Run(name, func(t *testing.T) {
			var b bytes.Buffer
			if err := WriteTable(&b, r); err != nil {
				t.Fatal(err)
			}
			golden.Check(t, filepath.Join("testdata", name+".table.txt"), b.Bytes())
		})
	}
}

// TestUnknownIsNull: what was not read is null in JSON, never false or 0.
func TestUnknownIsNull(t *testing.T) {
	b, err := json.Marshal(UnknownReport(seedExpectation, errors.New("authentication failed")))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`"link":null,"ike":null,"ipsec_in":null,"ipsec_out":null,"bgp":null,"best_paths":null,"up":null`, `"learned":null`, `"evidence":"none"`} {
		if !strings.Contains(string(b), want) {
			t.Errorf("JSON lacks %s:\n%s", want, b)
		}
	}
	if strings.Contains(string(b), `"up":false`) || strings.Contains(string(b), `"learned":false`) {
		t.Errorf("JSON says false about something not read:\n%s", b)
	}
}

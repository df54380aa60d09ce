package health

import (
	"bytes"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/ixpush/ixpush/pkg/showparse"
)

var update = flag.Bool("update", false, "rewrite golden files")

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
	}
	for name, r := range cases {
		t.Run(name, func(t *testing.T) {
			var b bytes.Buffer
			if err := WriteTable(&b, r); err != nil {
				t.Fatal(err)
			}
			path := filepath.Join("testdata", name+".table.txt")
			if *update {
				if err := os.MkdirAll("testdata", 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(string(want), b.String()); diff != "" {
				t.Errorf("table mismatch (-want +got), rerun with -update if intended:\n%s", diff)
			}
		})
	}
}

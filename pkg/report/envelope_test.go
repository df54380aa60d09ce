package report

import (
	"bytes"
	"encoding/json"
	"testing"
	"time"
)

func TestEnvelopeLine(t *testing.T) {
	start := time.Date(2026, 12, 3, 5, 0, 0, 0, time.FixedZone("JST", 9*3600))
	e := NewEnvelope("verify", "tokyo", "192.0.2.1", start).
		Finish(start.Add(1500*time.Millisecond), "down", map[string]int{"tunnels": 2}, &Failure{Message: "no route", Next: "ixpush verify tokyo.yaml"})
	var buf bytes.Buffer
	if err := WriteJSONLine(&buf, e); err != nil {
		t.Fatal(err)
	}
	want := `{"schema_version":1,"kind":"site","command":"verify","site":"tokyo","host":"192.0.2.1","started_at":"2026-12-02T20:00:00Z","duration_s":1.5,"outcome":"down","error":{"message":"no route","next":"ixpush verify tokyo.yaml"},"result":{"tunnels":2}}` + "\n"
	if got := buf.String(); got != want {
		t.Fatalf("line:\n got %s\nwant %s", got, want)
	}
	if bytes.Count(buf.Bytes(), []byte("\n")) != 1 {
		t.Fatal("a JSON line must be one line")
	}
	var back Envelope
	if err := json.Unmarshal(buf.Bytes(), &back); err != nil || back.SchemaVersion != SchemaVersion {
		t.Fatalf("round trip: %v %+v", err, back)
	}
}

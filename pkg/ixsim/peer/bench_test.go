package peer

import (
	"testing"
	"time"
)

// BenchmarkRenderSeed measures one show command against the seed's final
// configuration (each SSH command renders once).
func BenchmarkRenderSeed(b *testing.B) {
	m := New(seedScenario(b, nil), WithSeed(1))
	cfg := seedFinal(b)
	m.Update(cfg, t0)
	now := t0.Add(time.Hour)
	for b.Loop() {
		for _, c := range Commands() {
			if _, err := m.Render(c, now, Indented); err != nil {
				b.Fatal(err)
			}
		}
	}
}

// BenchmarkUpdateSeed measures reading the running-config after a change.
func BenchmarkUpdateSeed(b *testing.B) {
	m := New(seedScenario(b, nil), WithSeed(1))
	cfg := seedFinal(b)
	now := t0
	for b.Loop() {
		now = now.Add(time.Second)
		m.Update(cfg, now)
	}
}

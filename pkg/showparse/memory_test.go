package showparse

import (
	"io"
	"os"
	"runtime"
	"strings"
	"testing"
)

// bigRunningConfig repeats the indented fixture until it is about n bytes:
// a config of real line lengths and nesting.
func bigRunningConfig(tb testing.TB, n int) string {
	tb.Helper()
	in, err := os.ReadFile(fixturesDir + "/show-running-config/indented.txt")
	if err != nil {
		tb.Fatal(err)
	}
	return strings.Repeat(string(in), n/len(in)+1)
}

// allocated is the bytes f allocates, read from the runtime's counters.
func allocated(f func()) uint64 {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	f()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

// TestRunningConfigMemory bounds what a large running-config costs. Before
// the input was read once into a shared string and lines sliced from it, a
// 7 MiB config allocated 9.3 bytes per input byte (io.ReadAll growing by a
// quarter, a string copy, strings.Fields and Join on every line) and a
// 60 MB one was accepted at about 540 MB (1 GB of RSS in ixpush parse).
func TestRunningConfigMemory(t *testing.T) {
	in := bigRunningConfig(t, maxRunningConfig-(1<<20))
	var err error
	n := allocated(func() { _, err = ParseRunningConfig(strings.NewReader(in)) })
	if err != nil {
		t.Fatal(err)
	}
	if perByte := float64(n) / float64(len(in)); perByte > 5 {
		t.Errorf("parsing %d bytes allocated %d (%.1f per input byte), want at most 5", len(in), n, perByte)
	}

	huge := bigRunningConfig(t, 60<<20)
	for _, tc := range []struct {
		name string
		r    func() io.Reader
		max  uint64
	}{
		{"size known", func() io.Reader { return strings.NewReader(huge) }, 1 << 20},
		// A pipe: read up to the bound, the buffer doubling past it once.
		{"size unknown", func() io.Reader { return io.MultiReader(strings.NewReader(huge)) }, 5 * maxRunningConfig},
	} {
		n = allocated(func() { _, err = ParseRunningConfig(tc.r()) })
		if want := "cannot parse show output: running-config larger than 8 MiB"; err == nil || err.Error() != want {
			t.Errorf("60 MB running-config, %s: err = %v, want %q", tc.name, err, want)
		}
		if n > tc.max {
			t.Errorf("refusing a 60 MB running-config, %s, allocated %d bytes, want at most %d", tc.name, n, tc.max)
		}
	}
}

func BenchmarkParseRunningConfig(b *testing.B) {
	in := bigRunningConfig(b, 4<<20)
	b.ReportAllocs()
	b.SetBytes(int64(len(in)))
	for b.Loop() {
		if _, err := ParseRunningConfig(strings.NewReader(in)); err != nil {
			b.Fatal(err)
		}
	}
}

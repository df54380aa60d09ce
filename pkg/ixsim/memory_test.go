package ixsim_test

import (
	"context"
	"net"
	"runtime"
	"testing"

	"github.com/ixpush/ixpush/pkg/ixsim"
	"github.com/ixpush/ixpush/pkg/ixsim/ixsimtest"
	"github.com/ixpush/ixpush/pkg/ixsim/scenario"
)

func memInUse() (heap, stack uint64) {
	runtime.GC()
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapInuse, m.StackInuse
}

// BenchmarkIdleRouterHeap reports the heap one idle simulated router costs,
// serving SSH on its own loopback port with no session open (the --routers
// N case): heap and goroutine stack bytes per router. Hosting 1,000 in one process needs it well under
// a megabyte.
func BenchmarkIdleRouterHeap(b *testing.B) {
	sc, err := scenario.Builtin("seed")
	if err != nil {
		b.Fatal(err)
	}
	key := ixsimtest.HostKey(b)
	const routers = 200
	for b.Loop() {
		ctx, cancel := context.WithCancel(context.Background())
		heap0, stack0 := memInUse()
		sims, err := ixsim.NewFleet(sc, routers, ixsim.WithHostKey(key))
		if err != nil {
			b.Fatal(err)
		}
		done := make(chan error, routers)
		for _, s := range sims {
			ln, err := net.Listen("tcp", "127.0.0.1:0")
			if err != nil {
				b.Fatal(err)
			}
			go func() { done <- s.Serve(ctx, ln) }()
		}
		heap1, stack1 := memInUse()
		b.ReportMetric(float64(heap1-heap0)/routers, "heap-bytes/router")
		b.ReportMetric(float64(stack1-stack0)/routers, "stack-bytes/router")
		cancel()
		for range sims {
			<-done
		}
		runtime.KeepAlive(sims)
	}
}

// BenchmarkConfigLineOverSSH is one configuration line typed over SSH and
// answered with the next prompt: the simulator's per-command cost as the
// tool sees it.
func BenchmarkConfigLineOverSSH(b *testing.B) {
	r := ixsimtest.Start(b)
	tm := dial(b, r)
	tm.cmd("configure")
	for b.Loop() {
		tm.cmd("ip access-list bench permit ip src any dest any")
	}
}

package ixsim

import (
	"io"
	"math/rand/v2"
	"time"
)

// delay is the latency fault for one chunk: the base delay plus or minus up
// to jitter.
func (o *options) delay() time.Duration {
	if o.latency == 0 {
		return 0
	}
	d := o.latency
	if o.jitter > 0 {
		d += time.Duration(rand.Int64N(int64(2*o.jitter)+1)) - o.jitter
	}
	return d
}

// faultWriter applies latency and the slow-output rate to what the router
// writes.
type faultWriter struct {
	w io.Writer
	o *options
}

func (f faultWriter) Write(p []byte) (int, error) {
	if d := f.o.delay(); d > 0 {
		time.Sleep(d)
	}
	if f.o.slowBPS <= 0 {
		return f.w.Write(p)
	}
	// Write in 20 ms slices so the rate holds for short outputs too.
	chunk := max(f.o.slowBPS/50, 1)
	written := 0
	for written < len(p) {
		n := min(chunk, len(p)-written)
		m, err := f.w.Write(p[written : written+n])
		written += m
		if err != nil {
			return written, err
		}
		time.Sleep(time.Duration(n) * time.Second / time.Duration(f.o.slowBPS))
	}
	return written, nil
}

// faultReader delays what the router reads from the client.
type faultReader struct {
	r io.Reader
	o *options
}

func (f faultReader) Read(p []byte) (int, error) {
	n, err := f.r.Read(p)
	if n > 0 {
		if d := f.o.delay(); d > 0 {
			time.Sleep(d)
		}
	}
	return n, err
}

// wrapIO applies the configured faults to a session's streams.
func (o *options) wrapIO(r io.Reader, w io.Writer) (io.Reader, io.Writer) {
	if o.latency > 0 {
		r = faultReader{r, o}
	}
	if o.latency > 0 || o.slowBPS > 0 {
		w = faultWriter{w, o}
	}
	return r, w
}

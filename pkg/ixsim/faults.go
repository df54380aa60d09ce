package ixsim

import (
	"io"
	"math/rand/v2"
	"net"
	"sync"
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

// delayWriter is a delay line for what the router writes: each chunk
// reaches the client latency (± jitter) after it was written, in order, and
// the router does not wait for it — as on a real network path, where a reply
// of several chunks costs one latency, not one per chunk. Slow output paces
// the bytes on top.
type delayWriter struct {
	w      io.Writer
	o      *options
	bps    int // slow-output rate, 0 for none
	closed bool
	q      chan timedChunk
	done   chan struct{}
	mu     sync.Mutex
	last   time.Time
	err    error
	close  sync.Once
}

type timedChunk struct {
	due  time.Time
	data []byte
}

func newDelayWriter(w io.Writer, o *options, bps int) *delayWriter {
	d := &delayWriter{w: w, o: o, bps: bps, q: make(chan timedChunk, 4096), done: make(chan struct{})}
	go d.run()
	return d
}

func (d *delayWriter) Write(p []byte) (int, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.err != nil {
		return 0, d.err
	}
	if d.closed {
		return 0, io.ErrClosedPipe
	}
	due := time.Now().Add(d.o.delay())
	if due.Before(d.last) {
		due = d.last // jitter never reorders bytes
	}
	d.last = due
	d.q <- timedChunk{due: due, data: append([]byte(nil), p...)}
	return len(p), nil
}

func (d *delayWriter) run() {
	defer close(d.done)
	for c := range d.q {
		time.Sleep(time.Until(c.due))
		if err := d.pace(c.data); err != nil {
			d.mu.Lock()
			d.err = err
			d.mu.Unlock()
			for range d.q { // drain so writers never block
			}
			return
		}
	}
}

// pace writes p at the slow-output rate, in 20 ms slices so the rate holds
// for short outputs too.
func (d *delayWriter) pace(p []byte) error {
	if d.bps <= 0 {
		_, err := d.w.Write(p)
		return err
	}
	chunk := max(d.bps/50, 1)
	for len(p) > 0 {
		n := min(chunk, len(p))
		if _, err := d.w.Write(p[:n]); err != nil {
			return err
		}
		p = p[n:]
		time.Sleep(time.Duration(n) * time.Second / time.Duration(d.bps))
	}
	return nil
}

// Flush waits until everything written has been delivered (or failed).
func (d *delayWriter) Flush() {
	d.close.Do(func() {
		d.mu.Lock()
		d.closed = true
		close(d.q)
		d.mu.Unlock()
	})
	<-d.done
}

// delayReader is the delay line for what the client sends: a chunk becomes
// readable latency (± jitter) after it arrived.
type delayReader struct {
	o   *options
	q   chan timedChunk
	cur []byte
}

func newDelayReader(r io.Reader, o *options) *delayReader {
	d := &delayReader{o: o, q: make(chan timedChunk, 4096)}
	go func() {
		var last time.Time
		buf := make([]byte, 32*1024)
		for {
			n, err := r.Read(buf)
			if n > 0 {
				due := time.Now().Add(o.delay())
				if due.Before(last) {
					due = last
				}
				last = due
				d.q <- timedChunk{due: due, data: append([]byte(nil), buf[:n]...)}
			}
			if err != nil {
				d.q <- timedChunk{data: nil, due: time.Now().Add(o.delay())}
				close(d.q)
				return
			}
		}
	}()
	return d
}

func (d *delayReader) Read(p []byte) (int, error) {
	if len(d.cur) == 0 {
		c, ok := <-d.q
		if !ok || c.data == nil {
			if ok {
				time.Sleep(time.Until(c.due))
			}
			return 0, io.EOF
		}
		time.Sleep(time.Until(c.due))
		d.cur = c.data
	}
	n := copy(p, d.cur)
	d.cur = d.cur[n:]
	return n, nil
}

// wrapIO applies the configured faults to a session's streams; flush
// delivers what is still on the way before the session closes. netDelayed
// says the connection itself already carries the latency (SSH), so only the
// output rate is left to apply here.
func (o *options) wrapIO(r io.Reader, w io.Writer, netDelayed bool) (io.Reader, io.Writer, func()) {
	latency := o.latency > 0 && !netDelayed
	flush := func() {}
	if latency {
		r = newDelayReader(r, o)
	}
	if latency || o.slowBPS > 0 {
		dw := newDelayWriter(w, o, o.slowBPS)
		w, flush = dw, dw.Flush
	}
	return r, w, flush
}

// delayConn puts the latency on the whole connection, so the SSH handshake
// and authentication pay it too, as they do on a real path.
type delayConn struct {
	net.Conn
	r *delayReader
	w *delayWriter
}

func newDelayConn(c net.Conn, o *options) *delayConn {
	return &delayConn{Conn: c, r: newDelayReader(c, o), w: newDelayWriter(c, o, 0)}
}

func (c *delayConn) Read(p []byte) (int, error)  { return c.r.Read(p) }
func (c *delayConn) Write(p []byte) (int, error) { return c.w.Write(p) }

// Close delivers what is still on the way, then closes. A client that
// stopped reading cannot hold it up past twice the latency and a second.
func (c *delayConn) Close() error {
	done := make(chan struct{})
	go func() { c.w.Flush(); close(done) }()
	select {
	case <-done:
	case <-time.After(2*c.w.o.latency + time.Second):
	}
	return c.Conn.Close()
}

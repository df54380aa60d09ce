package showparse

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"strings"
)

// Input bounds. maxInput bounds what any parser reads: the largest real
// output (a hub's `show ipsec sa`) is a few MB. A running-config is bounded
// far lower: an IX stores at most 1 MiB of configuration (`show
// startup-config` says "Using … out of 1048576 bytes"), so a running-config
// many times that size is not one an IX printed, and parsing it would only
// cost memory.
const (
	maxInput         = 64 << 20
	maxRunningConfig = 8 << 20
)

// readChunk is the read size when the input's size is unknown.
const readChunk = 32 << 10

// readInput reads all of r, up to limit bytes, into one string that the
// parsed lines then share. It holds the input once: a size r can tell (a
// file's, a strings.Reader's) is allocated up front, or refused unread when
// it is over limit; otherwise the buffer doubles, so the bytes allocated stay
// within about twice the input (io.ReadAll grows by a quarter at a time,
// which costs five times the input, and its []byte is copied again into a
// string). what names the input in the error.
func readInput(r io.Reader, limit int, what string) (string, error) {
	var b strings.Builder
	switch n := sizeHint(r); {
	case n > limit:
		return "", inputErr("%s larger than %d MiB", what, limit>>20)
	case n > 0:
		b.Grow(n + 1) // +1: the read that finds EOF needs no room
	}
	lr := io.LimitReader(r, int64(limit)+1)
	buf := make([]byte, readChunk)
	for {
		n, err := lr.Read(buf)
		if n > 0 {
			// Grow doubles the capacity when it must grow; Write alone
			// would let append grow it by a quarter.
			b.Grow(n)
			b.Write(buf[:n])
		}
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return "", fmt.Errorf("reading show output: %w", err)
		}
	}
	if b.Len() > limit {
		return "", inputErr("%s larger than %d MiB", what, limit>>20)
	}
	return b.String(), nil
}

// sizeHint is the size r says it has, 0 when it cannot tell. It is only a
// hint: a file may be read from an offset, or grow meanwhile.
func sizeHint(r io.Reader) int {
	switch v := r.(type) {
	case interface{ Len() int }: // strings.Reader, bytes.Reader, bytes.Buffer
		return v.Len()
	case interface{ Stat() (fs.FileInfo, error) }: // *os.File
		if fi, err := v.Stat(); err == nil && fi.Mode().IsRegular() && fi.Size() < math.MaxInt32 {
			return int(fi.Size())
		}
	}
	return 0
}

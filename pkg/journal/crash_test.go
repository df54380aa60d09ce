package journal

import (
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// TestTornTempFileNeverReplacesTheJournal: a crash between writing the temp
// file and the rename leaves a torn temp file beside a good journal; the
// journal still loads, and the next Save replaces it cleanly.
func TestTornTempFileNeverReplacesTheJournal(t *testing.T) {
	s, err := Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	good := sample()
	if err := s.Save(good); err != nil {
		t.Fatal(err)
	}
	data, _ := Encode(good)
	torn := filepath.Join(s.Dir(), "."+name("R10")+".tmp123")
	if err := os.WriteFile(torn, data[:len(data)/3], 0o600); err != nil {
		t.Fatal(err)
	}
	if got, err := s.Load("R10"); err != nil || got.Step != StepVerifying {
		t.Fatalf("Load beside a torn temp file = %+v, %v", got, err)
	}
	good.Finish("applied", true, nil, nil, t0.Add(time.Minute))
	if err := s.Save(good); err != nil {
		t.Fatal(err)
	}
	if got, err := s.Load("R10"); err != nil || got.Step != StepDone {
		t.Fatalf("Load after the next Save = %+v, %v", got, err)
	}
}

// TestKilledWriterLeavesAWholeEntry kills (SIGKILL) a process that rewrites
// the journal as fast as it can, at random moments: whatever instant the
// process dies, the file that is left decodes to one of the entries it
// wrote, whole.
func TestKilledWriterLeavesAWholeEntry(t *testing.T) {
	if dir := os.Getenv("IXPUSH_JOURNAL_WRITER"); dir != "" {
		writeForever(dir)
		return
	}
	if testing.Short() {
		t.Skip("spawns processes")
	}
	for i := range 8 {
		dir := t.TempDir()
		cmd := exec.Command(os.Args[0], "-test.run=^TestKilledWriterLeavesAWholeEntry$")
		cmd.Env = append(os.Environ(), "IXPUSH_JOURNAL_WRITER="+dir)
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		// Wait for the first entry, then kill at a random moment.
		s := &Store{dir: dir}
		for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(time.Millisecond) {
			if _, err := os.Stat(s.Path("R10")); err == nil {
				break
			}
			if time.Now().After(deadline) {
				cmd.Process.Kill()
				t.Fatal("the writer never wrote a journal")
			}
		}
		time.Sleep(time.Duration(rand.IntN(30)) * time.Millisecond)
		if err := cmd.Process.Kill(); err != nil {
			t.Fatal(err)
		}
		cmd.Wait()
		e, err := s.Load("R10")
		if err != nil {
			t.Fatalf("run %d: after the kill: %v", i, err)
		}
		if !strings.HasPrefix(e.Error, "write ") {
			t.Errorf("run %d: entry %+v was not one the writer wrote", i, e)
		}
	}
}

// writeForever is the child of TestKilledWriterLeavesAWholeEntry.
func writeForever(dir string) {
	s, err := Open(dir)
	if err != nil {
		os.Exit(3)
	}
	for n := 0; ; n++ {
		e := sample()
		// Entries of different sizes, so a torn file could not pass for a
		// whole one.
		e.Rollback = append(e.Rollback, strings.Repeat("no ip route 10.0.0.0/8 null0\n", n%50))
		e.Finish("applied", true, fmt.Errorf("write %s", strconv.Itoa(n)), nil, t0)
		if err := s.Save(e); err != nil {
			os.Exit(4)
		}
	}
}

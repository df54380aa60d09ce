package report

import (
	"fmt"
	"io"

	"github.com/ixpush/ixpush/pkg/agent"
)

// UnfinishedNote is what verify prints above a site's health table when
// the router's journal holds an unfinished change (agent.ReadUnfinished):
// Change, nil for none, and Site, the site argument the user gave, which
// the next command repeats.
type UnfinishedNote struct {
	Change *agent.Unfinished
	Site   string
}

// WriteUnfinished prints n: a line with what the unfinished change had
// done, and one with the command that undoes or finishes it. Nothing when
// n holds no change.
func WriteUnfinished(w io.Writer, n UnfinishedNote) error {
	if n.Change == nil || n.Change.Interrupted == nil {
		return nil
	}
	_, err := fmt.Fprintf(w, "!!! the journal shows an %s; the router may hold part of it (the verdict is its health now)\nnext: %s%s\n\n",
		n.Change.Interrupted, NextCommand(n.Change.Next, n.Site), why(n.Change.Next.Why))
	return err
}

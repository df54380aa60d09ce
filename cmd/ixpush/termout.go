package main

import (
	"fmt"
	"io"

	"github.com/ixpush/ixpush/pkg/termsafe"
)

// Text for the terminal passes through termsafe: reports, warnings and the
// final error line carry file names, router output and values from input
// files, and a control character among them must show, not act. JSON needs
// nothing: the encoder escapes control characters itself.

// warn prints one warning line on stderr.
func warn(a *app, msg string) {
	fmt.Fprintf(a.stderr, "ixpush: warning: %s\n", termsafe.String(msg))
}

// writeText runs a text renderer on stdout.
func writeText(a *app, render func(io.Writer) error) error {
	w := termsafe.NewWriter(a.stdout)
	if err := render(w); err != nil {
		return err
	}
	return w.Flush()
}

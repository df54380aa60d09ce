// Package showparse turns the text NEC UNIVERGE IX routers print for `show`
// commands into typed values. Every parser is a pure function
// ParseX(r io.Reader) (X, error) with no I/O beyond reading r.
//
// All parsers accept both the indented, aligned output of a real router and
// the flattened copy published in the seed write-up (every line flush left,
// single spaces), and tolerate \r\n line ends, trailing spaces, a leading
// echoed command line ("R10(config)# show ike sa") and trailing prompt lines
// (see Clean). Input that is not the command's output is an error wrapping
// ErrParse that names the line; no parser returns a half-filled value.
//
// The IX facts the parsers rely on — the prompt of saved output, which lines
// open a sub-mode, which commands are global only, the secret keywords and
// the mask — come from package dialect (pkg/ixcli/dialect).
package showparse

// Package session dials SSH and drives an interactive shell on it. It
// knows SSH, terminals, prompts and echoes; it knows no particular device
// and no tool: the caller states the prompt, the pager, its secret words
// and its mask, and words any advice (a flag, a setting) from the Hint an
// error carries. No flag or environment variable is named here unless the
// caller names it (WithPassphraseEnv).
//
// Two concerns, two option types:
//
//   - Dial (dial.go, auth.go, hostkey.go, target.go; DialOption in
//     dial_options.go) resolves ~/.ssh/config aliases (HostName, Port, User,
//     IdentityFile, ProxyJump), checks the host key strictly against
//     known_hosts and authenticates with keys, ssh-agent, password or
//     keyboard-interactive.
//   - Conn.Shell (shell.go, screen.go, match.go, redact.go; ShellOption in
//     shell_options.go) opens a pty shell. WithPrompt is required, and
//     WithRedactor unless secrets are revealed. Shell.Exchange sends one
//     line and returns what came back before the next prompt;
//     Shell.Pipeline types several lines in one write and matches every
//     echo, output and prompt in order.
//
// The expect engine is github.com/google/goexpect, behind the small stream
// interface (stream.go: next, send, close); goexpect.go is the only file
// that imports it and holds every workaround it needs.
//
// The echo of each line is consumed, whatever way the device wraps it
// (compared with whitespace removed), and the prompt is only ever looked for
// at the start of the last line in the buffer, never by sleeping.
//
// A pager reads one key, and while lines are typed ahead that key is a byte
// of the next line: the shell then sends no key of its own and reports the
// damaged line as reordered input (ErrTypeahead), so a caller that pages
// should not type ahead. A call cut short leaves the shell out of step; the
// next call first reads through every line that call typed.
//
// Secrets (the words the caller's redactor masks in the lines sent, and
// the Dial password) are remembered and masked with the caller's mask
// wherever the device prints them back, also when it wraps an echo in the
// middle of one.
package session

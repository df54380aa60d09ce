// Package session dials SSH and drives an interactive shell with
// github.com/google/goexpect. It knows SSH, terminals and prompts, not any
// particular router: the caller supplies the prompt and pager patterns.
//
// Dial resolves ~/.ssh/config aliases (HostName, Port, User, IdentityFile,
// ProxyJump), checks the host key strictly against known_hosts and
// authenticates with keys, ssh-agent, password or keyboard-interactive.
// Conn.Shell opens a pty shell; Shell.Exchange sends one line and returns
// what came back before the next prompt; Shell.Pipeline types several lines
// in one write and matches every echo, output and prompt in order.
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
// Secrets (the words RedactLine and WithRedactor mask in the lines sent)
// are remembered and masked wherever the device prints them back, also
// when it wraps an echo in the middle of one.
package session

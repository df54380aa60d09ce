package ixcli

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/ixpush/ixpush/pkg/ixcli/dialect"
	"github.com/ixpush/ixpush/pkg/session"
)

// planned is one line to send, with where it came from.
type planned struct {
	index int    // in Configure's lines; -1 for the "configure" ixcli adds
	text  string // trimmed
	depth int    // indentation level (two spaces each)
	entry bool   // opens a sub-mode: the next line is one level deeper
}

// stanza is what one write carries: a run of global lines, or one block
// (an entry line with everything indented under it) followed by
// "configure" to return to global configuration unless another block
// comes next.
type stanza []planned

// stanzas splits planner output, in the plan-line format (dialect.Blocks),
// into what each write carries. Every bad line is an ErrBadLine (and, for
// the format, a dialect.ErrLineFormat).
func stanzas(lines []string) ([]stanza, error) {
	forest, err := dialect.Blocks(lines)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrBadLine, err)
	}
	var flat []planned
	var walk func(bs []dialect.Block, depth int) error
	walk = func(bs []dialect.Block, depth int) error {
		for _, b := range bs {
			if err := checkCommand(b.Text); err != nil {
				return fmt.Errorf("line %d: %w", b.Index+1, err)
			}
			// A known entry command with nothing under it still leaves the
			// router in the sub-mode: treat it as a block so "configure"
			// follows it.
			entry := len(b.Children) > 0 || depth == 0 && dialect.OpensSubMode(b.Text)
			flat = append(flat, planned{index: b.Index, text: b.Text, depth: depth, entry: entry})
			if err := walk(b.Children, depth+1); err != nil {
				return err
			}
		}
		return nil
	}
	if err := walk(forest, 0); err != nil {
		return nil, err
	}
	var out []stanza
	for i := 0; i < len(flat); {
		j := i + 1
		if flat[i].entry {
			for j < len(flat) && flat[j].depth > 0 {
				j++
			}
			st := append(stanza{}, flat[i:j]...)
			// An entry command typed in another sub-mode switches to its
			// mode directly (ix-cli.md §1, confirmed): a block followed by
			// another block needs no "configure" between them, which
			// saves a round trip per block when lines go one at a time.
			if j == len(flat) || !flat[j].entry {
				st = append(st, planned{index: -1, text: dialect.CmdConfigure})
			}
			out = append(out, st)
		} else {
			for j < len(flat) && !flat[j].entry {
				j++
			}
			out = append(out, append(stanza{}, flat[i:j]...))
		}
		i = j
	}
	return out, nil
}

// Configure sends lines in configuration mode and checks every one: its
// output for error messages, its prompt for the mode it must leave. With
// pipelining (the default) each stanza goes in one write and is then read
// back line by line; otherwise one line per write. It stops at the first
// failure with a *PushError naming the line; the responses returned are
// those of every line the router answered, in order.
func (c *Client) Configure(ctx context.Context, lines []string) ([]Response, error) {
	sts, err := stanzas(lines)
	if err != nil {
		return nil, err
	}
	if err := c.needConfig(); err != nil {
		return nil, err
	}
	if !c.prompt.InGlobalConfig() {
		r, err := c.exchange(ctx, dialect.CmdConfigure)
		if err != nil {
			return nil, err
		}
		if err := c.checkHeld(r); err != nil {
			return nil, err
		}
		if !c.prompt.InGlobalConfig() {
			return nil, fmt.Errorf("%w: %s: after %q the prompt is %q", ErrUnexpectedPrompt, c.conn.Host(), r.Input, r.Prompt)
		}
	}
	v := verifier{name: c.conn.Host(), host: c.prompt.Host, admin: c.prompt.Admin}
	var all []Response
	for _, st := range sts {
		rs, err := c.pushStanza(ctx, st, &v)
		all = append(all, rs...)
		if err != nil {
			if ml := (*ModeLostError)(nil); errors.As(err, &ml) && c.held {
				c.modeLost = ml
			}
			return all, err
		}
	}
	return all, nil
}

// pushStanza sends one stanza and verifies each answer in order.
func (c *Client) pushStanza(ctx context.Context, st stanza, v *verifier) ([]Response, error) {
	if !c.pipelined || len(st) == 1 {
		return c.pushSync(ctx, st, 0, v, nil)
	}
	texts := make([]string, len(st))
	for i, p := range st {
		texts[i] = p.text
	}
	if err := ctx.Err(); err != nil {
		// The session sends nothing for a cancelled ctx: claim no lines.
		return nil, c.pushErr(st, 0, Response{Input: texts[0]}, fmt.Errorf("%w: %s: nothing sent: %w", session.CtxSentinel(ctx), c.conn.Host(), context.Cause(ctx)), false)
	}
	var out []Response
	rs, err := c.sh.Pipeline(ctx, texts)
	for i, sr := range rs {
		r, perr := c.response(sr)
		if perr != nil {
			return out, c.pushErr(st, i, r, perr, true)
		}
		if st[i].index >= 0 {
			out = append(out, r)
		}
		if verr := v.check(st[i], r); verr != nil {
			// The lines typed behind it ran too: the router is in the
			// mode the last prompt read shows.
			if p, ok := dialect.ParsePrompt(rs[len(rs)-1].Prompt); ok {
				c.prompt = p
			}
			return out, c.pushErr(st, i, r, verr, true)
		}
	}
	if err == nil {
		return out, nil
	}
	if errors.Is(err, session.ErrTypeahead) {
		c.fallback(err)
		if lost(err) {
			// The router dropped the rest unseen: type it again, one line
			// at a time.
			return c.pushSync(ctx, st, len(rs), v, out)
		}
	}
	return out, c.pushErr(st, len(rs), Response{Input: texts[min(len(rs), len(texts)-1)]}, err, true)
}

// pushSync sends st[from:] one line per write, checking each answer before
// the next line goes. The "configure" closing a block rides with the
// block's last line while the router keeps typed-ahead input: it is
// ixcli's own housekeeping and needs no round trip of its own.
func (c *Client) pushSync(ctx context.Context, st stanza, from int, v *verifier, out []Response) ([]Response, error) {
	for i := from; i < len(st); i++ {
		n := 1
		if c.typeahead && i == len(st)-2 && st[i+1].index < 0 {
			n = 2
		}
		texts := []string{st[i].text}
		if n == 2 {
			texts = append(texts, st[i+1].text)
		}
		rs, err := c.pipeline(ctx, texts)
		for k, r := range rs {
			if st[i+k].index >= 0 {
				out = append(out, r)
			}
			if verr := v.check(st[i+k], r); verr != nil {
				return out, c.pushErr(st, i+k, r, verr, n == 2 && k == 0)
			}
		}
		if err != nil {
			if errors.Is(err, session.ErrTypeahead) {
				c.fallback(err)
				if lost(err) && len(rs) == 1 && n == 2 {
					// Only the closing "configure" was dropped: resend it.
					return c.pushSync(ctx, st, i+1, v, out)
				}
			}
			k := min(len(rs), n-1)
			return out, c.pushErr(st, i+k, Response{Input: texts[k]}, err, false)
		}
		i += n - 1
	}
	return out, nil
}

func lost(err error) bool {
	var ee *session.EchoError
	return errors.As(err, &ee) && ee.Lost
}

// pushErr builds the PushError for line i of st. When the stanza was sent
// in one write, every later line was typed too.
func (c *Client) pushErr(st stanza, i int, r Response, err error, typedAhead bool) *PushError {
	if i >= len(st) {
		i = len(st) - 1
	}
	p := st[i]
	idx := p.index
	if idx < 0 {
		// The "configure" closing a block: blame the block's last line.
		for k := i - 1; k >= 0 && idx < 0; k-- {
			idx = st[k].index
		}
	}
	pe := &PushError{Index: idx, Line: p.text, Output: r.Output, Prompt: r.Prompt, Err: err}
	if p.index < 0 {
		pe.Line = fmt.Sprintf("%s (after line %d)", dialect.CmdConfigure, idx+1)
	}
	if typedAhead {
		for _, q := range st[i+1:] {
			if q.index >= 0 {
				pe.SentAfter = append(pe.SentAfter, q.index)
			}
		}
	}
	if errors.Is(err, session.ErrTypeahead) {
		pe.Err = fmt.Errorf("%w (falling back to one line at a time for %s)", err, c.conn.Host())
	}
	return pe
}

// verifier knows which mode each line must leave the router in.
type verifier struct {
	name  string // the router, for messages
	host  string
	admin bool
	// tags[d] is the prompt tag of the block at depth d (0: "config").
	tags []string
}

func (v *verifier) check(p planned, r Response) error {
	now, ok := dialect.ParsePrompt(r.Prompt)
	if !ok {
		return fmt.Errorf("%w: %q", ErrUnexpectedPrompt, r.Prompt)
	}
	if now.Host != v.host && !dialect.SetsHostname(p.text) {
		return fmt.Errorf("%w: prompt %q after it names another host than %q", ErrUnexpectedPrompt, r.Prompt, v.host)
	}
	v.host = now.Host
	if now.Admin != v.admin {
		return fmt.Errorf("%w: prompt %q after it changed privilege", ErrUnexpectedPrompt, r.Prompt)
	}
	if !now.InConfig() {
		return &ModeLostError{Host: v.name, Input: p.text, Prompt: r.Prompt}
	}
	if r.Err != nil {
		return r.Err
	}
	if len(v.tags) == 0 {
		v.tags = []string{dialect.TagConfig}
	}
	if p.index < 0 { // our "configure"
		v.tags = v.tags[:1]
		if !now.InGlobalConfig() {
			return fmt.Errorf("%w: prompt %q after it, want global configuration", ErrUnexpectedPrompt, r.Prompt)
		}
		return nil
	}
	v.tags = v.tags[:min(len(v.tags), p.depth+1)]
	parentTag := v.tags[len(v.tags)-1]
	if !p.entry {
		if now.Tag != parentTag {
			return fmt.Errorf("%w: prompt %q after it, want (%s)", ErrUnexpectedPrompt, r.Prompt, parentTag)
		}
		return nil
	}
	// An entry line: the prompt must show a new sub-mode.
	if now.Tag == parentTag || !dialect.IsSubModeTag(now.Tag) {
		return fmt.Errorf("%w: prompt %q after it: the sub-mode was not entered", ErrUnexpectedPrompt, r.Prompt)
	}
	if m, sm, ok := dialect.Entered(dialect.ModeOf(parentTag), p.text); ok && m.Confirmed {
		if !m.Tag.MatchString(now.Tag) {
			return fmt.Errorf("%w: prompt %q after it, want a %s prompt", ErrUnexpectedPrompt, r.Prompt, m.Name)
		}
		if want := dialect.InterfaceTag(sm[1]); m.Name == dialect.ModeInterface && !strings.EqualFold(now.Tag, want) {
			return fmt.Errorf("%w: prompt %q after it, want (%s)", ErrUnexpectedPrompt, r.Prompt, want)
		}
	}
	v.tags = append(v.tags, now.Tag)
	return nil
}

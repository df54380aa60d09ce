package ixsim

import (
	"fmt"
	"strings"
)

// The grammar is data: every command is a pattern string compiled into a
// per-mode trie that the matcher walks token by token. That keeps keyword
// abbreviation, ambiguity and "incomplete" handling in one place, the way the
// IX parser treats every command alike.
//
// Pattern syntax:
//
//	word              keyword; binds args[word] = word
//	word@name         keyword; binds args[name] = word (see choice)
//	<name:kind>       parameter validated by kind (see paramKinds)
//	[ A | B ]         optional group (one alternative or nothing)
//	{ A | B }         alternative sequences (exactly one)
type element struct {
	kw   string // keyword text; empty for a parameter
	bind string // args key
	kind string // parameter kind
}

func (e element) key() string {
	if e.kw != "" {
		return "k:" + e.kw + ":" + e.bind
	}
	return "p:" + e.kind + ":" + e.bind
}

type handler func(c *cli, a args)

type node struct {
	kws    []*node // keyword children, in insertion order
	params []*node // parameter children, tried in insertion order
	el     element
	run    handler
}

type args map[string]string

func (a args) has(k string) bool { _, ok := a[k]; return ok }

// trie is one mode's command set.
type trie struct{ root *node }

func newTrie() *trie { return &trie{root: &node{}} }

// add compiles pattern and attaches h to every complete expansion.
func (t *trie) add(pattern string, h handler) {
	toks := tokenizePattern(pattern)
	seqs, rest := parseSeq(toks)
	if len(rest) != 0 {
		panic(fmt.Sprintf("ixsim: pattern %q: unexpected %q", pattern, rest[0]))
	}
	for _, seq := range seqs {
		n := t.root
		for _, el := range seq {
			n = n.child(el)
		}
		if n.run != nil {
			panic(fmt.Sprintf("ixsim: pattern %q: duplicate command", pattern))
		}
		n.run = h
	}
}

func (n *node) child(el element) *node {
	list := &n.kws
	if el.kw == "" {
		list = &n.params
	}
	for _, c := range *list {
		if c.el.key() == el.key() {
			return c
		}
	}
	c := &node{el: el}
	*list = append(*list, c)
	return c
}

func tokenizePattern(p string) []string {
	for _, s := range []string{"[", "]", "{", "}", "|"} {
		p = strings.ReplaceAll(p, s, " "+s+" ")
	}
	return strings.Fields(p)
}

// parseSeq parses a sequence up to a closing token and returns its linear
// expansions.
func parseSeq(toks []string) ([][]element, []string) {
	out := [][]element{nil}
	for len(toks) > 0 {
		tok := toks[0]
		switch tok {
		case "]", "}", "|":
			return out, toks
		case "[":
			alts, rest := parseAlts(toks[1:], "]")
			toks = rest
			out = product(out, append([][]element{nil}, alts...))
		case "{":
			alts, rest := parseAlts(toks[1:], "}")
			toks = rest
			out = product(out, alts)
		default:
			toks = toks[1:]
			out = product(out, [][]element{atomElements(tok)})
		}
	}
	return out, nil
}

// parseAlts parses "A | B ... close" and returns the expansions of every
// alternative and the tokens after close.
func parseAlts(toks []string, closing string) ([][]element, []string) {
	var alts [][]element
	for {
		inner, r := parseSeq(toks)
		alts = append(alts, inner...)
		if len(r) == 0 {
			panic("ixsim: missing " + closing)
		}
		switch r[0] {
		case closing:
			return alts, r[1:]
		case "|":
			toks = r[1:]
		default:
			panic("ixsim: unexpected " + r[0])
		}
	}
}

// atomElements turns one pattern token into its element.
func atomElements(tok string) []element {
	switch {
	case strings.HasPrefix(tok, "<") && strings.HasSuffix(tok, ">"):
		name, kind, ok := strings.Cut(tok[1:len(tok)-1], ":")
		if !ok {
			panic("ixsim: parameter without kind: " + tok)
		}
		if _, known := paramKinds[kind]; !known {
			panic("ixsim: unknown parameter kind: " + kind)
		}
		return []element{{bind: name, kind: kind}}
	default:
		if kw, bind, ok := strings.Cut(tok, "@"); ok {
			return []element{{kw: kw, bind: bind}}
		}
		return []element{{kw: tok, bind: tok}}
	}
}

func product(prefixes, suffixes [][]element) [][]element {
	var out [][]element
	for _, p := range prefixes {
		for _, s := range suffixes {
			seq := make([]element, 0, len(p)+len(s))
			seq = append(append(seq, p...), s...)
			out = append(out, seq)
		}
	}
	return out
}

// choice renders a keyword set bound to name as pattern text, so the
// vocabulary can depend on options.
func choice(name string, words []string) string {
	parts := make([]string, len(words))
	for i, w := range words {
		parts[i] = w + "@" + name
	}
	return "{ " + strings.Join(parts, " | ") + " }"
}

// match outcome kinds, each printed as the IX prints it.
type matchError struct{ line string }

func errInvalid(word string) *matchError {
	return &matchError{fmt.Sprintf("%% %s -- Invalid command.", word)}
}
func errAmbiguous(word string) *matchError {
	return &matchError{fmt.Sprintf("%% %s -- Ambiguous command.", word)}
}

var errIncomplete = &matchError{"% Expects a subcommand or item selection."}

// match walks the trie with the input tokens.
func (t *trie) match(tokens []string) (handler, args, *matchError) {
	n := t.root
	a := args{}
	for _, tok := range tokens {
		next, err := n.step(tok)
		if err != nil {
			return nil, nil, err
		}
		n = next
		if n.el.kw != "" {
			a[n.el.bind] = n.el.kw
		} else {
			a[n.el.bind] = tok
		}
	}
	if n.run == nil {
		return nil, nil, errIncomplete
	}
	return n.run, a, nil
}

func (n *node) step(tok string) (*node, *matchError) {
	var prefixed []*node
	for _, c := range n.kws {
		if c.el.kw == tok {
			return c, nil
		}
		if strings.HasPrefix(c.el.kw, tok) {
			prefixed = append(prefixed, c)
		}
	}
	if len(prefixed) > 1 {
		// Several set members may be the same word bound twice; only
		// distinct words are ambiguous.
		first := prefixed[0].el.kw
		for _, c := range prefixed[1:] {
			if c.el.kw != first {
				return nil, errAmbiguous(tok)
			}
		}
	}
	if len(prefixed) >= 1 {
		return prefixed[0], nil
	}
	for _, c := range n.params {
		if paramKinds[c.el.kind](tok) {
			return c, nil
		}
	}
	return nil, errInvalid(tok)
}

package plan

import (
	"strings"

	"github.com/ixpush/ixpush/pkg/ixcli/dialect"
)

// rule describes one kind of IX configuration line: how the config model
// identifies it, what undoes it, and what the planner does when the router
// already has a line with the same key but other text.
//
// This table is the single place where the rollback `no` forms live. Forms
// marked [C] are confirmed (ix-cli.md §6); the rest are best guesses [G] that
// follow the IX habit of `no` + the object's key words.
//
//	line kind (mode)                      key words        rollback when the plan added it     same key, other text   rank
//	interface NAME (global, block)        interface NAME   no interface NAME [G]               per-line rules below      1
//	  tunnel mode MODE                    tunnel mode      no tunnel mode [G]                  conflict (in use)
//	  ip address A/L | no ip address      ip address       no ip address [C]                   conflict unless `no ip address`
//	  ip tcp adjust-mss N|auto            ip tcp adjust-mss  no ip tcp adjust-mss [G]          overwrite, re-enter prior
//	  ipsec policy tunnel MAP ...         ipsec policy tunnel  no ipsec policy tunnel [G]      conflict (in use)
//	  shutdown | no shutdown              shutdown         shutdown [C]                        overwrite, re-enter prior
//	router bgp AS (global, block)         router bgp AS    no router bgp AS [G]                conflict (another AS)     2
//	  neighbor IP remote-as AS            neighbor IP remote-as  no neighbor IP remote-as AS [G]  conflict
//	  neighbor IP timers K H              neighbor IP timers     no neighbor IP timers [G]     overwrite, re-enter prior
//	  (all lines of a neighbour the router did not have: one `no neighbor IP` [G])
//	  address-family ipv4 unicast (block) address-family ipv4 unicast  no address-family ipv4 unicast [G]
//	    network PREFIX                    whole line       no network PREFIX [G]
//	ipsec local-id MAP PREFIX             ipsec local-id MAP   no ipsec local-id MAP PREFIX [C]  conflict                3
//	ipsec remote-id MAP PREFIX            ipsec remote-id MAP  no ipsec remote-id MAP PREFIX [C] conflict                3
//	ipsec autokey-map MAP ...             ipsec autokey-map MAP      no ipsec autokey-map MAP [G]  conflict              4
//	ipsec autokey-proposal NAME ...       ipsec autokey-proposal NAME  no ipsec autokey-proposal NAME [G]  conflict      5
//	ike keepalive POLICY I R              ike keepalive POLICY  no ike keepalive POLICY [G]    overwrite, re-enter prior 6
//	ike nat-traversal                     whole line       no ike nat-traversal [G] (keeps the per-policy form)          6
//	ike nat-traversal policy P [SEC]      ike nat-traversal policy P  (never added by the plan)                       6
//	ike local-id POLICY ...               ike local-id POLICY  no ike local-id POLICY [G]    overwrite, re-enter prior 6
//	ike policy NAME ...                   ike policy NAME  no ike policy NAME [G]              conflict                  7
//	ike proposal NAME ...                 ike proposal NAME  no ike proposal NAME [G]          conflict                  8
//	ip access-list ACL RULE               whole line       no ip access-list ACL RULE [G]      conflict if ACL has other rules  9
//
// Rank is the rollback order (reverse dependency order: the tunnel binding
// goes first so nothing in use is deleted; the ACL last). Lines of kinds not
// in the table are keyed by their whole text and undone with `no` + the line.
// Which lines open a block (a sub-mode whose lines are indented under them)
// is an IX fact, not the planner's: it comes from dialect (isBlock).
type rule struct {
	// prefix is the word pattern that identifies the kind; "*" matches any
	// one word.
	prefix []string
	// keyLen is how many leading words form the object key; 0 = whole line.
	keyLen int
	// exactNo marks kinds whose bare `no` form removes only the line of that
	// exact text, not the longer lines that start with it (`no ike
	// nat-traversal` keeps `ike nat-traversal policy P`, as the simulator
	// does).
	exactNo bool
	// state marks kinds whose `no` form is itself a displayed line
	// (`no shutdown`, `no ip address`) rather than a removal.
	state bool
	// undo builds the rollback line for a line the plan added; nil means
	// "no " + the key words.
	undo func(line string, words []string) string
	// onDiffer says what a different existing line with the same key means.
	onDiffer differ
	// rank orders top-level rollback sections (lower first).
	rank int
	// section is how many words group top-level lines into one section for
	// Touched/CheckRestored; 0 = the key.
	section int
}

type differ int

const (
	overwrite differ = iota // re-enter the plan's line; rollback re-enters the prior one
	conflict                // refuse to plan
)

var rules = []rule{
	{prefix: w("interface *"), keyLen: 2, rank: 1},
	{prefix: w("tunnel mode"), keyLen: 2, onDiffer: conflict},
	{prefix: w("ip address"), keyLen: 2, state: true, onDiffer: conflict},
	{prefix: w("ip tcp adjust-mss"), keyLen: 3},
	{prefix: w("ipsec policy tunnel"), keyLen: 3, onDiffer: conflict},
	{prefix: w("shutdown"), keyLen: 1, state: true, undo: func(string, []string) string { return "shutdown" }},

	{prefix: w("router bgp *"), keyLen: 3, rank: 2, onDiffer: conflict},
	{prefix: w("neighbor * remote-as"), keyLen: 3, onDiffer: conflict, undo: noLine},
	{prefix: w("neighbor * timers"), keyLen: 3},
	{prefix: w("address-family * *"), keyLen: 3},
	{prefix: w("network *"), keyLen: 0},

	{prefix: w("ipsec local-id *"), keyLen: 3, onDiffer: conflict, rank: 3, undo: noLine},
	{prefix: w("ipsec remote-id *"), keyLen: 3, onDiffer: conflict, rank: 3, undo: noLine},
	{prefix: w("ipsec autokey-map *"), keyLen: 3, onDiffer: conflict, rank: 4},
	{prefix: w("ipsec autokey-proposal *"), keyLen: 3, onDiffer: conflict, rank: 5},
	{prefix: w("ike keepalive *"), keyLen: 3, rank: 6},
	{prefix: w("ike nat-traversal policy *"), keyLen: 4, rank: 6},
	{prefix: w("ike nat-traversal"), keyLen: 0, rank: 6, exactNo: true},
	{prefix: w("ike local-id *"), keyLen: 3, rank: 6},
	{prefix: w("ike policy *"), keyLen: 3, onDiffer: conflict, rank: 7},
	{prefix: w("ike proposal *"), keyLen: 3, onDiffer: conflict, rank: 8},
	{prefix: w("ip access-list *"), keyLen: 0, onDiffer: conflict, rank: 9, section: 3, undo: noLine},
}

// unknownRule covers lines outside the table.
var unknownRule = rule{keyLen: 0, rank: 10}

func w(s string) []string { return strings.Fields(s) }

func noLine(line string, _ []string) string { return "no " + line }

// classify finds the rule for a configuration line (without indentation). A
// `no` line of a state kind is that kind; any other `no` line is returned
// with isNo set so the model treats it as a removal.
func classify(line string) (r rule, words []string, isNo bool) {
	words = strings.Fields(line)
	if len(words) > 1 && words[0] == "no" {
		if r, ok := match(words[1:]); ok && r.state {
			return r, words[1:], false
		}
		r, _ := match(words[1:])
		return r, words[1:], true
	}
	r, _ = match(words)
	return r, words, false
}

func match(words []string) (rule, bool) {
	for _, r := range rules {
		if len(words) < len(r.prefix) {
			continue
		}
		ok := true
		for i, p := range r.prefix {
			if p != "*" && p != words[i] {
				ok = false
				break
			}
		}
		if ok {
			return r, true
		}
	}
	return unknownRule, false
}

// keyOf returns the object key of a configuration line: two lines with the
// same key are the same object, and typing one replaces the other.
func keyOf(line string) string {
	r, words, isNo := classify(line)
	if isNo {
		return "no " + joinKey(r, words)
	}
	return joinKey(r, words)
}

func joinKey(r rule, words []string) string {
	if r.keyLen == 0 || r.keyLen > len(words) {
		return strings.Join(words, " ")
	}
	return strings.Join(words[:r.keyLen], " ")
}

// sectionOf groups top-level lines for Touched/CheckRestored.
func sectionOf(line string) string {
	r, words, _ := classify(line)
	if r.section > 0 && len(words) >= r.section {
		return strings.Join(words[:r.section], " ")
	}
	return joinKey(r, words)
}

// undoLine is the rollback for a line that the plan added where no line with
// its key existed.
func undoLine(line string) string {
	r, words, _ := classify(line)
	if r.undo != nil {
		return r.undo(line, words)
	}
	return "no " + joinKey(r, words)
}

// isBlock reports whether a configuration line (single-spaced, without
// indentation) opens a block: a sub-mode entry (dialect.EntersSubMode;
// its removal, `no interface X`, is none). The model reads lines without the mode they are typed
// in, so an entry counts wherever it appears.
func isBlock(line string) bool { return dialect.EntersSubMode(line) }

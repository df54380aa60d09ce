package agent

import (
	"fmt"
	"strings"

	"github.com/ixpush/ixpush/pkg/plan"
	"github.com/ixpush/ixpush/pkg/showparse"
)

// The IX resolves references late (ix-cli.md §11): `ipsec autokey-map M
// ACL peer P PROPOSAL` goes in silently whether PROPOSAL exists or not, and
// the tunnel just never comes up. So apply checks, before typing, that
// every object the plan's lines name is defined by the plan or already on
// the router.

// refRule says where, in a line starting with prefix, a name sits
// (0-based field) and what kind of object it names.
type refRule struct {
	prefix []string
	field  int
	kind   string
}

// definers give the field of the object each kind of line defines.
var definers = []refRule{
	{[]string{"ike", "proposal"}, 2, "ike proposal"},
	{[]string{"ike", "policy"}, 2, "ike policy"},
	{[]string{"ip", "access-list"}, 2, "ip access-list"},
	{[]string{"ipsec", "autokey-proposal"}, 2, "ipsec autokey-proposal"},
	{[]string{"ipsec", "autokey-map"}, 2, "ipsec autokey-map"},
}

// users give the fields of the objects each kind of line refers to; the
// IKE policy's proposal is its last field (after an optional `mode X`).
var users = []refRule{
	{[]string{"ike", "policy"}, -1, "ike proposal"},
	{[]string{"ike", "keepalive"}, 2, "ike policy"},
	{[]string{"ike", "local-id"}, 2, "ike policy"},
	{[]string{"ike", "nat-traversal", "policy"}, 3, "ike policy"},
	{[]string{"ipsec", "autokey-map"}, 3, "ip access-list"},
	{[]string{"ipsec", "autokey-map"}, 6, "ipsec autokey-proposal"},
	{[]string{"ipsec", "local-id"}, 2, "ipsec autokey-map"},
	{[]string{"ipsec", "remote-id"}, 2, "ipsec autokey-map"},
	{[]string{"ipsec", "policy", "tunnel"}, 3, "ipsec autokey-map"},
}

func (r refRule) name(f []string) (string, bool) {
	if len(f) < len(r.prefix) {
		return "", false
	}
	for i, w := range r.prefix {
		if f[i] != w {
			return "", false
		}
	}
	i := r.field
	if i < 0 {
		i = len(f) + i
	}
	if i < len(r.prefix) || i >= len(f) {
		return "", false
	}
	return f[i], true
}

// UndefinedReferenceError names an object the plan refers to that neither
// the plan nor the router defines. It never quotes the line (it may hold a
// key).
type UndefinedReferenceError struct {
	Kind, Name string // the missing object, e.g. ipsec autokey-proposal p1
	By         string // what refers to it, e.g. ipsec autokey-map m1
}

func (e *UndefinedReferenceError) Error() string {
	return fmt.Sprintf("plan check: %s refers to %s %s, which neither the plan nor the router defines (the IX would accept it and the tunnel would never come up)", e.By, e.Kind, e.Name)
}

// checkReferences checks the plan's desired lines against themselves and
// the configuration they were planned against.
func checkReferences(p *plan.Plan) error {
	defined := map[string]bool{}
	var all [][]string
	add := func(text string) {
		f := strings.Fields(text)
		all = append(all, f)
		for _, d := range definers {
			if n, ok := d.name(f); ok {
				defined[d.kind+"\x00"+n] = true
			}
		}
	}
	var walk func([]*showparse.ConfigLine)
	walk = func(ls []*showparse.ConfigLine) {
		for _, l := range ls {
			add(l.Text)
			walk(l.Children)
		}
	}
	walk(p.Prior.Lines)
	mine := len(all)
	for _, l := range p.Desired {
		add(l)
	}
	for _, f := range all[mine:] {
		for _, u := range users {
			n, ok := u.name(f)
			if !ok || defined[u.kind+"\x00"+n] {
				continue
			}
			by := strings.Join(f[:min(3, len(f))], " ")
			return &UndefinedReferenceError{Kind: u.kind, Name: n, By: by}
		}
	}
	return nil
}

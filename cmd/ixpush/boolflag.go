package main

import "github.com/spf13/pflag"

// boolOverride is an override of a true/false site field: --name alone
// means true, as for any boolean flag.
type boolOverride struct{ *override }

func (boolOverride) Type() string     { return "bool" }
func (boolOverride) IsBoolFlag() bool { return true }

// addBool is add for a true/false site field.
func (f *siteFlags) addBool(fl *pflag.FlagSet, name, field, usage string) {
	o := &override{name: name, field: field, def: "false"}
	f.overrides = append(f.overrides, o)
	fl.Var(boolOverride{o}, name, usage+" (site: "+field+")")
	fl.Lookup(name).NoOptDefVal = "true"
}

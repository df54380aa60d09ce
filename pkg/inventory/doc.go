// Package inventory reads one YAML file of many sites: shared defaults,
// named groups and the sites themselves, each written as in a site file
// (pkg/site), less its name, which is its key under sites:
//
//	defaults:
//	  router: {user: admin, password_command: "op read op://ix/router/password"}
//	  aws: {file: aws/fleet.txt}
//	groups:
//	  kanto: {router: {port: 2222}}
//	sites:
//	  tokyo: {groups: [kanto], router: {host: 192.0.2.10}}
//
// A site's value is the defaults, then each of its groups in the order it
// lists them, then its own fields, each layer merged under the next the way
// Ansible group vars and Nornir's SimpleInventory do: mappings merge key by
// key, anything else (a string, a list) is replaced whole.
//
// Decoding is strict and every problem names the site and the field. A
// broken site does not stop the others: it is kept, with its error, for
// the caller to report. A broken default or group is the whole file's
// error, since it would break every site that uses it.
package inventory

// Package ixsim simulates an NEC UNIVERGE IX router over SSH (or stdio): the
// login banner, prompts and modes, the command grammar with abbreviations and
// the IX's error lines, echo wrapping and paging, exclusive config mode, a
// running-config model with save and reload, and faults for reliability
// tests. Tunnel and BGP state come from the AWS peer model (pkg/ixsim/peer),
// fed with the running-config text after every change.
//
// It is the device the tool is tested against, so it shares no code with the
// tool: everything it knows of the IX comes from the IX CLI notes
// (ix-cli.md; sources in fixtures/ix/README.md), and it is never kinder
// than they are.
//
// Choices where the document is silent or only guesses (each a best guess;
// options where one exists):
//
//   - SSH: only the IX set is offered (ssh-rsa host key signatures,
//     diffie-hellman-group-exchange-sha256, aes*-ctr, hmac-sha2-256/512);
//     WithModernAlgorithms adds Go's defaults. Password authentication
//     only (§9); publickey is offered only when an account has
//     authorized_keys. pty width is ignored (80 columns until `terminal
//     width`). exec and subsystem requests are refused.
//   - Operation mode offers only the shows §5 names there (show ip route,
//     show interfaces) and show version (CONBU-M has it at `Router#`); the
//     others need config mode.
//   - Echo wraps before the screen's last column, prompt included (width -
//     prompt - 1), where 7 of CONBU's 10 wrapped rows break (ix-cli.md §2);
//     WithInputWidthWrap keeps the old width-10 input characters per row.
//     `terminal width` is accepted (60–512) unless WithWidthRefused. `?`
//     re-displays the prompt and the line typed so far.
//   - `--More--` after length-1 lines; space: next page, enter: one line,
//     q or Ctrl-C: rest dropped, any other key: next page. It is erased with
//     CR, spaces, CR.
//   - Parameter errors quote the bad token like unknown words:
//     `% 1.2.3.999 -- Invalid command.` (addresses must be canonical dotted
//     quads; networks must have no host bits; numbers have ranges).
//   - Algorithm keywords are the [C] ones of §7; WithGuessedKeywords adds the
//     [G] column and `ike local-id P address IP`.
//   - References resolve late, as on the IX (ix-cli.md §11): a policy or
//     map may name a proposal, ACL or map not (yet) defined, and nothing is
//     printed; WithStrictReferences refuses them with `% KIND NAME is not
//     defined.` (never captured). Referenced objects cannot be deleted (a
//     `%` line naming the user, [G] §10.7); WithLenientReferences allows it.
//     `no` of an absent object is silent (the seed removes proxy IDs that
//     way).
//   - The timeline is the scenario's (built-ins: realistic, minutes long;
//     WithTimeScale runs it faster); a dead AWS side is noticed when DPD and
//     the BGP hold time expire (WithInstantTeardown: at once); WithBGPFlaps
//     flaps the first BGP sessions; Sim.RestartAWS restarts an endpoint.
//     IKE nobody answers is resent 3 times 10 s apart and given up 10 s
//     later (timing.ike_retransmits, ike_retransmit_interval; CONBU's log),
//     its SA shown msg1-sent meanwhile [G] (peer.WithQuietRetransmits: not
//     shown).
//   - Shows real sessions use: `show ike sa brief`, `show ipsec sa brief`
//     [C CONBU], `show ip route bgp` (at `#` too) [C CT], `show ip bgp
//     neighbors [A]` [G layout]; `show version` is QIITA's complete
//     capture [C].
//   - `show startup-config` starts with `Using N out of 1048576 bytes` and
//     has `! Last updated` (the last save) in its header [R CT];
//     WithPlainStartup prints running-config's header instead.
//   - Occupied config mode is followed by the svintr-config hint line [R CT]
//     (WithoutOccupiedHint drops it); WithNotice appends any line (an
//     unknown `%` notice) to chosen commands; `username` prints `% User 'x'
//     has been added.` [C CONBU].
//   - running-config has the shape of the IX2215 dump [R CT]: a fixed list
//     of section slots each closed by `!` (the runs of `!`), `device
//     GigaEthernetN` blocks (vlan-group, shutdown; prompt
//     `(config-GigaEthernetN)` [G]), Loopback0.0 and Null0.0 (`no ip
//     address`, never deleted; a route or `ip unnumbered` may name them
//     [G]), `ip route default` for 0.0.0.0/0, no
//     `hostname` line for the default name, `ssh-server ip enable`;
//     `username … password plain` is shown as a 16-hex-digit hash [G].
//     WithMinimalConfig renders the old shape from the same model.
//   - One local-id and one remote-id per map; ACL rules accumulate; other
//     objects are overwritten by re-entry under the same key.
//   - Tunnel interfaces are created by `interface TunnelN.0`, shut down until
//     `no shutdown`; GigaEthernet0.0–2.0 always exist and cannot be deleted.
//   - Non-admin users (`%` prompts) may enter config mode and change it, but
//     `svintr-config`, `write`, `copy` and `reload` answer `?Invalid command`.
//   - `svintr-config` pre-empts the holder silently: its next line (an
//     empty one too) runs in operation mode. The lock is freed by leaving
//     config mode (exit, Ctrl-Z) and by disconnecting.
//   - `reload` accepts yes (any case; CONBU-M types "yes"), anything else
//     is No; Yes reboots from startup-config and disconnects every session
//     at once.
package ixsim

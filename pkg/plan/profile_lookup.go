package plan

// strength orders the profiles strongest first; it is the order in which a
// caller that may pick any profile AWS accepts should try them.
var strength = []Crypto{CryptoStrong, CryptoAWSDefault}

// Profiles returns every crypto profile the planner can configure,
// strongest first.
func Profiles() []Profile {
	out := make([]Profile, 0, len(strength))
	for _, c := range strength {
		out = append(out, profiles[c])
	}
	return out
}

// ProfileOf returns the profile named c.
func ProfileOf(c Crypto) (Profile, bool) {
	p, ok := profiles[c]
	return p, ok
}

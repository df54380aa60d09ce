// Package journal is ixpush's change journal: one small file per router in
// the state directory, next to its backups, that says what the last change
// to the router was and how far it got. apply writes it before the first
// line is typed and again at every step (pushing, verifying, saving,
// rolling-back, done), so a run that dies — kill -9, a closed laptop lid, a
// CI timeout, a power cut — leaves behind the pre-change backup to return
// to, the lines it meant to type and their inverse, and the command that
// finishes or undoes it. The next apply, rollback or status reads it first.
//
// The file is JSON (Entry, versioned), written atomically with mode 0600
// (backup.WriteAtomic: temp file, fsync, rename, fsync of the directory),
// so a crash at any moment leaves the previous entry or the new one, never a
// mix. Keys never reach it: every line is redacted (dialect.Redact); the
// backup holds the keys, and RollbackLines takes them back from there.
package journal

// Package agent runs ixpush's workflows on one router: apply (backup, push,
// verify, save or roll back), verify (observe and judge) and rollback to a
// backup. It owns the order of operations and the promises the user relies
// on — a backup on disk before the first change, no `write memory` on any
// failure path, a rollback proven by re-reading running-config — and nothing
// of the IX dialect (pkg/ixcli), the parsing (pkg/showparse), the planning
// (pkg/plan) or the judgement (pkg/health).
package agent

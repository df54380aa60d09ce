#!/usr/bin/env bash
# Fleet benchmark (issue 12): one simulator process serving N routers with
# 20 ms of round-trip time injected, and `ixpush verify --inventory
# --parallel 200` against all of them. For each N it prints the verifier's
# wall time and peak RSS, the CPU seconds of the verifier and of the
# simulator during the run, and the CPU floor: total CPU / cores, the wall
# time no scheduler could beat on this machine, and the load average when
# the run started (other work on the machine shares the cores).
#
#   bench/fleet.sh                  # N = 10 100 1000, modern and legacy kex
#   ALGOS=legacy bench/fleet.sh 1000
#
# Needs bash, GNU time (/usr/bin/time), ssh-keygen and awk. The verdicts
# are "down" (a fresh seed router carries no VPN), which costs the same
# shows and judging as "ok".
set -euo pipefail
cd "$(dirname "$0")/.."
[ $# -gt 0 ] || set -- 10 100 1000
SIZES=("$@")
ALGOS=${ALGOS:-"modern legacy"}
PARALLEL=${PARALLEL:-200}
LATENCY=${LATENCY:-10ms} # per direction: 20 ms round trip
CORES=$(nproc)

tmp=$(mktemp -d)
sim_pid=
cleanup() {
	[ -n "$sim_pid" ] && kill "$sim_pid" 2>/dev/null && wait "$sim_pid" 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT
[ -n "${KEEP:-}" ] && trap "cp -r $tmp /tmp/fleet-bench-last; cleanup" EXIT

go build -o "$tmp/ixpush" ./cmd/ixpush
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true

cpu_seconds() { # utime+stime of a live process, in seconds
	awk -v hz="$(getconf CLK_TCK)" '{ print ($14 + $15) / hz }' "/proc/$1/stat"
}

printf '%-7s %6s %8s %9s %11s %9s %9s %10s %6s\n' kex N wall_s rss_MiB verifier_s sim_cpu_s floor_s wall/floor load1
for algos in $ALGOS; do
	for n in "${SIZES[@]}"; do
		extra=()
		[ "$algos" = modern ] && extra=(--modern-algorithms)
		"$tmp/ixpush" sim --routers "$n" --listen 127.0.0.1:0 --json --latency "$LATENCY" \
			--host-key "$tmp/host_rsa" "${extra[@]}" >"$tmp/routers.jsonl" 2>"$tmp/sim.err" &
		sim_pid=$!
		for _ in $(seq 600); do
			[ "$(wc -l <"$tmp/routers.jsonl")" -ge "$n" ] && break
			sleep 0.1
		done
		[ "$(wc -l <"$tmp/routers.jsonl")" -ge "$n" ] || { cat "$tmp/sim.err"; exit 1; }

		# One inventory, one known_hosts: what a real fleet has.
		key=$(ssh-keygen -y -f "$tmp/host_rsa")
		sed -E 's/.*"addr":"([^"]+)".*/\1/' "$tmp/routers.jsonl" |
			awk -v key="$key" -F: '{ print "[" $1 "]:" $2 " " key }' >"$tmp/known_hosts"
		user=$(sed -nE '1s/.*"user":"([^"]+)".*/\1/p' "$tmp/routers.jsonl")
		export IXPUSH_PASSWORD
		IXPUSH_PASSWORD=$(sed -nE '1s/.*"password":"([^"]+)".*/\1/p' "$tmp/routers.jsonl")
		{
			echo "defaults:"
			echo "  router: {user: $user, password_env: IXPUSH_PASSWORD, known_hosts: known_hosts}"
			echo "  aws: {file: $PWD/fixtures/aws/seed-cisco.txt}"
			echo "  vpc: [172.31.0.0/16]"
			echo "sites:"
			sed -E 's/.*"router":([0-9]+),"addr":"([^:]+):([0-9]+)".*/  r\1: {router: {host: \2, port: \3}}/' "$tmp/routers.jsonl"
		} >"$tmp/inventory.yaml"

		# Other work on the machine takes CPU from both: the load is printed
		# so that a run on a busy machine is read as one.
		load=$(cut -d' ' -f1 /proc/loadavg)
		sim_before=$(cpu_seconds "$sim_pid")
		set +e
		/usr/bin/time -f '%e %M %U %S' -o "$tmp/time" \
			"$tmp/ixpush" verify --inventory "$tmp/inventory.yaml" --parallel "$PARALLEL" --json >"$tmp/out.jsonl" 2>"$tmp/verify.err"
		code=$?
		set -e
		sim_after=$(cpu_seconds "$sim_pid")
		kill "$sim_pid"; wait "$sim_pid" 2>/dev/null || true; sim_pid=

		if [ "$code" -ne 2 ] || ! grep -q "\"sites\":$n,\"ok\":0,\"degraded\":0,\"down\":$n," "$tmp/out.jsonl"; then
			echo "N=$n $algos: exit $code, not every site judged down:" >&2
			tail -n 3 "$tmp/out.jsonl" "$tmp/verify.err" >&2
			exit 1
		fi
		read -r wall rss user sys < <(tail -n 1 "$tmp/time") # GNU time may say the exit status first
		awk -v k="$algos" -v n="$n" -v wall="$wall" -v rss="$rss" -v user="$user" -v sys="$sys" \
			-v before="$sim_before" -v after="$sim_after" -v cores="$CORES" -v load="$load" 'BEGIN {
			cpu = user + sys; sim = after - before; floor = (cpu + sim) / cores
			printf "%-7s %6d %8.2f %9.1f %11.2f %9.2f %9.2f %10.2f %6s\n", k, n, wall, rss / 1024, cpu, sim, floor, wall / floor, load
		}'
	done
done

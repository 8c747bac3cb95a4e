#!/usr/bin/env bash
# bench/compare.sh [SIZE...] — mentorlog beside its peers, in one run, on
# the large generated journal (1×: 200 relationships, 20,000 sessions,
# 100,000 follow-ups) and multiples of it (default sizes: 1 5):
#
#   search    `mentorlog search`    against `rg -i` over the Markdown export as one file
#   due       `mentorlog due`       against `task list` over the same open follow-ups
#   export    `mentorlog export -o` against `cp` of the journal file and `sync`
#   markdown  Markdown export       against the JSON export
#   start     first frame of the app against a minimal Bubble Tea program (tmux)
#
# Each figure is the median wall time of RUNS runs (default 5) after one
# warm-up run, so the file is in the page cache for both sides. A ratio
# under 1 means mentorlog is faster. Missing tools (ripgrep, taskwarrior,
# tmux) are installed with apt-get when the script runs as root; without
# them their lines say so. Journals are built once per size and cached in
# the temporary folder; the 5× journal takes about 900 MB.
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(1 5)
RUNS=${RUNS:-5}
W=$(mktemp -d "${TMPDIR:-/tmp}/mentorlog-compare.XXXXXX")
trap 'rm -rf "$W"' EXIT

need() { # need COMMAND PACKAGE
	command -v "$1" >/dev/null && return 0
	if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
		apt-get install -y -qq "$2" >/dev/null 2>&1 || { apt-get update -qq >/dev/null && apt-get install -y -qq "$2" >/dev/null; }
	fi
	command -v "$1" >/dev/null
}
have_rg=0; need rg ripgrep && have_rg=1
have_task=0; need task taskwarrior && have_task=1
have_tmux=0; need tmux tmux && have_tmux=1

go build -o "$W/mentorlog" .
go build -o "$W/gen" ./bench/gen

# med CMD...: the median wall time of CMD in milliseconds, after a warm-up.
med() {
	"$@" >/dev/null 2>&1 || true
	local ts=() s e
	for _ in $(seq "$RUNS"); do
		s=$(date +%s%N)
		"$@" >/dev/null 2>&1 || true
		e=$(date +%s%N)
		ts+=($(((e - s) / 1000)))
	done
	printf '%s\n' "${ts[@]}" | sort -n | sed -n "$(((RUNS + 1) / 2))p" | awk '{printf "%.1f", $1 / 1000}'
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "-" }'; }
row() { printf '%-4s %-32s %12s   %-24s %6s\n' "$@"; }

cpsync() { cp "$1" "$2" && sync; }
mdexport() { "$W/mentorlog" --db "$1" export --format markdown -o "$2" 2>/dev/null; }
jsonexport() { "$W/mentorlog" --db "$1" export -o "$2" 2>/dev/null; }

row size what mentorlog peer ratio
for n in "${sizes[@]}"; do
	j="$W/j$n.db"
	"$W/gen" -times "$n" -o "$j"
	rels=$((200 * n))
	jsonexport "$j" "$W/j$n.json"
	mdexport "$j" "$W/j$n.md"
	mb=$(du -m "$j" | cut -f1)
	echo "# ${n}×: journal $mb MB, JSON export $(du -m "$W/j$n.json" | cut -f1) MB, Markdown $(du -m "$W/j$n.md" | cut -f1) MB"

	for q in "deadline stakeholder" "promotion"; do
		m=$(med "$W/mentorlog" --db "$j" search "$q")
		if [ $have_rg = 1 ]; then
			p=$(med rg -i -- "$q" "$W/j$n.md")
			row "${n}x" "search \"$q\"" "$m ms" "rg -i $p ms" "$(ratio "$m" "$p")"
		else
			row "${n}x" "search \"$q\"" "$m ms" "(no ripgrep)" -
		fi
	done

	m=$(med "$W/mentorlog" --db "$j" due --days 36500)
	if [ $have_task = 1 ]; then
		export TASKDATA="$W/task$n" TASKRC="$W/taskrc$n"
		mkdir -p "$TASKDATA"
		printf 'data.location=%s\nconfirmation=off\nverbose=nothing\nnews.version=99\n' "$TASKDATA" >"$TASKRC"
		python3 - "$W/j$n.json" >"$W/tasks$n.json" <<'PY'
import json, sys
a = json.load(open(sys.argv[1]))
out = []
for f in a["relationships"]:
    who = f["relationship"].get("mentee_name") or ""
    for fu in f.get("follow_ups") or []:
        if fu.get("status") != "open":
            continue
        t = {"description": fu["text"], "status": "pending", "project": who.replace(" ", "_"),
             "entry": "20260101T000000Z"}
        if fu.get("due") and not fu["due"].startswith("0001"):
            t["due"] = fu["due"][:10].replace("-", "") + "T000000Z"
        out.append(t)
json.dump(out, sys.stdout)
PY
		task import "$W/tasks$n.json" >/dev/null 2>&1
		p=$(med task list)
		row "${n}x" "due (all open follow-ups)" "$m ms" "task list $p ms" "$(ratio "$m" "$p")"
		unset TASKDATA TASKRC
	else
		row "${n}x" "due (all open follow-ups)" "$m ms" "(no taskwarrior)" -
	fi

	m=$(med jsonexport "$j" "$W/out.json")
	p=$(med cpsync "$j" "$W/copy.db")
	row "${n}x" "export JSON -o FILE" "$m ms" "cp+sync $p ms" "$(ratio "$m" "$p")"
	md=$(med mdexport "$j" "$W/out.md")
	row "${n}x" "export Markdown -o FILE" "$md ms" "JSON export $m ms" "$(ratio "$md" "$m")"

	if [ $have_tmux = 1 ]; then
		out=$(MENTORLOG_BENCH_DB="$j" MENTORLOG_BENCH_WANT="$rels relationships" \
			go test ./tui -run XXX -bench 'BenchmarkExecToFirstFrame' -benchtime 10x 2>&1 || true)
		mm=$(echo "$out" | awk '/ExecToFirstFrame\/mentorlog/ { for (i = 1; i <= NF; i++) if ($(i+1) == "median-µs") print $i / 1000 }')
		pm=$(echo "$out" | awk '/ExecToFirstFrame\/minimal/ { for (i = 1; i <= NF; i++) if ($(i+1) == "median-µs") print $i / 1000 }')
		row "${n}x" "start to the dashboard" "${mm:-?} ms" "minimal BT ${pm:-?} ms" "$(ratio "${mm:-0}" "${pm:-0}")"
	else
		row "${n}x" "start to the dashboard" - "(no tmux)" -
	fi
	rm -f "$W/out.json" "$W/out.md" "$W/copy.db" "$W/j$n.json"
done

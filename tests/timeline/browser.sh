#!/bin/sh
# usage: browser.sh EMU SHOTS_DIR PROGRAM... (SHOTS_DIR "-": no screenshots)
# Each PROGRAM's FILE.html loaded in headless Chromium: the page sets its title to
# "ok" once it has drawn, or to the script error. With a directory, a screenshot
# of each page goes there as timeline-NAME.png (docs/ has those of race and fork).
# No Chromium: skipped (77).
set -eu
emu=$1 shots=$2
shift 2
browser=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$browser" ]; then
	echo "browser.sh: no chromium here: skipped (apt-get install chromium)"
	exit 77
fi
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
run_browser() {
	# --no-sandbox: tests may run as root; a profile of its own, for parallel runs
	timeout 120 "$browser" --headless --no-sandbox --disable-gpu --hide-scrollbars \
		--user-data-dir="$dir/profile" --window-size=1400,800 "$@" 2>>"$dir/browser.log"
}
for prog; do
	name=$(basename "$prog")
	"$emu" --timeline "$dir/$name" "$prog" >/dev/null
	title=$(run_browser --dump-dom "file://$dir/$name.html" | sed -n 's:.*<title>\(.*\)</title>.*:\1:p')
	if [ "$title" != ok ]; then
		echo "browser.sh: $name.html did not draw: title '$title'" >&2
		tail -5 "$dir/browser.log" >&2
		exit 1
	fi
	echo "$name.html: drawn"
	if [ "$shots" != - ]; then
		run_browser --screenshot="$shots/timeline-$name.png" "file://$dir/$name.html" >/dev/null
		echo "$shots/timeline-$name.png"
	fi
done

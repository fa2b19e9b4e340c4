# Subshells, command substitution, exit statuses, for loops calling applets.
bb=/bin/busybox
x=$(echo inner; $bb echo applet)
echo "substituted: $x"
(echo in a subshell; exit 3)
echo "subshell status: $?"
for f in tree/a/one.txt tree/c/three.txt; do
	$bb wc -c "$f"
done
n=0
while [ $n -lt 5 ]; do n=$((n + 1)); done
echo "loop ran to $n"
if $bb test -d tree; then echo "tree is a directory"; fi
$bb sh -c 'exit 7'
echo "nested sh status: $?"

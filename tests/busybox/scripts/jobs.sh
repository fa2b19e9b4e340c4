# Background jobs, wait, kill, trap and the statuses a shell reports for them. The
# shells' own "Killed" notices go to stderr with pids in them (bash): not compared.
exec 2>/dev/null
bb=/bin/busybox
$bb sleep 1 &
a=$!
(exit 5) &
b=$!
wait $b
echo "background subshell: status $?"
wait $a
echo "background sleep: status $?"
$bb sleep 10 &
c=$!
kill $c
wait $c
echo "killed with SIGTERM: status $?"
$bb sleep 10 &
d=$!
kill -KILL $d
wait $d
echo "killed with SIGKILL: status $?"
$bb sh -c 'kill -SEGV $$'
echo "a child that dies of SIGSEGV: status $?"
trap 'echo "trap: USR1 caught"' USR1
kill -USR1 $$
echo "after the trap"
$bb rm -f ready
$bb sh -c 'trap "echo child trap: TERM; exit 4" TERM; : >ready; while :; do /bin/busybox sleep 0; done' &
f=$!
while [ ! -e ready ]; do $bb sleep 0; done
kill $f
wait $f
echo "a child with a TERM trap: status $?"
$bb rm -f ready
$bb sleep 10 &
e=$!
kill -STOP $e
kill -CONT $e
kill $e
wait $e
echo "stopped, continued, killed: status $?"
for i in 1 2 3; do $bb sleep 0 & done
wait
echo "waited for all"

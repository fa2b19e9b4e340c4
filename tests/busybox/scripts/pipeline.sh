# Pipelines of applets, exit status of the last command, PIPESTATUS-free checks.
bb=/bin/busybox
$bb seq 1 2000 | $bb sort -rn | $bb head -n 3
echo "a b c" | $bb tr ' ' '\n' | $bb wc -l
$bb cat words.txt | $bb grep -c apple
echo done | $bb false
echo "status of a failing pipeline: $?"

# Redirections and here-documents with applets in between.
bb=/bin/busybox
$bb sort words.txt > sorted.txt
$bb uniq < sorted.txt
$bb cat <<END | $bb tr a-z A-Z
here document
END
echo appended >> sorted.txt
$bb tail -n 1 sorted.txt
$bb ls nothing-here 2> err.txt
echo "ls status $?, stderr lines $($bb wc -l < err.txt)"
exit 4

# find | sort | xargs, and find -exec.
find tree -type f | sort | xargs wc -c
find tree -name '*.txt' -exec cat {} + | sort
seq 1000 | wc

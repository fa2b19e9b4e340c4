# make on a small Makefile: a rule that runs, then nothing to rebuild.
printf 'all: sorted.txt\n\t@wc -l sorted.txt\nsorted.txt: words.txt\n\tsort words.txt >sorted.txt\n' >Makefile
make
make
make -n sorted.txt

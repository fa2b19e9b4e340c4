# gcc under emu: cc1, as and collect2/ld, each a dynamic program that gcc execs;
# then the program it built runs.
gcc -O2 -c hello.c -o hello.o && gcc hello.o -o hello && ./hello
echo "status $?"

# ldd PROGRAM: ld.so run as a program with LD_TRACE_LOADED_OBJECTS=1 (Debian's ldd is
# a bash script). Load addresses are random on Linux and linux-vdso.so.1 is Linux's
# vDSO, which emu does not map: both are cut; the libraries and their paths stay.
ldd "$1" | sed -e '/linux-vdso/d' -e 's/ (0x[0-9a-f]*)$//'

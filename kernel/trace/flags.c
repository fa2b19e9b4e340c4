/* Flag words made of more than one table (open's access mode and flags, mmap's type
 * and flags), and arguments that mean something only with another one (open's mode,
 * fcntl's argument, mremap's new address). */
#include <emu/trace_print.h>
#include <fcntl.h>
#include <sys/mman.h>

void print_open_flags(FILE *f, uint64_t v)
{
	fputs(xlat_name(xlat_open_access, v & O_ACCMODE) ?: "O_ACCMODE", f);
	if (v & ~(uint64_t)O_ACCMODE) {
		fputc('|', f);
		print_flags(f, xlat_open_flags, v & ~(uint64_t)O_ACCMODE, NULL);
	}
}

void print_mmap_flags(FILE *f, uint64_t v)
{
	if (!(v & MAP_TYPE))
		fputs("MAP_FILE", f); /* type 0, as strace names it */
	else
		print_const(f, xlat_mmap_type, v & MAP_TYPE, true);
	if (v & ~(uint64_t)MAP_TYPE) {
		fputc('|', f);
		print_flags(f, xlat_mmap_flags, v & ~(uint64_t)MAP_TYPE, NULL);
	}
}

/* fcntl's third argument by name where strace names it, else in hex. */
void print_fcntl_arg(FILE *f, uint64_t cmd, uint64_t v)
{
	if (cmd == F_SETFL)
		print_open_flags(f, v);
	else if (cmd == F_SETFD && v == FD_CLOEXEC)
		fputs("FD_CLOEXEC", f);
	else if (cmd == F_SETFD && !v)
		fputs("0", f);
	else if (cmd == F_DUPFD || cmd == F_DUPFD_CLOEXEC || cmd == F_SETPIPE_SZ || cmd == F_SETOWN)
		fprintf(f, "%d", (int)v);
	else if (cmd == F_SETSIG)
		print_signal(f, (int)v);
	else
		fprintf(f, "%#lx", (unsigned long)v);
}

/* open's mode means something only when a file may be made. */
bool open_has_mode(uint64_t flags)
{
	return flags & (O_CREAT | __O_TMPFILE);
}

/* The F_GET commands take no argument: strace leaves it out. */
bool fcntl_has_arg(uint64_t cmd)
{
	return cmd != F_GETFD && cmd != F_GETFL && cmd != F_GETOWN && cmd != F_GETSIG &&
	       cmd != F_GETLEASE && cmd != F_GETPIPE_SZ && cmd != F_GET_SEALS;
}

bool mremap_has_new_address(uint64_t flags)
{
	return flags & MREMAP_FIXED;
}

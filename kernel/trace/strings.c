/* Pointers, strings, buffers, execve's vectors, and values by name, as strace prints
 * them. */
#include <emu/mm.h>
#include <emu/trace_print.h>
#include <errno.h>
#include <limits.h>
#include <string.h>

#define MAX_ENV_COUNTED 100000 /* envp is counted, not shown: stop somewhere */
#define ASCII_DEL 0x7f

void print_ptr(FILE *f, uint64_t p)
{
	if (p)
		fprintf(f, "%#lx", (unsigned long)p);
	else
		fputs("NULL", f);
}

/* C escapes, octal for the rest (three digits when a digit follows). */
void print_quoted(FILE *f, const unsigned char *s, size_t len, bool more)
{
	fputc('"', f);
	for (size_t i = 0; i < len; i++) {
		unsigned c = s[i];
		switch (c) {
		case '"': fputs("\\\"", f); break;
		case '\\': fputs("\\\\", f); break;
		case '\n': fputs("\\n", f); break;
		case '\t': fputs("\\t", f); break;
		case '\r': fputs("\\r", f); break;
		case '\f': fputs("\\f", f); break;
		case '\v': fputs("\\v", f); break;
		default:
			if (c >= ' ' && c < ASCII_DEL)
				fputc(c, f);
			else if (i + 1 < len && s[i + 1] >= '0' && s[i + 1] <= '7')
				fprintf(f, "\\%03o", c);
			else
				fprintf(f, "\\%o", c);
		}
	}
	fputc('"', f);
	if (more)
		fputs("...", f);
}

void print_str(FILE *f, uint64_t addr)
{
	char s[STRSIZE + 1];
	long len = strncpy_from_user(s, addr, sizeof s);

	if (len < 0 && len != -ENAMETOOLONG)
		print_ptr(f, addr);
	else
		print_quoted(f, (unsigned char *)s, len < 0 ? STRSIZE : len, len < 0);
}

void print_path(FILE *f, uint64_t addr)
{
	char path[PATH_MAX];
	long len = strncpy_from_user(path, addr, sizeof path);

	if (len < 0)
		print_ptr(f, addr);
	else
		print_quoted(f, (unsigned char *)path, len, false);
}

/* len bytes, cut at STRSIZE. */
void print_buf(FILE *f, uint64_t addr, uint64_t len)
{
	unsigned char buf[STRSIZE];
	size_t n = len < STRSIZE ? len : STRSIZE;

	if (copy_from_user(buf, addr, n))
		print_ptr(f, addr);
	else
		print_quoted(f, buf, n, len > STRSIZE);
}

/* Random bytes, all as \xHH, as strace prints getrandom's buffer. */
void print_hex_buf(FILE *f, uint64_t addr, uint64_t len)
{
	unsigned char buf[STRSIZE];
	size_t n = len < STRSIZE ? len : STRSIZE;

	if (copy_from_user(buf, addr, n)) {
		print_ptr(f, addr);
		return;
	}
	fputc('"', f);
	for (size_t i = 0; i < n; i++)
		fprintf(f, "\\x%02x", buf[i]);
	fputs(len > STRSIZE ? "\"..." : "\"", f);
}

/* execve's argv: ["a", "b"], each string cut at STRSIZE, the array after MAX_ARRAY. */
void print_argv(FILE *f, uint64_t addr)
{
	uint64_t p;

	if (!addr) {
		print_ptr(f, addr);
		return;
	}
	for (int i = 0;; i++) {
		if (copy_from_user(&p, addr + i * sizeof p, sizeof p)) {
			if (!i) {
				print_ptr(f, addr);
				return;
			}
			fprintf(f, ", ... /* %#lx */", (unsigned long)(addr + i * sizeof p));
			break;
		}
		fputs(i ? "" : "[", f);
		if (!p)
			break;
		fputs(i ? ", " : "", f);
		if (i == MAX_ARRAY) {
			fputs("...", f);
			break;
		}
		print_str(f, p);
	}
	fputc(']', f);
}

/* The same, of strings in emu's memory (the run's first program). */
void print_host_argv(FILE *f, char *const *argv)
{
	fputc('[', f);
	for (int i = 0; argv[i]; i++) {
		fputs(i ? ", " : "", f);
		if (i == MAX_ARRAY) {
			fputs("...", f);
			break;
		}
		size_t len = strlen(argv[i]);
		print_quoted(f, (const unsigned char *)argv[i], len < STRSIZE ? len : STRSIZE,
			     len > STRSIZE);
	}
	fputc(']', f);
}

/* execve's environment, as strace abbreviates it: the address and how many variables. */
void print_envp(FILE *f, uint64_t addr)
{
	uint64_t p;
	int n = 0;

	print_ptr(f, addr);
	if (!addr)
		return;
	while (n < MAX_ENV_COUNTED && !copy_from_user(&p, addr + n * sizeof p, sizeof p) && p)
		n++;
	fprintf(f, " /* %d var%s */", n, n == 1 ? "" : "s");
}

void print_flags(FILE *f, const struct xlat *x, uint64_t v, const char *zero)
{
	char buf[512];

	fputs(xlat_flags(x, v, zero, buf, sizeof buf), f);
}

/* A value by its name; an unknown one as a number. */
void print_const(FILE *f, const struct xlat *x, uint64_t v, bool hex)
{
	const char *name = xlat_name(x, v);

	if (name)
		fputs(name, f);
	else if (hex)
		fprintf(f, "%#lx", (unsigned long)v);
	else
		fprintf(f, "%d", (int)v);
}

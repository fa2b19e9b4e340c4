/* A schedule file's program lines (docs/schedules.md): the name, /proc/self/exe,
 * arguments and environment the recorded run gave its program. They are its input
 * (glibc's start-up alone reads every variable and /proc/self/exe), so a replay
 * gives the program these instead of its own: it then repeats the run from another
 * copy of the program, another directory, another environment. */
#include <emu/exec.h>
#include <emu/sched.h>
#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* the program as the recorded run had it */
static char *name, *exe;
static char **argv, **envp;
static int argc, envc;

/* s with backslash, newline and every byte outside printable ASCII as \xHH. */
static void write_escaped(FILE *f, const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p == '\\' || *p < 0x20 || *p >= 0x7f)
			fprintf(f, "\\x%02x", *p);
		else
			fputc(*p, f);
	}
}

/* write_escaped's text back into a string (malloc'd); NULL if it is not one. */
static char *read_escaped(const char *text)
{
	char *out = malloc(strlen(text) + 1), *o = out;

	for (const char *p = text; out && *p && *p != '\n'; p++) {
		unsigned byte;
		if (*p != '\\') {
			*o++ = *p;
		} else if (p[1] == 'x' && isxdigit((unsigned char)p[2]) &&
			   isxdigit((unsigned char)p[3]) && sscanf(p + 2, "%2x", &byte) == 1 && byte) {
			*o++ = (char)byte;
			p += 3;
		} else {
			free(out);
			return NULL;
		}
	}
	if (out)
		*o = '\0';
	return out;
}

static int append(char ***v, int *n, char *s)
{
	char **grown = realloc(*v, (size_t)(*n + 2) * sizeof **v);

	if (!grown)
		return -1;
	*v = grown;
	grown[(*n)++] = s;
	grown[*n] = NULL;
	return 0;
}

int sched_program_line(const char *line)
{
	bool is_exec = !strncmp(line, "exec ", 5), is_exe = !strncmp(line, "exe ", 4);

	if (!is_exec && !is_exe && strncmp(line, "arg ", 4) && strncmp(line, "env ", 4))
		return 0;
	char *s = read_escaped(strchr(line, ' ') + 1);
	if (!s)
		return -1;
	if (is_exec || is_exe) {
		char **which = is_exec ? &name : &exe;
		free(*which);
		*which = s;
		return 1;
	}
	if (line[0] == 'a' ? append(&argv, &argc, s) : append(&envp, &envc, s)) {
		free(s);
		return -1;
	}
	return 1;
}

void sched_program_apply(struct exec_request *req)
{
	if (!name || !argc)
		return;
	req->name = name;
	req->exe = exe;
	req->argv = argv;
	if (!envp)
		envp = calloc(1, sizeof *envp); /* no variables */
	if (envp)
		req->envp = envp;
}

void sched_program_write(FILE *f, const struct exec_request *req)
{
	char *path = req->exe ? NULL : realpath(req->path, NULL); /* as exec will find it */

	fputs("exec ", f);
	write_escaped(f, req->name ? req->name : req->path);
	if (req->exe || path) {
		fputs("\nexe ", f);
		write_escaped(f, req->exe ? req->exe : path);
	}
	free(path);
	for (char *const *a = req->argv; *a; a++) {
		fputs("\narg ", f);
		write_escaped(f, *a);
	}
	for (char *const *e = req->envp; *e; e++) {
		fputs("\nenv ", f);
		write_escaped(f, *e);
	}
	fputc('\n', f);
}


/* The recording's header, DIR/header: what is needed to run the program again as it
 * ran. One line per item, "KEY VALUE", the value escaped (\\, \n, \xHH):
 *   emu-recording 1          the format
 *   emu VERSION (UNICORN)    who recorded it
 *   cwd DIR                  where it ran
 *   option ARG               each of emu's options, in order (argv before PROGRAM)
 *   argv ARG                 the program and its arguments
 *   env VAR=VALUE            emu's environment (-E and -U are options above)
 * --replay DIR puts the recorded options before the ones given with --replay
 * (so that those win), and the recorded environment in place of the host's. */
#include <emu/arch.h>
#include <emu/replay.h>
#include <emu/task.h>
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define FORMAT "emu-recording 1"

extern char **environ;

void fput_escaped(FILE *out, const char *s)
{
	for (; *s; s++) {
		unsigned char c = *s;
		if (c == '\\')
			fputs("\\\\", out);
		else if (c == '\n')
			fputs("\\n", out);
		else if (c < 0x20 || c == 0x7f)
			fprintf(out, "\\x%02x", c);
		else
			fputc(c, out);
	}
}

char *unescape(const char *s)
{
	char *out = malloc(strlen(s) + 1), *o = out;

	if (!out)
		abort();
	while (*s) {
		unsigned v;
		if (s[0] == '\\' && s[1] == 'n') {
			*o++ = '\n';
			s += 2;
		} else if (s[0] == '\\' && s[1] == 'x' && sscanf(s + 2, "%2x", &v) == 1 && v) {
			*o++ = (char)v;
			s += 4;
		} else if (s[0] == '\\' && s[1]) {
			*o++ = s[1];
			s += 2;
		} else {
			*o++ = *s++;
		}
	}
	*o = 0;
	return out;
}

static void put_item(FILE *out, const char *key, const char *value)
{
	fprintf(out, "%s ", key);
	fput_escaped(out, value);
	fputc('\n', out);
}

int record_open(const char *dir, int argc, char **argv, int optind)
{
	char path[4096], cwd[4096];
	FILE *out;

	if (record_mode == RECORD_REPLAY) {
		fputs("emu: --record and --replay cannot go together\n", stderr);
		return -1;
	}
	if ((mkdir(dir, 0777) < 0 && errno != EEXIST) || !replay_path(path, sizeof path, dir, "header") ||
	    !(out = fopen(path, "w")) || log_create(dir) < 0 || files_create(dir) < 0) {
		fprintf(stderr, "emu: --record %s: %s\n", dir, strerror(errno));
		return -1;
	}
	fprintf(out, FORMAT "\nemu %s (%s)\n", EMU_VERSION, arch_version());
	if (getcwd(cwd, sizeof cwd))
		put_item(out, "cwd", cwd);
	for (int i = 1; i < argc; i++)
		put_item(out, i < optind ? "option" : "argv", argv[i]);
	for (char **e = environ; *e; e++)
		put_item(out, "env", *e);
	if (fclose(out)) {
		fprintf(stderr, "emu: --record %s: %s\n", dir, strerror(errno));
		return -1;
	}
	record_mode = RECORD_ON;
	return 0;
}

/* ---- replay ---- */

struct strv {
	char **v;
	int n;
};

static void strv_add(struct strv *s, char *str)
{
	if (!(s->v = realloc(s->v, (s->n + 2) * sizeof *s->v)))
		abort();
	s->v[s->n++] = str;
	s->v[s->n] = NULL;
}

/* argv[i], one of emu's options: how many elements it spans (2 if its value is the
 * next one), 0 if it is the program. *name: its long name ("" for a short option). */
static int option_span(int argc, char **argv, int i, const struct option *opts,
		       const char *shortopts, const char **name)
{
	const char *a = argv[i];

	*name = "";
	if (a[0] != '-' || !a[1])
		return 0;
	if (!strcmp(a, "--")) {
		*name = a;
		return 1;
	}
	if (a[1] != '-') {
		const char *s = strchr(shortopts, a[1]);
		return 1 + (s && s[1] == ':' && !a[2] && i + 1 < argc);
	}
	size_t len = strcspn(a + 2, "=");
	const struct option *found = NULL;
	for (const struct option *o = opts; o->name; o++) {
		if (strncmp(o->name, a + 2, len))
			continue;
		if (!found || strlen(o->name) == len) /* exact, or the first abbreviated */
			found = o;
	}
	*name = found ? found->name : a;
	return 1 + (found && found->has_arg == required_argument && !a[2 + len] && i + 1 < argc);
}

/* Options that are about this run only, never replayed. */
static bool run_only(const char *name)
{
	static const char *const names[] = { "record", "replay", "trace", "trace-file", "timeline",
					     "record-schedule", "explore", "jobs", "seeds",
					     "expect-status", "expect-stdout", "diagnose", NULL };
	for (int i = 0; names[i]; i++)
		if (!strcmp(name, names[i]))
			return true;
	return false;
}

/* The header's items into opts, prog and env; 0, or -1 if it is not a header. */
static int load_header(const char *dir, struct strv *opts, struct strv *prog, struct strv *env)
{
	char path[4096], *line = NULL, cwd[4096];
	size_t cap = 0;
	ssize_t len;
	int n = 0;
	FILE *in = replay_path(path, sizeof path, dir, "header") ? fopen(path, "r") : NULL;

	if (!in)
		return -1;
	while ((len = getline(&line, &cap, in)) > 0) {
		line[len - 1] = line[len - 1] == '\n' ? 0 : line[len - 1];
		char *value = strchr(line, ' ');
		value = value ? value + 1 : line + strlen(line);
		if (n++ == 0 && strcmp(line, FORMAT))
			break;
		if (!strncmp(line, "option ", 7))
			strv_add(opts, unescape(value));
		else if (!strncmp(line, "argv ", 5))
			strv_add(prog, unescape(value));
		else if (!strncmp(line, "env ", 4))
			strv_add(env, unescape(value));
		else if (!strncmp(line, "cwd ", 4) && getcwd(cwd, sizeof cwd) && strcmp(cwd, value))
			fprintf(stderr, "replay: recorded in %s, replayed in %s\n", value, cwd);
	}
	free(line);
	fclose(in);
	return n && prog->n ? 0 : -1;
}

static void check_program(char **given, const struct strv *prog)
{
	int i = 0;

	while (given[i] && i < prog->n && !strcmp(given[i], prog->v[i]))
		i++;
	if (given[i] || i < prog->n)
		fprintf(stderr, "replay: the program's command line differs from the recording's "
			"(argument %d: '%s' there, '%s' here)\n", i, i < prog->n ? prog->v[i] : "",
			given[i] ? given[i] : "");
}

/* file-wide, so that what replay_prepare drops stays reachable (LeakSanitizer) */
static struct strv rec, prog, env, out;

int replay_prepare(int *argc, char ***argv, const struct option *opts, const char *shortopts)
{
	const char *name, *dir = NULL;
	char **av = *argv;
	int i = 1, n;

	for (; i < *argc && (n = option_span(*argc, av, i, opts, shortopts, &name)); i += n) {
		if (!strcmp(av[i], "--")) {
			i++;
			break;
		}
		if (!strcmp(name, "replay"))
			dir = strchr(av[i], '=') ? strchr(av[i], '=') + 1 : n == 2 ? av[i + 1] : NULL;
	}
	if (!dir)
		return 0;
	errno = 0;
	if (load_header(dir, &rec, &prog, &env) < 0 || log_load(dir) < 0 || files_load(dir) < 0) {
		fprintf(stderr, "emu: --replay %s: not a recording of emu's (%s)\n", dir,
			errno ? strerror(errno) : "bad format");
		return -1;
	}
	strv_add(&out, av[0]);
	for (int j = 0; j < rec.n; j += n) { /* the recorded options, but this run's own */
		n = option_span(rec.n, rec.v, j, opts, shortopts, &name);
		n = n ? n : 1;
		for (int k = 0; k < n && !run_only(name); k++)
			strv_add(&out, rec.v[j + k]);
	}
	for (int j = 1; j < i; j += n) { /* then the options given now, --replay aside */
		n = option_span(*argc, av, j, opts, shortopts, &name);
		n = n ? n : 1;
		for (int k = 0; k < n && strcmp(name, "replay"); k++)
			strv_add(&out, av[j + k]);
	}
	if (i < *argc)
		check_program(av + i, &prog);
	for (char **p = i < *argc ? av + i : prog.v; *p; p++)
		strv_add(&out, *p);
	environ = env.v ? env.v : calloc(1, sizeof(char *));
	*argc = out.n;
	*argv = out.v;
	record_mode = RECORD_REPLAY;
	return 1;
}

void record_finish(void)
{
	log_close();
	files_close();
}

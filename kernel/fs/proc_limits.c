/* /proc/PID/limits: Linux's proc_pid_limits, line for line. */
#include <emu/proc_fs.h>
#include <emu/signal.h>
#include <emu/task.h>
#include <sys/resource.h>

static const struct {
	const char *name, *unit;
} lnames[RLIM_NLIMITS] = {
	[RLIMIT_CPU] = { "Max cpu time", "seconds" },
	[RLIMIT_FSIZE] = { "Max file size", "bytes" },
	[RLIMIT_DATA] = { "Max data size", "bytes" },
	[RLIMIT_STACK] = { "Max stack size", "bytes" },
	[RLIMIT_CORE] = { "Max core file size", "bytes" },
	[RLIMIT_RSS] = { "Max resident set", "bytes" },
	[RLIMIT_NPROC] = { "Max processes", "processes" },
	[RLIMIT_NOFILE] = { "Max open files", "files" },
	[RLIMIT_MEMLOCK] = { "Max locked memory", "bytes" },
	[RLIMIT_AS] = { "Max address space", "bytes" },
	[RLIMIT_LOCKS] = { "Max file locks", "locks" },
	[RLIMIT_SIGPENDING] = { "Max pending signals", "signals" },
	[RLIMIT_MSGQUEUE] = { "Max msgqueue size", "bytes" },
	[RLIMIT_NICE] = { "Max nice priority", NULL },
	[RLIMIT_RTPRIO] = { "Max realtime priority", NULL },
	[RLIMIT_RTTIME] = { "Max realtime timeout", "us" },
};

static void show_value(FILE *m, rlim_t v)
{
	if (v == RLIM_INFINITY)
		fprintf(m, "%-20s ", "unlimited");
	else
		fprintf(m, "%-20lu ", (unsigned long)v);
}

void show_limits(FILE *m, struct task *t)
{
	fprintf(m, "%-25s %-20s %-20s %-10s\n", "Limit", "Soft Limit", "Hard Limit", "Units");
	for (unsigned i = 0; i < RLIM_NLIMITS; i++) {
		struct rlimit r;
		task_rlimit(t, i, &r);
		fprintf(m, "%-25s ", lnames[i].name);
		show_value(m, r.rlim_cur);
		show_value(m, r.rlim_max);
		if (lnames[i].unit)
			fprintf(m, "%-10s", lnames[i].unit);
		fputc('\n', m);
	}
}

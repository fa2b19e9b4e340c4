/* Time namespaces (Linux's kernel/time/namespace.c): CLOCK_MONOTONIC (and _RAW,
 * _COARSE) and CLOCK_BOOTTIME (and _ALARM) read with a per-namespace offset. The
 * offsets are set through /proc/PID/timens_offsets until the first task enters the
 * namespace; then they are frozen (EACCES). */
#ifndef EMU_TIME_NAMESPACE_H
#define EMU_TIME_NAMESPACE_H
#include <emu/nsproxy.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <time.h>

struct time_namespace {
	struct ns_common ns;
	int64_t monotonic_ns, boottime_ns; /* the offsets */
	bool frozen_offsets;               /* a task has entered: no more changes */
};
extern struct time_namespace init_time_ns;

int copy_time_ns(uint64_t flags, struct time_namespace *old, struct user_namespace *user_ns,
		 struct time_namespace **new);
void get_time_ns(struct time_namespace *ns);
void put_time_ns(struct time_namespace *ns);
/* A new process or exec enters nsproxy's time_ns_for_children (Linux's
 * timens_on_fork): its offsets are frozen. */
void timens_on_fork(struct nsproxy *nsproxy);
/* clock's time in current's namespace from the machine's (ns), and back: absolute
 * deadlines the guest gives on CLOCK_MONOTONIC/BOOTTIME go through timens_ktime_to_host. */
int64_t timens_add_offset(clockid_t clock, int64_t ns);
int64_t timens_ktime_to_host(clockid_t clock, int64_t ns);
/* /proc/PID/timens_offsets */
struct task;
void show_timens_offsets(FILE *m, struct task *t);
long proc_timens_set_offset(struct task *t, const char *text);

#endif

/* --timeline FILE: a picture of the run (kernel/trace/timeline.c). Every hook is a
 * no-op unless timeline_open was called; the events are kept in memory and written
 * at the end, as FILE.json (Chrome trace-event format, for Perfetto) and FILE.html
 * (a self-contained page drawing the same events). Times are virtual, so the same
 * run gives the same files. */
#ifndef EMU_TIMELINE_H
#define EMU_TIMELINE_H
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

struct task;

extern bool timeline_on;

int timeline_open(const char *base); /* -1: FILE.json or FILE.html cannot be written */
int timeline_finish(void);           /* writes the files; -1 if a write failed */

/* The scheduler: t runs a quantum, and stops; t becomes runnable again. */
void timeline_run_begin(struct task *t);
void timeline_run_end(struct task *t);
void timeline_wake(struct task *t);

/* System calls: exit and execve are rendered as they enter (their arguments do not
 * survive them); every call's slice is made as it returns. */
void timeline_syscall_enter(struct task *t, long nr, const uint64_t *args);
void timeline_syscall(struct task *t, long nr, const uint64_t *args, long ret);

/* Process events, each where --trace reports it. */
void timeline_clone(struct task *child);             /* current made child */
void timeline_exec(struct task *t, const char *path);
void timeline_exec_takeover(struct task *t, int pid); /* a thread's execve: t gets pid */
void timeline_exit(struct task *t, int status);
void timeline_signal_send(struct task *t, int sig);  /* current queued sig for t */
void timeline_signal_deliver(struct task *t, int sig);
void timeline_cow(uint64_t va, bool copied);          /* a write fault of current */

/* timeline_html.c: the page, with the events write_json writes inside it. */
void timeline_write_html(FILE *f, void (*write_json)(FILE *f));

#endif

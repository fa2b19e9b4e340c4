/* The racing accesses of a preemption, for --diagnose. While the preempted task P
 * is off the CPU, the other tasks' loads and stores are collected (each distinct
 * instruction and address once, with a count); when P has run again for a while,
 * those that overlap an access of P's, just before the preemption or just after it,
 * one of the two a store, are the race, and go into the recorded schedule as
 * comments ("# access N WHEN: pid PID wrote ADDR SIZE at RIP xCOUNT", WHEN being
 * before, other or after; ADDR virtual, 0 if unknown). Accesses are matched by
 * physical address, so that memory shared between processes meets too. Atomic instructions (lock-prefixed, xchg) synchronize:
 * they are left out. Every access goes through a hook, which is slow: only a
 * replay that --diagnose makes asks for it ("watch accesses" in its file). */
#include <emu/arch.h>
#include <emu/race_watch.h>
#include <emu/sched.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#define HISTORY 256     /* distinct accesses remembered per task */
#define MAX_TASKS 32    /* tasks with a history; more are not watched */
#define MAX_WINDOWS 8   /* preemptions watched at once */
#define OTHERS_MAX 4096 /* distinct accesses of the others in one window */
#define OTHERS_SLOTS 8192 /* their hash index: at most half full */
#define AFTER_ACCESSES 2048 /* accesses of P after it resumes before the window closes */

struct mem_access {
	uint64_t addr, va, rip, count, seq; /* addr: physical, so that aliases meet */
	int pid;
	uint8_t size;
	bool write;
};

struct history {
	int pid;
	int n;
	uint64_t born; /* the seq when it was created: what came before, clone ordered */
	struct mem_access a[HISTORY];
};

struct window {
	int n; /* the preemption's number; 0: the slot is free */
	int pid;
	bool resumed;
	int nbefore, nafter, nothers;
	long after_seen;
	struct mem_access before[HISTORY], after[HISTORY];
	struct mem_access *others;
	int *index; /* OTHERS_SLOTS: 1 + an entry of others, or 0 */
};

static bool enabled;
static uint64_t seq;
static struct history histories[MAX_TASKS];
static struct window windows[MAX_WINDOWS];

static bool same(const struct mem_access *a, int pid, uint64_t addr, int size, bool write,
		 uint64_t rip)
{
	return a->addr == addr && a->rip == rip && a->size == size && a->write == write &&
	       a->pid == pid;
}

/* Adds the access to set (n of max), or counts it again; when full, the oldest
 * (lowest seq) goes if evict, else the access is dropped. */
static void set_add(struct mem_access *set, int *n, int max, bool evict, int pid, uint64_t addr,
		    uint64_t va, int size, bool write, uint64_t rip)
{
	int oldest = 0;

	for (int i = 0; i < *n; i++) {
		if (same(&set[i], pid, addr, size, write, rip)) {
			set[i].count++;
			set[i].seq = seq;
			return;
		}
		if (set[i].seq < set[oldest].seq)
			oldest = i;
	}
	if (*n < max)
		oldest = (*n)++;
	else if (!evict)
		return;
	set[oldest] = (struct mem_access){ addr, va, rip, 1, seq, pid, (uint8_t)size, write };
}

/* The others' accesses of a window: many (a loop over an array), so found by a
 * hash rather than set_add's scan; added until full, then only counted. */
static void others_add(struct window *w, int pid, uint64_t addr, uint64_t va, int size,
		       bool write, uint64_t rip)
{
	unsigned slot = (unsigned)((addr * 0x9e3779b97f4a7c15ULL ^ rip * 0xc2b2ae3d27d4eb4fULL) >> 40) %
			OTHERS_SLOTS;

	for (; w->index[slot]; slot = (slot + 1) % OTHERS_SLOTS) {
		struct mem_access *a = &w->others[w->index[slot] - 1];
		if (same(a, pid, addr, size, write, rip)) {
			a->count++;
			a->seq = seq;
			return;
		}
	}
	if (w->nothers == OTHERS_MAX)
		return;
	w->others[w->nothers] = (struct mem_access){ addr, va, rip, 1, seq, pid, (uint8_t)size, write };
	w->index[slot] = ++w->nothers;
}

static struct history *history_of(int pid, bool create)
{
	for (int i = 0; i < MAX_TASKS; i++)
		if (histories[i].pid == pid)
			return &histories[i];
	for (int i = 0; create && i < MAX_TASKS; i++)
		if (!histories[i].pid) {
			histories[i].pid = pid;
			histories[i].born = seq;
			return &histories[i];
		}
	return NULL;
}

static bool overlap(const struct mem_access *a, const struct mem_access *b)
{
	return a->addr < b->addr + b->size && b->addr < a->addr + a->size && (a->write || b->write);
}

/* An atomic instruction (arch's answer): the way threads synchronize. The answers
 * are kept by address (the code of one program: few), asked while the
 * task's memory is there. */
#define ATOMIC_CACHE 4096
static struct {
	uint64_t rip;
	bool atomic;
} atomic_cache[ATOMIC_CACHE];

static bool atomic_insn(uint64_t rip)
{
	unsigned slot = (unsigned)(rip * 0x9e3779b97f4a7c15ULL >> 52) % ATOMIC_CACHE;
	for (unsigned i = 0; i < ATOMIC_CACHE; i++, slot = (slot + 1) % ATOMIC_CACHE) {
		if (atomic_cache[slot].rip == rip)
			return atomic_cache[slot].atomic;
		if (!atomic_cache[slot].rip)
			break;
	}
	bool atomic = cpu_insn_atomic(rip);
	if (!atomic_cache[slot].rip)
		atomic_cache[slot].rip = rip, atomic_cache[slot].atomic = atomic;
	return atomic;
}

/* a and one of set touch the same bytes, one of them a store, both plain (not
 * atomic); an access of set made before a's task was born (clone or fork ordered
 * the two) does not count. */
static bool races(const struct mem_access *a, const struct mem_access *set, int n)
{
	const struct history *h = history_of(a->pid, false);

	for (int i = 0; i < n; i++)
		if (overlap(a, &set[i]) && (!h || set[i].seq >= h->born) && !atomic_insn(set[i].rip))
			return true;
	return false;
}

static void note(int n, const char *when, const struct mem_access *a)
{
	sched_record_comment("access %d %s: pid %d %s %#" PRIx64 " %d at %#" PRIx64 " x%" PRIu64,
			     n, when, a->pid, a->write ? "wrote" : "read", a->va, a->size, a->rip,
			     a->count);
}

/* P's accesses of set that race with one of the others. */
static void note_own(struct window *w, const char *when, const struct mem_access *set, int n)
{
	for (int i = 0; i < n; i++) {
		bool racing = false;
		for (int j = 0; j < w->nothers && !racing; j++)
			racing = races(&w->others[j], &set[i], 1) && !atomic_insn(w->others[j].rip);
		if (racing)
			note(w->n, when, &set[i]);
	}
}

static void window_close(struct window *w)
{
	note_own(w, "before", w->before, w->nbefore);
	for (int i = 0; i < w->nothers; i++) {
		const struct mem_access *o = &w->others[i];
		if (!atomic_insn(o->rip) && (races(o, w->before, w->nbefore) ||
					     races(o, w->after, w->nafter)))
			note(w->n, "other", o);
	}
	note_own(w, "after", w->after, w->nafter);
	free(w->others);
	free(w->index);
	memset(w, 0, sizeof *w);
}

static void on_access(uint64_t addr, uint64_t va, int size, bool write, uint64_t rip)
{
	struct task *t = current;

	if (!t)
		return;
	atomic_insn(rip); /* known before the task's memory may be gone */
	seq++;
	struct history *h = history_of(t->pid, true);
	if (h)
		set_add(h->a, &h->n, HISTORY, true, t->pid, addr, va, size, write, rip);
	for (int i = 0; i < MAX_WINDOWS; i++) {
		struct window *w = &windows[i];
		if (!w->n)
			continue;
		if (w->pid == t->pid) {
			w->resumed = true;
			set_add(w->after, &w->nafter, HISTORY, false, t->pid, addr, va, size, write, rip);
			if (++w->after_seen >= AFTER_ACCESSES)
				window_close(w);
		} else if (!w->resumed) {
			others_add(w, t->pid, addr, va, size, write, rip);
		}
	}
}

void race_watch_enable(void)
{
	enabled = true;
	cpu_watch_accesses(on_access);
}

void race_watch_preempted(const struct task *t, int n)
{
	struct history *h = history_of(t->pid, false);

	if (!enabled)
		return;
	for (int i = 0; i < MAX_WINDOWS; i++) {
		struct window *w = &windows[i];
		if (w->n)
			continue;
		w->others = malloc(OTHERS_MAX * sizeof *w->others);
		w->index = calloc(OTHERS_SLOTS, sizeof *w->index);
		if (!w->others || !w->index) {
			free(w->others);
			free(w->index);
			memset(w, 0, sizeof *w);
			return;
		}
		w->n = n;
		w->pid = t->pid;
		if (h) {
			w->nbefore = h->n;
			memcpy(w->before, h->a, (size_t)h->n * sizeof *h->a);
		}
		return;
	}
}

void race_watch_task_new(const struct task *t)
{
	if (enabled)
		history_of(t->pid, true);
}

void race_watch_finish(void)
{
	for (int i = 0; i < MAX_WINDOWS; i++)
		if (windows[i].n)
			window_close(&windows[i]);
}

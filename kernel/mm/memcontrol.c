/* The memory controller: Linux's mm/memcontrol.c, reduced. Every frame emu gives a
 * group's task (anonymous, page cache, shared memory) is charged to that task's
 * group when it is allocated and uncharged when it is freed, in the group and
 * every ancestor (Linux's hierarchical page_counter). A charge that would take a
 * group with the controller enabled over memory.max first drops MAP_DROPPABLE
 * pages charged below that group (try_to_free_mem_cgroup_pages, reduced to what
 * emu can reclaim without swap), then kills the largest process below it
 * (mem_cgroup_out_of_memory). */
#include <emu/cgroup.h>
#include <emu/mm.h>
#include <emu/sched.h>
#include <emu/signal.h>
#include <emu/task.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SWAP_CLUSTER_MAX 32 /* pages reclaimed at least per try, as Linux */

/* Per frame: the group it is charged to and what it is (Linux's folio->memcg_data). */
static struct page_memcg {
	struct cgroup *cgrp;
	unsigned char kind;
} *page_memcg;
static bool charge_failed; /* mem_cgroup_oom_synchronize's flag */

void mem_cgroup_init(size_t nr_frames)
{
	page_memcg = calloc(nr_frames, sizeof *page_memcg);
	if (!page_memcg) {
		fputs("emu: out of host memory\n", stderr);
		exit(1);
	}
}

void mem_cgroup_reset(struct mem_cgroup *memcg)
{
	memset(memcg, 0, sizeof *memcg);
	memcg->max = memcg->high = memcg->swap_max = PAGE_COUNTER_MAX;
}

static struct cgroup *task_cgroup(const struct task *t)
{
	return t && t->cgroups ? t->cgroups : &cgrp_dfl_root;
}

/* The group an mm's pages are charged to: its owner's (Linux's mm->owner), found
 * as a live task using it; current's first. */
static struct cgroup *mem_cgroup_from_mm(struct mm *mm)
{
	if (!mm || (current && current->mm == mm))
		return task_cgroup(current);
	for (struct task *t = first_task_in_list(); t; t = t->next_task)
		if (t->mm == mm && t->state != TASK_DEAD)
			return task_cgroup(t);
	return &cgrp_dfl_root;
}

/* Linux's memcg_memory_event: the group's own count, and the hierarchical one of
 * it and each ancestor below the root. */
static void memcg_memory_event(struct cgroup *cgrp, enum memcg_event event)
{
	cgrp->memory.events_local[event]++;
	for (struct cgroup *c = cgrp; c->parent; c = c->parent)
		c->memory.events[event]++;
}

/* The lowest group from cgrp up whose memory.max nr more pages would pass, or NULL. */
static struct cgroup *over_limit(struct cgroup *cgrp, uint64_t nr)
{
	for (struct cgroup *c = cgrp; c->parent; c = c->parent)
		if (cgroup_ss_enabled(c, memory_cgrp_id) && c->memory.usage + nr > c->memory.max)
			return c;
	return NULL;
}

/* Drops up to want MAP_DROPPABLE pages of mm charged below cgrp; how many. */
static uint64_t drop_mm_pages(struct mm *mm, struct cgroup *cgrp, uint64_t want)
{
	uint64_t n = 0;

	for (struct vma *v = mm->mmap; v && n < want; v = v->next) {
		if (!(v->flags & VM_DROPPABLE))
			continue;
		for (uint64_t va = v->start; va < v->end && n < want; va += PAGE_SIZE) {
			pte_t *pte = pte_lookup(&mm->pgd, va);
			if (!pte || !(*pte & PTE_PRESENT))
				continue;
			pfn_t pfn = pte_pfn(*pte);
			if (frame_refcount(pfn) != 1 || !page_memcg[pfn].cgrp ||
			    !cgroup_is_descendant(page_memcg[pfn].cgrp, cgrp))
				continue;
			*pte = 0;
			frame_put(pfn); /* uncharges it */
			n++;
		}
	}
	return n;
}

/* Linux's try_to_free_mem_cgroup_pages, for the one kind of page emu can free
 * without swap: droppable ones, lowest address of each process first. */
static uint64_t reclaim_droppable(struct cgroup *cgrp, uint64_t want)
{
	uint64_t n = 0;

	for (struct task *t = first_task_in_list(); t && n < want; t = t->next_task) {
		if (!t->mm || t->state == TASK_DEAD)
			continue;
		bool seen = false;
		for (struct task *o = first_task_in_list(); o != t && !seen; o = o->next_task)
			seen = o->mm == t->mm && o->state != TASK_DEAD;
		if (!seen)
			n += drop_mm_pages(t->mm, cgrp, want - n);
	}
	if (n)
		flush_tlb_all();
	return n;
}

static void count_pte(pte_t *pte, uint64_t va, void *arg)
{
	(*(uint64_t *)arg)++;
}

/* Linux's mem_cgroup_out_of_memory: the process below cgrp with the most resident
 * pages gets SIGKILL. True if one was killed and its memory freed. */
static bool mem_cgroup_oom(struct cgroup *cgrp)
{
	struct task *victim = NULL;
	uint64_t best = 0;

	memcg_memory_event(cgrp, MEMCG_OOM);
	for (struct task *t = first_task_in_list(); t; t = t->next_task) {
		if (t != t->group_leader || t->state == TASK_DEAD || !t->mm || t->group_exit ||
		    !cgroup_is_descendant(task_cgroup(t), cgrp))
			continue;
		uint64_t rss = 0;
		pgtable_walk(&t->mm->pgd, 0, TASK_SIZE, count_pte, &rss);
		if (rss > best || !victim) {
			best = rss;
			victim = t;
		}
	}
	if (!victim)
		return false;
	char path[256];
	cgroup_path(cgrp, path, sizeof path);
	fprintf(stderr, "emu: Memory cgroup out of memory: Killed process %d (%s) anon-rss:%lukB, memcg %s\n",
		victim->tgid, victim->comm, (unsigned long)(best << (PAGE_SHIFT - 10)), path);
	memcg_memory_event(task_cgroup(victim), MEMCG_OOM_KILL);
	if (current && victim->tgid == current->tgid) {
		send_sig(SIGKILL, victim, true); /* its fault or write ends it */
		return false;
	}
	do_group_exit(victim, SIGKILL); /* its frames go back now */
	return true;
}

/* Linux's try_charge: nr pages for cgrp, reclaiming and OOM-killing below the group
 * over its limit. A droppable page is charged past the limit rather than killing
 * (its own fault is never the reason of an OOM kill): the next charge drops it. */
static int try_charge(struct cgroup *cgrp, uint64_t nr, bool droppable)
{
	struct cgroup *over;

	while ((over = over_limit(cgrp, nr))) {
		memcg_memory_event(over, MEMCG_MAX);
		if (reclaim_droppable(over, nr > SWAP_CLUSTER_MAX ? nr : SWAP_CLUSTER_MAX))
			continue;
		if (droppable)
			break;
		if (!mem_cgroup_oom(over)) {
			charge_failed = true;
			return -ENOMEM;
		}
	}
	for (struct cgroup *c = cgrp; c; c = c->parent) {
		c->memory.usage += nr;
		if (c->memory.usage > c->memory.peak)
			c->memory.peak = c->memory.usage;
		if (c->parent && c->memory.usage > c->memory.high) {
			memcg_memory_event(c, MEMCG_HIGH);
			reclaim_droppable(c, nr);
		}
	}
	return 0;
}

int mem_cgroup_charge(pfn_t pfn, struct mm *mm, enum memcg_kind kind, bool droppable)
{
	struct cgroup *cgrp = mem_cgroup_from_mm(mm);
	int err = try_charge(cgrp, 1, droppable);

	if (err)
		return err;
	page_memcg[pfn].cgrp = cgrp;
	page_memcg[pfn].kind = (unsigned char)kind;
	for (struct cgroup *c = cgrp; c; c = c->parent)
		c->memory.stat[kind]++;
	return 0;
}

void mem_cgroup_uncharge(pfn_t pfn)
{
	struct cgroup *cgrp = page_memcg ? page_memcg[pfn].cgrp : NULL;

	if (!cgrp)
		return;
	for (struct cgroup *c = cgrp; c; c = c->parent) {
		c->memory.usage--;
		c->memory.stat[page_memcg[pfn].kind]--;
	}
	page_memcg[pfn].cgrp = NULL;
}

bool mem_cgroup_oom_synchronize(void)
{
	bool was = charge_failed;

	charge_failed = false;
	return was;
}

void mem_cgroup_reparent(struct cgroup *cgrp)
{
	for (size_t pfn = 0; cgrp->memory.usage && pfn < phys_size() >> PAGE_SHIFT; pfn++)
		if (page_memcg[pfn].cgrp == cgrp)
			page_memcg[pfn].cgrp = cgrp->parent;
}

/* ---- the files ---- */

static void show_pages(FILE *m, uint64_t pages)
{
	if (pages >= PAGE_COUNTER_MAX)
		fputs("max\n", m);
	else
		fprintf(m, "%lu\n", (unsigned long)(pages * PAGE_SIZE));
}

static void show_events(FILE *m, const uint64_t *ev)
{
	static const char *const names[MEMCG_NR_EVENTS] = {
		"low", "high", "max", "oom", "oom_kill", "oom_group_kill",
	};

	for (int i = 0; i < MEMCG_NR_EVENTS; i++)
		fprintf(m, "%s %lu\n", names[i], (unsigned long)ev[i]);
}

/* memory.stat: the fields emu has in Linux's order (memory_stats[]), in bytes;
 * all of emu's page cache is mapped (it exists for mmap), nothing is on the
 * inactive lists (emu does not age pages) and there is no kernel memory. */
static void show_stat(FILE *m, const struct mem_cgroup *mc)
{
	unsigned long anon = mc->stat[MEMCG_ANON] * PAGE_SIZE, shmem = mc->stat[MEMCG_SHMEM] * PAGE_SIZE;
	unsigned long file = mc->stat[MEMCG_FILE] * PAGE_SIZE + shmem;

	fprintf(m, "anon %lu\nfile %lu\nkernel 0\nkernel_stack 0\npagetables 0\nsec_pagetables 0\n"
		   "percpu 0\nsock 0\nvmalloc 0\nshmem %lu\nfile_mapped %lu\nfile_dirty 0\n"
		   "file_writeback 0\nswapcached 0\nanon_thp 0\nfile_thp 0\nshmem_thp 0\n"
		   "inactive_anon 0\nactive_anon %lu\ninactive_file 0\nactive_file %lu\n"
		   "unevictable 0\nslab_reclaimable 0\nslab_unreclaimable 0\nslab 0\n",
		anon, file, shmem, file - shmem, anon + shmem, file - shmem);
}

void mem_cgroup_show(FILE *m, struct cgroup *cgrp, const char *file)
{
	struct mem_cgroup *mc = &cgrp->memory;

	if (!strcmp(file, "memory.current"))
		fprintf(m, "%lu\n", (unsigned long)(mc->usage * PAGE_SIZE));
	else if (!strcmp(file, "memory.peak"))
		fprintf(m, "%lu\n", (unsigned long)(mc->peak * PAGE_SIZE));
	else if (!strcmp(file, "memory.max"))
		show_pages(m, mc->max);
	else if (!strcmp(file, "memory.high"))
		show_pages(m, mc->high);
	else if (!strcmp(file, "memory.min"))
		show_pages(m, mc->min);
	else if (!strcmp(file, "memory.low"))
		show_pages(m, mc->low);
	else if (!strcmp(file, "memory.swap.max"))
		show_pages(m, mc->swap_max);
	else if (!strcmp(file, "memory.swap.current"))
		fputs("0\n", m); /* emu has no swap */
	else if (!strcmp(file, "memory.events"))
		show_events(m, mc->events);
	else if (!strcmp(file, "memory.events.local"))
		show_events(m, mc->events_local);
	else if (!strcmp(file, "memory.stat"))
		show_stat(m, mc);
}

/* Linux's page_counter_memparse: "max", or bytes with an optional K, M, G, T
 * suffix, in pages rounded down; 0 or -EINVAL. */
static int memparse_pages(const char *buf, uint64_t *pages)
{
	char *end;
	unsigned long long v;

	buf += strspn(buf, " \t\n");
	if (!strncmp(buf, "max", 3) && strspn(buf + 3, " \t\n") == strlen(buf + 3)) {
		*pages = PAGE_COUNTER_MAX;
		return 0;
	}
	if (*buf < '0' || *buf > '9')
		return -EINVAL;
	v = strtoull(buf, &end, 0);
	switch (*end) {
	case 'T': case 't': v <<= 10; /* fall through */
	case 'G': case 'g': v <<= 10; /* fall through */
	case 'M': case 'm': v <<= 10; /* fall through */
	case 'K': case 'k': v <<= 10; end++;
	}
	if (strspn(end, " \t\n") != strlen(end))
		return -EINVAL;
	*pages = v / PAGE_SIZE < PAGE_COUNTER_MAX ? v / PAGE_SIZE : PAGE_COUNTER_MAX;
	return 0;
}

/* Linux's memory_max_write: a limit below the usage reclaims, then kills. */
static void enforce_max(struct cgroup *cgrp)
{
	while (cgrp->memory.usage > cgrp->memory.max) {
		uint64_t excess = cgrp->memory.usage - cgrp->memory.max;
		if (reclaim_droppable(cgrp, excess))
			continue;
		if (!mem_cgroup_oom(cgrp))
			break;
	}
}

long mem_cgroup_write(struct cgroup *cgrp, const char *file, const char *buf)
{
	struct mem_cgroup *mc = &cgrp->memory;
	uint64_t pages;

	if (!strcmp(file, "memory.peak")) {
		mc->peak = mc->usage; /* any write resets it (Linux 6.12: per open file) */
		return 0;
	}
	if (memparse_pages(buf, &pages))
		return -EINVAL;
	if (!strcmp(file, "memory.max")) {
		mc->max = pages;
		enforce_max(cgrp);
	} else if (!strcmp(file, "memory.high")) {
		mc->high = pages;
	} else if (!strcmp(file, "memory.min")) {
		mc->min = pages;
	} else if (!strcmp(file, "memory.low")) {
		mc->low = pages;
	} else if (!strcmp(file, "memory.swap.max")) {
		mc->swap_max = pages;
	} else {
		return -EINVAL;
	}
	return 0;
}

/* Out of memory: Linux's mm/oom_kill.c in small. When the guest pool (--max-memory)
 * has no frame left for a fault, the process with the most resident pages is
 * killed with SIGKILL and one line says so, as the kernel's log does; the fault is
 * then tried again. */
#include <emu/mm.h>
#include <emu/sched.h>
#include <emu/task.h>
#include <stdio.h>

static void count_pte(pte_t *pte, uint64_t va, void *arg)
{
	(*(uint64_t *)arg)++;
}

static uint64_t rss_pages(struct mm *mm)
{
	uint64_t n = 0;

	pgtable_walk(&mm->pgd, 0, TASK_SIZE, count_pte, &n);
	return n;
}

/* The live process with the most resident pages (its group leader), or NULL. */
static struct task *oom_badness_pick(uint64_t *rss)
{
	struct task *victim = NULL;

	*rss = 0;
	for (struct task *t = first_task_in_list(); t; t = t->next_task) {
		if (t != t->group_leader || t->state == TASK_DEAD || !t->mm || t->group_exit)
			continue;
		uint64_t n = rss_pages(t->mm);
		if (n > *rss) {
			*rss = n;
			victim = t;
		}
	}
	return victim;
}

bool out_of_memory(struct mm *faulting)
{
	uint64_t rss, vm = 0;
	struct task *victim = oom_badness_pick(&rss);

	if (!victim)
		return false;
	for (struct vma *v = victim->mm->mmap; v; v = v->next)
		vm += v->end - v->start;
	fprintf(stderr, "emu: Out of memory: Killed process %d (%s) total-vm:%lukB, anon-rss:%lukB\n",
		victim->tgid, victim->comm, (unsigned long)(vm >> 10),
		(unsigned long)(rss << (PAGE_SHIFT - 10)));
	if (victim->mm == faulting)
		return false; /* the faulting task itself: its fault ends in SIGKILL */
	do_group_exit(victim, SIGKILL); /* its frames go back to the pool now */
	return true;
}

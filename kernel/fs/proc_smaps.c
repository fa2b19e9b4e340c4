/* /proc/PID/smaps and smaps_rollup (Linux's fs/proc/task_mmu.c): each region's
 * sizes from emu's page tables. emu has no dirty bits, so a page counts as dirty
 * when it is anonymous or a private copy, and as shared when its frame has other
 * users; emu never swaps and has no huge pages. */
#include <emu/fs.h>
#include <emu/mm.h>
#include <emu/proc_fs.h>
#include <emu/task.h>
#include <string.h>

struct mem_size {
	uint64_t rss, pss, shared_clean, shared_dirty, private_clean, private_dirty;
	uint64_t anonymous, pss_anon, pss_file, pss_dirty, locked;
};

struct walk {
	struct mem_size *ms;
	const struct vma *vma;
};

/* Linux's smaps_account, one base page at a time, in bytes (pss << 12 as Linux's). */
static void account_pte(pte_t *pte, uint64_t va, void *arg)
{
	struct walk *w = arg;
	struct mem_size *ms = w->ms;
	pfn_t pfn = pte_pfn(*pte);
	unsigned users = frame_refcount(pfn);
	bool anon = !w->vma->obj || (!(w->vma->flags & VM_SHARED) && (*pte & PTE_WRITE));
	uint64_t pss = users > 1 ? (PAGE_SIZE << 12) / users : PAGE_SIZE << 12;

	if (!(*pte & PTE_PRESENT))
		return;
	ms->rss += PAGE_SIZE;
	ms->pss += pss;
	if (anon) {
		ms->anonymous += PAGE_SIZE;
		ms->pss_anon += pss;
		ms->pss_dirty += pss;
	} else {
		ms->pss_file += pss;
	}
	if (users > 1)
		*(anon ? &ms->shared_dirty : &ms->shared_clean) += PAGE_SIZE;
	else
		*(anon ? &ms->private_dirty : &ms->private_clean) += PAGE_SIZE;
	if (w->vma->flags & VM_LOCKED)
		ms->locked += pss;
}

static void vma_size(struct mm *mm, const struct vma *vma, struct mem_size *ms)
{
	struct walk w = { ms, vma };

	pgtable_walk(&mm->pgd, vma->start, vma->end, account_pte, &w);
}

#define KB(x) ((unsigned long)((x) >> 10))

static void show_sizes(FILE *m, const struct mem_size *ms, bool rollup)
{
	fprintf(m, "Rss:            %8lu kB\nPss:            %8lu kB\nPss_Dirty:      %8lu kB\n",
		KB(ms->rss), KB(ms->pss >> 12), KB(ms->pss_dirty >> 12));
	if (rollup)
		fprintf(m, "Pss_Anon:       %8lu kB\nPss_File:       %8lu kB\nPss_Shmem:      %8lu kB\n",
			KB(ms->pss_anon >> 12), KB(ms->pss_file >> 12), 0UL);
	fprintf(m, "Shared_Clean:   %8lu kB\nShared_Dirty:   %8lu kB\nPrivate_Clean:  %8lu kB\n"
		   "Private_Dirty:  %8lu kB\nReferenced:     %8lu kB\nAnonymous:      %8lu kB\n"
		   "KSM:            %8lu kB\nLazyFree:       %8lu kB\nAnonHugePages:  %8lu kB\n"
		   "ShmemPmdMapped: %8lu kB\nFilePmdMapped:  %8lu kB\nShared_Hugetlb: %8lu kB\n"
		   "Private_Hugetlb:%8lu kB\nSwap:           %8lu kB\nSwapPss:        %8lu kB\n"
		   "Locked:         %8lu kB\n",
		KB(ms->shared_clean), KB(ms->shared_dirty), KB(ms->private_clean),
		KB(ms->private_dirty), KB(ms->rss), KB(ms->anonymous), 0UL, 0UL, 0UL, 0UL, 0UL, 0UL,
		0UL, 0UL, 0UL, KB(ms->locked >> 12));
}

/* Linux's show_smap_vma_flags, for the flags emu keeps. */
static void show_vma_flags(FILE *m, const struct vma *v)
{
	bool shared = v->flags & VM_SHARED;

	fputs("VmFlags:", m);
	if (v->flags & VM_READ) fputs(" rd", m);
	if (v->flags & VM_WRITE) fputs(" wr", m);
	if (v->flags & VM_EXEC) fputs(" ex", m);
	if (shared) fputs(" sh", m);
	fputs(" mr", m);
	if (!shared || (v->flags & (VM_MAYWRITE | VM_WRITE))) fputs(" mw", m);
	fputs(" me", m);
	if (shared) fputs(" ms", m);
	if (v->flags & VM_GROWSDOWN) fputs(" gd", m);
	if (v->flags & VM_UFFD_MISSING) fputs(" um", m);
	if (v->flags & VM_LOCKED) fputs(" lo", m);
	/* a droppable mapping is VM_NORESERVE ("nr"), so not accounted ("ac") */
	if (!shared && (v->flags & VM_WRITE) && !(v->flags & VM_DROPPABLE)) fputs(" ac", m);
	if (v->flags & VM_DROPPABLE) fputs(" nr", m);
	if (v->flags & VM_DONTCOPY) fputs(" dc", m);
	if (v->flags & VM_WIPEONFORK) fputs(" wf", m);
	if (v->flags & VM_DONTDUMP) fputs(" dd", m);
	if (v->flags & VM_DROPPABLE) fputs(" dp", m);
	if (v->flags & VM_SEALED) fputs(" sl", m);
	fputs(" \n", m);
}

void show_smaps(FILE *m, struct task *t)
{
	if (!t->mm)
		return;
	for (struct vma *v = t->mm->mmap; v; v = v->next) {
		struct mem_size ms;
		memset(&ms, 0, sizeof ms);
		vma_size(t->mm, v, &ms);
		show_map_head(m, t->mm, v);
		fprintf(m, "Size:           %8lu kB\nKernelPageSize: %8lu kB\nMMUPageSize:    %8lu kB\n",
			KB(v->end - v->start), KB(PAGE_SIZE), KB(PAGE_SIZE));
		show_sizes(m, &ms, false);
		fputs("THPeligible:    0\n", m);
		show_vma_flags(m, v);
	}
}

void show_smaps_rollup(FILE *m, struct task *t)
{
	struct mem_size ms;
	uint64_t start = 0, end = 0;

	if (!t->mm)
		return;
	memset(&ms, 0, sizeof ms);
	for (struct vma *v = t->mm->mmap; v; v = v->next) {
		if (!start)
			start = v->start;
		end = v->end;
		vma_size(t->mm, v, &ms);
	}
	int n = fprintf(m, "%08lx-%08lx ---p 00000000 00:00 0", (unsigned long)start, (unsigned long)end);
	fprintf(m, "%*s[rollup]\n", n < 73 ? 73 - n : 1, "");
	show_sizes(m, &ms, true);
}

/* Virtual memory areas: a sorted list per mm, split and merged as Linux's
 * mm/mmap.c does, and the mm itself. */
#include <emu/arch.h>
#include <emu/fs.h>
#include <emu/mm.h>
#include <emu/sched.h>
#include <emu/task.h>
#include <emu/userfaultfd.h>
#include <errno.h>
#include <stdlib.h>

int sysctl_max_map_count = DEFAULT_MAX_MAP_COUNT;

struct mm *mm_alloc(void)
{
	struct mm *mm = calloc(1, sizeof *mm);

	if (mm) {
		mm->users = 1;
		mm->mmap_base = MMAP_BASE;
		mm->dumpable = 1; /* SUID_DUMP_USER */
	}
	return mm;
}

static void vma_free(struct mm *mm, struct vma *vma)
{
	mm->map_count--;
	if (mm->mmap_cache == vma)
		mm->mmap_cache = NULL;
	if (vma->obj)
		mobj_put(vma->obj);
	if (vma->flags & VM_HUGETLB)
		hugetlb_uncharge(vma->end - vma->start);
	free(vma);
}

void mmput(struct mm *mm)
{
	if (!mm || --mm->users)
		return;
	arch_exit_mmap(mm); /* the engine must not walk a freed page table */
	userfaultfd_exit_mmap(mm);
	mm_zap_range(mm, 0, TASK_SIZE);
	while (mm->mmap) {
		struct vma *next = mm->mmap->next;
		vma_free(mm, mm->mmap);
		mm->mmap = next;
	}
	pgtable_free(&mm->pgd);
	if (mm->exe_inode) {
		allow_write_access(mm->exe_inode);
		iput(mm->exe_inode);
	}
	free(mm->exe_path);
	free(mm);
}

/* From the last vma found, back or forth: a program's mappings are mostly looked
 * up near each other, so 65,000 vmas do not make each lookup walk them all. */
struct vma *find_vma(struct mm *mm, uint64_t addr)
{
	struct vma *vma = mm->mmap_cache ? mm->mmap_cache : mm->mmap;

	while (vma && vma->prev && vma->prev->end > addr)
		vma = vma->prev;
	while (vma && vma->end <= addr)
		vma = vma->next;
	if (vma)
		mm->mmap_cache = vma;
	return vma;
}

/* Takes vma off the list (the caller frees it). */
static void vma_unlink(struct mm *mm, struct vma *vma)
{
	if (vma->prev)
		vma->prev->next = vma->next;
	else
		mm->mmap = vma->next;
	if (vma->next)
		vma->next->prev = vma->prev;
}

/* Puts vma on the list before next (NULL: at the end, after last). */
static void vma_link(struct mm *mm, struct vma *vma, struct vma *next, struct vma *last)
{
	vma->next = next;
	vma->prev = next ? next->prev : last;
	if (vma->prev)
		vma->prev->next = vma;
	else
		mm->mmap = vma;
	if (next)
		next->prev = vma;
}

struct vma *vma_at(struct mm *mm, uint64_t addr)
{
	struct vma *vma = find_vma(mm, addr);

	return vma && vma->start <= addr ? vma : NULL;
}

static void drop_pte(pte_t *pte, uint64_t va, void *arg)
{
	frame_put(pte_pfn(*pte));
	*pte = 0;
}

void mm_zap_range(struct mm *mm, uint64_t start, uint64_t end)
{
	pgtable_walk(&mm->pgd, start, end, drop_pte, NULL);
	flush_tlb_all();
}

static void drop_guard(pte_t *pte, uint64_t va, void *arg)
{
	*pte = 0;
}

void mm_zap_guards(struct mm *mm, uint64_t start, uint64_t end)
{
	mm_zap_range(mm, start, end);
	if (mm->has_guards) /* a second walk only where markers may be */
		pgtable_walk_guards(&mm->pgd, start, end, drop_guard, NULL);
}

/* Splits vma at addr (inside it); the new vma is the upper part. checked: fail at
 * vm.max_map_count, as Linux's split_vma (munmap lets one split go past it). */
static int vma_split(struct mm *mm, struct vma *vma, uint64_t addr, bool checked)
{
	struct vma *upper;

	if (checked && mm->map_count >= sysctl_max_map_count)
		return -ENOMEM;
	if (!(upper = malloc(sizeof *upper)))
		return -ENOMEM;
	mm->map_count++;
	*upper = *vma;
	upper->start = addr;
	upper->prev = vma;
	if (upper->next)
		upper->next->prev = upper;
	if (upper->obj) {
		mobj_get(upper->obj);
		upper->pgoff += (addr - vma->start) >> PAGE_SHIFT;
	}
	vma->end = addr;
	vma->next = upper;
	return 0;
}

/* A huge page vma splits only at a huge page boundary. */
static bool huge_misaligned(const struct vma *vma, uint64_t addr)
{
	return vma && (vma->flags & VM_HUGETLB) && vma->start < addr && addr < vma->end &&
	       (addr & (HPAGE_SIZE - 1));
}

/* Makes start and end vma boundaries, so whole vmas cover [start, end). For munmap
 * only a hole in one vma counts against vm.max_map_count (the vma count grows by
 * one only then); for the others every split does. */
static int split_at_bounds(struct mm *mm, uint64_t start, uint64_t end, bool unmap)
{
	struct vma *vma = vma_at(mm, start);
	int err;

	if (unmap && vma && vma->start < start && vma->end > end &&
	    mm->map_count >= sysctl_max_map_count)
		return -ENOMEM;
	if (huge_misaligned(vma, start) || huge_misaligned(vma_at(mm, end - 1), end))
		return -EINVAL; /* Linux's hugetlb_vm_op_split, checked before either split */
	if (vma && vma->start < start && (err = vma_split(mm, vma, start, !unmap)))
		return err;
	vma = vma_at(mm, end - 1);
	if (vma && vma->end > end && (err = vma_split(mm, vma, end, !unmap)))
		return err;
	return 0;
}

static bool can_merge(const struct vma *a, const struct vma *b)
{
	if (a->end != b->start || a->flags != b->flags || a->obj != b->obj ||
	    a->uffd_ctx != b->uffd_ctx)
		return false;
	if (a->flags & VM_HUGETLB)
		return false; /* each has its own hugetlbfs file in Linux; and vma_free uncharges */
	return !a->obj || a->pgoff + ((a->end - a->start) >> PAGE_SHIFT) == b->pgoff;
}

/* Joins neighbours with the same properties around [start, end), the only place
 * a change can have made some, so /proc/self/maps-style views and lookups stay
 * short, as vma_merge does. */
static void vma_merge_range(struct mm *mm, uint64_t start, uint64_t end)
{
	struct vma *vma = find_vma(mm, start ? start - 1 : 0);

	if (vma && vma->prev)
		vma = vma->prev;
	while (vma && vma->next && vma->start <= end) {
		struct vma *next = vma->next;
		if (can_merge(vma, next)) {
			vma->end = next->end;
			vma_unlink(mm, next);
			vma_free(mm, next);
		} else {
			vma = next;
		}
	}
}

int vma_unmap(struct mm *mm, uint64_t start, uint64_t len)
{
	uint64_t end = start + len;
	int err;

	if (!can_modify_mm(mm, start, end))
		return -EPERM; /* munmap, mmap(MAP_FIXED) or mremap over a sealed vma */
	if ((err = split_at_bounds(mm, start, end, true)))
		return err;
	userfaultfd_unmap(mm, start, end);
	for (struct vma *vma = find_vma(mm, start), *next; vma && vma->start < end; vma = next) {
		next = vma->next;
		vma_unlink(mm, vma); /* whole: split_at_bounds made the edges */
		vma_free(mm, vma);
	}
	mm_zap_guards(mm, start, end); /* munmap takes guard regions too */
	return 0;
}

int vma_map(struct mm *mm, uint64_t start, uint64_t len, unsigned flags,
	    struct mobj *obj, uint64_t pgoff)
{
	struct vma *vma;
	int err;

	if (mm->map_count > sysctl_max_map_count)
		return -ENOMEM; /* Linux's do_mmap and brk: not ">=" */
	if (!(vma = calloc(1, sizeof *vma)))
		return -ENOMEM;
	if ((err = vma_unmap(mm, start, len))) {
		free(vma);
		return err;
	}
	mm->map_count++;
	vma->start = start;
	vma->end = start + len;
	vma->flags = flags;
	vma->obj = obj;
	vma->pgoff = pgoff;
	if (obj)
		mobj_get(obj);
	struct vma *next = find_vma(mm, start), *last = NULL; /* nothing left in the range */
	if (!next)
		for (last = mm->mmap_cache ? mm->mmap_cache : mm->mmap; last && last->next;)
			last = last->next;
	vma_link(mm, vma, next, last);
	vma_merge_range(mm, start, start + len);
	return 0;
}

/* The pte permissions a vma grants to a page. Private pages that are not ours alone
 * (a page-cache frame holds the cache's reference too, a forked one the other mm's)
 * stay read-only: the first write faults and
 * copies (do_wp_page). */
pte_t vma_pte_perms(const struct vma *vma, pfn_t pfn)
{
	pte_t perms = 0;

	if (vma->flags & (VM_READ | VM_WRITE | VM_EXEC))
		perms |= PTE_READ; /* x86 has no write-only or execute-only pages */
	if (vma->flags & VM_EXEC)
		perms |= PTE_EXEC;
	if ((vma->flags & VM_WRITE) &&
	    ((vma->flags & VM_SHARED) || frame_refcount(pfn) == 1))
		perms |= PTE_WRITE;
	return perms;
}

struct protect_arg {
	struct vma *vma;
};

static void reprotect_pte(pte_t *pte, uint64_t va, void *arg)
{
	struct vma *vma = ((struct protect_arg *)arg)->vma;
	pfn_t pfn = pte_pfn(*pte);

	*pte = mk_pte(pfn, vma_pte_perms(vma, pfn));
}

int vma_protect(struct mm *mm, uint64_t start, uint64_t len, unsigned flags)
{
	uint64_t end = start + len;
	int err;

	if (!range_is_mapped(mm, start, len, true))
		return -ENOMEM;
	if (!can_modify_mm(mm, start, end))
		return -EPERM;
	if ((err = split_at_bounds(mm, start, end, false)))
		return err;
	for (struct vma *vma = vma_at(mm, start); vma && vma->start < end; vma = vma->next) {
		struct protect_arg arg = { vma };
		vma->flags = (vma->flags & ~(VM_READ | VM_WRITE | VM_EXEC)) | flags;
		pgtable_walk(&mm->pgd, vma->start, vma->end, reprotect_pte, &arg);
	}
	vma_merge_range(mm, start, end);
	flush_tlb_all();
	return 0;
}

/* fully: every page of the range is in some vma; otherwise: any page is. */
bool range_is_mapped(struct mm *mm, uint64_t start, uint64_t len, bool fully)
{
	uint64_t end = start + len, at = start;

	for (struct vma *vma = find_vma(mm, start); vma && vma->start < end; vma = vma->next) {
		if (!fully)
			return true;
		if (vma->start > at)
			return false;
		at = vma->end;
	}
	return fully && at >= end;
}

/* [start, start + len) is free, and not in the guard gap below a stack. */
static bool area_free(struct mm *mm, uint64_t start, uint64_t len)
{
	struct vma *next = find_vma(mm, start);

	return !next || start + len <= vm_start_gap(next);
}

/* Top-down search below mmap_base, as Linux's default layout does. */
uint64_t get_unmapped_area(struct mm *mm, uint64_t hint, uint64_t len)
{
	if (len > TASK_SIZE)
		return 0;
	if (hint && hint + len <= TASK_SIZE && hint + len > hint && area_free(mm, hint, len))
		return hint;
	uint64_t top = mm->mmap_base;
	while (top >= len + PAGE_SIZE) {
		uint64_t start = top - len;
		struct vma *lowest = find_vma(mm, start); /* lowest vma reaching above start */
		if (!lowest || vm_start_gap(lowest) >= top)
			return start;
		top = vm_start_gap(lowest);
	}
	return 0;
}

/* Every mapping of obj loses its pages from index first on (Linux's
 * unmap_mapping_range, walking the tasks where Linux walks the file's rmap). */
void unmap_mapping_range(struct mobj *obj, uint64_t first)
{
	for (struct task *t = first_task_in_list(); t; t = t->next_task) {
		if (!t->mm)
			continue;
		for (struct vma *vma = t->mm->mmap; vma; vma = vma->next) {
			uint64_t end_index = vma->pgoff + ((vma->end - vma->start) >> PAGE_SHIFT);
			if (vma->obj != obj || end_index <= first)
				continue;
			uint64_t from = first > vma->pgoff ? vma->start + ((first - vma->pgoff) << PAGE_SHIFT)
							   : vma->start;
			mm_zap_range(t->mm, from, vma->end);
		}
	}
}

int vma_modify_flags(struct mm *mm, uint64_t start, uint64_t len, unsigned set, unsigned clear)
{
	uint64_t end = start + len;
	int err = split_at_bounds(mm, start, end, false);

	if (err)
		return err;
	for (struct vma *vma = vma_at(mm, start); vma && vma->start < end; vma = vma->next)
		vma->flags = (vma->flags & ~clear) | set;
	vma_merge_range(mm, start, end);
	return 0;
}

int vma_set_userfaultfd(struct mm *mm, uint64_t start, uint64_t end,
			struct userfaultfd_ctx *ctx, unsigned vm_flags)
{
	int err = split_at_bounds(mm, start, end, false);

	if (err)
		return err;
	for (struct vma *vma = find_vma(mm, start); vma && vma->start < end; vma = vma->next) {
		if (!vm_flags && vma->uffd_ctx != ctx)
			continue;
		vma->uffd_ctx = vm_flags ? ctx : NULL;
		vma->flags = (vma->flags & ~VM_UFFD_MISSING) | vm_flags;
	}
	vma_merge_range(mm, start, end);
	return 0;
}

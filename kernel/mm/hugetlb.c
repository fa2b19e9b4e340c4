/* The huge page pool (vm.nr_hugepages) that MAP_HUGETLB mappings draw from. emu
 * backs a huge page with ordinary 4 KiB frames: what it keeps is Linux's count, so
 * a mapping fails with ENOMEM when the pool is short and /proc/meminfo's
 * HugePages_Total/Free follow. A page counts as used from mmap on (Linux reserves
 * it then and takes it at the first touch), and a forked child's copy of a vma
 * counts again (Linux shares a shared one); freeing a vma gives back what it took. */
#include <errno.h>
#include <emu/mm.h>

static long nr_huge_pages;  /* the pool, as root set it */
static uint64_t huge_bytes; /* mapped by VM_HUGETLB vmas */

static long huge_used(void) { return (long)((huge_bytes + HPAGE_SIZE - 1) / HPAGE_SIZE); }

long hugetlb_total(void) { return nr_huge_pages; }

long hugetlb_free(void)
{
	long free = nr_huge_pages - huge_used();
	return free > 0 ? free : 0;
}

/* Linux's set_max_huge_pages: as many as memory gives, never below those in use. */
void hugetlb_set_pool(long count)
{
	long can = huge_used() + (long)(frames_free() * PAGE_SIZE / HPAGE_SIZE);

	if (count > can)
		count = can;
	nr_huge_pages = count > huge_used() ? count : huge_used();
}

int hugetlb_charge(uint64_t len, bool force)
{
	if (!force && huge_used() + (long)((len + HPAGE_SIZE - 1) / HPAGE_SIZE) > nr_huge_pages)
		return -ENOMEM;
	huge_bytes += len;
	return 0;
}

void hugetlb_uncharge(uint64_t len) { huge_bytes -= len < huge_bytes ? len : huge_bytes; }

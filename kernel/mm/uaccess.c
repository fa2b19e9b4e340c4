/* Kernel access to user memory through the current task's page table, with the
 * same demand-paging and copy-on-write rules as a guest access. An address the
 * guest does not own is -EFAULT, never a host crash. */
#include <emu/arch.h>
#include <emu/mm.h>
#include <emu/task.h>
#include <errno.h>
#include <string.h>
#include <sys/uio.h>

/* Host address of a guest byte, faulting the page in as the guest would. */
static void *user_page(uint64_t va, enum access access)
{
	pte_t *pte, entry;

	if (va >= TASK_SIZE)
		return NULL;
	pte = pte_lookup(&current->mm->pgd, va);
	if (pte && (*pte & PTE_PRESENT) &&
	    (access == ACCESS_WRITE ? (*pte & PTE_WRITE) : (*pte & PTE_READ))) {
		entry = *pte;
	} else {
		pte_t before = pte ? *pte : 0;
		if (handle_mm_fault(current->mm, va, access, &entry) != FAULT_OK)
			return NULL;
		if (before & PTE_PRESENT && pte_pfn(before) != pte_pfn(entry))
			flush_tlb_all(); /* the guest's TLB may still hold the old frame */
	}
	if (access == ACCESS_WRITE && frame_has_code(pte_pfn(entry)))
		flush_icache_frame(pte_pfn(entry));
	return (char *)frame_ptr(pte_pfn(entry)) + (va & ~PAGE_MASK);
}

static size_t chunk(uint64_t va, size_t left)
{
	size_t room = PAGE_SIZE - (va & ~PAGE_MASK);
	return left < room ? left : room;
}

int copy_from_user(void *dst, uint64_t src, size_t n)
{
	while (n) {
		size_t len = chunk(src, n);
		void *p = user_page(src, ACCESS_READ);
		if (!p)
			return -EFAULT;
		memcpy(dst, p, len);
		dst = (char *)dst + len;
		src += len;
		n -= len;
	}
	return 0;
}

int copy_to_user(uint64_t dst, const void *src, size_t n)
{
	while (n) {
		size_t len = chunk(dst, n);
		void *p = user_page(dst, ACCESS_WRITE);
		if (!p)
			return -EFAULT;
		memcpy(p, src, len);
		src = (const char *)src + len;
		dst += len;
		n -= len;
	}
	return 0;
}

int clear_user(uint64_t dst, size_t n)
{
	while (n) {
		size_t len = chunk(dst, n);
		void *p = user_page(dst, ACCESS_WRITE);
		if (!p)
			return -EFAULT;
		memset(p, 0, len);
		dst += len;
		n -= len;
	}
	return 0;
}

long strncpy_from_user(char *dst, uint64_t src, size_t n)
{
	size_t done = 0;

	while (done < n) {
		size_t len = chunk(src + done, n - done);
		const char *p = user_page(src + done, ACCESS_READ);
		if (!p)
			return -EFAULT;
		const char *nul = memchr(p, 0, len);
		if (nul) {
			memcpy(dst + done, p, nul - p + 1);
			return done + (nul - p);
		}
		memcpy(dst + done, p, len);
		done += len;
	}
	return -ENAMETOOLONG;
}

int user_iovecs(uint64_t addr, size_t len, bool write, struct iovec *iov, int max,
		size_t *covered)
{
	int n = 0;

	*covered = 0;
	while (len && n < max) {
		size_t part = chunk(addr, len);
		void *p = user_page(addr, write ? ACCESS_WRITE : ACCESS_READ);
		if (!p)
			break;
		if (n && (char *)iov[n - 1].iov_base + iov[n - 1].iov_len == p) {
			iov[n - 1].iov_len += part; /* neighbouring frames: one iovec */
		} else {
			iov[n].iov_base = p;
			iov[n].iov_len = part;
			n++;
		}
		*covered += part;
		addr += part;
		len -= part;
	}
	return n || !len ? n : -EFAULT;
}

/* Kernel access to user memory through a task's page table, with the same
 * demand-paging and copy-on-write rules as a guest access. copy_from_user and its
 * kin work in the current task's mm; access_remote_vm in any other, so the kernel
 * never has to pretend to be another task to reach its memory. An address the guest
 * does not own is -EFAULT, never a host crash. */
#include <emu/arch.h>
#include <emu/mm.h>
#include <emu/task.h>
#include <errno.h>
#include <string.h>
#include <sys/uio.h>

/* Host address of a guest byte of mm, faulting the page in as the guest would. */
static void *user_page(struct mm *mm, uint64_t va, enum access access)
{
	pte_t *pte, entry;

	if (va >= TASK_SIZE)
		return NULL;
	pte = pte_lookup(&mm->pgd, va);
	if (pte && (*pte & PTE_PRESENT) &&
	    (access == ACCESS_WRITE ? (*pte & PTE_WRITE) : (*pte & PTE_READ))) {
		entry = *pte;
	} else {
		pte_t before = pte ? *pte : 0;
		if (handle_kernel_fault(mm, va, access, &entry) != FAULT_OK)
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

/* Copies n bytes between buf and addr in mm, page by page; the bytes copied (fewer
 * than n where an inaccessible page stops it). */
static size_t copy_user(struct mm *mm, uint64_t addr, void *buf, size_t n, enum access access)
{
	size_t done = 0;

	while (done < n) {
		size_t len = chunk(addr + done, n - done);
		char *p = user_page(mm, addr + done, access);
		if (!p)
			break;
		if (access == ACCESS_WRITE)
			memcpy(p, (char *)buf + done, len);
		else
			memcpy((char *)buf + done, p, len);
		done += len;
	}
	return done;
}

int copy_from_user(void *dst, uint64_t src, size_t n)
{
	return copy_user(current->mm, src, dst, n, ACCESS_READ) == n ? 0 : -EFAULT;
}

int copy_from_user_nofault(void *dst, uint64_t src, size_t n)
{
	for (size_t done = 0, len; done < n; done += len) {
		uint64_t va = src + done;
		pte_t *pte = va < TASK_SIZE && current && current->mm ?
			     pte_lookup(&current->mm->pgd, va) : NULL;

		len = chunk(va, n - done);
		if (!pte || !(*pte & PTE_PRESENT) || !(*pte & PTE_READ))
			return -EFAULT;
		memcpy((char *)dst + done, (char *)frame_ptr(pte_pfn(*pte)) + (va & ~PAGE_MASK), len);
	}
	return 0;
}

int copy_to_user(uint64_t dst, const void *src, size_t n)
{
	return copy_user(current->mm, dst, (void *)src, n, ACCESS_WRITE) == n ? 0 : -EFAULT;
}

int access_remote_vm(struct mm *mm, uint64_t addr, void *buf, int len, bool write)
{
	if (!mm || len < 0)
		return 0;
	return (int)copy_user(mm, addr, buf, (size_t)len, write ? ACCESS_WRITE : ACCESS_READ);
}

/* Linux's check_zeroed_user: 1 if the n bytes at addr are all zero, 0 if not,
 * -EFAULT. */
static int check_zeroed_user(uint64_t addr, size_t n)
{
	char buf[256];

	while (n) {
		size_t len = n < sizeof buf ? n : sizeof buf;
		if (copy_from_user(buf, addr, len))
			return -EFAULT;
		for (size_t i = 0; i < len; i++)
			if (buf[i])
				return 0;
		addr += len;
		n -= len;
	}
	return 1;
}

int copy_struct_from_user(void *dst, size_t ksize, uint64_t src, size_t usize)
{
	size_t size = usize < ksize ? usize : ksize;

	if (usize < ksize) {
		memset((char *)dst + size, 0, ksize - size);
	} else if (usize > ksize) {
		int ret = check_zeroed_user(src + size, usize - size);
		if (ret <= 0)
			return ret ? ret : -E2BIG;
	}
	return copy_from_user(dst, src, size);
}

int clear_user(uint64_t dst, size_t n)
{
	while (n) {
		size_t len = chunk(dst, n);
		void *p = user_page(current->mm, dst, ACCESS_WRITE);
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
		const char *p = user_page(current->mm, src + done, ACCESS_READ);
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
		void *p = user_page(current->mm, addr, write ? ACCESS_WRITE : ACCESS_READ);
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

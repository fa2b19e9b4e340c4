/* mprotect: Linux's mm/mprotect.c. */
#include <errno.h>
#include <emu/mm.h>
#include <emu/syscall.h>
#include <emu/task.h>
#include <sys/mman.h>

/* A shared mapping may become writable only if its file was opened for writing
 * (Linux's VM_MAYWRITE): /dev/zero and SysV segments attached SHM_RDONLY too. */
static bool shared_file_write(struct mm *mm, uint64_t start, uint64_t end)
{
	for (struct vma *vma = find_vma(mm, start); vma && vma->start < end; vma = vma->next)
		if ((vma->flags & VM_MAYSHARE) && !(vma->flags & VM_MAYWRITE))
			return true;
	return false;
}

SYSCALL_DEFINE3(mprotect, uint64_t, addr, uint64_t, len, unsigned long, prot)
{
	struct mm *mm = current->mm;

	if ((addr & ~PAGE_MASK) || (prot & ~(PROT_READ | PROT_WRITE | PROT_EXEC |
					      PROT_GROWSDOWN | PROT_GROWSUP)))
		return -EINVAL;
	len = PAGE_ALIGN(len);
	if (!len)
		return 0;
	if (addr + len < addr || addr + len > TASK_SIZE)
		return -ENOMEM;
	if ((prot & PROT_WRITE) && shared_file_write(mm, addr, addr + len))
		return -EACCES;
	return vma_protect(mm, addr, len, prot_to_vm(prot));
}

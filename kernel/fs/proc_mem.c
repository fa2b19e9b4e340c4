/* /proc/PID/mem and /proc/PID/pagemap (Linux's fs/proc/base.c mem_rw and
 * fs/proc/task_mmu.c pagemap_read): files whose offset is an address in the
 * task's memory, read and written through emu's page tables, never emu's own
 * memory. The host descriptor behind them is an empty memfd that only keeps the
 * offset (lseek moves it anywhere). */
#include <emu/cred.h>
#include <emu/fs.h>
#include <emu/mm.h>
#include <emu/task.h>
#include <fcntl.h>
#include <linux/capability.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#define PM_SOFT_DIRTY (1ULL << 55)
#define PM_MMAP_EXCLUSIVE (1ULL << 56)
#define PM_FILE (1ULL << 61)
#define PM_PRESENT (1ULL << 63)
#define PM_PFRAME_MASK ((1ULL << 55) - 1)

/* The task the file was opened for, if it still has its memory. */
static struct mm *file_mm(struct file *f)
{
	struct task *t = find_task((int)(intptr_t)f->private_data);

	return t && !t->reaped && t->state != TASK_DEAD ? t->mm : NULL;
}

static long mem_rw(struct file *f, const struct guest_iov *segs, int nsegs, int64_t pos,
		   bool write)
{
	struct mm *mm = file_mm(f);
	char buf[4096];
	long done = 0;

	if (!mm)
		return 0; /* the process is gone: end of file, as Linux */
	for (int i = 0; i < nsegs; i++)
		for (uint64_t off = 0; off < segs[i].len;) {
			int n = segs[i].len - off < sizeof buf ? (int)(segs[i].len - off) : (int)sizeof buf;
			int got;
			if (write) {
				if (copy_from_user(buf, segs[i].base + off, n))
					return done ? done : -EFAULT;
				got = access_remote_vm(mm, (uint64_t)pos + done, buf, n, true);
			} else {
				got = access_remote_vm(mm, (uint64_t)pos + done, buf, n, false);
				if (got > 0 && copy_to_user(segs[i].base + off, buf, got))
					return done ? done : -EFAULT;
			}
			if (got <= 0)
				return done ? done : -EIO; /* not mapped there */
			done += got;
			off += got;
			if (got < n)
				return done;
		}
	return done;
}

/* One pagemap entry: present pages with their frame number (only for a caller
 * with CAP_SYS_ADMIN, as Linux hides it), exclusive when mapped once, file when
 * the page is the file's own. */
static uint64_t pagemap_entry(struct mm *mm, uint64_t va, bool show_pfn)
{
	pte_t *pte = pte_lookup(&mm->pgd, va);
	struct vma *vma;

	if (!pte || !(*pte & PTE_PRESENT))
		return 0;
	uint64_t e = PM_PRESENT | PM_SOFT_DIRTY;
	pfn_t pfn = pte_pfn(*pte);
	if (show_pfn)
		e |= (uint64_t)pfn & PM_PFRAME_MASK;
	if (frame_refcount(pfn) == 1)
		e |= PM_MMAP_EXCLUSIVE;
	if ((vma = vma_at(mm, va)) && vma->obj && ((vma->flags & VM_SHARED) || !(*pte & PTE_WRITE)))
		e |= PM_FILE;
	return e;
}

static long pagemap_read(struct file *f, const struct guest_iov *segs, int nsegs, int64_t pos,
			 bool write)
{
	struct mm *mm = file_mm(f);
	bool show_pfn = capable(current, CAP_SYS_ADMIN);
	long done = 0;

	if (write)
		return -EINVAL;
	if (pos % 8)
		return -EINVAL;
	for (int i = 0; i < nsegs; i++) {
		if (segs[i].len % 8)
			return done ? done : -EINVAL;
		for (uint64_t off = 0; off < segs[i].len; off += 8) {
			uint64_t va = (uint64_t)(pos + done) / 8 * PAGE_SIZE;
			if (!mm || va >= TASK_SIZE)
				return done;
			uint64_t e = pagemap_entry(mm, va, show_pfn);
			if (copy_to_user(segs[i].base + off, &e, 8))
				return done ? done : -EFAULT;
			done += 8;
		}
	}
	return done;
}

static const struct file_operations mem_fops = { .rw_at = mem_rw };
static const struct file_operations pagemap_fops = { .rw_at = pagemap_read };

/* Linux's ptrace_may_access, reduced: the task itself, a descendant, or a caller
 * with CAP_SYS_PTRACE. */
static bool may_access(struct task *t)
{
	for (struct task *p = t; p; p = p->parent)
		if (p->tgid == current->tgid)
			return true;
	return capable(current, CAP_SYS_PTRACE);
}

int proc_mem_open(struct task *t, bool pagemap, int flags, const char *path)
{
	if (!t->mm)
		return -ENOENT;
	if (!may_access(t))
		return -EACCES;
	if (pagemap && (flags & O_ACCMODE) != O_RDONLY && !capable(current, CAP_DAC_OVERRIDE))
		return -EACCES; /* mode 0400; root opens it, and writes are EINVAL */
	int host = memfd_create(pagemap ? "pagemap" : "mem", MFD_CLOEXEC);
	if (host < 0)
		return -errno;
	struct file *f = file_from_host(host, flags & ~(O_CLOEXEC | O_CREAT | O_TRUNC), path);
	if (!f) {
		close(host);
		return -ENOMEM;
	}
	f->f_op = pagemap ? &pagemap_fops : &mem_fops;
	f->private_data = (void *)(intptr_t)t->pid;
	f->procfs = true;
	int fd = fd_install(f, flags & O_CLOEXEC, 0);
	if (fd < 0)
		fput(f);
	return fd;
}

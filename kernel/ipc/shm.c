/* System V shared memory: shmget, shmat, shmdt, shmctl (Linux's ipc/shm.c). A
 * segment is a shared-memory object of the page cache (the frames of
 * MAP_SHARED|MAP_ANONYMOUS), so attaching it is an mmap of that object and a
 * futex in it is shared like any other. The table holds one reference; every
 * attached vma holds its own, so IPC_RMID frees the memory when the last one goes. */
#include <emu/cred.h>
#include <emu/ipc.h>
#include <emu/mm.h>
#include <emu/sched.h>
#include <emu/syscall.h>
#include <emu/task.h>
#include <emu/timekeeping.h>
#include <errno.h>
#include <linux/capability.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/shm.h>

#define SHMMAX_EMU (1UL << 30)     /* a segment's size (Linux's default is larger) */
#define SHMALL_PAGES (SHMMAX_EMU >> PAGE_SHIFT)
#define IPCMNI_SEQ 32768           /* shmid = seq * 32768 + index, as Linux */

struct shmid_kernel {
	struct mobj *obj;
	struct shmid_ds ds;           /* key, perms, size, times, pids (nattch derived) */
	int seq;
};

/* The segments of current's IPC namespace, and where their ids' sequence stands. */
static struct shmid_kernel **shm_ids(void)
{
	return current_ipc_ns()->shm_segments;
}

static void shm_destroy(int idx);

/* Removed segments whose last attach went away (by shmdt, munmap, exec or exit)
 * leave the table; each shm call looks first, so none sees a stale one. */
static void shm_reap(void)
{
	for (int idx = 0; idx < SHMMNI; idx++)
		if (shm_ids()[idx] && (shm_ids()[idx]->ds.shm_perm.mode & SHM_DEST) &&
		    mobj_refcount(shm_ids()[idx]->obj) == 1)
			shm_destroy(idx);
}

static struct shmid_kernel *shm_lock(int shmid)
{
	shm_reap();
	int idx = shmid % IPCMNI_SEQ;

	if (shmid < 0 || idx >= SHMMNI || !shm_ids()[idx] || shm_ids()[idx]->seq != shmid / IPCMNI_SEQ)
		return NULL;
	return shm_ids()[idx];
}

static int shm_id(const struct shmid_kernel *shp, int idx)
{
	return shp->seq * IPCMNI_SEQ + idx;
}

static unsigned long shm_nattch(const struct shmid_kernel *shp)
{
	return mobj_refcount(shp->obj) - 1; /* every reference but the table's is a vma */
}

static int newseg(key_t key, int flags, size_t size)
{
	int idx = 0;

	while (idx < SHMMNI && shm_ids()[idx])
		idx++;
	if (idx == SHMMNI)
		return -ENOSPC;
	struct shmid_kernel *shp = calloc(1, sizeof *shp);
	if (!shp || !(shp->obj = mobj_new_shmem(PAGE_ALIGN(size)))) {
		free(shp);
		return -ENOMEM;
	}
	const struct cred *c = &current->cred;
	shp->ds.shm_perm.__key = key;
	shp->ds.shm_perm.uid = shp->ds.shm_perm.cuid = c->euid;
	shp->ds.shm_perm.gid = shp->ds.shm_perm.cgid = c->egid;
	shp->ds.shm_perm.mode = flags & 0777;
	shp->ds.shm_segsz = size;
	shp->ds.shm_cpid = current->tgid;
	shp->ds.shm_ctime = ipc_now();
	shp->seq = current_ipc_ns()->shm_next_seq++ % 1024;
	shm_ids()[idx] = shp;
	return shm_id(shp, idx);
}

SYSCALL_DEFINE3(shmget, int, key, uint64_t, size, int, flags)
{
	shm_reap();
	if (key != IPC_PRIVATE)
		for (int idx = 0; idx < SHMMNI; idx++) {
			struct shmid_kernel *shp = shm_ids()[idx];
			if (!shp || shp->ds.shm_perm.__key != key || (shp->ds.shm_perm.mode & SHM_DEST))
				continue;
			if ((flags & IPC_CREAT) && (flags & IPC_EXCL))
				return -EEXIST;
			if (!ipcperms(&shp->ds.shm_perm, (flags >> 6) & 07) && (flags & 0777))
				return -EACCES;
			if (shp->ds.shm_segsz < size)
				return -EINVAL;
			return shm_id(shp, idx);
		}
	if (key != IPC_PRIVATE && !(flags & IPC_CREAT))
		return -ENOENT;
	if (size < 1 || size > SHMMAX_EMU)
		return -EINVAL;
	return newseg(key, flags, size);
}

/* Drops the table's reference: the memory stays while some vma maps it. */
static void shm_destroy_in(struct shmid_kernel **segments, int idx)
{
	mobj_put(segments[idx]->obj);
	free(segments[idx]);
	segments[idx] = NULL;
}

static void shm_destroy(int idx)
{
	shm_destroy_in(shm_ids(), idx);
}

/* Linux's shm_exit_ns: attached memory stays mapped; the ids go. */
void shm_exit_ns(struct ipc_namespace *ns)
{
	for (int idx = 0; idx < SHMMNI; idx++)
		if (ns->shm_segments[idx])
			shm_destroy_in(ns->shm_segments, idx);
}

SYSCALL_DEFINE3(shmat, int, shmid, uint64_t, addr, int, flags)
{
	struct shmid_kernel *shp = shm_lock(shmid);
	unsigned vm = VM_READ | VM_SHARED | VM_MAYSHARE;
	uint64_t len;

	if (!shp)
		return -EINVAL;
	if (addr & (SHMLBA - 1)) {
		if (!(flags & SHM_RND))
			return -EINVAL;
		addr &= ~(uint64_t)(SHMLBA - 1);
	}
	if (!ipcperms(&shp->ds.shm_perm, (flags & SHM_RDONLY) ? 04 : 06))
		return -EACCES;
	if (!(flags & SHM_RDONLY))
		vm |= VM_WRITE | VM_MAYWRITE; /* SHM_RDONLY: mprotect cannot add PROT_WRITE */
	if (flags & SHM_EXEC)
		vm |= VM_EXEC;
	len = PAGE_ALIGN(shp->ds.shm_segsz);
	if (!addr)
		addr = get_unmapped_area(current->mm, 0, len);
	else if (!(flags & SHM_REMAP) && range_is_mapped(current->mm, addr, len, false))
		return -EINVAL;
	if (!addr || addr + len > TASK_SIZE)
		return -ENOMEM;
	int err = vma_map(current->mm, addr, len, vm, shp->obj, 0);
	if (err)
		return err;
	shp->ds.shm_atime = ipc_now();
	shp->ds.shm_lpid = current->tgid;
	return (long)addr;
}

/* The segment attached at addr, and its table slot (or -1 if it was removed). */
static struct vma *shm_vma_at(uint64_t addr, struct mobj **obj)
{
	struct vma *vma = vma_at(current->mm, addr);

	if (!vma || vma->start != addr || !vma->obj || vma->pgoff)
		return NULL;
	for (int idx = 0; idx < SHMMNI; idx++)
		if (shm_ids()[idx] && shm_ids()[idx]->obj == vma->obj) {
			*obj = vma->obj;
			return vma;
		}
	*obj = vma->obj; /* a segment already removed: still detachable */
	return mobj_is_shmem(vma->obj) ? vma : NULL;
}

SYSCALL_DEFINE1(shmdt, uint64_t, addr)
{
	struct mobj *obj = NULL;
	struct vma *vma;

	if (addr & (PAGE_SIZE - 1))
		return -EINVAL;
	if (!(vma = shm_vma_at(addr, &obj)))
		return -EINVAL;
	uint64_t end = vma->start;
	/* every vma of this attach: it may have been split by mprotect */
	for (struct vma *v = vma; v && v->obj == obj && v->start == end &&
				  v->pgoff == (v->start - addr) >> PAGE_SHIFT; v = v->next)
		end = v->end; /* an adjacent attach of the same segment starts at pgoff 0 */
	for (int idx = 0; idx < SHMMNI; idx++)
		if (shm_ids()[idx] && shm_ids()[idx]->obj == obj) {
			shm_ids()[idx]->ds.shm_dtime = ipc_now();
			shm_ids()[idx]->ds.shm_lpid = current->tgid;
		}
	return vma_unmap(current->mm, addr, end - addr);
}

static long shm_stat(struct shmid_kernel *shp, uint64_t ubuf)
{
	struct shmid_ds ds = shp->ds;

	ds.shm_nattch = shm_nattch(shp);
	return copy_to_user(ubuf, &ds, sizeof ds) ? -EFAULT : 0;
}

static long shm_info(int cmd, uint64_t ubuf)
{
	int highest = -1, used = 0;
	unsigned long pages = 0;

	for (int idx = 0; idx < SHMMNI; idx++)
		if (shm_ids()[idx]) {
			highest = idx;
			used++;
			pages += PAGE_ALIGN(shm_ids()[idx]->ds.shm_segsz) >> PAGE_SHIFT;
		}
	if (cmd == IPC_INFO) {
		struct shminfo info = { .shmmax = SHMMAX_EMU, .shmmin = 1, .shmmni = SHMMNI,
					.shmseg = SHMMNI, .shmall = SHMALL_PAGES };
		if (copy_to_user(ubuf, &info, sizeof info))
			return -EFAULT;
	} else {
		struct shm_info info = { .used_ids = used, .shm_tot = pages, .shm_rss = pages };
		if (copy_to_user(ubuf, &info, sizeof info))
			return -EFAULT;
	}
	return highest < 0 ? 0 : highest;
}

static long shm_set(struct shmid_kernel *shp, uint64_t ubuf)
{
	struct shmid_ds ds;
	long err;

	if (copy_from_user(&ds, ubuf, sizeof ds))
		return -EFAULT;
	if ((err = ipc_update_perm(&shp->ds.shm_perm, &ds.shm_perm)))
		return err;
	shp->ds.shm_ctime = ipc_now();
	return 0;
}

static long shm_rmid(int shmid)
{
	struct shmid_kernel *shp = shm_lock(shmid);
	const struct cred *c = &current->cred;

	if (c->euid != shp->ds.shm_perm.uid && c->euid != shp->ds.shm_perm.cuid &&
	    !ipc_capable(CAP_SYS_ADMIN))
		return -EPERM;
	if (shm_nattch(shp)) { /* it goes when the last attach does */
		shp->ds.shm_perm.mode |= SHM_DEST;
		shp->ds.shm_perm.__key = IPC_PRIVATE;
		return 0;
	}
	shm_destroy(shmid % IPCMNI_SEQ);
	return 0;
}

SYSCALL_DEFINE3(shmctl, int, shmid, int, cmd, uint64_t, ubuf)
{
	struct shmid_kernel *shp;

	cmd &= ~0x100; /* IPC_64: the only layout on x86-64 */
	shm_reap();
	if (cmd == IPC_INFO || cmd == SHM_INFO)
		return shm_info(cmd, ubuf);
	if (cmd == SHM_STAT || cmd == SHM_STAT_ANY) {
		if (shmid < 0 || shmid >= SHMMNI || !shm_ids()[shmid])
			return -EINVAL;
		long err = shm_stat(shm_ids()[shmid], ubuf);
		return err ? err : shm_id(shm_ids()[shmid], shmid);
	}
	if (!(shp = shm_lock(shmid)))
		return -EINVAL;
	switch (cmd) {
	case IPC_STAT:
		if (!ipcperms(&shp->ds.shm_perm, 04))
			return -EACCES;
		return shm_stat(shp, ubuf);
	case IPC_SET: return shm_set(shp, ubuf);
	case IPC_RMID: return shm_rmid(shmid);
	case SHM_LOCK:
	case SHM_UNLOCK: return 0; /* emu never swaps */
	default: return -EINVAL;
	}
}

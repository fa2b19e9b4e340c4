/* Memory: physical frames, page tables, vmas and the mm that ties them together.
 * Guest "physical" memory is one host buffer mapped into Unicorn at physical 0;
 * each mm has its own page table, consulted by the TLB-fill hook (arch/x86/cpu.c). */
#ifndef EMU_MM_H
#define EMU_MM_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <emu/arch.h>

#define PAGE_ALIGN(x) (((x) + PAGE_SIZE - 1) & PAGE_MASK)

/* The user half of a 47-bit address space, as on x86-64 Linux. */
#define TASK_SIZE 0x7ffffffff000UL
#define STACK_TOP TASK_SIZE
#define STACK_SIZE_MAX (8UL << 20)          /* RLIMIT_STACK default */
#define MMAP_BASE (STACK_TOP - (128UL << 20)) /* mmap_base() without randomisation */
#define MMAP_MIN_ADDR 65536UL                 /* vm.mmap_min_addr's default */
#define STACK_GUARD_GAP (256UL << 12)         /* Linux's stack_guard_gap: 256 pages */
#define ELF_ET_DYN_BASE 0x555555554000UL    /* where a PIE with an interpreter loads */

/* ---- frames (kernel/mm/frame.c) ---- */
/* pfn_t (emu/arch.h): a frame number; 0 is never handed out */

void frames_init(size_t bytes);
void *phys_base(void);
size_t phys_size(void);
pfn_t frame_alloc(void);      /* zeroed, refcount 1; 0 when memory is exhausted */
void frame_get(pfn_t pfn);
void frame_put(pfn_t pfn);    /* frees at refcount 0 */
unsigned frame_refcount(pfn_t pfn);
size_t frames_free(void);
void frame_mark_code(pfn_t pfn); /* translated code may exist for this frame */
bool frame_has_code(pfn_t pfn);
/* Maps page offset of a host file over the frame (MAP_SHARED); 0 or -1 with errno.
 * The frame goes back to plain memory when it is freed (frame_unmap_file). */
int frame_map_file(pfn_t pfn, int host_fd, uint64_t offset, bool writable);
void frame_unmap_file(pfn_t pfn);
static inline void *frame_ptr(pfn_t pfn)
{
	return (char *)phys_base() + ((size_t)pfn << PAGE_SHIFT);
}

/* ---- page tables (kernel/mm/pgtable.c): 4 levels of 512 entries, like x86-64 ---- */
typedef uint64_t pte_t;
#define PTE_PRESENT 0x1UL
#define PTE_READ 0x2UL
#define PTE_WRITE 0x4UL
#define PTE_EXEC 0x8UL
#define PTE_PERMS (PTE_READ | PTE_WRITE | PTE_EXEC)
/* A pte marker (Linux's PTE_MARKER_GUARD): not present, no frame; an access is
 * SIGSEGV. MADV_GUARD_INSTALL puts them, munmap and MADV_GUARD_REMOVE take them. */
#define PTE_GUARD 0x10UL
#define pte_is_guard(pte) (((pte) & (PTE_PRESENT | PTE_GUARD)) == PTE_GUARD)
#define pte_pfn(pte) ((pfn_t)((pte) >> PAGE_SHIFT))
#define mk_pte(pfn, perms) (((pte_t)(pfn) << PAGE_SHIFT) | PTE_PRESENT | (perms))

struct pgtable {
	void *root;
};
pte_t *pte_lookup(struct pgtable *pt, uint64_t va);   /* NULL if no table yet */
pte_t *pte_alloc(struct pgtable *pt, uint64_t va);    /* NULL only when out of memory */
/* Calls fn on each present pte in [start, end). */
void pgtable_walk(struct pgtable *pt, uint64_t start, uint64_t end,
		  void (*fn)(pte_t *pte, uint64_t va, void *arg), void *arg);
/* ... and on each guard marker in [start, end). */
void pgtable_walk_guards(struct pgtable *pt, uint64_t start, uint64_t end,
			 void (*fn)(pte_t *pte, uint64_t va, void *arg), void *arg);
void pgtable_free(struct pgtable *pt); /* frees the tables, not the frames */

/* ---- memory objects: the page cache of one host file, or shared anonymous memory
 * (kernel/mm/filemap.c) ---- */
struct mobj;
struct mobj *mobj_open_file(int host_fd, const char *name); /* NULL + errno */
struct mobj *mobj_new_shmem(uint64_t size);
/* The one object of a host file's MAP_SHARED mappings: its pages are the host's own
 * (frame_map_file), so they stay coherent with read and write. NULL + errno. */
struct mobj *mobj_open_shared_file(int host_fd, bool writable, const char *name);
/* The file behind host_fd now ends at size: mappings lose the pages past it (a
 * later access is SIGBUS, as Linux's unmap_mapping_range makes it). */
void filemap_truncate(int host_fd, uint64_t size);
int mobj_sync(struct mobj *obj); /* msync(MS_SYNC): 0 or -1 */
void unmap_mapping_range(struct mobj *obj, uint64_t first); /* kernel/mm/vma.c */
void mobj_get(struct mobj *obj);
void mobj_put(struct mobj *obj);
pfn_t mobj_page(struct mobj *obj, uint64_t index); /* borrowed; 0 on I/O error or no memory */
pfn_t mobj_find_page(const struct mobj *obj, uint64_t index); /* the same, 0 if not there yet */
uint64_t mobj_size(const struct mobj *obj);
/* MADV_REMOVE: the bytes [off, off+len) of a shared object read zeros from now on
 * (a host file's range punched): 0 or -errno. */
int mobj_punch_hole(struct mobj *obj, uint64_t off, uint64_t len);
const char *mobj_name(const struct mobj *obj);
bool mobj_is_shmem(const struct mobj *obj);
int mobj_refcount(const struct mobj *obj); /* the table's and every vma's */

/* ---- vmas (kernel/mm/vma.c) ---- */
#define VM_READ 0x1u
#define VM_WRITE 0x2u
#define VM_EXEC 0x4u
#define VM_SHARED 0x8u
#define VM_MAYWRITE 0x20u /* a shared mapping that may become writable (its file is) */
#define VM_MAYSHARE 0x80u /* MAP_SHARED, even where VM_SHARED was dropped */
#define VM_GROWSDOWN 0x100u
#define VM_UFFD_MISSING 0x200u /* registered with a userfaultfd for missing pages */
#define VM_LOCKED 0x2000u      /* mlock: counted in VmLck (emu never swaps) */
#define VM_DONTCOPY 0x20000u   /* MADV_DONTFORK: a child gets no copy */
#define VM_WIPEONFORK 0x40000u /* MADV_WIPEONFORK: a child gets zeroes */
#define VM_HUGETLB 0x400000u   /* MAP_HUGETLB: counted in the huge page pool */
#define VM_DONTDUMP 0x4000000u /* MADV_DONTDUMP: left out of core dumps */
#define VM_DROPPABLE 0x10000000u /* MAP_DROPPABLE: its pages may be freed (kernel/mm/memcontrol.c) */
#define VM_SEALED 0x80000000u  /* mseal: no unmap, move or protection change */

/* The huge page pool (kernel/mm/hugetlb.c): vm.nr_hugepages and its use. */
#define HPAGE_SHIFT 21
#define HPAGE_SIZE (1ULL << HPAGE_SHIFT)
long hugetlb_total(void);
long hugetlb_free(void);
void hugetlb_set_pool(long count); /* what memory and the pages in use allow */
int hugetlb_charge(uint64_t len, bool force); /* -ENOMEM past the pool unless force */
void hugetlb_uncharge(uint64_t len);

struct vma {
	uint64_t start, end;     /* [start, end), page aligned */
	unsigned flags;
	struct mobj *obj;        /* NULL: private anonymous memory */
	uint64_t pgoff;          /* page index in obj of start */
	struct userfaultfd_ctx *uffd_ctx; /* VM_UFFD_MISSING: who handles its faults */
	struct vma *next, *prev; /* sorted by address */
};

struct inode; /* kernel/fs/inode.c */
struct userfaultfd_ctx; /* kernel/fs/userfaultfd.c */

struct mm {
	int users;
	struct pgtable pgd;
	struct vma *mmap;        /* the vma list */
	struct vma *mmap_cache;  /* the last vma find_vma found: lookups start there */
	int map_count;           /* its length, at most vm.max_map_count */
	uint64_t start_brk, brk;
	uint64_t mmap_base;
	uint64_t start_stack, arg_start, arg_end, env_start, env_end;
	char *exe_path;          /* the program, for /proc/self/exe */
	struct inode *exe_inode; /* ... whose writes it denies (ETXTBSY) while it runs */
	uint64_t saved_auxv[48]; /* the auxiliary vector execve gave, AT_NULL included */
	int saved_auxv_words;
	int dumpable;            /* PR_SET_DUMPABLE: 1 unless the program said 0 */
	unsigned long faults_zero, faults_file, cow_copies, cow_reuses;
	bool has_guards;         /* MADV_GUARD_INSTALL ran: walks for markers are worth it */
};

/* vm.max_map_count (kernel/mm/vma.c): mmap, and the splits of munmap and mprotect,
 * fail with ENOMEM past this many vmas in an mm. */
#define DEFAULT_MAX_MAP_COUNT 65530
extern int sysctl_max_map_count;

struct mm *mm_alloc(void);
void mmput(struct mm *mm);
struct vma *find_vma(struct mm *mm, uint64_t addr); /* first vma with end > addr */
struct vma *vma_at(struct mm *mm, uint64_t addr);   /* vma containing addr */
/* Maps [start, start+len) with flags; replaces what was there. */
int vma_map(struct mm *mm, uint64_t start, uint64_t len, unsigned flags,
	    struct mobj *obj, uint64_t pgoff);
int vma_unmap(struct mm *mm, uint64_t start, uint64_t len);
int vma_protect(struct mm *mm, uint64_t start, uint64_t len, unsigned flags);
/* Sets and clears vma flags over a mapped range (madvise's fork advice). 0 or -errno. */
int vma_modify_flags(struct mm *mm, uint64_t start, uint64_t len, unsigned set, unsigned clear);
/* The vmas in [start, end) get vm_flags of VM_UFFD_* and ctx (Linux's
 * userfaultfd_register), or with vm_flags 0 lose those ctx gave them. 0 or -errno. */
int vma_set_userfaultfd(struct mm *mm, uint64_t start, uint64_t end,
			struct userfaultfd_ctx *ctx, unsigned vm_flags);
bool range_is_mapped(struct mm *mm, uint64_t start, uint64_t len, bool fully);
uint64_t get_unmapped_area(struct mm *mm, uint64_t hint, uint64_t len);
void mm_zap_range(struct mm *mm, uint64_t start, uint64_t end); /* drops ptes */
void mm_zap_guards(struct mm *mm, uint64_t start, uint64_t end); /* ... and guard markers */
pte_t vma_pte_perms(const struct vma *vma, pfn_t pfn);
unsigned prot_to_vm(unsigned long prot); /* PROT_* → VM_* */

/* mseal (kernel/mm/mseal.c): no vma in [start, end) is sealed; and (madvise) the
 * advice may discard what the range's sealed vmas hold. */
bool can_modify_mm(struct mm *mm, uint64_t start, uint64_t end);
bool can_modify_mm_madv(struct mm *mm, uint64_t start, uint64_t end, int advice);

/* ---- stacks (kernel/mm/stack.c) ---- */
/* Where vma begins for new mappings: a growsdown vma keeps stack_guard_gap free. */
uint64_t vm_start_gap(const struct vma *vma);
/* Extends growsdown vma down to addr's page: 0, or -errno when it may not. */
int expand_downwards(struct mm *mm, struct vma *vma, uint64_t addr);

/* ---- faults (kernel/mm/fault.c) ---- */
/* enum access and enum fault_result: emu/arch.h */
/* What the MMU does on a miss: returns the pte to use or a fault. */
enum fault_result handle_mm_fault(struct mm *mm, uint64_t va, enum access access,
				  pte_t *out);
/* The same for the kernel's own access on the guest's behalf (a user copy): a
 * missing page of a userfaultfd range is not waited for but refused (FAULT_SIGBUS). */
enum fault_result handle_kernel_fault(struct mm *mm, uint64_t va, enum access access,
				      pte_t *out);
/* The zero page (fault.c): read-only zeroes for untouched private memory. */
pfn_t get_zero_page(void);

/* OOM (kernel/mm/oom_kill.c): kills the largest process to free frames, with one
 * report line. True if memory was freed for the faulting mm to try again. */
bool out_of_memory(struct mm *faulting);

/* ---- user copies (kernel/mm/uaccess.c): the same tables and fault rules as the guest ---- */
/* copy_from_user (emu/arch.h): 0 or -EFAULT */
int copy_to_user(uint64_t dst, const void *src, size_t n); /* 0 or -EFAULT */
int clear_user(uint64_t dst, size_t n);
long strncpy_from_user(char *dst, uint64_t src, size_t n); /* length, -EFAULT, -ENAMETOOLONG */
/* Reads or writes len bytes at addr in mm, which need not be current's (Linux's
 * access_remote_vm). Returns the bytes done: len, or fewer where the memory ends. */
int access_remote_vm(struct mm *mm, uint64_t addr, void *buf, int len, bool write);
/* A struct that grows between kernel versions (clone3's): the caller's usize bytes
 * into the kernel's ksize, zero-filled; a larger struct must be zero past ksize.
 * 0, -E2BIG or -EFAULT (Linux's copy_struct_from_user). */
int copy_struct_from_user(void *dst, size_t ksize, uint64_t src, size_t usize);
/* Host pointers to the pages of a guest range, for host readv/writev. Returns the
 * number of iovecs filled (may cover less than len), or -EFAULT if the first byte
 * is not accessible. */
struct iovec;
int user_iovecs(uint64_t addr, size_t len, bool write, struct iovec *iov, int max,
		size_t *covered);

#endif

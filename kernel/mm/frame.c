/* Physical frames: one host buffer cut into 4 KiB frames with reference counts.
 * The buffer is MAP_NORESERVE, so untouched frames cost no host memory. */
#include <emu/arch.h>
#include <emu/cgroup.h>
#include <emu/mm.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#define PG_CODE 0x80000000u /* refcount word: translated code may exist */
#define PG_FILE 0x40000000u /* a host file's page is mapped over the frame */
#define PG_COUNT 0x3fffffffu

static uint8_t *ram;
static size_t ram_bytes;
static uint32_t *pg_ref;  /* per frame: refcount | PG_CODE */
static pfn_t *free_list;  /* stack of free frames: the most recently freed is reused first */
static size_t nr_free;
static pfn_t next_fresh;  /* frames above this were never handed out */
static pfn_t nr_frames;

void frames_init(size_t bytes)
{
	ram_bytes = bytes & PAGE_MASK;
	ram = mmap(NULL, ram_bytes, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (ram == MAP_FAILED) {
		perror("emu: cannot reserve guest memory");
		exit(1);
	}
	nr_frames = (pfn_t)(ram_bytes >> PAGE_SHIFT);
	pg_ref = calloc(nr_frames, sizeof *pg_ref);
	free_list = malloc(nr_frames * sizeof *free_list);
	if (!pg_ref || !free_list) {
		fputs("emu: out of host memory\n", stderr);
		exit(1);
	}
	nr_free = 0;
	next_fresh = 1; /* frame 0 means "none" */
	mem_cgroup_init(nr_frames);
}

void *phys_base(void) { return ram; }
size_t phys_size(void) { return ram_bytes; }
size_t frames_free(void) { return nr_free + (nr_frames - next_fresh); }

pfn_t frame_alloc(void)
{
	pfn_t pfn;

	if (nr_free) {
		pfn = free_list[--nr_free];
		memset(frame_ptr(pfn), 0, PAGE_SIZE);
	} else if (next_fresh < nr_frames) {
		pfn = next_fresh++; /* fresh from the kernel's zero pages */
	} else {
		return 0;
	}
	pg_ref[pfn] = 1;
	return pfn;
}

void frame_get(pfn_t pfn)
{
	pg_ref[pfn]++;
}

void frame_put(pfn_t pfn)
{
	if (--pg_ref[pfn] & PG_COUNT)
		return;
	/* Code translated from this frame must not run once it holds other bytes. */
	if (pg_ref[pfn] & PG_CODE)
		flush_icache_frame(pfn);
	if (pg_ref[pfn] & PG_FILE)
		frame_unmap_file(pfn);
	mem_cgroup_uncharge(pfn); /* its group's memory.current falls */
	pg_ref[pfn] = 0;
	free_list[nr_free++] = pfn;
}

/* The frame becomes a window on a page of a host file (MAP_SHARED), so the host's
 * page cache keeps every mapping, read and write of that page coherent. */
int frame_map_file(pfn_t pfn, int host_fd, uint64_t offset, bool writable)
{
	int prot = PROT_READ | (writable ? PROT_WRITE : 0);

	if (mmap(frame_ptr(pfn), PAGE_SIZE, prot, MAP_SHARED | MAP_FIXED, host_fd, (off_t)offset) ==
	    MAP_FAILED)
		return -1;
	pg_ref[pfn] |= PG_FILE;
	return 0;
}

/* Back to plain zeroed memory of the guest pool. */
void frame_unmap_file(pfn_t pfn)
{
	if (mmap(frame_ptr(pfn), PAGE_SIZE, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED | MAP_NORESERVE, -1, 0) == MAP_FAILED) {
		perror("emu: cannot give a file page back to the guest pool");
		abort(); /* the frame would stay a window on the file */
	}
	pg_ref[pfn] &= ~PG_FILE;
}

unsigned frame_refcount(pfn_t pfn)
{
	return pg_ref[pfn] & PG_COUNT;
}

void frame_mark_code(pfn_t pfn)
{
	pg_ref[pfn] |= PG_CODE;
}

bool frame_has_code(pfn_t pfn)
{
	return pg_ref[pfn] & PG_CODE;
}

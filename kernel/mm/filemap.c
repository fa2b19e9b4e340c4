/* Memory objects: what a vma maps besides private anonymous memory.
 * For private mappings, a host file's pages are read once into frames that every
 * mapping of that file shares, as Linux's page cache does, so translated code is
 * shared too (a snapshot: a file changed since gets a new object). For MAP_SHARED
 * mappings, one object per file whose frames are windows on the host file's own
 * pages (frame_map_file): writes land in the file, and read, write and every
 * process's mapping see the same bytes. Shared anonymous memory
 * (MAP_SHARED|MAP_ANONYMOUS) is an object without a file. */
#include <emu/cgroup.h>
#include <emu/mm.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

struct mobj {
	int refcount;
	int host_fd;         /* -1 for shared anonymous memory */
	dev_t dev;
	ino_t ino;
	struct timespec mtime;
	uint64_t size;
	char *name;
	pfn_t *pages;        /* one per page index, 0 until first use */
	uint64_t nr_pages;
	bool shared;         /* MAP_SHARED of a host file: pages are the host's */
	bool writable;       /* ... and host_fd may write them */
	struct mobj *next;   /* the page cache: every file object */
};

static struct mobj *page_cache;

static struct mobj *mobj_new(uint64_t size, const char *name)
{
	struct mobj *obj = calloc(1, sizeof *obj);

	if (!obj)
		return NULL;
	obj->refcount = 1;
	obj->host_fd = -1;
	obj->size = size;
	obj->nr_pages = PAGE_ALIGN(size) >> PAGE_SHIFT;
	obj->pages = calloc(obj->nr_pages ? obj->nr_pages : 1, sizeof *obj->pages);
	obj->name = strdup(name);
	if (!obj->pages || !obj->name) {
		free(obj->pages);
		free(obj->name);
		free(obj);
		return NULL;
	}
	return obj;
}

static bool same_file(const struct mobj *obj, const struct stat *st)
{
	return !obj->shared && obj->dev == st->st_dev && obj->ino == st->st_ino &&
	       obj->size == (uint64_t)st->st_size &&
	       obj->mtime.tv_sec == st->st_mtim.tv_sec &&
	       obj->mtime.tv_nsec == st->st_mtim.tv_nsec;
}

/* The cached object for this file, or a new one. A file changed since it was cached
 * gets a new object: mappings made before keep the old contents. */
struct mobj *mobj_open_file(int host_fd, const char *name)
{
	struct stat st;

	if (fstat(host_fd, &st) < 0)
		return NULL;
	for (struct mobj *obj = page_cache; obj; obj = obj->next) {
		if (same_file(obj, &st)) {
			mobj_get(obj);
			return obj;
		}
	}
	struct mobj *obj = mobj_new(st.st_size, name);
	if (!obj) {
		errno = ENOMEM;
		return NULL;
	}
	obj->host_fd = fcntl(host_fd, F_DUPFD_CLOEXEC, 3);
	if (obj->host_fd < 0) {
		mobj_put(obj);
		return NULL;
	}
	obj->dev = st.st_dev;
	obj->ino = st.st_ino;
	obj->mtime = st.st_mtim;
	obj->refcount++; /* the page cache's own reference: files stay cached */
	obj->next = page_cache;
	page_cache = obj;
	return obj;
}

struct mobj *mobj_new_shmem(uint64_t size)
{
	return mobj_new(size, "/dev/zero (deleted)");
}

void mobj_get(struct mobj *obj)
{
	obj->refcount++;
}

static void page_cache_remove(struct mobj *obj)
{
	for (struct mobj **p = &page_cache; *p; p = &(*p)->next)
		if (*p == obj) {
			*p = obj->next;
			return;
		}
}

void mobj_put(struct mobj *obj)
{
	if (--obj->refcount)
		return;
	if (obj->shared)
		page_cache_remove(obj); /* the host keeps its pages */
	for (uint64_t i = 0; i < obj->nr_pages; i++)
		if (obj->pages[i])
			frame_put(obj->pages[i]);
	if (obj->host_fd >= 0)
		close(obj->host_fd);
	free(obj->pages);
	free(obj->name);
	free(obj);
}

/* Reads a file page; the part past the end of the file stays zero. */
static int read_page(struct mobj *obj, uint64_t index, pfn_t pfn)
{
	uint8_t *dst = frame_ptr(pfn);
	off_t off = (off_t)(index << PAGE_SHIFT);
	size_t done = 0;

	while (done < PAGE_SIZE) {
		ssize_t n = pread(obj->host_fd, dst + done, PAGE_SIZE - done, off + done);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		if (n == 0)
			break;
		done += n;
	}
	return 0;
}

static int grow_pages(struct mobj *obj, uint64_t nr);

/* A new frame's contents: the host file's own page for a shared file object, a
 * copy of the file's bytes for a private one, zeroes for shared memory. */
static int fill_page(struct mobj *obj, uint64_t index, pfn_t pfn)
{
	if (obj->shared)
		return frame_map_file(pfn, obj->host_fd, index << PAGE_SHIFT, obj->writable);
	return obj->host_fd >= 0 ? read_page(obj, index, pfn) : 0;
}

pfn_t mobj_page(struct mobj *obj, uint64_t index)
{
	/* a shared file is as long as it is now: past its end is SIGBUS */
	if (obj->shared && (index >= PAGE_ALIGN(mobj_size(obj)) >> PAGE_SHIFT ||
			    (index >= obj->nr_pages && grow_pages(obj, index + 1) < 0)))
		return 0;
	if (index >= obj->nr_pages)
		return 0;
	if (obj->pages[index])
		return obj->pages[index];
	pfn_t pfn = frame_alloc();
	if (!pfn)
		return 0;
	/* page cache is charged to the group of the task that brings it in */
	if (mem_cgroup_charge(pfn, NULL, mobj_is_shmem(obj) ? MEMCG_SHMEM : MEMCG_FILE, false)) {
		frame_put(pfn);
		return 0;
	}
	if (fill_page(obj, index, pfn) < 0) {
		frame_put(pfn);
		return 0;
	}
	obj->pages[index] = pfn;
	return pfn;
}

pfn_t mobj_find_page(const struct mobj *obj, uint64_t index)
{
	return index < obj->nr_pages ? obj->pages[index] : 0;
}

int mobj_refcount(const struct mobj *obj) { return obj->refcount; }

uint64_t mobj_size(const struct mobj *obj)
{
	struct stat st;

	if (obj->shared) /* the file as it is now: it may have grown or shrunk */
		return fstat(obj->host_fd, &st) < 0 ? 0 : (uint64_t)st.st_size;
	return obj->size;
}

const char *mobj_name(const struct mobj *obj) { return obj->name; }
bool mobj_is_shmem(const struct mobj *obj) { return obj->host_fd < 0; }

/* ---- MAP_SHARED of host files ---- */

static struct mobj *find_shared_file(const struct stat *st)
{
	for (struct mobj *obj = page_cache; obj; obj = obj->next)
		if (obj->shared && obj->dev == st->st_dev && obj->ino == st->st_ino)
			return obj;
	return NULL;
}

/* A mapping that may write arrived: the object's descriptor and every page it
 * has mapped become writable (the same file pages, mapped again). */
static int upgrade_to_writable(struct mobj *obj, int host_fd)
{
	int fd = fcntl(host_fd, F_DUPFD_CLOEXEC, 3);

	if (fd < 0)
		return -1;
	close(obj->host_fd);
	obj->host_fd = fd;
	obj->writable = true;
	for (uint64_t i = 0; i < obj->nr_pages; i++)
		if (obj->pages[i] && frame_map_file(obj->pages[i], fd, i << PAGE_SHIFT, true) < 0)
			return -1;
	return 0;
}

struct mobj *mobj_open_shared_file(int host_fd, bool writable, const char *name)
{
	struct stat st;
	struct mobj *obj;

	if (fstat(host_fd, &st) < 0)
		return NULL;
	if ((obj = find_shared_file(&st))) {
		if (writable && !obj->writable && upgrade_to_writable(obj, host_fd) < 0)
			return NULL;
		mobj_get(obj);
		return obj;
	}
	if (!(obj = mobj_new(st.st_size, name))) {
		errno = ENOMEM;
		return NULL;
	}
	obj->shared = true;
	obj->writable = writable;
	obj->dev = st.st_dev;
	obj->ino = st.st_ino;
	obj->host_fd = fcntl(host_fd, F_DUPFD_CLOEXEC, 3);
	if (obj->host_fd < 0) {
		mobj_put(obj);
		return NULL;
	}
	obj->next = page_cache;
	page_cache = obj;
	return obj;
}

int mobj_punch_hole(struct mobj *obj, uint64_t off, uint64_t len)
{
	if (obj->host_fd < 0) { /* shared anonymous memory: its frames read zeros again */
		for (uint64_t i = off >> PAGE_SHIFT; i < (off + len) >> PAGE_SHIFT && i < obj->nr_pages; i++)
			if (obj->pages[i])
				memset(frame_ptr(obj->pages[i]), 0, PAGE_SIZE);
		return 0;
	}
	if (!obj->shared || !obj->writable)
		return -EACCES;
	/* the frames map the host file: the host's page cache drops the range for all */
	if (fallocate(obj->host_fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, (off_t)off, (off_t)len) < 0)
		return -errno;
	return 0;
}

static int grow_pages(struct mobj *obj, uint64_t nr)
{
	pfn_t *pages = realloc(obj->pages, nr * sizeof *pages);

	if (!pages)
		return -1;
	memset(pages + obj->nr_pages, 0, (nr - obj->nr_pages) * sizeof *pages);
	obj->pages = pages;
	obj->nr_pages = nr;
	return 0;
}

void filemap_truncate(int host_fd, uint64_t size)
{
	struct stat st;
	struct mobj *obj;

	if (fstat(host_fd, &st) < 0 || !(obj = find_shared_file(&st)))
		return;
	uint64_t first = PAGE_ALIGN(size) >> PAGE_SHIFT;
	if (first >= obj->nr_pages)
		return;
	unmap_mapping_range(obj, first);
	for (uint64_t i = first; i < obj->nr_pages; i++)
		if (obj->pages[i]) {
			frame_put(obj->pages[i]); /* the last reference: plain memory again */
			obj->pages[i] = 0;
		}
}

int mobj_sync(struct mobj *obj)
{
	return obj->shared ? fdatasync(obj->host_fd) : 0;
}

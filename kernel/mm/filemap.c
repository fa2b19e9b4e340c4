/* Memory objects: what a vma maps besides private anonymous memory.
 * A host file's pages are read once into frames that every mapping of that file
 * shares, as Linux's page cache does, so translated code is shared too. Shared
 * anonymous memory (MAP_SHARED|MAP_ANONYMOUS) is an object without a file. */
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
	return obj->dev == st->st_dev && obj->ino == st->st_ino &&
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

void mobj_put(struct mobj *obj)
{
	if (--obj->refcount)
		return;
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

pfn_t mobj_page(struct mobj *obj, uint64_t index)
{
	if (index >= obj->nr_pages)
		return 0;
	if (obj->pages[index])
		return obj->pages[index];
	pfn_t pfn = frame_alloc();
	if (!pfn)
		return 0;
	if (obj->host_fd >= 0 && read_page(obj, index, pfn) < 0) {
		frame_put(pfn);
		return 0;
	}
	obj->pages[index] = pfn;
	return pfn;
}

uint64_t mobj_size(const struct mobj *obj) { return obj->size; }
const char *mobj_name(const struct mobj *obj) { return obj->name; }
bool mobj_is_shmem(const struct mobj *obj) { return obj->host_fd < 0; }

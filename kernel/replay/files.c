/* The identity of each host file the run read, DIR/files: one line per file, the
 * first time the run opens it for reading (a program, a library, an input),
 * "SIZE MTIME HASH PATH": its size in bytes, its mtime (seconds.nanoseconds), the
 * FNV-1a (64-bit) hash of its bytes in hex, its absolute path (escaped). Replay
 * compares each file at the same first open and says what changed; the run goes
 * on with the file as it is now. Files the run creates or truncates are its own
 * output, not its input: they are not recorded. */
#include <emu/replay.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

struct identity {
	char *path;
	uint64_t size, hash;
	int64_t mtime_ns;
	bool recorded;  /* replay: DIR/files has it */
	bool seen;      /* the run opened it already */
};

static struct identity *table; /* open addressing on the path's hash */
static size_t table_size, table_used;
static FILE *files_out;

/* Inodes already looked at, so that a file opened again (each execve of one
 * program, each ld.so of one library) costs one fstat, not a readlink. */
struct inode_key {
	dev_t dev;
	ino_t ino;
};
static struct inode_key *inodes;
static size_t inodes_size, inodes_used;

static bool inode_seen(const struct stat *st)
{
	if (2 * (inodes_used + 1) > inodes_size) {
		struct inode_key *old = inodes;
		size_t old_size = inodes_size;
		inodes_size = inodes_size ? 2 * inodes_size : 256;
		if (!(inodes = calloc(inodes_size, sizeof *inodes)))
			abort();
		inodes_used = 0;
		for (size_t i = 0; i < old_size; i++)
			if (old[i].ino) {
				struct stat o = { .st_dev = old[i].dev, .st_ino = old[i].ino };
				inode_seen(&o);
			}
		free(old);
	}
	struct inode_key key = { st->st_dev, st->st_ino };
	size_t i = fnv1a64(FNV1A64_INIT, &key, sizeof key) & (inodes_size - 1);
	while (inodes[i].ino && (inodes[i].dev != key.dev || inodes[i].ino != key.ino))
		i = (i + 1) & (inodes_size - 1);
	if (inodes[i].ino)
		return true;
	inodes[i] = key;
	inodes_used++;
	return false;
}

uint64_t fnv1a64(uint64_t h, const void *data, size_t len)
{
	const unsigned char *p = data;

	while (len--)
		h = (h ^ *p++) * 0x100000001b3ULL;
	return h;
}

static struct identity *slot(const char *path)
{
	size_t i = fnv1a64(FNV1A64_INIT, path, strlen(path)) & (table_size - 1);

	while (table[i].path && strcmp(table[i].path, path))
		i = (i + 1) & (table_size - 1);
	return &table[i];
}

static void grow(void)
{
	struct identity *old = table;
	size_t old_size = table_size;

	table_size = table_size ? 2 * table_size : 256;
	if (!(table = calloc(table_size, sizeof *table)))
		abort();
	for (size_t i = 0; i < old_size; i++)
		if (old[i].path)
			*slot(old[i].path) = old[i];
	free(old);
}

/* The entry for path, made if new. */
static struct identity *lookup(const char *path)
{
	if (2 * (table_used + 1) > table_size)
		grow();
	struct identity *id = slot(path);
	if (!id->path) {
		if (!(id->path = strdup(path)))
			abort();
		table_used++;
	}
	return id;
}

static int identify(int fd, const struct stat *st, struct identity *id)
{
	static unsigned char buf[1 << 16];
	uint64_t h = FNV1A64_INIT;
	off_t off = 0;
	ssize_t n;

	while ((n = pread(fd, buf, sizeof buf, off)) > 0) {
		h = fnv1a64(h, buf, n);
		off += n;
	}
	id->size = st->st_size;
	id->mtime_ns = (int64_t)st->st_mtim.tv_sec * 1000000000 + st->st_mtim.tv_nsec;
	id->hash = h;
	return n < 0 ? -1 : 0;
}

/* What differs between the recorded identity and now, for the message. */
static void report(const struct identity *then, const struct identity *now)
{
	char what[256] = "";
	size_t n = 0;

	if (then->size != now->size)
		n += snprintf(what + n, sizeof what - n, ", size %" PRIu64 " -> %" PRIu64, then->size, now->size);
	if (then->hash != now->hash && n < sizeof what)
		n += snprintf(what + n, sizeof what - n, ", contents (FNV-1a %016" PRIx64 " -> %016" PRIx64 ")",
			      then->hash, now->hash);
	if (then->mtime_ns != now->mtime_ns && n < sizeof what)
		snprintf(what + n, sizeof what - n, ", mtime %" PRId64 ".%09" PRId64 " -> %" PRId64 ".%09" PRId64,
			 then->mtime_ns / 1000000000, then->mtime_ns % 1000000000,
			 now->mtime_ns / 1000000000, now->mtime_ns % 1000000000);
	if (*what)
		fprintf(stderr, "replay: %s changed since recording: %s\n", now->path, what + 2);
}

void record_file_opened(int host_fd, int flags)
{
	char link[64], path[4096];
	struct identity now = { 0 }, *id;
	struct stat st;
	ssize_t len;

	if (record_mode == RECORD_OFF || fstat(host_fd, &st) < 0 || !S_ISREG(st.st_mode) ||
	    inode_seen(&st))
		return;
	snprintf(link, sizeof link, "/proc/self/fd/%d", host_fd); /* emu's own /proc */
	if ((len = readlink(link, path, sizeof path - 1)) <= 0)
		return;
	path[len] = 0;
	id = lookup(path);
	if (id->seen)
		return;
	id->seen = true;
	if ((flags & O_ACCMODE) == O_WRONLY || (flags & (O_CREAT | O_TRUNC)))
		return; /* the run's own output from here on */
	now.path = path;
	if (identify(host_fd, &st, &now) < 0)
		return;
	if (record_mode == RECORD_REPLAY && id->recorded)
		report(id, &now);
	else if (record_mode == RECORD_REPLAY)
		fprintf(stderr, "replay: %s is read, but the recorded run did not read it\n", path);
	if (record_mode != RECORD_ON)
		return;
	fprintf(files_out, "%" PRIu64 " %" PRId64 ".%09" PRId64 " %016" PRIx64 " ", now.size,
		now.mtime_ns / 1000000000, now.mtime_ns % 1000000000, now.hash);
	fput_escaped(files_out, path);
	fputc('\n', files_out);
}

int files_create(const char *dir)
{
	char path[4096];

	return replay_path(path, sizeof path, dir, "files") && (files_out = fopen(path, "w")) ? 0 : -1;
}

int files_load(const char *dir)
{
	char path[4096], *line = NULL;
	size_t cap = 0;
	FILE *in = replay_path(path, sizeof path, dir, "files") ? fopen(path, "r") : NULL;
	int ret = 0;

	if (!in)
		return -1;
	while (getline(&line, &cap, in) > 0) {
		int64_t sec, nsec;
		uint64_t size, hash;
		int at = 0;
		line[strcspn(line, "\n")] = 0;
		if (sscanf(line, "%" SCNu64 " %" SCNd64 ".%" SCNd64 " %" SCNx64 " %n", &size, &sec, &nsec,
			   &hash, &at) != 4 || !at) {
			ret = -1;
			break;
		}
		char *file = unescape(line + at);
		struct identity *id = lookup(file);
		free(file);
		*id = (struct identity){ id->path, size, hash, sec * 1000000000 + nsec, true, false };
	}
	free(line);
	fclose(in);
	return ret;
}

void files_close(void)
{
	if (files_out && fclose(files_out))
		fputs("emu: --record: the recording's files list could not be written\n", stderr);
	files_out = NULL;
	for (size_t i = 0; i < table_size; i++)
		free(table[i].path);
	free(table);
	table = NULL;
	table_size = table_used = 0;
	free(inodes);
	inodes = NULL;
	inodes_size = inodes_used = 0;
}

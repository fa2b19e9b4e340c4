/* Named pipes (mkfifo, mknod), compared with the real kernel: open's blocking rules
 * (a reader waits for a writer and the other way round, O_NONBLOCK, ENXIO, O_RDWR),
 * data between a parent and a child that meet at the FIFO, EOF, EPIPE, the FIFO's
 * status, and mknod of a regular file and of a bad type. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <unistd.h>

static const char *err(int r)
{
	return r < 0 ? strerror(errno) : "ok";
}

static void read_all(int fd, const char *who)
{
	char buf[256];
	size_t len = 0;
	ssize_t n;

	while ((n = read(fd, buf + len, sizeof buf - 1 - len)) > 0)
		len += n;
	buf[len] = '\0';
	printf("%s read \"%s\" then %s\n", who, buf, n == 0 ? "EOF" : strerror(errno));
}

/* The reader opens first and waits for the writer (the child). */
static void reader_first(void)
{
	pid_t child = fork();

	if (child == 0) {
		usleep(10000);
		int fd = open("f", O_WRONLY);
		write(fd, "from the child", 14);
		_exit(fd < 0);
	}
	int fd = open("f", O_RDONLY);
	printf("reader's open: %s\n", err(fd));
	read_all(fd, "parent");
	close(fd);
	waitpid(child, NULL, 0);
}

/* The writer opens first and waits for the reader (the child). */
static void writer_first(void)
{
	int st;
	pid_t child = fork();

	if (child == 0) {
		usleep(10000);
		int fd = open("f", O_RDONLY);
		read_all(fd, "child");
		_exit(fd < 0);
	}
	int fd = open("f", O_WRONLY);
	printf("writer's open: %s\n", err(fd));
	write(fd, "from the parent", 15);
	close(fd);
	waitpid(child, &st, 0);
	printf("child exited %d\n", WEXITSTATUS(st));
}

int main(void)
{
	struct stat st, fst;
	char buf[16];

	setvbuf(stdout, NULL, _IONBF, 0);
	umask(022);
	printf("mkfifo: %s\n", err(mkfifo("f", 0666)));
	printf("again: %s\n", err(mkfifo("f", 0666)));
	stat("f", &st);
	printf("stat: fifo %d mode %o\n", S_ISFIFO(st.st_mode), st.st_mode & 07777);

	printf("write-only, no reader, O_NONBLOCK: %s\n", err(open("f", O_WRONLY | O_NONBLOCK)));
	int r = open("f", O_RDONLY | O_NONBLOCK);
	printf("read-only, no writer, O_NONBLOCK: %s\n", err(r));
	printf("read with no writer: %zd\n", read(r, buf, sizeof buf));
	int w = open("f", O_WRONLY | O_NONBLOCK);
	printf("write-only with a reader: %s\n", err(w));
	fstat(w, &fst);
	printf("fstat is the FIFO's: fifo %d same inode %d\n", S_ISFIFO(fst.st_mode), fst.st_ino == st.st_ino);
	printf("write: %zd\n", write(w, "abc", 3));
	ssize_t n = read(r, buf, sizeof buf);
	printf("read: %zd \"%.*s\"\n", n, (int)(n > 0 ? n : 0), buf);
	printf("read of the empty FIFO: %s\n", err((int)read(r, buf, sizeof buf)));
	close(w);
	printf("read after the writer closed: %zd\n", read(r, buf, sizeof buf));
	close(r);

	int rw = open("f", O_RDWR);
	ssize_t wn = write(rw, "xy", 2);
	ssize_t rn = read(rw, buf, sizeof buf);
	printf("O_RDWR: %s, write %zd, read %zd\n", err(rw), wn, rn);
	close(rw);

	r = open("f", O_RDONLY | O_NONBLOCK);
	w = open("f", O_WRONLY);
	close(r);
	signal(SIGPIPE, SIG_IGN);
	printf("write with no reader left: %s\n", err((int)write(w, "z", 1)));
	close(w);

	reader_first();
	writer_first();

	printf("open(\"f/\"): %s\n", err(open("f/", O_RDONLY | O_NONBLOCK)));
	printf("O_DIRECTORY: %s\n", err(open("f", O_RDONLY | O_NONBLOCK | O_DIRECTORY)));
	printf("O_CREAT|O_EXCL: %s\n", err(open("f", O_RDONLY | O_NONBLOCK | O_CREAT | O_EXCL, 0600)));
	unlink("f");

	printf("mknod S_IFIFO: %s\n", err(mknod("g", S_IFIFO | 0600, 0)));
	stat("g", &st);
	printf("  fifo %d mode %o\n", S_ISFIFO(st.st_mode), st.st_mode & 07777);
	unlink("g");
	printf("mknod S_IFREG: %s\n", err(mknod("h", S_IFREG | 0640, 0)));
	stat("h", &st);
	printf("  regular %d mode %o size %ld\n", S_ISREG(st.st_mode), st.st_mode & 07777, (long)st.st_size);
	printf("mknod on it again: %s\n", err(mknod("h", S_IFREG | 0640, 0)));
	unlink("h");
	printf("mknod type 0: %s\n", err(mknod("i", 0600, 0)));
	stat("i", &st);
	printf("  regular %d\n", S_ISREG(st.st_mode));
	unlink("i");
	printf("mknod bad type: %s\n", err(mknod("j", 0170000 | 0600, 0)));
	printf("mknod S_IFDIR: %s\n", err(mknod("k", S_IFDIR | 0700, 0)));
	printf("mknodat in a missing directory: %s\n", err(mknodat(AT_FDCWD, "nodir/x", S_IFIFO | 0600, 0)));
	return 0;
}

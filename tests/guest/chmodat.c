/* fchmodat with AT_SYMLINK_NOFOLLOW (fchmodat2 since Linux 6.6; libcs fall back to
 * an O_PATH descriptor and chmod of /proc/self/fd/N) and chmod through
 * /proc/self/fd/N, compared with the real kernel. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static void mode_of(const char *what, const char *path)
{
	struct stat st;

	printf("%s: %o\n", what, stat(path, &st) ? 0 : st.st_mode & 07777);
}

int main(void)
{
	char link[64];

	umask(022);
	close(open("file", O_CREAT | O_WRONLY, 0644));
	symlink("file", "sym");
	printf("fchmodat(file, 0600, AT_SYMLINK_NOFOLLOW): %s\n",
	       fchmodat(AT_FDCWD, "file", 0600, AT_SYMLINK_NOFOLLOW) ? strerror(errno) : "ok");
	mode_of("file", "file");
	printf("fchmodat(sym, 0640, AT_SYMLINK_NOFOLLOW): %s\n",
	       fchmodat(AT_FDCWD, "sym", 0640, AT_SYMLINK_NOFOLLOW) ? strerror(errno) : "ok");
	mode_of("file after it", "file");
	printf("fchmodat(sym, 0604, 0): %s\n", fchmodat(AT_FDCWD, "sym", 0604, 0) ? strerror(errno) : "ok");
	mode_of("file after following", "file");
	int fd = open("file", O_PATH);
	snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
	printf("chmod(/proc/self/fd/N of an O_PATH descriptor, 0611): %s\n", chmod(link, 0611) ? strerror(errno) : "ok");
	mode_of("file through it", "file");
	close(fd);
	printf("fchmodat bad flags: %s\n", fchmodat(AT_FDCWD, "file", 0600, 0x8000) ? strerror(errno) : "ok");
	unlink("sym");
	unlink("file");
	return 0;
}

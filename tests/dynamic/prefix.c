/* prefix FILE...: what open, stat and access say about each absolute FILE. Run
 * under emu -L ROOT with names that exist only under ROOT, its output must equal a
 * native run given ROOT/name (see prefix.sh). */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		char buf[128] = "";
		struct stat st;
		int fd = open(argv[i], O_RDONLY);
		ssize_t n = fd >= 0 ? read(fd, buf, sizeof buf - 1) : -1;

		printf("file %d: open %s, read %zd bytes: %s", i, fd >= 0 ? "ok" : "failed", n,
		       n > 0 ? buf : "\n");
		int err = stat(argv[i], &st);

		printf("file %d: stat %s, size %lld; access(R_OK) %d\n", i, err ? "failed" : "ok",
		       err ? -1LL : (long long)st.st_size, access(argv[i], R_OK));
		if (fd >= 0)
			close(fd);
	}
	return 0;
}

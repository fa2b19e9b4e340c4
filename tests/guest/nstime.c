/* Time namespaces: after unshare(CLONE_NEWTIME) the caller stays in its namespace
 * and its children enter the new one (/proc/self/ns/time_for_children); offsets
 * written to /proc/self/timens_offsets before that shift the children's
 * CLOCK_MONOTONIC and CLOCK_BOOTTIME (clock_gettime, an absolute clock_nanosleep,
 * /proc/uptime) and not the caller's; once a task has entered, writes are EACCES;
 * an exec of the caller enters it too. */
#include "ns.h"
#include <fcntl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double now(clockid_t c)
{
	struct timespec ts;

	clock_gettime(c, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static long rounded(double d)
{
	return (long)(d < 0 ? d - 0.5 : d + 0.5);
}

static double uptime(void)
{
	char buf[64] = "";
	int fd = open("/proc/uptime", O_RDONLY);

	if (fd < 0 || read(fd, buf, sizeof buf - 1) < 0)
		return -1;
	close(fd);
	return atof(buf);
}

static long write_offsets(const char *text)
{
	int fd = open("/proc/self/timens_offsets", O_WRONLY);
	long r = fd < 0 ? -1 : write(fd, text, strlen(text));
	int e = errno;

	if (fd >= 0)
		close(fd);
	errno = e;
	return r < 0 ? -1 : 0;
}

static void show_offsets(void)
{
	char buf[256] = "";
	int fd = open("/proc/self/timens_offsets", O_RDONLY);
	ssize_t n = fd < 0 ? -1 : read(fd, buf, sizeof buf - 1);

	buf[n > 0 ? n : 0] = '\0';
	printf("%s", buf);
	if (fd >= 0)
		close(fd);
}

int main(int argc, char **argv)
{
	if (argc == 3) { /* the exec'd caller: now in the namespace it made */
		printf("after exec: monotonic +%ld s\n", rounded(now(CLOCK_MONOTONIC) - atof(argv[2])));
		printf("after exec: time is time_for_children: %d\n",
		       ns_ino("/proc/self/ns/time") == ns_ino("/proc/self/ns/time_for_children"));
		return 0;
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	unsigned long first = ns_ino("/proc/self/ns/time");
	unshare_or_skip(CLONE_NEWTIME, "CLONE_NEWTIME");
	printf("own time namespace unchanged: %d\n", ns_ino("/proc/self/ns/time") == first);
	printf("children's differs: %d\n", ns_ino("/proc/self/ns/time_for_children") != first);
	show_offsets();
	printf("bad clock: %s\n", errname(write_offsets("5 1 0")));
	printf("bad nanoseconds: %s\n", errname(write_offsets("1 1 1000000000")));
	printf("too far back: %s\n", errname(write_offsets("monotonic -100000000 0")));
	printf("write: %s\n", errname(write_offsets("1 100 0\nboottime 200 500")));
	show_offsets();

	double mono = now(CLOCK_MONOTONIC), boot = now(CLOCK_BOOTTIME), up = uptime();
	int pipefd[2];
	if (pipe(pipefd))
		return 1;
	pid_t child = fork();
	if (child == 0) {
		printf("child: monotonic +%ld s\n", rounded(now(CLOCK_MONOTONIC) - mono));
		printf("child: monotonic raw +%ld s\n", rounded(now(CLOCK_MONOTONIC_RAW) - mono));
		printf("child: boottime +%ld s\n", rounded(now(CLOCK_BOOTTIME) - boot));
		printf("child: uptime +%ld s\n", rounded(uptime() - up));
		printf("child: realtime unshifted: %d\n", now(CLOCK_REALTIME) - time(NULL) < 2);
		printf("child: in time_for_children: %d\n",
		       ns_ino("/proc/self/ns/time") != first);
		struct timespec until;
		clock_gettime(CLOCK_MONOTONIC, &until);
		until.tv_nsec += 50000000;
		if (until.tv_nsec >= 1000000000) {
			until.tv_sec++;
			until.tv_nsec -= 1000000000;
		}
		double before = now(CLOCK_MONOTONIC);
		int r = clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &until, NULL);
		double slept = now(CLOCK_MONOTONIC) - before;
		printf("child: absolute sleep %d, short: %d\n", r, slept > 0.04 && slept < 5);
		_exit(0);
	}
	waitpid(child, NULL, 0);
	printf("parent: monotonic unshifted: %d\n", now(CLOCK_MONOTONIC) - mono < 50);
	printf("write after a child entered: %s\n", errname(write_offsets("1 5 0")));
	show_offsets();
	char arg[64];
	snprintf(arg, sizeof arg, "%.6f", now(CLOCK_MONOTONIC));
	execl("/proc/self/exe", argv[0], "exec", arg, (char *)NULL);
	printf("execl: %s\n", errname(-1));
	return 1;
}

/* Opening /proc directories and working in them again and again must not fill the
 * host's /tmp: emu lists a /proc directory into a snapshot directory there
 * (/tmp/emu-proc-XXXXXX/N) and removes it when the last descriptor or working
 * directory using it goes. Natively there is no such directory: the count is 0. */
#include <dirent.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

/* Entries in every /tmp/emu-proc-* (this run's, and any other emu's running now). */
static int snapshot_entries(void)
{
	DIR *tmp = opendir("/tmp");
	struct dirent *e;
	int n = 0;

	while (tmp && (e = readdir(tmp))) {
		char path[300];
		if (strncmp(e->d_name, "emu-proc-", 9))
			continue;
		snprintf(path, sizeof path, "/tmp/%s", e->d_name);
		DIR *root = opendir(path);
		struct dirent *s;
		while (root && (s = readdir(root)))
			n += s->d_name[0] != '.';
		if (root)
			closedir(root);
	}
	if (tmp)
		closedir(tmp);
	return n;
}

int main(void)
{
	int before = snapshot_entries(); /* other runs' leftovers and live ones */

	for (int i = 0; i < 500; i++) {
		DIR *d = opendir(i % 2 ? "/proc/self" : "/proc");
		while (d && readdir(d))
			;
		if (d)
			closedir(d);
		if (chdir("/proc/self/task") || chdir("/"))
			return 1;
	}
	int n = snapshot_entries() - before;
	printf("snapshots left after 500 listings and 500 chdirs: fewer than 50: %d\n", n < 50);
	return 0;
}

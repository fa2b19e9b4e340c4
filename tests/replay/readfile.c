/* Prints the file named by its argument: an input whose change --replay reports. */
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	char buf[256];
	int fd = argc > 1 ? open(argv[1], O_RDONLY) : -1;
	long n;

	if (fd < 0)
		return 1;
	while ((n = read(fd, buf, sizeof buf)) > 0)
		write(1, buf, n);
	return 0;
}

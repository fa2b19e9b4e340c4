/* Every task blocks on a socket for good: a parent in accept on a listener nobody
 * connects to, its child reading a socketpair that the parent holds and never
 * writes. On Linux this hangs; emu reports the deadlock (sockdeadlock.sh). */
#include <stddef.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

int main(void)
{
	struct sockaddr_un a = { AF_UNIX, "" };
	int sv[2], l = socket(AF_UNIX, SOCK_STREAM, 0);
	char c;

	socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
	bind(l, (struct sockaddr *)&a, offsetof(struct sockaddr_un, sun_path)); /* autobind */
	listen(l, 1);
	if (fork() == 0) {
		read(sv[1], &c, 1);
		_exit(0);
	}
	accept(l, NULL, NULL);
	return 0;
}

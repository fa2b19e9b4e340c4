/* mount, umount2, statmount and listmount as strace shows them: MS_* flags (and
 * MS_MGC_VAL), the type and data strace leaves as addresses for a bind, a move, a
 * remount's type or a propagation change, and MNT_* flags. Mounts under the
 * working directory, undone; errors where the machine forbids them (both traces
 * show the same EPERM). */
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

int main(void)
{
	mkdir("m", 0755);
	mkdir("b", 0755);
	mount("src", "m", "tmpfs", MS_NOSUID | MS_NODEV | MS_NOEXEC, "size=1m,mode=700");
	mount(NULL, "m", NULL, MS_REMOUNT | MS_RDONLY, "size=2m");
	mount(NULL, "m", NULL, MS_REMOUNT | MS_BIND | MS_NOATIME, NULL);
	mount("m", "b", NULL, MS_BIND | MS_REC, NULL);
	mount(NULL, "b", NULL, MS_PRIVATE | MS_REC, NULL);
	mount(NULL, "b", NULL, MS_SHARED, NULL);
	mount(NULL, "b", NULL, MS_SLAVE, NULL);
	mount(NULL, "b", NULL, MS_UNBINDABLE, NULL);
	umount2("b", MNT_DETACH | UMOUNT_NOFOLLOW);
	mount("x", "m", "nosuchfs", 0xC0ED0000UL, NULL);
	mount("x", "m", "nosuchfs", 0xC0ED0000UL | MS_RDONLY | MS_STRICTATIME, NULL);
	mount("x", "nosuch", "tmpfs", MS_RELATIME | MS_LAZYTIME, "");
	umount2("m", MNT_EXPIRE);
	umount2("m", MNT_EXPIRE | MNT_FORCE);
	umount2("m", 0x10);
	umount2("m", MNT_FORCE);
	rmdir("m");
	rmdir("b");
	return 0;
}

/* ioctl: the terminal requests programs ask at start-up (is this a terminal, how
 * wide is it), answered from the host terminal; everything else is ENOTTY. */
#include <emu/fs.h>
#include <emu/mm.h>
#include <emu/record.h>
#include <emu/syscall.h>
#include <emu/task.h>
#include <emu/userfaultfd.h>
#include <errno.h>
#include <sys/ioctl.h>
#include <unistd.h>

#define KERNEL_TERMIOS_SIZE 36 /* struct termios as the kernel defines it */

static long host_ioctl(struct file *f, unsigned long req, void *buf)
{
	return ioctl(f->host_fd, req, buf) < 0 ? -errno : 0;
}

/* The terminal a program inherited is part of the world it ran in: what it
 * answers is recorded, and a replay asks the recording (kernel/replay/). */
static long tty_ioctl(struct file *f, unsigned long req, void *buf, size_t size)
{
	if (f->may_block || f->from_outside)
		return record_file_query(REC_IOCTL, f, req, buf, size, host_ioctl);
	return host_ioctl(f, req, buf);
}

static long tty_get(struct file *f, unsigned long req, uint64_t arg, size_t size)
{
	char buf[64];
	long err = tty_ioctl(f, req, buf, size);

	return err ? err : copy_to_user(arg, buf, size);
}

static long tty_set(struct file *f, unsigned long req, uint64_t arg, size_t size)
{
	char buf[64] = { 0 };

	if (copy_from_user(buf, arg, size))
		return -EFAULT;
	return tty_ioctl(f, req, buf, 0);
}

SYSCALL_DEFINE3(ioctl, int, fd, unsigned, req, uint64_t, arg)
{
	struct file *f = fdget(fd);

	if (!f)
		return -EBADF;
	if (f->pipe && req != FIOCLEX && req != FIONCLEX && req != FIONREAD)
		return -ENOTTY;
	switch (req) {
	case FIOCLEX:
	case FIONCLEX:
		current->files->fd[fd].cloexec = req == FIOCLEX;
		return 0;
	}
	if (f->f_op && f->f_op->unlocked_ioctl)
		return f->f_op->unlocked_ioctl(f, req, arg);
	switch (req) {
	case TCGETS:
		return tty_get(f, req, arg, KERNEL_TERMIOS_SIZE);
	case TIOCGWINSZ:
		return tty_get(f, req, arg, sizeof(struct winsize));
	case TCSETS:
	case TCSETSW:
	case TCSETSF:
		return tty_set(f, req, arg, KERNEL_TERMIOS_SIZE);
	case TIOCSWINSZ:
		return tty_set(f, req, arg, sizeof(struct winsize));
	case FIONREAD:
		if (f->pipe) {
			int n = (int)pipe_nread(f);
			return copy_to_user(arg, &n, sizeof n);
		}
		return tty_get(f, req, arg, sizeof(int));
	default: /* /dev/userfaultfd's contexts are emu's, not the host's */
		return is_userfaultfd_dev(f->host_fd) ? userfaultfd_dev_ioctl(req, arg) : -ENOTTY;
	}
}

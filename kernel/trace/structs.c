/* Structures the kernel reads or fills: timespec, stat, rlimit, iovec, itimerval, and
 * the pair of descriptors pipe returns. */
#include <emu/mm.h>
#include <emu/trace_print.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/time.h>
#include <sys/uio.h>
#include <time.h>

#define MAX_IOV 1024 /* UIO_MAXIOV: a longer vector is EINVAL, shown as its address */
#define KIB 1024     /* strace shows a limit in KiB when it can: 8192*1024 */

void print_timespec(FILE *f, uint64_t addr)
{
	struct timespec ts;

	if (copy_from_user(&ts, addr, sizeof ts))
		print_ptr(f, addr);
	else
		fprintf(f, "{tv_sec=%ld, tv_nsec=%ld}", (long)ts.tv_sec, ts.tv_nsec);
}

/* {st_mode=S_IFREG|0644, st_size=42, ...}; a device shows its number instead. */
void print_stat(FILE *f, uint64_t addr)
{
	struct stat st;

	if (copy_from_user(&st, addr, sizeof st)) {
		print_ptr(f, addr);
		return;
	}
	fprintf(f, "{st_mode=%s|%#03o, ", xlat_name(xlat_file_types, st.st_mode & S_IFMT) ?: "0",
		st.st_mode & ALLPERMS);
	if (S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode))
		fprintf(f, "st_rdev=makedev(%#x, %#x), ...}", major(st.st_rdev), minor(st.st_rdev));
	else
		fprintf(f, "st_size=%ld, ...}", (long)st.st_size);
}

/* 8192*1024, RLIM64_INFINITY */
static void print_rlim_value(FILE *f, uint64_t v)
{
	if (v == RLIM_INFINITY)
		fputs("RLIM64_INFINITY", f);
	else if (v && !(v % KIB))
		fprintf(f, "%lu*%d", (unsigned long)(v / KIB), KIB);
	else
		fprintf(f, "%lu", (unsigned long)v);
}

void print_rlimit(FILE *f, uint64_t addr)
{
	struct rlimit r;

	if (!addr || copy_from_user(&r, addr, sizeof r)) {
		print_ptr(f, addr);
		return;
	}
	fputs("{rlim_cur=", f);
	print_rlim_value(f, r.rlim_cur);
	fputs(", rlim_max=", f);
	print_rlim_value(f, r.rlim_max);
	fputc('}', f);
}

/* strace's form; sem_flg by name (IPC_NOWAIT|SEM_UNDO), at most 32 shown */
void print_sembuf(FILE *f, uint64_t addr, unsigned long n)
{
	struct { unsigned short num; short op, flg; } sb;

	if (!addr || n == 0 || n > 500) {
		print_ptr(f, addr);
		return;
	}
	fputc('[', f);
	for (unsigned long i = 0; i < n; i++) {
		if (i == 32) {
			fputs(", ...", f);
			break;
		}
		if (copy_from_user(&sb, addr + i * sizeof sb, sizeof sb)) {
			fprintf(f, "%s%#lx", i ? ", " : "", (unsigned long)(addr + i * sizeof sb));
			break;
		}
		fprintf(f, "%s{sem_num=%u, sem_op=%d, sem_flg=", i ? ", " : "", sb.num, sb.op);
		unsigned short flg = (unsigned short)sb.flg;
		if (!flg)
			fputc('0', f);
		else {
			const char *sep = "";
			if (flg & 04000) { fputs("IPC_NOWAIT", f); sep = "|"; }
			if (flg & 010000) { fprintf(f, "%sSEM_UNDO", sep); sep = "|"; }
			if (flg & ~014000) fprintf(f, "%s%#x", sep, flg & ~014000);
		}
		fputc('}', f);
	}
	fputc(']', f);
}

/* [{iov_base="...", iov_len=5}]: limit bytes of contents in all (the call's result for
 * readv), or none (limit < 0: the call failed, the bases are addresses). */
void print_iov(FILE *f, uint64_t addr, int count, long limit)
{
	struct iovec iov;

	if (count < 0 || count > MAX_IOV) {
		print_ptr(f, addr);
		return;
	}
	fputc('[', f);
	for (int i = 0; i < count; i++) {
		if (copy_from_user(&iov, addr + i * sizeof iov, sizeof iov)) {
			fputs("...", f);
			break;
		}
		fprintf(f, "%s{iov_base=", i ? ", " : "");
		long shown = limit < 0 ? 0 : (long)iov.iov_len < limit ? (long)iov.iov_len : limit;
		if (limit < 0 || !iov.iov_base)
			print_ptr(f, (uint64_t)iov.iov_base);
		else
			print_buf(f, (uint64_t)iov.iov_base, shown);
		fprintf(f, ", iov_len=%zu}", iov.iov_len);
		if (limit >= 0)
			limit -= shown;
	}
	fputc(']', f);
}

void print_itimerval(FILE *f, uint64_t addr)
{
	struct itimerval v;

	if (!addr || copy_from_user(&v, addr, sizeof v)) {
		print_ptr(f, addr);
		return;
	}
	fprintf(f, "{it_interval={tv_sec=%ld, tv_usec=%ld}, it_value={tv_sec=%ld, tv_usec=%ld}}",
		(long)v.it_interval.tv_sec, (long)v.it_interval.tv_usec, (long)v.it_value.tv_sec,
		(long)v.it_value.tv_usec);
}

void print_fd_pair(FILE *f, uint64_t addr)
{
	int fds[2];

	if (copy_from_user(fds, addr, sizeof fds))
		print_ptr(f, addr);
	else
		fprintf(f, "[%d, %d]", fds[0], fds[1]);
}

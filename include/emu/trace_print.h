/* The trace's printers, shared by kernel/trace's files and nothing else: each writes
 * one piece of a line, as strace prints it, to f. Guest memory that cannot be read is
 * shown as its address, as strace does. */
#ifndef EMU_TRACE_PRINT_H
#define EMU_TRACE_PRINT_H
#include <emu/xlat.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#define STRSIZE 32        /* strace -s: bytes of a string or buffer shown */
#define MAX_ARRAY 32      /* strace's limit on the elements of an array shown */
#define RESULT_COLUMN 40  /* strace's -a: where " = result" starts */

/* One argument of a call, with what its printer may need around it. */
struct arg {
	uint64_t v;
	uint64_t prev; /* the argument before (fcntl's command) */
	uint64_t next; /* the argument after (a length, a count) */
	long ret;      /* the call's result */
};

/* trace.c: a line of t's starts (an entry another task left open is ended first,
 * the pid prefix is printed); the rest of the line goes to the stream returned. */
struct task;
FILE *trace_line(const struct task *t);

/* call.c: a system call as text */
struct call_text {
	long nr;
	char *text;   /* name(arguments) */
	size_t entry; /* text[0..entry) is what strace prints as the call enters */
};
bool render_call(struct call_text *c, long nr, const uint64_t *args, long ret); /* false: no memory */
struct syscall_desc;
const struct syscall_desc *trace_desc(long nr); /* the table's row, if it names nr */
const char *trace_call_name(long nr);           /* NULL: no call has this number */
bool trace_kinds_complete(void);                /* every enum arg_kind has a printer */

/* strings.c: pointers, strings, buffers, constants and flags */
void print_ptr(FILE *f, uint64_t p);
void print_quoted(FILE *f, const unsigned char *s, size_t len, bool more);
void print_str(FILE *f, uint64_t addr);  /* a C string, cut at STRSIZE */
void print_path(FILE *f, uint64_t addr); /* a C string, whole */
void print_buf(FILE *f, uint64_t addr, uint64_t len);
void print_hex_buf(FILE *f, uint64_t addr, uint64_t len);
void print_argv(FILE *f, uint64_t addr);
void print_host_argv(FILE *f, char *const *argv);
void print_envp(FILE *f, uint64_t addr);
void print_flags(FILE *f, const struct xlat *x, uint64_t v, const char *zero);
void print_const(FILE *f, const struct xlat *x, uint64_t v, bool hex);

/* flags.c: flag words made of more than one table, or read with another argument */
void print_open_flags(FILE *f, uint64_t v);
void print_mmap_flags(FILE *f, uint64_t v);
void print_fcntl_arg(FILE *f, uint64_t cmd, uint64_t v);
bool open_has_mode(uint64_t flags);
bool fcntl_has_arg(uint64_t cmd);
bool mremap_has_new_address(uint64_t flags);

/* structs.c: structures the kernel reads or fills */
void print_timespec(FILE *f, uint64_t addr);
void print_stat(FILE *f, uint64_t addr);
void print_rlimit(FILE *f, uint64_t addr);
/* struct mnt_id_req: {size=24, mnt_id=LSMT_ROOT, param=STATMOUNT_SB_BASIC} (statmount's
 * param is a mask, listmount's the last id) (kernel/trace/mount.c) */
void print_mnt_id_req(FILE *f, uint64_t addr, bool statmount);
/* flags by name; a value with no known bit as strace shows it: 0x10 MNT_??? comment */
void print_flags_or_unknown(FILE *f, const struct xlat *x, uint64_t v, const char *unknown);
void print_sembuf(FILE *f, uint64_t addr, unsigned long n); /* [{sem_num=0, sem_op=-1, sem_flg=SEM_UNDO}] */
void print_iov(FILE *f, uint64_t addr, int count, long limit);
void print_itimerval(FILE *f, uint64_t addr);
void print_fd_pair(FILE *f, uint64_t addr);

/* signals.c: signal numbers, masks, handlers, alternate stacks */
void print_signal(FILE *f, int sig);
void print_mask(FILE *f, uint64_t set);
void print_sigset(FILE *f, uint64_t addr);
void print_sigaction(FILE *f, uint64_t addr);
void print_stack_t(FILE *f, uint64_t addr);

/* process.c: clone, wait and futex. print_clone, print_clone3 and print_futex print
 * the whole call and return the position in f of what strace prints as it returns. */
void print_clone_flags(FILE *f, uint64_t v);
size_t print_clone(FILE *f, const uint64_t *args, long ret);
size_t print_clone3(FILE *f, const uint64_t *args, long ret);
size_t print_futex(FILE *f, const uint64_t *args, long ret);
void print_wstatus(FILE *f, uint64_t addr, long ret);
void print_futex_op(FILE *f, uint64_t op);

/* net.c: socket calls. trace_net_call_start reads, as a call starts, the length it
 * will write back; the print_* print the whole call, as process.c's do. */
void trace_net_call_start(long nr, const uint64_t *args);
void print_sockaddr(FILE *f, uint64_t addr, int len);
size_t print_socket(FILE *f, const uint64_t *args, long ret);
size_t print_socketpair(FILE *f, const uint64_t *args, long ret);
size_t print_accept(FILE *f, const uint64_t *args, long ret);
size_t print_accept4(FILE *f, const uint64_t *args, long ret);
size_t print_getsockname(FILE *f, const uint64_t *args, long ret);
size_t print_getpeername(FILE *f, const uint64_t *args, long ret);
size_t print_recvfrom(FILE *f, const uint64_t *args, long ret);
size_t print_setsockopt(FILE *f, const uint64_t *args, long ret);
size_t print_getsockopt(FILE *f, const uint64_t *args, long ret);
size_t print_sendmsg(FILE *f, const uint64_t *args, long ret);
size_t print_recvmsg(FILE *f, const uint64_t *args, long ret);
size_t print_sendmmsg(FILE *f, const uint64_t *args, long ret);
size_t print_recvmmsg(FILE *f, const uint64_t *args, long ret);

#endif

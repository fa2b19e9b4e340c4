/* Value-to-name tables, strace's xlat: the single source of the names the trace
 * prints and of the flag masks the kernel checks (kernel/trace/xlat.c). */
#ifndef EMU_XLAT_H
#define EMU_XLAT_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifndef MAP_TYPE
#define MAP_TYPE 0x0f /* the MAP_SHARED/MAP_PRIVATE bits of mmap's flags */
#endif
#ifndef SA_RESTORER
#define SA_RESTORER 0x04000000 /* <asm/signal.h>, which clashes with glibc's <signal.h> */
#endif

struct xlat {
	uint64_t val;
	const char *name;
	bool unsupported; /* Linux knows it, emu's kernel refuses it */
};
#define XLAT(v) { .val = (v), .name = #v }
#define XLAT_PAIR(v, n) { .val = (v), .name = (n) } /* a name the headers lack */
#define XLAT_UNSUPPORTED(v) { .val = (v), .name = #v, .unsupported = true }
#define XLAT_END { .name = NULL }

const char *xlat_name(const struct xlat *x, uint64_t val);   /* NULL if unknown */
uint64_t xlat_mask(const struct xlat *x);                     /* OR of all values */
uint64_t xlat_supported_mask(const struct xlat *x);           /* OR of those emu takes */
/* "A|B|0x40", or "0" (or zero_name) for no bits; returns buf. */
char *xlat_flags(const struct xlat *x, uint64_t val, const char *zero_name, char *buf,
		 size_t size);

extern const struct xlat xlat_open_flags[], xlat_open_access[], xlat_prot[],
	xlat_mmap_flags[], xlat_mmap_type[], xlat_at_flags[], xlat_clocks[], xlat_whence[],
	xlat_arch_prctl[], xlat_ioctls[], xlat_uffd_flags[], xlat_futex2_size[], xlat_futex2_flags[], xlat_fcntl[], xlat_madvise[], xlat_mremap_flags[],
	xlat_grnd_flags[], xlat_rlimits[], xlat_access_mode[], xlat_rename_flags[],
	xlat_statx_mask[], xlat_timer_flags[], xlat_errno[], xlat_file_types[],
	xlat_wait_options[], xlat_prctl[], xlat_waitid_types[], xlat_sigmask_how[],
	xlat_sa_flags[], xlat_itimers[], xlat_futex_ops[], xlat_ss_flags[], xlat_ipc_flags[],
	xlat_semctl_cmds[];
extern const struct xlat xlat_splice_flags[], xlat_flock_ops[];
/* kernel/trace/xlat_mount.c */
extern const struct xlat xlat_mount_flags[], xlat_umount_flags[], xlat_statmount_mask[];
/* kernel/trace/xlat_net.c */
extern const struct xlat xlat_address_families[], xlat_socket_types[], xlat_socket_flags[],
	xlat_inet_protocols[], xlat_netlink_protocols[], xlat_socket_levels[],
	xlat_sol_socket_options[], xlat_sol_tcp_options[], xlat_sol_ip_options[],
	xlat_sol_ipv6_options[], xlat_msg_flags[], xlat_shutdown_how[], xlat_scm_types[];

/* Every clone flag Linux has, in strace's order. The ones marked unsupported are
 * refused by emu's clone (EINVAL): xlat_supported_mask(xlat_clone_flags) is the set
 * kernel/fork.c accepts, so the trace and the check read one list. */
extern const struct xlat xlat_clone_flags[];
extern const struct xlat xlat_setns_types[]; /* setns's nstype (unshare's flags are clone's) */

/* Every x86-64 system call as <asm/unistd_64.h> numbers it, with the number of
 * arguments strace shows for it (kernel/trace/syscallent.c): the trace names calls
 * emu does not implement as strace does. tests/trace checks it against the header. */
struct syscall_name {
	const char *name; /* NULL: no call has this number */
	unsigned char nargs;
};
#define NR_SYSCALL_NAMES 472
extern const struct syscall_name syscall_names[NR_SYSCALL_NAMES];

#endif

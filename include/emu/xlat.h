/* Value-to-name tables, strace's xlat: the single source of the names the trace
 * prints and of the flag masks the kernel checks (kernel/trace/xlat.c). */
#ifndef EMU_XLAT_H
#define EMU_XLAT_H
#include <stddef.h>
#include <stdint.h>

#ifndef MAP_TYPE
#define MAP_TYPE 0x0f /* the MAP_SHARED/MAP_PRIVATE bits of mmap's flags */
#endif

struct xlat {
	uint64_t val;
	const char *name;
};
#define XLAT(v) { v, #v }
#define XLAT_END { 0, NULL }

const char *xlat_name(const struct xlat *x, uint64_t val);   /* NULL if unknown */
uint64_t xlat_mask(const struct xlat *x);                     /* OR of all values */
/* "A|B|0x40", or "0" (or zero_name) for no bits; returns buf. */
char *xlat_flags(const struct xlat *x, uint64_t val, const char *zero_name, char *buf,
		 size_t size);

extern const struct xlat xlat_open_flags[], xlat_open_access[], xlat_prot[],
	xlat_mmap_flags[], xlat_mmap_type[], xlat_at_flags[], xlat_clocks[], xlat_whence[],
	xlat_arch_prctl[], xlat_ioctls[], xlat_fcntl[], xlat_madvise[], xlat_mremap_flags[],
	xlat_grnd_flags[], xlat_rlimits[], xlat_access_mode[], xlat_rename_flags[],
	xlat_statx_mask[], xlat_timer_flags[], xlat_errno[], xlat_file_types[],
	xlat_clone_flags[], xlat_wait_options[], xlat_prctl[], xlat_waitid_types[], xlat_sigmask_how[], xlat_sa_flags[], xlat_itimers[],
	xlat_futex_ops[];

#endif

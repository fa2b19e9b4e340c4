/* mount, umount2, statmount and listmount as strace shows them: the flag names
 * (xlat tables) and struct mnt_id_req. The values are Linux's uapi ones, spelled
 * out since <sys/mount.h> and <linux/mount.h> cannot both be included. */
#include <emu/mm.h>
#include <emu/trace_print.h>
#include <emu/xlat.h>
#include <inttypes.h>

const struct xlat xlat_mount_flags[] = {
	XLAT_PAIR(1UL << 0, "MS_RDONLY"), XLAT_PAIR(1UL << 1, "MS_NOSUID"),
	XLAT_PAIR(1UL << 2, "MS_NODEV"), XLAT_PAIR(1UL << 3, "MS_NOEXEC"),
	XLAT_PAIR(1UL << 4, "MS_SYNCHRONOUS"), XLAT_PAIR(1UL << 5, "MS_REMOUNT"),
	XLAT_PAIR(1UL << 6, "MS_MANDLOCK"), XLAT_PAIR(1UL << 7, "MS_DIRSYNC"),
	XLAT_PAIR(1UL << 8, "MS_NOSYMFOLLOW"), XLAT_PAIR(1UL << 10, "MS_NOATIME"),
	XLAT_PAIR(1UL << 11, "MS_NODIRATIME"), XLAT_PAIR(1UL << 12, "MS_BIND"),
	XLAT_PAIR(1UL << 13, "MS_MOVE"), XLAT_PAIR(1UL << 14, "MS_REC"),
	XLAT_PAIR(1UL << 15, "MS_SILENT"), XLAT_PAIR(1UL << 16, "MS_POSIXACL"),
	XLAT_PAIR(1UL << 17, "MS_UNBINDABLE"), XLAT_PAIR(1UL << 18, "MS_PRIVATE"),
	XLAT_PAIR(1UL << 19, "MS_SLAVE"), XLAT_PAIR(1UL << 20, "MS_SHARED"),
	XLAT_PAIR(1UL << 21, "MS_RELATIME"), XLAT_PAIR(1UL << 22, "MS_KERNMOUNT"),
	XLAT_PAIR(1UL << 23, "MS_I_VERSION"), XLAT_PAIR(1UL << 24, "MS_STRICTATIME"),
	XLAT_PAIR(1UL << 25, "MS_LAZYTIME"), XLAT_PAIR(1UL << 26, "MS_SUBMOUNT"),
	XLAT_PAIR(1UL << 27, "MS_NOREMOTELOCK"), XLAT_PAIR(1UL << 28, "MS_NOSEC"),
	XLAT_PAIR(1UL << 29, "MS_BORN"), XLAT_PAIR(1UL << 30, "MS_ACTIVE"),
	XLAT_PAIR(1UL << 31, "MS_NOUSER"), XLAT_END,
};

const struct xlat xlat_umount_flags[] = {
	XLAT_PAIR(1, "MNT_FORCE"), XLAT_PAIR(2, "MNT_DETACH"), XLAT_PAIR(4, "MNT_EXPIRE"),
	XLAT_PAIR(8, "UMOUNT_NOFOLLOW"), XLAT_END,
};

const struct xlat xlat_statmount_mask[] = {
	XLAT_PAIR(0x1, "STATMOUNT_SB_BASIC"), XLAT_PAIR(0x2, "STATMOUNT_MNT_BASIC"),
	XLAT_PAIR(0x4, "STATMOUNT_PROPAGATE_FROM"), XLAT_PAIR(0x8, "STATMOUNT_MNT_ROOT"),
	XLAT_PAIR(0x10, "STATMOUNT_MNT_POINT"), XLAT_PAIR(0x20, "STATMOUNT_FS_TYPE"),
	XLAT_PAIR(0x40, "STATMOUNT_MNT_NS_ID"), XLAT_PAIR(0x80, "STATMOUNT_MNT_OPTS"),
	XLAT_END,
};

void print_mnt_id_req(FILE *f, uint64_t addr, bool statmount)
{
	struct { uint32_t size, spare; uint64_t mnt_id, param; } req;
	char buf[512];

	if (copy_from_user(&req, addr, sizeof req)) {
		print_ptr(f, addr);
		return;
	}
	fprintf(f, "{size=%u", req.size);
	if (req.spare)
		fprintf(f, ", spare=%#x", req.spare);
	if (req.mnt_id == ~0ULL)
		fputs(", mnt_id=LSMT_ROOT", f);
	else
		fprintf(f, ", mnt_id=%#" PRIx64, req.mnt_id);
	if (statmount)
		fprintf(f, ", param=%s}", xlat_flags(xlat_statmount_mask, req.param, NULL, buf, sizeof buf));
	else
		fprintf(f, ", param=%#" PRIx64 "}", req.param);
}

void print_flags_or_unknown(FILE *f, const struct xlat *x, uint64_t v, const char *unknown)
{
	char buf[512];

	if (v && !(v & xlat_mask(x)))
		fprintf(f, "%#" PRIx64 " /* %s */", v, unknown); /* strace's printflags */
	else
		fputs(xlat_flags(x, v, NULL, buf, sizeof buf), f);
}

/* arch_prctl: the FS and GS bases that thread-local storage uses
 * (Linux's arch/x86/kernel/process_64.c). */
#include <emu/arch.h>
#include <emu/mm.h>
#include <emu/syscall.h>
#include <asm/prctl.h>
#include <errno.h>

SYSCALL_DEFINE2(arch_prctl, int, code, uint64_t, addr)
{
	uint64_t base;

	switch (code) {
	case ARCH_SET_FS:
		if (addr >= TASK_SIZE)
			return -EPERM;
		cpu_set_fs_base(addr);
		return 0;
	case ARCH_GET_FS:
		base = cpu_get_fs_base();
		return copy_to_user(addr, &base, sizeof base);
	case ARCH_SET_GS:
	case ARCH_GET_GS:
		return -EINVAL; /* emu does not give the guest a GS base yet */
	default:
		return -EINVAL;
	}
}

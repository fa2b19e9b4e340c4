/* Every data access of the guest, for --diagnose (kernel/race_watch.c): a memory
 * hook slows every load and store, so it is installed only when asked for, before
 * any code is translated (a hook added later misses cached blocks). */
#include "x86.h"
#include <stdlib.h>

static cpu_access_fn watcher;

/* The hook is given physical addresses (QEMU's, after the TLB): the virtual page
 * each frame was last filled for, to name it. Lossy on collisions: 0, unknown. */
#define VA_SLOTS (1u << 18)
static struct {
	uint64_t pa, va;
} *va_of;

void watch_tlb_fill(uint64_t va, uint64_t pa)
{
	if (!va_of)
		return;
	unsigned slot = (unsigned)(pa >> 12) % VA_SLOTS;
	va_of[slot].pa = pa & ~0xfffULL;
	va_of[slot].va = va & ~0xfffULL;
}

static uint64_t virtual_address(uint64_t pa)
{
	unsigned slot = (unsigned)(pa >> 12) % VA_SLOTS;

	return va_of[slot].pa == (pa & ~0xfffULL) && va_of[slot].va ?
		       va_of[slot].va | (pa & 0xfff) : 0;
}

void cpu_watch_accesses(cpu_access_fn fn)
{
	watcher = fn;
}

static void hook_access(uc_engine *engine, uc_mem_type type, uint64_t addr, int size,
			int64_t value, void *data)
{
	uint64_t rip;

	(void)value;
	(void)data;
	uc_reg_read(engine, UC_X86_REG_RIP, &rip);
	watcher(addr, virtual_address(addr), size, type == UC_MEM_WRITE, rip);
}

int watch_install(void)
{
	uc_hook h;

	if (!watcher)
		return 0;
	va_of = calloc(VA_SLOTS, sizeof *va_of);
	if (!va_of)
		return -1;
	return uc_hook_add(cpu_engine(), &h, UC_HOOK_MEM_READ | UC_HOOK_MEM_WRITE, hook_access,
			   NULL, 1, 0) == UC_ERR_OK ? 0 : -1;
}

/* What the files of arch/x86 share among themselves: the one engine. Never included
 * outside arch/x86 (the kernel sees only emu/arch.h). */
#ifndef EMU_ARCH_X86_H
#define EMU_ARCH_X86_H
#include <emu/arch.h>
#include <string.h>
#include <unicorn/unicorn.h>

uc_engine *cpu_engine(void); /* cpu.c */
int tsc_init(void);                  /* tsc.c: RDTSC traps from now on */
bool emulate_rdtsc(uint64_t rip);    /* tsc.c: the #GP was RDTSC(P), now done */
int watch_install(void);             /* watch.c: the access hook, if one was asked for */
void watch_tlb_fill(uint64_t va, uint64_t pa); /* watch.c: va's page is in frame pa */
/* disasm.c: up to size bytes of code at rip, stopping before a page that is not
 * there (an instruction may end just before one), never faulting one in: how many. */
size_t fetch_code(uint8_t *code, size_t size, uint64_t rip);

#endif

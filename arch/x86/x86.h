/* What the files of arch/x86 share among themselves: the one engine. Never included
 * outside arch/x86 (the kernel sees only emu/arch.h). */
#ifndef EMU_ARCH_X86_H
#define EMU_ARCH_X86_H
#include <emu/arch.h>
#include <unicorn/unicorn.h>

uc_engine *cpu_engine(void); /* cpu.c */

#endif

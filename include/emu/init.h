/* Starting the kernel (kernel/init.c). */
#ifndef EMU_INIT_H
#define EMU_INIT_H
#include <stddef.h>
#include <emu/exec.h>

/* Exit status of a run that ended in a deadlock (every task asleep for good). */
#define EXIT_DEADLOCK 253
/* Exit status when emu itself failed (kernel/panic.c): never the program's fault. */
#define EXIT_INTERNAL 254

#define DEFAULT_GUEST_MEMORY (2UL << 30)
void init_set_guest_memory(size_t bytes); /* --max-memory: the guest pool */
void panic_init(void); /* from now on emu's own crashes are reported as such */
extern long syscall_in_progress; /* the call do_syscall is running, or -1 */

/* Boots the machine, starts req's program as pid 2 and runs every task until that
 * process ends. Returns its wait status, EXIT_DEADLOCK, or minus the status a shell
 * gives a program that never started (126, 127) with the reason in why. */
int start_kernel(const struct exec_request *req, char *why, size_t why_size);

#endif

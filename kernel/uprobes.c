/* uretprobe (Linux 6.11): the trampoline of a return probe calls it to run the
 * probe's handlers. emu places no uprobes, so no call ever comes from a
 * trampoline, and Linux's answer to any other caller is SIGILL
 * (arch/x86/kernel/uprobes.c). */
#include <emu/signal.h>
#include <emu/syscall.h>
#include <emu/task.h>
#include <signal.h>

SYSCALL_DEFINE0(uretprobe)
{
	force_sig(current, SIGILL);
	return -1;
}

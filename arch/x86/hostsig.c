/* Signals that reach emu's own process from outside (Ctrl-C, kill from another
 * shell) are passed on to the program, as a terminal passes them to its foreground
 * process group: SIGINT, SIGQUIT, SIGTERM, SIGHUP, SIGUSR1, SIGUSR2, SIGWINCH. The
 * handler only records them; the scheduler forwards them between two quanta, and
 * the block hook ends a quantum early when one is waiting. */
#include <emu/arch.h>
#include <signal.h>
#include <string.h>

static const int forwarded[] = { SIGINT, SIGQUIT, SIGTERM, SIGHUP, SIGUSR1, SIGUSR2, SIGWINCH };
static volatile sig_atomic_t arrived[65];
volatile sig_atomic_t host_signal_pending;

static void on_host_signal(int sig)
{
	arrived[sig] = 1;
	host_signal_pending = 1;
}

/* Called after the first task took emu's dispositions: one that emu's parent ignored
 * (nohup, a background job's SIGINT) is ignored by the program too, unless the
 * program installs a handler, exactly as it would run natively. */
void hostsig_init(void)
{
	for (size_t i = 0; i < sizeof forwarded / sizeof forwarded[0]; i++) {
		struct sigaction sa;
		memset(&sa, 0, sizeof sa);
		sa.sa_handler = on_host_signal;
		sa.sa_flags = SA_RESTART;
		sigaction(forwarded[i], &sa, NULL);
	}
}

int hostsig_take(void)
{
	host_signal_pending = 0;
	for (size_t i = 0; i < sizeof forwarded / sizeof forwarded[0]; i++)
		if (arrived[forwarded[i]]) {
			arrived[forwarded[i]] = 0;
			host_signal_pending = 1; /* maybe more: the caller asks again */
			return forwarded[i];
		}
	return 0;
}

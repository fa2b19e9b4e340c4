/* Signal handlers: sigaction with and without SA_SIGINFO, the siginfo of raise, kill,
 * tgkill and sigqueue, the mask inside a handler (the signal, sa_mask, SA_NODEFER) and
 * after it (rt_sigreturn restores uc_sigmask), SA_RESETHAND, nesting, pending signals
 * (blocked, coalesced, queued real-time ones, delivery order), SIG_IGN and SIG_DFL
 * discarding pending signals, and sigaltstack with SA_ONSTACK. Registers across a
 * handler: sigregs.c. */
#include "check.h"
#include <signal.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <ucontext.h>
#include <unistd.h>

static volatile int count, last_sig, si_signo_, si_code_, si_pid_, si_uid_, si_value_;
static sigset_t in_mask;       /* the thread's mask inside the last handler */
static int uc_has_usr1, uc_has_hup; /* from the ucontext's uc_sigmask */
static char trace[64];
static volatile int tlen;

static void add(const char *s)
{
	while (*s && tlen < (int)sizeof trace - 1)
		trace[tlen++] = *s++;
	trace[tlen] = 0;
}

static void plain(int sig)
{
	count++;
	last_sig = sig;
	sigprocmask(SIG_SETMASK, NULL, &in_mask);
}

static void with_info(int sig, siginfo_t *si, void *ucv)
{
	ucontext_t *uc = ucv;
	count++;
	last_sig = sig;
	si_signo_ = si->si_signo;
	si_code_ = si->si_code;
	si_pid_ = si->si_pid;
	si_uid_ = si->si_uid;
	si_value_ = si->si_value.sival_int;
	sigprocmask(SIG_SETMASK, NULL, &in_mask);
	uc_has_usr1 = sigismember(&uc->uc_sigmask, SIGUSR1);
	uc_has_hup = sigismember(&uc->uc_sigmask, SIGHUP);
}

static void set(int sig, void *fn, int flags, int masked)
{
	struct sigaction sa = {0};
	if (flags & SA_SIGINFO)
		sa.sa_sigaction = fn;
	else
		sa.sa_handler = fn;
	sa.sa_flags = flags;
	sigemptyset(&sa.sa_mask);
	if (masked)
		sigaddset(&sa.sa_mask, masked);
	if (sigaction(sig, &sa, NULL))
		printf("sigaction %d failed\n", sig);
}

static int blocked(int sig)
{
	sigset_t m;
	sigprocmask(SIG_SETMASK, NULL, &m);
	return sigismember(&m, sig);
}

static int pending(int sig)
{
	sigset_t p;
	sigpending(&p);
	return sigismember(&p, sig);
}

static void mask(int how, int a, int b)
{
	sigset_t s;
	sigemptyset(&s);
	sigaddset(&s, a);
	if (b)
		sigaddset(&s, b);
	sigprocmask(how, &s, NULL);
}

/* Nesting: USR1's handler raises USR2 (not blocked) and itself once (with SA_NODEFER). */
static void nest1(int sig)
{
	(void)sig;
	add("(1 ");
	raise(SIGUSR2);
	if (count++ == 0)
		raise(SIGUSR1);
	add("1) ");
}
static void nest2(int sig)
{
	(void)sig;
	add("(2 2) ");
}

/* rt_sigreturn takes the mask from the frame: a handler may change it there. */
static void edit_mask(int sig, siginfo_t *si, void *ucv)
{
	ucontext_t *uc = ucv;
	(void)sig, (void)si;
	count++;
	sigaddset(&uc->uc_sigmask, SIGUSR2);
	mask(SIG_BLOCK, SIGINT, 0); /* undone by the return */
}

static int order[8], norder;
static void record(int sig)
{
	if (norder < 8)
		order[norder++] = sig;
}
static void print_order(const char *what)
{
	printf("%s:", what);
	for (int i = 0; i < norder; i++) {
		int s = order[i];
		if (s >= SIGRTMIN)
			printf(" RTMIN+%d", s - SIGRTMIN);
		else
			printf(" %s", s == SIGUSR1 ? "USR1" : s == SIGUSR2 ? "USR2" : s == SIGTERM ? "TERM" : "?");
	}
	printf("\n");
	norder = 0;
}

static int values[8], nvalues;
static void rt(int sig, siginfo_t *si, void *uc)
{
	(void)sig, (void)uc;
	if (nvalues < 8)
		values[nvalues++] = si->si_value.sival_int;
}

static char *alt;
#define ALTSZ 65536
static int on_alt, alt_flags, alt_eperm;
static void onstack(int sig)
{
	char local;
	stack_t ss, other = {.ss_sp = alt, .ss_size = ALTSZ};
	(void)sig;
	on_alt = &local >= alt && &local < alt + ALTSZ;
	sigaltstack(NULL, &ss);
	alt_flags = ss.ss_flags;
	alt_eperm = sigaltstack(&other, NULL) == -1 && errno == EPERM;
}

int main(void)
{
	struct sigaction old;
	union sigval v;

	set(SIGUSR1, plain, 0, SIGUSR2);
	raise(SIGUSR1);
	CHECK("plain handler ran once with signo 10", count == 1 && last_sig == SIGUSR1);
	CHECK("inside: SIGUSR1 and sa_mask's SIGUSR2 blocked, SIGINT not",
	      sigismember(&in_mask, SIGUSR1) && sigismember(&in_mask, SIGUSR2) && !sigismember(&in_mask, SIGINT));
	CHECK("after: neither blocked", !blocked(SIGUSR1) && !blocked(SIGUSR2));
	sigaction(SIGUSR1, NULL, &old);
	CHECK("sigaction reads back handler, flags and mask", old.sa_handler == plain &&
	      (old.sa_flags & ~0x04000000) == 0 && sigismember(&old.sa_mask, SIGUSR2) &&
	      !sigismember(&old.sa_mask, SIGUSR1));

	set(SIGUSR1, with_info, SA_SIGINFO | SA_RESTART, 0);
	sigaction(SIGUSR1, NULL, &old);
	CHECK("SA_SIGINFO|SA_RESTART read back", old.sa_sigaction == with_info &&
	      (old.sa_flags & ~0x04000000) == (SA_SIGINFO | SA_RESTART));
	mask(SIG_BLOCK, SIGHUP, 0);
	count = 0;
	raise(SIGUSR1);
	CHECK("raise: si_signo, si_code SI_TKILL, si_pid, si_uid", count == 1 && si_signo_ == SIGUSR1 &&
	      si_code_ == SI_TKILL && si_pid_ == getpid() && si_uid_ == (int)getuid());
	CHECK("inside: SIGHUP (blocked before) and SIGUSR1 blocked", sigismember(&in_mask, SIGHUP) &&
	      sigismember(&in_mask, SIGUSR1));
	CHECK("uc_sigmask is the mask to restore: SIGHUP, not SIGUSR1", uc_has_hup && !uc_has_usr1);
	CHECK("after: SIGHUP still blocked, SIGUSR1 not", blocked(SIGHUP) && !blocked(SIGUSR1));
	mask(SIG_UNBLOCK, SIGHUP, 0);
	kill(getpid(), SIGUSR1);
	CHECK("kill(getpid()): SI_USER with our pid", count == 2 && si_code_ == SI_USER && si_pid_ == getpid());
	syscall(SYS_tgkill, getpid(), syscall(SYS_gettid), SIGUSR1);
	CHECK("tgkill: SI_TKILL", count == 3 && si_code_ == SI_TKILL && si_pid_ == getpid());
	v.sival_int = 42;
	sigqueue(getpid(), SIGUSR1, v);
	CHECK("sigqueue: SI_QUEUE with si_value 42", count == 4 && si_code_ == SI_QUEUE && si_value_ == 42 &&
	      si_pid_ == getpid() && si_uid_ == (int)getuid());

	set(SIGUSR1, plain, SA_NODEFER, 0);
	raise(SIGUSR1);
	CHECK("SA_NODEFER: SIGUSR1 not blocked inside", count == 5 && !sigismember(&in_mask, SIGUSR1));

	set(SIGUSR1, plain, SA_RESETHAND, 0);
	raise(SIGUSR1);
	sigaction(SIGUSR1, NULL, &old);
	CHECK("SA_RESETHAND: ran, and the action is SIG_DFL again", count == 6 && old.sa_handler == SIG_DFL);
	printf("SA_RESETHAND: SIGUSR1 blocked inside: %d\n", sigismember(&in_mask, SIGUSR1));

	count = 0;
	set(SIGUSR1, nest1, SA_NODEFER, 0);
	set(SIGUSR2, nest2, 0, 0);
	raise(SIGUSR1);
	printf("nested handlers: %s\n", trace);

	count = 0;
	set(SIGUSR1, edit_mask, SA_SIGINFO, 0);
	raise(SIGUSR1);
	CHECK("rt_sigreturn applies uc_sigmask edited by the handler", count == 1 && blocked(SIGUSR2) &&
	      !blocked(SIGINT) && !blocked(SIGUSR1));
	mask(SIG_UNBLOCK, SIGUSR2, 0);

	/* pending signals */
	count = 0;
	set(SIGUSR1, plain, 0, 0);
	mask(SIG_BLOCK, SIGUSR1, 0);
	raise(SIGUSR1);
	CHECK("blocked: not delivered, pending", count == 0 && pending(SIGUSR1));
	mask(SIG_UNBLOCK, SIGUSR1, 0);
	CHECK("unblocked: delivered once before sigprocmask returns", count == 1 && !pending(SIGUSR1));
	count = 0;
	mask(SIG_BLOCK, SIGUSR1, 0);
	raise(SIGUSR1);
	raise(SIGUSR1);
	raise(SIGUSR1);
	mask(SIG_UNBLOCK, SIGUSR1, 0);
	CHECK("a standard signal raised 3 times while blocked runs once", count == 1);
	/* raise is thread-directed, kill process-directed: two pending sets, one each */
	count = 0;
	mask(SIG_BLOCK, SIGUSR1, 0);
	raise(SIGUSR1);
	kill(getpid(), SIGUSR1);
	kill(getpid(), SIGUSR1);
	raise(SIGUSR1);
	mask(SIG_UNBLOCK, SIGUSR1, 0);
	CHECK("raised twice and killed twice while blocked: runs twice", count == 2);

	set(SIGRTMIN, rt, SA_SIGINFO, 0);
	mask(SIG_BLOCK, SIGRTMIN, 0);
	for (int i = 1; i <= 3; i++) {
		v.sival_int = i;
		sigqueue(getpid(), SIGRTMIN, v);
	}
	mask(SIG_UNBLOCK, SIGRTMIN, 0);
	CHECK("a real-time signal queued 3 times runs 3 times, in order",
	      nvalues == 3 && values[0] == 1 && values[1] == 2 && values[2] == 3);

	/* order: with every signal in sa_mask one handler runs at a time, lowest first */
	int sigs[5] = {SIGRTMIN + 1, SIGRTMIN, SIGTERM, SIGUSR2, SIGUSR1};
	sigset_t all;
	sigemptyset(&all);
	for (int i = 0; i < 5; i++)
		sigaddset(&all, sigs[i]);
	for (int pass = 0; pass < 2; pass++) {
		struct sigaction sa = {.sa_handler = record};
		if (pass == 0)
			sa.sa_mask = all;
		for (int i = 0; i < 5; i++)
			sigaction(sigs[i], &sa, NULL);
		sigprocmask(SIG_BLOCK, &all, NULL);
		for (int i = 0; i < 5; i++)
			raise(sigs[i]);
		sigprocmask(SIG_UNBLOCK, &all, NULL);
		/* without sa_mask all five frames are set up at once: the last one runs first */
		print_order(pass == 0 ? "delivery order, sa_mask all" : "handler order, empty sa_mask");
	}

	/* SIG_IGN and SIG_DFL-ignore */
	count = 0;
	signal(SIGUSR1, SIG_IGN);
	raise(SIGUSR1);
	CHECK("SIG_IGN: dropped, not pending", count == 0 && !pending(SIGUSR1));
	mask(SIG_BLOCK, SIGUSR1, 0);
	raise(SIGUSR1);
	CHECK("blocked and ignored: still pending", pending(SIGUSR1));
	signal(SIGUSR1, SIG_IGN);
	CHECK("setting SIG_IGN again discards it", !pending(SIGUSR1));
	mask(SIG_UNBLOCK, SIGUSR1, 0);
	set(SIGWINCH, plain, 0, 0);
	mask(SIG_BLOCK, SIGWINCH, 0);
	raise(SIGWINCH);
	CHECK("SIGWINCH with a handler, blocked: pending", pending(SIGWINCH));
	signal(SIGWINCH, SIG_DFL);
	CHECK("SIG_DFL (ignore) discards it", !pending(SIGWINCH));
	mask(SIG_UNBLOCK, SIGWINCH, 0);
	CHECK("nothing ran", count == 0);

	/* sigaltstack */
	stack_t ss = {0}, q;
	alt = malloc(ALTSZ);
	ss.ss_sp = alt;
	ss.ss_size = 1024;
	EXPECT_ERRNO("sigaltstack smaller than MINSIGSTKSZ", sigaltstack(&ss, NULL), ENOMEM);
	ss.ss_size = ALTSZ;
	CHECK("sigaltstack set", sigaltstack(&ss, NULL) == 0);
	CHECK("query outside a handler: flags 0, our stack", sigaltstack(NULL, &q) == 0 && q.ss_flags == 0 &&
	      q.ss_sp == alt && q.ss_size == ALTSZ);
	set(SIGUSR1, onstack, SA_ONSTACK, 0);
	raise(SIGUSR1);
	CHECK("SA_ONSTACK: the handler's locals are on the alternate stack", on_alt);
	CHECK("inside: SS_ONSTACK, and changing it is EPERM", alt_flags == SS_ONSTACK && alt_eperm);
	set(SIGUSR1, onstack, 0, 0);
	raise(SIGUSR1);
	CHECK("without SA_ONSTACK: the normal stack", !on_alt && alt_flags == 0);
	ss.ss_flags = SS_DISABLE;
	CHECK("SS_DISABLE", sigaltstack(&ss, NULL) == 0 && sigaltstack(NULL, &q) == 0 && q.ss_flags == SS_DISABLE);
	set(SIGUSR1, onstack, SA_ONSTACK, 0);
	raise(SIGUSR1);
	CHECK("SA_ONSTACK with the stack disabled: the normal stack", !on_alt && alt_flags == SS_DISABLE);
	return failures;
}

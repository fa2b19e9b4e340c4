/* Starting programs (kernel/exec.c). */
#ifndef EMU_EXEC_H
#define EMU_EXEC_H
#include <stddef.h>

struct task;

struct exec_request {
	const char *path;
	char *const *argv;
	char *const *envp;
	/* the name the program is given (AT_EXECFN, comm, its mappings, the trace) when
	 * it is not path: a replayed schedule's, the program copied elsewhere */
	const char *name;
	const char *exe; /* with name: /proc/self/exe's target (else the file's own) */
};

/* Loads the run's first program into t. Returns 0, or the status a shell would give
 * (127: not found, 126: cannot execute) with the reason in why. */
int exec_first_program(struct task *t, const struct exec_request *req, char *why,
		       size_t why_size);

#endif

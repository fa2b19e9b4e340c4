/* chain STEP...: execve between static and dynamic programs in any order. Each
 * program of the chain says what it is, then runs the next STEP with the rest:
 * a variant of this program beside it (chain-static, chain-pie, chain-dyn,
 * chain-nopie, chain-musl, chain-musl-dyn), "script" (a "#!/bin/sh" script, run by Debian's
 * dynamic dash, that execs the rest), or "ldso" (the next variant run through
 * /lib64/ld-linux-x86-64.so.2 as a program). */
#include <elf.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/stat.h>
#include <unistd.h>

#define SCRIPT "#!/bin/sh\necho \"script $0: $# arguments\"\nexec \"$@\"\n"

static char dir[PATH_MAX];

static void make_script(void)
{
	FILE *f = fopen("chain.sh", "w");

	if (!f || fputs(SCRIPT, f) < 0 || fclose(f) || chmod("chain.sh", 0755)) {
		perror("chain.sh");
		exit(1);
	}
}

/* argv for the next step: its program (or script, or ld.so and program) first. */
static char **next_argv(int argc, char **argv)
{
	char **v = calloc(argc + 3, sizeof *v);
	int n = 0, i = 1;

	if (!strcmp(argv[1], "script")) {
		make_script();
		v[n++] = "./chain.sh";
		i = 2;
	}
	if (!strcmp(argv[i], "ldso")) {
		v[n++] = "/lib64/ld-linux-x86-64.so.2";
		i++;
	}
	if (i < argc) {
		if (asprintf(&v[n++], "%s/chain-%s", dir, argv[i++]) < 0)
			exit(1);
	}
	while (i < argc)
		v[n++] = argv[i++];
	return v;
}

int main(int argc, char **argv)
{
	char *slash;
	const char *name = strrchr(argv[0], '/') ? strrchr(argv[0], '/') + 1 : argv[0];

	/* AT_BASE is 0 for a static program and for one that ld.so runs as a program */
	printf("%s: AT_BASE %s, AT_EXECFN %s\n", name, getauxval(AT_BASE) ? "set" : "0",
	       strrchr((char *)getauxval(AT_EXECFN), '/') + 1);
	fflush(stdout);
	if (argc < 2)
		return 0;
	snprintf(dir, sizeof dir, "%s", argv[0]);
	if ((slash = strrchr(dir, '/')))
		*slash = '\0';
	char **v = next_argv(argc, argv);
	execv(v[0], v);
	printf("execv %s: %s\n", v[0], strerror(errno));
	return 1;
}

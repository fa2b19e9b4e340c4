/* Starting a program: Linux's fs/exec.c and load_elf_binary. Open and check the
 * file, build a fresh mm (segments, stack, brk), lay out the initial stack and
 * give the task its first registers. */
#include <emu/cpu.h>
#include <emu/elf.h>
#include <emu/exec.h>
#include <emu/fs.h>
#include <emu/mm.h>
#include <emu/random.h>
#include <emu/task.h>
#include <emu/trace.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define HEADER_BYTES 65536 /* the ELF header and program headers must lie in here */

/* Opens path for execution; -errno with Linux's execve errors. */
static int open_exec(const char *path, uint64_t *size)
{
	struct stat st;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return errno == EISDIR ? -EISDIR : -errno;
	if (fstat(fd, &st) < 0 || S_ISDIR(st.st_mode) || !S_ISREG(st.st_mode)) {
		int err = S_ISDIR(st.st_mode) ? -EISDIR : -EACCES;
		close(fd);
		return err;
	}
	if (access(path, X_OK) < 0) {
		close(fd);
		return -EACCES;
	}
	*size = st.st_size;
	return fd;
}

static int setup_stack(struct mm *mm, const struct elf_info *info)
{
	unsigned vm = VM_READ | VM_WRITE | VM_GROWSDOWN | (info->exec_stack ? VM_EXEC : 0);

	return vma_map(mm, STACK_TOP - STACK_SIZE_MAX, STACK_SIZE_MAX, vm, NULL, 0);
}

static int load_program(struct task *t, int fd, const struct elf_info *info,
			const struct exec_request *req)
{
	struct elf_load_result load;
	struct mobj *file = mobj_open_file(fd, req->path);
	struct exec_args args = {
		.argv = req->argv, .envp = req->envp, .execfn = req->path, .info = info,
		.load = &load, .hwcap = cpu_hwcap(),
		.uid = getuid(), .euid = geteuid(), .gid = getgid(), .egid = getegid(),
	};
	int err;

	if (!file)
		return -errno;
	err = elf_map(t->mm, file, info, &load);
	mobj_put(file);
	if (err || (err = setup_stack(t->mm, info)))
		return err;
	t->mm->start_brk = t->mm->brk = load.brk;
	trace_kernel(TRACE_PROC, "exec %s: entry %#lx, load bias %#lx, brk %#lx", req->path,
		     (unsigned long)load.entry, (unsigned long)load.load_bias,
		     (unsigned long)load.brk);
	prandom_bytes(args.random, sizeof args.random);
	long sp = create_elf_tables(t->mm, &args);
	if (sp < 0)
		return (int)sp;
	struct user_entry entry = { load.entry, (uint64_t)sp };
	return cpu_context_new(t, &entry) ? -ENOMEM : 0;
}

int exec_first_program(struct task *t, const struct exec_request *req, char *why,
		       size_t why_size)
{
	static uint8_t hdr[HEADER_BYTES];
	struct elf_info info;
	uint64_t size = 0;
	int fd = open_exec(req->path, &size), err;

	if (fd < 0) {
		snprintf(why, why_size, "%s", strerror(-fd));
		return fd == -ENOENT || fd == -ENOTDIR ? 127 : 126;
	}
	ssize_t n = pread(fd, hdr, sizeof hdr, 0);
	if (n < 0 || elf_check(hdr, n, size, &info, why, why_size)) {
		if (n < 0)
			snprintf(why, why_size, "%s", strerror(errno));
		close(fd);
		return 126;
	}
	set_task_comm(t, req->path);
	t->mm = mm_alloc();
	if (t->mm)
		t->mm->exe_path = realpath(req->path, NULL) ?: strdup(req->path);
	current = t;
	cpu_switch_mm(t->mm);
	err = t->mm ? load_program(t, fd, &info, req) : -ENOMEM;
	close(fd);
	if (err) {
		snprintf(why, why_size, "cannot load: %s", strerror(-err));
		return 126;
	}
	return 0;
}

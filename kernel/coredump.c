/* Core dumps: Linux's fs/coredump.c (do_coredump: the name, the limits) and the
 * ELF writer of fs/binfmt_elf.c (elf_core_dump). A process that dies of a
 * core-dumping signal leaves an ET_CORE file: a PT_NOTE segment (per thread
 * NT_PRSTATUS and NT_PRFPREG, the dumping thread first and with NT_PRPSINFO,
 * NT_SIGINFO, NT_AUXV and NT_FILE after its NT_PRSTATUS) and one PT_LOAD per vma,
 * with data for what coredump_filter's default (0x33) keeps. emu runs no helper
 * program: a core_pattern that starts with '|' writes a plain "core" instead. */
#include <emu/arch.h>
#include <emu/fs.h>
#include <emu/mm.h>
#include <emu/signal.h>
#include <emu/sysctl.h>
#include <emu/task.h>
#include <emu/timekeeping.h>
#include <emu/trace.h>
#include <emu/utsname.h>
#include <elf.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/procfs.h>
#include <sys/stat.h>
#include <sys/user.h>
#include <unistd.h>


/* A note being built: the whole PT_NOTE segment grows in one buffer. */
struct notes {
	char *buf;
	size_t len, cap;
	bool failed;
};

static void note_bytes(struct notes *n, const void *p, size_t len)
{
	size_t padded = (len + 3) & ~3UL;

	if (n->failed || !len)
		return;
	if (n->len + padded > n->cap) {
		size_t cap = (n->cap ? n->cap * 2 : 4096) + padded;
		char *grown = realloc(n->buf, cap);
		if (!grown) {
			n->failed = true;
			return;
		}
		n->buf = grown;
		n->cap = cap;
	}
	memcpy(n->buf + n->len, p, len);
	memset(n->buf + n->len + len, 0, padded - len);
	n->len += padded;
}

/* One ELF note named "CORE" (Linux's writenote). */
static void add_note(struct notes *n, unsigned type, const void *desc, size_t size)
{
	Elf64_Nhdr h = { .n_namesz = 5, .n_descsz = (Elf64_Word)size, .n_type = type };

	note_bytes(n, &h, sizeof h);
	note_bytes(n, "CORE", 5);
	note_bytes(n, desc, size);
}

/* t's registers in ptrace's order (struct user_regs_struct). t is loaded. */
static void task_user_regs(struct task *t, struct user_regs_struct *u)
{
	struct pt_regs r;

	switch_to(t);
	cpu_get_regs(&r);
	*u = (struct user_regs_struct){
		.r15 = r.r15, .r14 = r.r14, .r13 = r.r13, .r12 = r.r12, .rbp = r.rbp,
		.rbx = r.rbx, .r11 = r.r11, .r10 = r.r10, .r9 = r.r9, .r8 = r.r8, .rax = r.rax,
		.rcx = r.rcx, .rdx = r.rdx, .rsi = r.rsi, .rdi = r.rdi, .orig_rax = -1UL,
		.rip = r.rip, .cs = 0x33, .eflags = r.eflags, .rsp = r.rsp, .ss = 0x2b,
		.fs_base = cpu_get_fs_base(),
	};
}

/* NT_PRSTATUS and NT_PRFPREG of one thread (Linux's fill_thread_core_info). */
static void thread_notes(struct notes *n, struct task *t, int sig, bool first,
			 const struct notes *process)
{
	struct elf_prstatus pr = { 0 };
	struct user_regs_struct regs;
	struct fxregs_state fx;

	task_user_regs(t, &regs);
	cpu_get_fpu(&fx);
	pr.pr_info.si_signo = pr.pr_cursig = (short)sig;
	pr.pr_sigpend = t->pending.signal;
	pr.pr_sighold = t->blocked;
	pr.pr_pid = t->pid;
	pr.pr_ppid = t->parent ? t->parent->tgid : 1;
	pr.pr_pgrp = t->pgid;
	pr.pr_sid = t->sid;
	pr.pr_fpvalid = 1;
	memcpy(&pr.pr_reg, &regs, sizeof regs);
	add_note(n, NT_PRSTATUS, &pr, sizeof pr);
	if (first)
		note_bytes(n, process->buf, process->len); /* already padded notes */
	add_note(n, NT_PRFPREG, &fx, sizeof fx);
}

/* The command line from the new stack, NULs as spaces (Linux's fill_psinfo). */
static void psinfo_args(struct mm *mm, char *out, size_t size)
{
	size_t len = mm->arg_end > mm->arg_start ? mm->arg_end - mm->arg_start : 0;

	if (len >= size)
		len = size - 1;
	if (copy_from_user(out, mm->arg_start, len))
		len = 0;
	for (size_t i = 0; i + 1 < len; i++)
		if (!out[i])
			out[i] = ' ';
	out[len] = '\0';
}

/* NT_FILE: the file-backed vmas, their page offsets, then their names. */
static void file_note(struct notes *n, struct mm *mm)
{
	struct notes body = { 0 }, names = { 0 };
	uint64_t count = 0, page = PAGE_SIZE;

	for (struct vma *v = mm->mmap; v; v = v->next)
		count += v->obj && !mobj_is_shmem(v->obj);
	note_bytes(&body, &count, 8);
	note_bytes(&body, &page, 8);
	for (struct vma *v = mm->mmap; v; v = v->next) {
		if (!v->obj || mobj_is_shmem(v->obj))
			continue;
		uint64_t e[3] = { v->start, v->end, v->pgoff };
		const char *name = mobj_name(v->obj);
		note_bytes(&body, e, sizeof e);
		if (!names.failed) { /* unpadded: names follow each other */
			size_t len = strlen(name ? name : "") + 1;
			note_bytes(&names, name ? name : "", len);
			names.len -= ((len + 3) & ~3UL) - len;
		}
	}
	note_bytes(&body, names.buf, names.len);
	if (body.failed || names.failed)
		n->failed = true;
	else
		add_note(n, NT_FILE, body.buf, 16 + count * 24 + names.len);
	free(body.buf);
	free(names.buf);
}

/* The notes written once, after the dumping thread's NT_PRSTATUS. */
static void process_notes(struct notes *n, struct task *t, const siginfo_t *info)
{
	struct elf_prpsinfo ps = { 0 };
	struct mm *mm = t->mm;

	ps.pr_sname = 'R';
	ps.pr_uid = t->cred.uid;
	ps.pr_gid = t->cred.gid;
	ps.pr_pid = t->tgid;
	ps.pr_ppid = t->parent ? t->parent->tgid : 1;
	ps.pr_pgrp = t->pgid;
	ps.pr_sid = t->sid;
	snprintf(ps.pr_fname, sizeof ps.pr_fname, "%s", t->comm);
	psinfo_args(mm, ps.pr_psargs, sizeof ps.pr_psargs);
	add_note(n, NT_PRPSINFO, &ps, sizeof ps);
	add_note(n, NT_SIGINFO, info, sizeof *info);
	add_note(n, NT_AUXV, mm->saved_auxv, mm->saved_auxv_words * sizeof(uint64_t));
	file_note(n, mm);
}

static void count_page(pte_t *pte, uint64_t va, void *arg)
{
	(void)pte;
	(void)va;
	(*(unsigned long *)arg)++;
}

/* Some page of the vma was touched (Linux: it has an anon_vma). */
static bool vma_touched(struct mm *mm, const struct vma *v)
{
	unsigned long n = 0;

	pgtable_walk(&mm->pgd, v->start, v->end, count_page, &n);
	return n > 0;
}

/* How much of a vma the dump holds: Linux's vma_dump_size with coredump_filter
 * 0x33 (private and shared anonymous memory, ELF headers). Private memory counts
 * once touched, as Linux's anon_vma: a private file mapping only if writable. */
static uint64_t vma_dump_size(struct mm *mm, const struct vma *v)
{
	uint8_t magic[SELFMAG];

	if (v->flags & VM_DONTDUMP)
		return 0;
	if (v->obj && mobj_is_shmem(v->obj))
		return v->end - v->start;
	if (!(v->flags & VM_SHARED) && (!v->obj || (v->flags & VM_WRITE)) && vma_touched(mm, v))
		return v->end - v->start;
	if (!v->obj)
		return 0;
	if (v->pgoff == 0 && (v->flags & VM_READ) && !copy_from_user(magic, v->start, SELFMAG) &&
	    !memcmp(magic, ELFMAG, SELFMAG))
		return PAGE_SIZE; /* MMF_DUMP_ELF_HEADERS */
	return 0;
}

/* The page at va, or NULL for one never touched (a hole in the file). */
static const void *dump_page(struct mm *mm, const struct vma *v, uint64_t va)
{
	pte_t *pte = pte_lookup(&mm->pgd, va);

	if (pte && (*pte & PTE_PRESENT))
		return frame_ptr(pte_pfn(*pte));
	if (v->obj) {
		pfn_t pfn = mobj_page(v->obj, v->pgoff + ((va - v->start) >> PAGE_SHIFT));
		return pfn ? frame_ptr(pfn) : NULL;
	}
	return NULL;
}

struct dump {
	int fd;
	uint64_t limit; /* RLIMIT_CORE */
	bool failed;
};

static void dump_write(struct dump *d, const void *p, size_t len, uint64_t off)
{
	if (d->failed || off + len > d->limit || pwrite(d->fd, p, len, (off_t)off) != (ssize_t)len)
		d->failed = true;
}

static unsigned vma_pflags(const struct vma *v)
{
	return ((v->flags & VM_READ) ? PF_R : 0) | ((v->flags & VM_WRITE) ? PF_W : 0) |
	       ((v->flags & VM_EXEC) ? PF_X : 0);
}

/* Headers, notes, then every dumped page at its place; pages never touched stay
 * holes. False if it did not all fit under the limit or a write failed. */
static bool elf_core_dump(struct dump *d, struct mm *mm, const struct notes *notes)
{
	int nvma = mm->map_count, i = 1;
	Elf64_Phdr *ph = calloc(nvma + 1, sizeof *ph);
	uint64_t off = sizeof(Elf64_Ehdr) + (nvma + 1) * sizeof *ph;
	Elf64_Ehdr eh = {
		.e_ident = { ELFMAG0, ELFMAG1, ELFMAG2, ELFMAG3, ELFCLASS64, ELFDATA2LSB, EV_CURRENT,
			     ELFOSABI_NONE },
		.e_type = ET_CORE, .e_machine = EM_X86_64, .e_version = EV_CURRENT,
		.e_phoff = sizeof(Elf64_Ehdr), .e_ehsize = sizeof(Elf64_Ehdr),
		.e_phentsize = sizeof(Elf64_Phdr), .e_phnum = (Elf64_Half)(nvma + 1),
	};

	if (!ph || nvma + 1 >= PN_XNUM) {
		free(ph);
		return false;
	}
	ph[0] = (Elf64_Phdr){ .p_type = PT_NOTE, .p_offset = off, .p_filesz = notes->len, .p_align = 4 };
	off = PAGE_ALIGN(off + notes->len);
	for (struct vma *v = mm->mmap; v && i <= nvma; v = v->next, i++) {
		uint64_t size = vma_dump_size(mm, v);
		ph[i] = (Elf64_Phdr){ .p_type = PT_LOAD, .p_flags = vma_pflags(v), .p_offset = off,
				      .p_vaddr = v->start, .p_filesz = size,
				      .p_memsz = v->end - v->start, .p_align = PAGE_SIZE };
		for (uint64_t va = v->start; va < v->start + size && !d->failed; va += PAGE_SIZE) {
			const void *page = dump_page(mm, v, va);
			if (page)
				dump_write(d, page, PAGE_SIZE, off + (va - v->start));
		}
		off += size;
	}
	dump_write(d, &eh, sizeof eh, 0);
	dump_write(d, ph, (nvma + 1) * sizeof *ph, sizeof eh);
	dump_write(d, notes->buf, notes->len, ph[0].p_offset);
	if (!d->failed && (off > d->limit || ftruncate(d->fd, (off_t)off) < 0))
		d->failed = true; /* the holes at the end */
	free(ph);
	return !d->failed;
}

/* The core file's name from core_pattern (Linux's format_corename). */
static void format_corename(char *out, size_t size, const char *pattern, struct task *t, int sig)
{
	size_t n = 0;

	if (pattern[0] == '|')
		pattern = "core"; /* emu runs no helper: the plain default */
	for (const char *p = pattern; *p && n + 1 < size; p++) {
		char val[64] = "";
		if (*p != '%' || !p[1]) {
			out[n++] = *p;
			continue;
		}
		switch (*++p) {
		case '%': strcpy(val, "%"); break;
		case 'p': case 'P': snprintf(val, sizeof val, "%d", t->tgid); break;
		case 'i': case 'I': snprintf(val, sizeof val, "%d", t->pid); break;
		case 'u': snprintf(val, sizeof val, "%u", t->cred.uid); break;
		case 'g': snprintf(val, sizeof val, "%u", t->cred.gid); break;
		case 'd': snprintf(val, sizeof val, "%d", t->mm->dumpable); break;
		case 's': snprintf(val, sizeof val, "%d", sig); break;
		case 't': snprintf(val, sizeof val, "%llu",
				   (unsigned long long)(ktime_get_real_ns() / 1000000000ULL)); break;
		case 'h': snprintf(val, sizeof val, "%s", UTS_NODENAME_EMU); break;
		case 'e': snprintf(val, sizeof val, "%s", t->comm); break;
		case 'c': snprintf(val, sizeof val, "%lu",
				   (unsigned long)t->signal->rlim[RLIMIT_CORE].rlim_cur); break;
		default: break; /* unknown: dropped, as Linux */
		}
		for (char *v = val; *v && n + 1 < size; v++)
			out[n++] = (*p == 'e' && *v == '/') ? '!' : *v;
	}
	out[n] = '\0';
}

/* Opens the core file as Linux does: never through a symlink, mode 0600, an old
 * regular file of that name truncated; nothing in the host's /proc or /sys. */
static int open_core(struct task *t, const char *name)
{
	struct stat st;
	int fd = openat(t->fs->cwd_fd, name, O_WRONLY | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0600);

	if (fd < 0)
		return -1;
	if (is_host_procfs(fd) || fstat(fd, &st) || !S_ISREG(st.st_mode) || st.st_nlink != 1 ||
	    ftruncate(fd, 0)) {
		close(fd);
		return -1;
	}
	return fd;
}

bool do_coredump(struct task *t, const siginfo_t *info)
{
	struct notes notes = { 0 }, process = { 0 };
	struct dump d = { .fd = -1, .limit = t->signal->rlim[RLIMIT_CORE].rlim_cur };
	char name[CORENAME_MAX_SIZE + 64];
	struct task *o;
	bool ok;

	if (!t->mm || !t->mm->dumpable || d.limit < PAGE_SIZE || t != current)
		return false; /* Linux's binfmt->min_coredump is a page */
	format_corename(name, sizeof name, core_pattern, t, info->si_signo);
	if (!name[0] || (d.fd = open_core(t, name)) < 0)
		return false;
	process_notes(&process, t, info);
	thread_notes(&notes, t, info->si_signo, true, &process);
	for_each_thread(t->group_leader, o)
		if (o != t && o->state != TASK_DEAD)
			thread_notes(&notes, o, info->si_signo, false, NULL);
	switch_to(t);
	/* Linux's has_dumped: the wait status says "core dumped" once the notes are
	 * ready, even if RLIMIT_CORE cuts the file short */
	ok = !notes.failed && !process.failed;
	bool whole = ok && elf_core_dump(&d, t->mm, &notes);
	close(d.fd);
	trace_kernel(TRACE_PROC, "core dump %s: %s", name, whole ? "written" : ok ? "cut short" : "failed");
	free(notes.buf);
	free(process.buf);
	return ok;
}

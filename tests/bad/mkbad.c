/* mkbad GOOD_ELF OUTDIR: writes one corrupted copy of a valid static x86-64 ELF per
 * kind of bad input emu must refuse with a clear message (see CMakeLists.txt),
 * among them programs whose PT_INTERP names a bad interpreter. */
#include <elf.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static unsigned char *image;
static size_t image_size;
static const char *outdir;

static void emit(const char *name, const unsigned char *data, size_t size)
{
	char path[4096];
	snprintf(path, sizeof path, "%s/%s", outdir, name);
	FILE *f = fopen(path, "wb");
	if (!f || fwrite(data, 1, size, f) != size || fclose(f)) {
		perror(path);
		exit(1);
	}
}

/* A fresh copy to corrupt. */
static unsigned char *copy(void)
{
	unsigned char *c = malloc(image_size);
	memcpy(c, image, image_size);
	return c;
}

static Elf64_Ehdr *eh(unsigned char *c) { return (Elf64_Ehdr *)c; }
static Elf64_Phdr *ph(unsigned char *c, int i) { return (Elf64_Phdr *)(c + eh(c)->e_phoff) + i; }

static int find(unsigned char *c, unsigned type, int nth)
{
	for (int i = 0; i < eh(c)->e_phnum; i++)
		if (ph(c, i)->p_type == type && nth-- == 0)
			return i;
	fprintf(stderr, "mkbad: no program header of type %u\n", type);
	exit(1);
}

#define CASE(name, ...) \
	do { \
		unsigned char *c = copy(); \
		__VA_ARGS__; \
		emit(name, c, image_size); \
		free(c); \
	} while (0)

/* A copy whose PT_GNU_STACK became a PT_INTERP naming path, appended to the file;
 * with nul false the path's NUL lies outside the segment. */
static void with_interp(const char *name, const char *path, int nul)
{
	size_t len = strlen(path) + 1;
	unsigned char *c = malloc(image_size + len);
	Elf64_Phdr *p;

	memcpy(c, image, image_size);
	memcpy(c + image_size, path, len);
	p = ph(c, find(c, PT_GNU_STACK, 0));
	p->p_type = PT_INTERP;
	p->p_offset = image_size;
	p->p_filesz = p->p_memsz = nul ? len : len - 1;
	emit(name, c, image_size + len);
	free(c);
}

int main(int argc, char **argv)
{
	if (argc != 3) {
		fprintf(stderr, "usage: mkbad GOOD_ELF OUTDIR\n");
		return 2;
	}
	FILE *f = fopen(argv[1], "rb");
	if (!f || fseek(f, 0, SEEK_END) || (image_size = ftell(f)) < 4096 || fseek(f, 0, SEEK_SET)) {
		perror(argv[1]);
		return 1;
	}
	image = malloc(image_size);
	if (fread(image, 1, image_size, f) != image_size)
		return 1;
	fclose(f);
	outdir = argv[2];

	CASE("class32", c[EI_CLASS] = ELFCLASS32);
	CASE("bigendian", c[EI_DATA] = ELFDATA2MSB);
	CASE("aarch64", eh(c)->e_machine = EM_AARCH64);
	CASE("relocatable", eh(c)->e_type = ET_REL);
	CASE("core", eh(c)->e_type = ET_CORE);
	CASE("phentsize", eh(c)->e_phentsize = 40);
	CASE("phnum0", eh(c)->e_phnum = 0);
	CASE("phoff-past-end", eh(c)->e_phoff = image_size - 10);
	CASE("load-outside-file", ph(c, find(c, PT_LOAD, 0))->p_offset = image_size + 4096);
	CASE("filesz-gt-memsz", { Elf64_Phdr *p = ph(c, find(c, PT_LOAD, 1)); p->p_memsz = p->p_filesz - 1; });
	CASE("misaligned", ph(c, find(c, PT_LOAD, 1))->p_vaddr += 1);
	CASE("above-user-space", { Elf64_Phdr *p = ph(c, find(c, PT_LOAD, 1)); p->p_vaddr = 0x7ffffffff000UL + (p->p_offset & 4095); });
	CASE("overlap", { Elf64_Phdr *a = ph(c, find(c, PT_LOAD, 0)), *b = ph(c, find(c, PT_LOAD, 1));
		b->p_vaddr = a->p_vaddr + (b->p_offset & 4095); b->p_paddr = b->p_vaddr; });
	CASE("no-load", for (int i = 0; i < eh(c)->e_phnum; i++) if (ph(c, i)->p_type == PT_LOAD) ph(c, i)->p_type = PT_NULL);
	CASE("interp-empty", ph(c, find(c, PT_GNU_STACK, 0))->p_type = PT_INTERP);
	char dir[PATH_MAX], path[PATH_MAX + 16];
	if (!realpath(outdir, dir))
		return 1;
	with_interp("interp-unterminated", "/lib64/ld-linux-x86-64.so.2", 0);
	with_interp("interp-missing", "/nonexistent/ld.so", 1);
	with_interp("interp-directory", dir, 1);
	snprintf(path, sizeof path, "%s/text", dir);
	with_interp("interp-not-elf", path, 1);
	snprintf(path, sizeof path, "%s/aarch64", dir);
	with_interp("interp-aarch64", path, 1);
	emit("truncated-header", image, 40);
	emit("truncated-phdrs", image, sizeof(Elf64_Ehdr) + 10);
	emit("empty", image, 0);
	emit("text", (const unsigned char *)"just some text\n", 15);
	emit("script", (const unsigned char *)"echo hello\n", 11);
	return 0;
}

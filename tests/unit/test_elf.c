/* ELF checks (kernel/binfmt_elf.c): each malformed header is refused with its reason. */
#include "unit.h"
#include <emu/binfmt.h>

struct image {
	Elf64_Ehdr eh;
	Elf64_Phdr ph[4];
};

/* A valid static ET_EXEC: text at 0x400000, data at 0x401000, and PT_GNU_STACK. */
static struct image good(void)
{
	struct image im;

	memset(&im, 0, sizeof im);
	memcpy(im.eh.e_ident, ELFMAG, SELFMAG);
	im.eh.e_ident[EI_CLASS] = ELFCLASS64;
	im.eh.e_ident[EI_DATA] = ELFDATA2LSB;
	im.eh.e_ident[EI_VERSION] = EV_CURRENT;
	im.eh.e_type = ET_EXEC;
	im.eh.e_machine = EM_X86_64;
	im.eh.e_version = EV_CURRENT;
	im.eh.e_entry = 0x400100;
	im.eh.e_phoff = sizeof(Elf64_Ehdr);
	im.eh.e_phentsize = sizeof(Elf64_Phdr);
	im.eh.e_phnum = 3;
	im.ph[0] = (Elf64_Phdr){ PT_LOAD, PF_R | PF_X, 0, 0x400000, 0x400000, 0x800, 0x800, 0x1000 };
	im.ph[1] = (Elf64_Phdr){ PT_LOAD, PF_R | PF_W, 0x800, 0x401800, 0x401800, 0x100, 0x2000, 0x1000 };
	im.ph[2] = (Elf64_Phdr){ PT_GNU_STACK, PF_R | PF_W, 0, 0, 0, 0, 0, 16 };
	return im;
}

static char why[256];
static struct elf_info info;

static int check(struct image *im, size_t len, uint64_t file_size)
{
	why[0] = 0;
	return elf_check((const uint8_t *)im, len, file_size, &info, why, sizeof why);
}

#define REFUSED(im, words) \
	do { \
		assert_int_equal(check(&(im), sizeof(im), 0x10000), -1); \
		assert_non_null(strstr(why, words)); \
	} while (0)

static void accepts_static_exec(void **state)
{
	struct image im = good();
	assert_int_equal(check(&im, sizeof im, 0x2000), 0);
	assert_int_equal(info.phnum, 3);
	assert_false(info.exec_stack);
}

static void accepts_static_pie(void **state)
{
	struct image im = good();
	im.eh.e_type = ET_DYN;
	assert_int_equal(check(&im, sizeof im, 0x2000), 0);
}

static void refuses_bad_headers(void **state)
{
	struct image im;

	im = good(); im.eh.e_ident[1] = 'X'; REFUSED(im, "not an ELF");
	im = good(); im.eh.e_ident[EI_CLASS] = ELFCLASS32; REFUSED(im, "32-bit");
	im = good(); im.eh.e_ident[EI_DATA] = ELFDATA2MSB; REFUSED(im, "big-endian");
	im = good(); im.eh.e_machine = EM_AARCH64; REFUSED(im, "not x86-64");
	im = good(); im.eh.e_type = ET_REL; REFUSED(im, "relocatable");
	im = good(); im.eh.e_type = ET_CORE; REFUSED(im, "core");
	im = good(); im.eh.e_phentsize = 32; REFUSED(im, "program header size");
	im = good(); im.eh.e_phnum = 0; REFUSED(im, "no loadable segment");
}

static void refuses_truncation(void **state)
{
	struct image im = good();

	assert_int_equal(check(&im, 40, 40), -1);
	assert_non_null(strstr(why, "truncated ELF header"));
	assert_int_equal(check(&im, sizeof(Elf64_Ehdr) + 8, sizeof(Elf64_Ehdr) + 8), -1);
	assert_non_null(strstr(why, "truncated program headers"));
}

static void refuses_bad_segments(void **state)
{
	struct image im;

	im = good(); im.ph[1].p_offset = 0xff80; im.ph[1].p_vaddr = 0x401f80; REFUSED(im, "outside the file");
	im = good(); im.ph[1].p_filesz = 0x2100; REFUSED(im, "larger than memory");
	im = good(); im.ph[1].p_vaddr += 8; REFUSED(im, "misaligned");
	im = good(); im.ph[1].p_vaddr = 0x7ffffffff800; REFUSED(im, "user address space");
	im = good(); im.ph[1].p_vaddr = 0x400800; im.ph[0].p_memsz = 0x900; REFUSED(im, "overlap");
	im = good(); im.ph[0].p_type = PT_NULL; im.ph[1].p_type = PT_NULL; REFUSED(im, "no loadable segment");
}

/* PT_INTERP: a NUL-terminated path inside the file; the first one counts. */
struct dyn_image {
	struct image im;
	char path[32];
};

static int check_dyn(struct dyn_image *d)
{
	why[0] = 0;
	return elf_check((const uint8_t *)d, sizeof *d, 0x2000, &info, why, sizeof why);
}

static struct dyn_image dynamic(const char *path)
{
	struct dyn_image d = { .im = good() };

	d.im.eh.e_type = ET_DYN;
	memcpy(d.path, path, strlen(path) + 1);
	d.im.ph[2] = (Elf64_Phdr){ PT_INTERP, PF_R, offsetof(struct dyn_image, path), 0, 0,
				   strlen(path) + 1, strlen(path) + 1, 1 };
	return d;
}

static void reads_interp(void **state)
{
	struct dyn_image d = dynamic("/lib64/ld-linux-x86-64.so.2");

	assert_int_equal(check_dyn(&d), 0);
	assert_string_equal(info.interp, "/lib64/ld-linux-x86-64.so.2");
	d = dynamic("/a"); d.im.ph[2].p_filesz = 1;
	assert_int_equal(check_dyn(&d), -1);
	assert_non_null(strstr(why, "bad interpreter path size"));
	d = dynamic("/ab"); d.im.ph[2].p_filesz = 3;
	assert_int_equal(check_dyn(&d), -1);
	assert_non_null(strstr(why, "not NUL-terminated"));
	d = dynamic("/ab"); d.im.ph[2].p_offset = 0x20000;
	assert_int_equal(check_dyn(&d), -1);
	assert_non_null(strstr(why, "outside the file"));
	d = dynamic("/ab"); d.im.ph[2].p_offset = 0x1000; /* past the header: read later */
	assert_int_equal(check_dyn(&d), 0);
	assert_int_equal(info.interp_ph, 2);
	assert_string_equal(info.interp, "");
	assert_int_equal(elf_interp_path(&info, (const uint8_t *)"/ld", why, sizeof why), 0);
	assert_string_equal(info.interp, "/ld");
	struct image im = good();
	assert_int_equal(check(&im, sizeof im, 0x2000), 0);
	assert_int_equal(info.interp_ph, -1);
}

static void sees_executable_stack(void **state)
{
	struct image im = good();
	im.ph[2].p_flags |= PF_X;
	assert_int_equal(check(&im, sizeof im, 0x2000), 0);
	assert_true(info.exec_stack);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(accepts_static_exec),  cmocka_unit_test(accepts_static_pie),
		cmocka_unit_test(refuses_bad_headers),  cmocka_unit_test(refuses_truncation),
		cmocka_unit_test(refuses_bad_segments), cmocka_unit_test(sees_executable_stack),
		cmocka_unit_test(reads_interp),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* Names for a program's addresses, for --diagnose: functions and objects from the
 * ELF symbol table (static programs, ET_EXEC: the addresses are the file's), source
 * lines from DWARF through elfutils' libdw when emu was built with it. */
#include <emu/symbols.h>
#include <elf.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#ifdef EMU_HAVE_LIBDW
#include <elfutils/libdwfl.h>
#endif

struct symbol {
	uint64_t value, size;
	char *name;
};

struct symbols {
	struct symbol *sym;
	size_t n;
#ifdef EMU_HAVE_LIBDW
	Dwfl *dwfl;
	Dwfl_Module *mod;
#endif
};

/* The functions and objects of the file's SHT_SYMTAB sections. */
static void read_symtab(struct symbols *s, FILE *f)
{
	Elf64_Ehdr eh;

	if (fread(&eh, sizeof eh, 1, f) != 1 || memcmp(eh.e_ident, ELFMAG, SELFMAG) ||
	    eh.e_ident[EI_CLASS] != ELFCLASS64 || eh.e_shentsize != sizeof(Elf64_Shdr) || !eh.e_shnum)
		return;
	Elf64_Shdr *sh = calloc(eh.e_shnum, sizeof *sh);
	if (!sh || fseek(f, (long)eh.e_shoff, SEEK_SET) || fread(sh, sizeof *sh, eh.e_shnum, f) != eh.e_shnum)
		eh.e_shnum = 0;
	for (int i = 0; i < eh.e_shnum; i++) {
		if (sh[i].sh_type != SHT_SYMTAB || sh[i].sh_link >= eh.e_shnum)
			continue;
		const Elf64_Shdr *strtab = &sh[sh[i].sh_link];
		for (uint64_t off = 0; off + sizeof(Elf64_Sym) <= sh[i].sh_size; off += sizeof(Elf64_Sym)) {
			Elf64_Sym sym;
			char name[128] = "";
			if (fseek(f, (long)(sh[i].sh_offset + off), SEEK_SET) || fread(&sym, sizeof sym, 1, f) != 1)
				break;
			int type = ELF64_ST_TYPE(sym.st_info);
			if ((type != STT_FUNC && type != STT_OBJECT) || !sym.st_value ||
			    sym.st_name >= strtab->sh_size)
				continue;
			if (fseek(f, (long)(strtab->sh_offset + sym.st_name), SEEK_SET) ||
			    !fgets(name, sizeof name, f))
				continue;
			struct symbol *grown = realloc(s->sym, (s->n + 1) * sizeof *s->sym);
			if (!grown)
				break;
			s->sym = grown;
			s->sym[s->n++] = (struct symbol){ sym.st_value, sym.st_size, strdup(name) };
		}
	}
	free(sh);
}

struct symbols *symbols_open(const char *path)
{
	FILE *f = fopen(path, "rb");
	struct symbols *s;

	if (!f)
		return NULL;
	s = calloc(1, sizeof *s);
	if (s)
		read_symtab(s, f);
	fclose(f);
#ifdef EMU_HAVE_LIBDW
	static const Dwfl_Callbacks callbacks = {
		.find_debuginfo = dwfl_standard_find_debuginfo,
		.section_address = dwfl_offline_section_address,
	};
	if (s && (s->dwfl = dwfl_begin(&callbacks))) {
		s->mod = dwfl_report_offline(s->dwfl, "", path, -1);
		dwfl_report_end(s->dwfl, NULL, NULL);
	}
#endif
	return s;
}

void symbols_close(struct symbols *s)
{
	if (!s)
		return;
	for (size_t i = 0; i < s->n; i++)
		free(s->sym[i].name);
	free(s->sym);
#ifdef EMU_HAVE_LIBDW
	if (s->dwfl)
		dwfl_end(s->dwfl);
#endif
	free(s);
}

const char *symbol_at(struct symbols *s, uint64_t addr, char *buf, size_t size)
{
	for (size_t i = 0; s && i < s->n; i++) {
		const struct symbol *y = &s->sym[i];
		if (addr < y->value || addr >= y->value + (y->size ? y->size : 1))
			continue;
		if (addr == y->value)
			snprintf(buf, size, "%s", y->name);
		else
			snprintf(buf, size, "%s+%#" PRIx64, y->name, addr - y->value);
		return buf;
	}
	return "?";
}

const char *source_line(struct symbols *s, uint64_t addr, char *buf, size_t size)
{
	*buf = '\0';
#ifdef EMU_HAVE_LIBDW
	Dwfl_Line *line = s && s->mod ? dwfl_module_getsrc(s->mod, addr) : NULL;
	int lineno = 0;
	const char *file = line ? dwfl_lineinfo(line, NULL, &lineno, NULL, NULL, NULL) : NULL;

	if (file && lineno > 0) {
		const char *base = strrchr(file, '/');
		snprintf(buf, size, "%s:%d", base ? base + 1 : file, lineno);
	}
#else
	(void)s;
	(void)addr;
	(void)size;
#endif
	return buf;
}

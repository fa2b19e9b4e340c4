/* elfmut IN OUT SEED INDEX: writes a mutant of the ELF file IN to OUT, a function of
 * (SEED, INDEX) only: a few bytes of its headers changed (often to edge values),
 * sometimes one field of the ELF or a program header set to an extreme, sometimes the
 * file truncated. fuzz.sh runs emu on each mutant. */
#include <elf.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "splitmix64.h"

static const uint64_t edges[] = { 0, 1, 0x7f, 0x80, 0xff, 0xffff, 0x7fffffff, 0xffffffff,
				  0x1000, 0xfff, UINT64_MAX, 0x7ffffffff000, 0x400000 };

int main(int argc, char **argv)
{
	if (argc != 5)
		return 2;
	FILE *in = fopen(argv[1], "rb");
	if (!in)
		return 1;
	fseek(in, 0, SEEK_END);
	long size = ftell(in);
	rewind(in);
	unsigned char *buf = malloc(size);
	if (!buf || fread(buf, 1, size, in) != (size_t)size)
		return 1;
	fclose(in);
	state = strtoull(argv[3], NULL, 0) * 1000003 + strtoull(argv[4], NULL, 0);
	Elf64_Ehdr *eh = (Elf64_Ehdr *)buf;
	long hdr_end = eh->e_phoff + (long)eh->e_phnum * sizeof(Elf64_Phdr);
	if (hdr_end > size)
		hdr_end = size;
	int flips = 1 + next() % 8;
	for (int i = 0; i < flips; i++) {
		long at = next() % hdr_end;
		buf[at] = next() % 3 ? (unsigned char)next() : (unsigned char)edges[next() % 5];
	}
	if (next() % 4 == 0) { /* one 8-byte field at an aligned header offset, to an edge */
		long at = (next() % (hdr_end / 8)) * 8;
		uint64_t v = edges[next() % (sizeof edges / sizeof edges[0])];
		memcpy(buf + at, &v, 8);
	}
	if (next() % 8 == 0)
		size = next() % size; /* truncated */
	FILE *out = fopen(argv[2], "wb");
	if (!out || fwrite(buf, 1, size, out) != (size_t)size || fclose(out))
		return 1;
	return 0;
}

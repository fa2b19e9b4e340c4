/* Names for a program's addresses, for --diagnose (emu/symbols.c). */
#ifndef EMU_SYMBOLS_H
#define EMU_SYMBOLS_H
#include <stddef.h>
#include <stdint.h>

struct symbols; /* one ELF file's symbol table and line table */

/* The program at path (NULL if it cannot be read: then every answer is "?"). */
struct symbols *symbols_open(const char *path);
void symbols_close(struct symbols *s);
/* The function (code) or object (data) around addr, as "name+0xoff" or "name";
 * "?" if none. */
const char *symbol_at(struct symbols *s, uint64_t addr, char *buf, size_t size);
/* The source line of the code at addr from DWARF, "file.c:14"; "" if there is
 * none (no debug information, or emu built without libdw). */
const char *source_line(struct symbols *s, uint64_t addr, char *buf, size_t size);

#endif

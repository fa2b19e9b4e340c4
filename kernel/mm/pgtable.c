/* Page tables: a radix tree of 512-entry tables, four levels for 48-bit addresses,
 * shaped like the x86-64 tables Linux keeps (pgd, pud, pmd, pte). The tables live in
 * host memory; only the frames they point to are guest memory. */
#include <emu/mm.h>
#include <stdlib.h>

#define LEVELS 4
#define ENTRIES 512

struct table {
	void *slot[ENTRIES]; /* lower tables, or pte_t at the last level */
};

static unsigned index_at(uint64_t va, int level)
{
	return (va >> (PAGE_SHIFT + 9 * (LEVELS - 1 - level))) & (ENTRIES - 1);
}

static struct table *leaf_table(struct pgtable *pt, uint64_t va, bool create)
{
	void **slot = &pt->root;

	for (int level = 0; level < LEVELS; level++) {
		if (!*slot) {
			if (!create)
				return NULL;
			*slot = calloc(1, sizeof(struct table));
			if (!*slot)
				return NULL;
		}
		if (level == LEVELS - 1)
			break;
		slot = &((struct table *)*slot)->slot[index_at(va, level)];
	}
	return *slot;
}

pte_t *pte_lookup(struct pgtable *pt, uint64_t va)
{
	struct table *t = leaf_table(pt, va, false);

	return t ? (pte_t *)&t->slot[index_at(va, LEVELS - 1)] : NULL;
}

pte_t *pte_alloc(struct pgtable *pt, uint64_t va)
{
	struct table *t = leaf_table(pt, va, true);

	return t ? (pte_t *)&t->slot[index_at(va, LEVELS - 1)] : NULL;
}

/* want: PTE_PRESENT for the present ptes, or a guard marker's bits for those */
static void walk(struct table *t, int level, uint64_t base, uint64_t start, uint64_t end,
		 pte_t want, void (*fn)(pte_t *, uint64_t, void *), void *arg)
{
	uint64_t span = PAGE_SIZE << (9 * (LEVELS - 1 - level));

	for (unsigned i = 0; i < ENTRIES; i++) {
		uint64_t lo = base + i * span;

		if (lo >= end || !t->slot[i])
			continue;
		if (lo + span <= start)
			continue;
		if (level < LEVELS - 1) {
			walk(t->slot[i], level + 1, lo, start, end, want, fn, arg);
			continue;
		}
		pte_t *pte = (pte_t *)&t->slot[i];
		if ((*pte & (PTE_PRESENT | PTE_GUARD)) == want)
			fn(pte, lo, arg);
	}
}

void pgtable_walk(struct pgtable *pt, uint64_t start, uint64_t end,
		  void (*fn)(pte_t *pte, uint64_t va, void *arg), void *arg)
{
	if (pt->root && start < end)
		walk(pt->root, 0, 0, start, end, PTE_PRESENT, fn, arg);
}

void pgtable_walk_guards(struct pgtable *pt, uint64_t start, uint64_t end,
			 void (*fn)(pte_t *pte, uint64_t va, void *arg), void *arg)
{
	if (pt->root && start < end)
		walk(pt->root, 0, 0, start, end, PTE_GUARD, fn, arg);
}

static void free_level(struct table *t, int level)
{
	if (level < LEVELS - 1)
		for (unsigned i = 0; i < ENTRIES; i++)
			if (t->slot[i])
				free_level(t->slot[i], level + 1);
	free(t);
}

void pgtable_free(struct pgtable *pt)
{
	if (pt->root)
		free_level(pt->root, 0);
	pt->root = NULL;
}

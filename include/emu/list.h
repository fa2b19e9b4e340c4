/* Intrusive doubly linked lists: the part of Linux's include/linux/list.h that emu
 * uses. A list is a ring of struct list_head: the head, then each entry's node; an
 * empty list is a head that points at itself. Entries are found from their nodes
 * with container_of, so an object can sit on several lists at once (a task on its
 * parent's children and on its thread group). */
#ifndef EMU_LIST_H
#define EMU_LIST_H
#include <stdbool.h>
#include <stddef.h>

struct list_head {
	struct list_head *next, *prev;
};

#define container_of(ptr, type, member) ((type *)(void *)((char *)(ptr) - offsetof(type, member)))

#define LIST_HEAD_INIT(name) { &(name), &(name) }
#define LIST_HEAD(name) struct list_head name = LIST_HEAD_INIT(name)

static inline void INIT_LIST_HEAD(struct list_head *list)
{
	list->next = list;
	list->prev = list;
}

static inline void __list_add(struct list_head *entry, struct list_head *prev,
			      struct list_head *next)
{
	next->prev = entry;
	entry->next = next;
	entry->prev = prev;
	prev->next = entry;
}

/* entry goes right after head: a stack. */
static inline void list_add(struct list_head *entry, struct list_head *head)
{
	__list_add(entry, head, head->next);
}

/* entry goes right before head, at the end of the list: a queue. */
static inline void list_add_tail(struct list_head *entry, struct list_head *head)
{
	__list_add(entry, head->prev, head);
}

static inline void __list_del(struct list_head *prev, struct list_head *next)
{
	next->prev = prev;
	prev->next = next;
}

/* entry leaves its list; its pointers are cleared, so a second list_del crashes
 * at once instead of corrupting the list (Linux poisons them). */
static inline void list_del(struct list_head *entry)
{
	__list_del(entry->prev, entry->next);
	entry->next = NULL;
	entry->prev = NULL;
}

/* entry leaves its list and is an empty list of its own: list_empty says so, and
 * deleting it again does nothing. */
static inline void list_del_init(struct list_head *entry)
{
	__list_del(entry->prev, entry->next);
	INIT_LIST_HEAD(entry);
}

/* entry takes old's place in old's list; old is left an empty list. */
static inline void list_replace_init(struct list_head *old, struct list_head *entry)
{
	entry->next = old->next;
	entry->next->prev = entry;
	entry->prev = old->prev;
	entry->prev->next = entry;
	INIT_LIST_HEAD(old);
}

static inline bool list_empty(const struct list_head *head)
{
	return head->next == head;
}

#define list_entry(ptr, type, member) container_of(ptr, type, member)
#define list_first_entry(head, type, member) list_entry((head)->next, type, member)
#define list_next_entry(pos, member) list_entry((pos)->member.next, __typeof__(*(pos)), member)

/* pos visits every entry of the list at head, in order. */
#define list_for_each_entry(pos, head, member)                                      \
	for (pos = list_first_entry(head, __typeof__(*pos), member); &pos->member != (head); \
	     pos = list_next_entry(pos, member))

/* The same, and the body may take pos off the list (n holds the next entry). */
#define list_for_each_entry_safe(pos, n, head, member)                              \
	for (pos = list_first_entry(head, __typeof__(*pos), member),                \
	     n = list_next_entry(pos, member);                                         \
	     &pos->member != (head); pos = n, n = list_next_entry(n, member))

#endif

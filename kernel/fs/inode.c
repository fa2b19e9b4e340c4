/* emu's side of host inodes, only as far as Linux's i_writecount goes: a regular
 * file open for writing counts up, a running program counts down, and each
 * refuses the other with ETXTBSY (get_write_access, deny_write_access). The host
 * keeps the data; an inode here is keyed by the host's device and inode number and
 * lives while something holds it. */
#include <emu/fs.h>
#include <errno.h>
#include <stdlib.h>

struct inode {
	dev_t dev;
	ino_t ino;
	int i_writecount; /* > 0: writers; < 0: programs running it */
	int refs;
	struct inode *next;
};

#define INODE_HASH 256
static struct inode *inode_hash[INODE_HASH];

static struct inode **bucket(dev_t dev, ino_t ino)
{
	return &inode_hash[(ino ^ (ino >> 8) ^ dev) % INODE_HASH];
}

static struct inode *ifind(dev_t dev, ino_t ino)
{
	for (struct inode *i = *bucket(dev, ino); i; i = i->next)
		if (i->dev == dev && i->ino == ino)
			return i;
	return NULL;
}

struct inode *iget(dev_t dev, ino_t ino)
{
	struct inode *i = ifind(dev, ino), **b;

	if (i) {
		i->refs++;
		return i;
	}
	if (!(i = calloc(1, sizeof *i)))
		return NULL;
	b = bucket(dev, ino);
	*i = (struct inode){ .dev = dev, .ino = ino, .refs = 1, .next = *b };
	*b = i;
	return i;
}

void ihold(struct inode *inode)
{
	inode->refs++;
}

void iput(struct inode *inode)
{
	if (!inode || --inode->refs)
		return;
	for (struct inode **p = bucket(inode->dev, inode->ino); *p; p = &(*p)->next)
		if (*p == inode) {
			*p = inode->next;
			break;
		}
	free(inode);
}

bool inode_is_running(dev_t dev, ino_t ino)
{
	struct inode *i = ifind(dev, ino);

	return i && i->i_writecount < 0;
}

int get_write_access(struct inode *inode)
{
	if (inode->i_writecount < 0)
		return -ETXTBSY;
	inode->i_writecount++;
	return 0;
}

void put_write_access(struct inode *inode)
{
	inode->i_writecount--;
}

int deny_write_access(struct inode *inode)
{
	if (inode->i_writecount > 0)
		return -ETXTBSY;
	inode->i_writecount--;
	return 0;
}

void allow_write_access(struct inode *inode)
{
	inode->i_writecount++;
}

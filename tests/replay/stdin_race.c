/* Reads stdin in pieces; each piece goes to a new thread that prints it a byte at a
 * time while the threads before it still print theirs. What it prints depends on
 * how the reads were split (what the writer had sent by then) and on how the
 * threads interleaved: a run that --replay must repeat byte for byte. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define MAX_PIECES 64

struct piece {
	char bytes[64];
	int len, index;
};

static void *print_piece(void *arg)
{
	struct piece *p = arg;
	char out[8];

	for (int round = 0; round < 3; round++)
		for (int i = 0; i < p->len; i++) {
			int n = snprintf(out, sizeof out, "%c%d ", p->bytes[i] == '\n' ? '$' : p->bytes[i],
					 p->index);
			write(1, out, n);
			for (volatile int spin = 0; spin < 2000; spin++)
				;
		}
	return NULL;
}

int main(void)
{
	static struct piece pieces[MAX_PIECES];
	pthread_t threads[MAX_PIECES];
	int n = 0;
	char line[64];

	while (n < MAX_PIECES) {
		struct piece *p = &pieces[n];
		p->len = read(0, p->bytes, 5);
		if (p->len <= 0)
			break;
		p->index = n;
		write(1, line, snprintf(line, sizeof line, "[read %d: %d bytes] ", n, p->len));
		pthread_create(&threads[n], NULL, print_piece, p);
		n++;
	}
	for (int i = 0; i < n; i++)
		pthread_join(threads[i], NULL);
	printf("\n%d pieces\n", n);
	return 0;
}

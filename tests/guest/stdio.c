/* stdio over the file system calls: a large stdout (many write calls), fopen modes,
 * fseek/ftell, line reading, formatted input, setvbuf, and stdout and stderr
 * interleaving only through explicit flushes. */
#include "check.h"
#include <stdlib.h>
#include <unistd.h>

int main(void)
{
	char line[256];
	unsigned long sum = 0;

	/* 200 KiB on stdout, more than any stdio buffer */
	for (int i = 0; i < 4000; i++)
		printf("line %04d %s\n", i, "the quick brown fox jumps over the lazy dog");
	FILE *f = fopen("t.txt", "w");
	CHECK("fopen w", f != NULL);
	for (int i = 0; i < 1000; i++)
		fprintf(f, "%d %x\n", i, i * 3);
	CHECK("ftell after writing", ftell(f) > 0);
	CHECK("fclose", fclose(f) == 0);

	f = fopen("t.txt", "r");
	int a, b, n = 0;
	while (fscanf(f, "%d %x", &a, &b) == 2) {
		if (b != a * 3)
			break;
		sum += a;
		n++;
	}
	CHECK("fscanf reads back 1000 pairs", n == 1000 && sum == 499500);
	CHECK("feof", feof(f));
	CHECK("fseek to the start", fseek(f, 0, SEEK_SET) == 0 && ftell(f) == 0);
	CHECK("fgets", fgets(line, sizeof line, f) && !strcmp(line, "0 0\n"));
	CHECK("ungetc", ungetc('X', f) == 'X' && fgetc(f) == 'X' && fgetc(f) == '1');
	CHECK("fseek from the end", fseek(f, -4, SEEK_END) == 0 && fgets(line, sizeof line, f) &&
	      !strcmp(line, "bb5\n"));
	fclose(f);

	f = fopen("t.txt", "a+");
	fputs("appended\n", f);
	fseek(f, 0, SEEK_SET);
	CHECK("a+ reads from the start", fgets(line, sizeof line, f) && !strcmp(line, "0 0\n"));
	fclose(f);
	f = fopen("t.txt", "r");
	fseek(f, -9, SEEK_END);
	CHECK("a+ wrote at the end", fgets(line, sizeof line, f) && !strcmp(line, "appended\n"));
	fclose(f);
	CHECK("fopen r of a missing file", fopen("missing.txt", "r") == NULL && errno == ENOENT);
	CHECK("fopen w+ truncates", (f = fopen("t.txt", "w+")) && fseek(f, 0, SEEK_END) == 0 && ftell(f) == 0);
	fclose(f);
	unlink("t.txt");

	/* unbuffered stdout: each printf is its own write, in order with stderr */
	fflush(stdout);
	setvbuf(stdout, NULL, _IONBF, 0);
	printf("unbuffered ");
	fprintf(stderr, "(stderr)\n");
	printf("stdout\n");
	return failures;
}

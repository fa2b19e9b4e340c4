/* The first program to run under emu: start-up, argv, the environment and a write. */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    printf("hello from pid %d, %d argument(s):", getpid(), argc - 1);
    for (int i = 1; i < argc; i++)
        printf(" %s", argv[i]);
    const char *user = getenv("USER");
    printf("\nUSER=%s\n", user ? user : "(unset)");
    return argc > 1 ? 0 : 3;
}

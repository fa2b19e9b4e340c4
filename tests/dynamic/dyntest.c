/* libdyntest.so, which dlopen.c loads: a constructor, thread-local storage (a
 * dlopen'ed library's TLS comes from glibc's static TLS surplus or is allocated
 * lazily) and a call back into libc. */
#include <stdio.h>

static __thread int calls = 100;
static int constructed;

__attribute__((constructor)) static void init(void)
{
	constructed = 1;
}

int dyntest_call(const char *who)
{
	printf("dyntest_call from %s: constructed %d, thread-local calls %d\n", who, constructed,
	       ++calls);
	return calls;
}

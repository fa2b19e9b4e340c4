/* dlopen, dlsym and dlclose in a dynamically linked program: a library of the
 * test's own found through LD_LIBRARY_PATH (its TLS used from two threads), libm
 * found through /etc/ld.so.cache, and the errors for what does not exist. */
#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

static int (*call)(const char *);

static void *thread(void *arg)
{
	return (void *)(long)call(arg);
}

static void own_library(void)
{
	void *h = dlopen("libdyntest.so", RTLD_NOW);
	Dl_info info;
	pthread_t t;
	void *ret;

	if (!h) {
		printf("dlopen libdyntest.so: %s\n", dlerror());
		return;
	}
	call = (int (*)(const char *))dlsym(h, "dyntest_call");
	printf("dlsym dyntest_call: %s\n", call ? "found" : dlerror());
	if (!call)
		return;
	call("main");
	call("main");
	pthread_create(&t, NULL, thread, "a thread");
	pthread_join(t, &ret);
	printf("the thread saw its own copy: %ld\n", (long)ret);
	if (dladdr((void *)call, &info))
		printf("dladdr: in %s\n", strrchr(info.dli_fname, '/') ? strrchr(info.dli_fname, '/') + 1 : info.dli_fname);
	printf("dlclose: %d\n", dlclose(h));
}

static void libm(void)
{
	void *h = dlopen("libm.so.6", RTLD_LAZY);
	double (*cos_)(double) = h ? (double (*)(double))dlsym(h, "cos") : NULL;

	printf("libm.so.6 cos(0) = %.1f\n", cos_ ? cos_(0.0) : -1.0);
	if (h)
		dlclose(h);
}

int main(void)
{
	own_library();
	libm();
	printf("dlopen of a missing library: %s\n", dlopen("libnope.so.9", RTLD_NOW) ? "loaded" : dlerror());
	printf("dlsym of a missing symbol: %s\n", dlsym(RTLD_DEFAULT, "no_such_symbol_here") ? "found" : "not found");
	return 0;
}

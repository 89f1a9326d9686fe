/* libgit2 loaded on first use (Linux): ff is not linked with it, since loading libgit2 and its
 * twenty libraries, all bound at load (BIND_NOW), was most of a cold `ff --version`. Each
 * function ff calls has a trampoline of the same name (trampolines.S) that jumps through an
 * address filled here. */
#include "ff_git_loader.h"

#ifdef FF_GIT_ON_DEMAND

#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
/* The soname of the headers ff is compiled against: they and the library come together. */
#include <git2/version.h>

#define FF_GIT_SONAME "libgit2.so." LIBGIT2_SOVERSION

/* Read by the trampolines; written once, under pthread_once, after every function is found. */
#define FF_GIT_FUNCTION(name) __attribute__((visibility("hidden"))) void *ff_git_address_##name;
#include "libgit2-functions.h"
#undef FF_GIT_FUNCTION

static const char *const names[] = {
#define FF_GIT_FUNCTION(name) #name,
#include "libgit2-functions.h"
#undef FF_GIT_FUNCTION
};

static void **const addresses[] = {
#define FF_GIT_FUNCTION(name) &ff_git_address_##name,
#include "libgit2-functions.h"
#undef FF_GIT_FUNCTION
};

enum { count = sizeof names / sizeof names[0] };

static pthread_once_t once = PTHREAD_ONCE_INIT;
static int result = -1;
static char message[512];

static void fail(const char *detail) {
    snprintf(message, sizeof message,
             "cannot load libgit2 (" FF_GIT_SONAME "): %s; install the libgit2 package (Debian: libgit2-" LIBGIT2_SOVERSION ")",
             detail ? detail : "unknown error");
}

static void load(void) {
    void *library = dlopen(FF_GIT_SONAME, RTLD_NOW | RTLD_LOCAL);
    if (!library) {
        fail(dlerror());
        return;
    }
    /* All or nothing: a library without one of the functions is not used at all. */
    void *found[count];
    for (size_t i = 0; i < count; i++) {
        dlerror();
        found[i] = dlsym(library, names[i]);
        if (!found[i]) {
            const char *detail = dlerror();
            char missing[256];
            if (!detail) {
                snprintf(missing, sizeof missing, "no function %s", names[i]);
                detail = missing;
            }
            fail(detail);
            return;
        }
    }
    for (size_t i = 0; i < count; i++) *addresses[i] = found[i];
    result = 0;
}

int ff_git_load(char *error, size_t size) {
    pthread_once(&once, load);
    if (result != 0 && error && size > 0) snprintf(error, size, "%s", message);
    return result;
}

/* Reached from a trampoline when a libgit2 call comes before FFGit's setUp (which loads the
 * library and reports a failure as an error): load now, or stop with the same line. */
__attribute__((visibility("hidden"))) void ff_git_load_or_exit(void) {
    char error[sizeof message];
    if (ff_git_load(error, sizeof error) != 0) {
        fprintf(stderr, "ff: %s\n", error);
        exit(1);
    }
}

#else

int ff_git_load(char *error, size_t size) {
    (void)error;
    (void)size;
    return 0;
}

#endif

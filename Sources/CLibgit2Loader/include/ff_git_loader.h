#ifndef FF_GIT_LOADER_H
#define FF_GIT_LOADER_H

#include <stddef.h>

/* Loads libgit2 by its soname and fills the address of every function ff calls, once (later
 * calls return the first result). 0 on success; -1 with one line for the user in `error`
 * (what, where, what to install). Where libgit2 is linked as usual (macOS, other CPUs), 0. */
int ff_git_load(char *error, size_t size);

#endif

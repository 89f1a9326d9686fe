#ifndef FF_CLIBGIT2_SHIM_H
#define FF_CLIBGIT2_SHIM_H

#include <git2.h>

/* Variadic libgit2 calls cannot be imported into Swift; these wrappers can. */
static inline int ffgit_set_owner_validation(int enabled) {
    return git_libgit2_opts(GIT_OPT_SET_OWNER_VALIDATION, enabled);
}

static inline int ffgit_set_search_path(int level, const char *path) {
    return git_libgit2_opts(GIT_OPT_SET_SEARCH_PATH, level, path);
}

#endif

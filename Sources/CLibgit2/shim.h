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

/* The largest object of `type` kept in libgit2's object cache (trees: 4 KiB by default). */
static inline int ffgit_set_cache_object_limit(int type, size_t size) {
    return git_libgit2_opts(GIT_OPT_SET_CACHE_OBJECT_LIMIT, (git_object_t)type, size);
}

/* The memory libgit2's object cache may hold (256 MiB by default). */
static inline int ffgit_set_cache_max_size(ssize_t size) {
    return git_libgit2_opts(GIT_OPT_SET_CACHE_MAX_SIZE, size);
}

#endif

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

/* A long read-only walk: no SHA-1 of every object read (git itself does not check on
 * read either), and no object cache holding on to what is read once. */
static inline int ffgit_set_strict_hash_verification(int enabled) {
    return git_libgit2_opts(GIT_OPT_ENABLE_STRICT_HASH_VERIFICATION, enabled);
}

static inline int ffgit_set_caching(int enabled) {
    return git_libgit2_opts(GIT_OPT_ENABLE_CACHING, enabled);
}

/* Pack files are mapped in windows; smaller windows and a lower total keep a walk of a large
 * pack from holding all of it in memory. */
static inline int ffgit_set_pack_windows(size_t window, size_t limit) {
    int e = git_libgit2_opts(GIT_OPT_SET_MWINDOW_SIZE, window);
    return e < 0 ? e : git_libgit2_opts(GIT_OPT_SET_MWINDOW_MAPPED_LIMIT, limit);
}

#endif

#ifndef KB_CCMARKARENA_H
#define KB_CCMARKARENA_H

#include <cmark-gfm.h>

/// An allocator for one cmark parse and render at a time on the calling thread: it hands out
/// memory from large blocks and frees nothing until `kb_cmark_arena_reset`. cmark allocates
/// and frees every node, string buffer and list cell of a note one by one; through malloc
/// that was a fifth of cmark's time.
cmark_mem *kb_cmark_arena(void);

/// Gives back everything the calling thread's arena handed out. Nothing cmark returned while
/// using it (nodes, rendered HTML) may be touched afterwards.
void kb_cmark_arena_reset(void);

#endif

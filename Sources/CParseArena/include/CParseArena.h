#ifndef KB_CPARSEARENA_H
#define KB_CPARSEARENA_H

#include <cmark-gfm.h>
#include <stddef.h>

/// An allocator for one cmark parse and render at a time on the calling thread: it hands out
/// memory from large blocks and frees nothing until `kb_cmark_arena_reset`. cmark allocates
/// and frees every node, string buffer and list cell of a note one by one; through malloc
/// that was a fifth of cmark's time.
cmark_mem *kb_cmark_arena(void);

/// Gives back everything the calling thread's arena handed out. Nothing cmark returned while
/// using it (nodes, rendered HTML) may be touched afterwards.
void kb_cmark_arena_reset(void);

/// libxml2's allocation functions, for `xmlMemSetup`: between `kb_arena_xml_begin` and
/// `kb_arena_xml_end` on a thread, what libxml2 allocates there comes from that thread's
/// arena and nothing is freed; elsewhere they are the C library's.
void *kb_arena_xml_malloc(size_t size);
void *kb_arena_xml_realloc(void *memory, size_t size);
void kb_arena_xml_free(void *memory);
char *kb_arena_xml_strdup(const char *text);

/// Starts serving the calling thread's libxml2 allocations from its arena.
void kb_arena_xml_begin(void);

/// Gives back everything libxml2 allocated on this thread since `kb_arena_xml_begin`: a
/// document parsed in between, and every node of it, is gone.
void kb_arena_xml_end(void);

#endif

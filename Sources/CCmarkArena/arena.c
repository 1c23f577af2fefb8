#include "CCmarkArena.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

// Memory comes from blocks chained newest first. Each allocation is preceded by a header
// holding its size, which realloc needs to copy it; sizes are rounded up to 16 bytes so every
// allocation stays aligned as malloc's are.
typedef struct block {
    struct block *next;
    size_t capacity;
    size_t used;
    size_t padding;  // keeps `bytes` at a multiple of 16 from malloc's 16-aligned start
    unsigned char bytes[];
} block;

typedef struct header {
    size_t size;
    size_t padding;
} header;

enum { standard_capacity = 256 * 1024 };

// One chain per thread: notes are parsed on several threads at once, each note on one.
static _Thread_local block *current;

static size_t footprint(size_t size) {
    return sizeof(header) + ((size + 15) & ~(size_t)15);
}

static void *take(size_t size) {
    if (size > SIZE_MAX - sizeof(header) - 15) abort();
    size_t need = footprint(size);
    if (current == NULL || current->capacity - current->used < need) {
        size_t capacity = need > standard_capacity ? need : standard_capacity;
        block *fresh = malloc(sizeof(block) + capacity);
        // cmark's own allocator aborts when memory runs out; so does this one.
        if (fresh == NULL) abort();
        fresh->next = current;
        fresh->capacity = capacity;
        fresh->used = 0;
        current = fresh;
    }
    header *start = (header *)(current->bytes + current->used);
    start->size = size;
    current->used += need;
    return start + 1;
}

static void *arena_calloc(size_t count, size_t size) {
    if (size != 0 && count > SIZE_MAX / size) abort();
    void *memory = take(count * size);
    memset(memory, 0, count * size);
    return memory;
}

static void *arena_realloc(void *old, size_t size) {
    if (old == NULL) return take(size);
    header *start = (header *)old - 1;
    // The newest allocation of the current block grows in place while the block has room:
    // cmark's string buffers grow this way, one after another.
    unsigned char *end = (unsigned char *)start + footprint(start->size);
    if (end == current->bytes + current->used && size <= SIZE_MAX - sizeof(header) - 15
        && (size_t)((unsigned char *)start - current->bytes) + footprint(size) <= current->capacity) {
        current->used = (size_t)((unsigned char *)start - current->bytes) + footprint(size);
        start->size = size;
        return old;
    }
    void *memory = take(size);
    memcpy(memory, old, start->size < size ? start->size : size);
    return memory;
}

static void arena_free(void *memory) {
    (void)memory;  // given back all at once by kb_cmark_arena_reset
}

static cmark_mem allocator = {arena_calloc, arena_realloc, arena_free};

cmark_mem *kb_cmark_arena(void) {
    return &allocator;
}

void kb_cmark_arena_reset(void) {
    // One block of the standard size is kept for the thread's next note; a thread keeps that
    // quarter megabyte until the process ends.
    block *kept = NULL;
    while (current != NULL) {
        block *next = current->next;
        if (kept == NULL && current->capacity == standard_capacity) {
            kept = current;
            kept->next = NULL;
            kept->used = 0;
        } else {
            free(current);
        }
        current = next;
    }
    current = kept;
}

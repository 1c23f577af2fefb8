#include "CParseArena.h"

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

static size_t footprint(size_t size) {
    return sizeof(header) + ((size + 15) & ~(size_t)15);
}

static void *take(block **chain, size_t size) {
    if (size > SIZE_MAX - sizeof(header) - 15) abort();
    size_t need = footprint(size);
    block *current = *chain;
    if (current == NULL || current->capacity - current->used < need) {
        size_t capacity = need > standard_capacity ? need : standard_capacity;
        block *fresh = malloc(sizeof(block) + capacity);
        // cmark's and libxml2's own allocators give up when memory runs out; so does this one.
        if (fresh == NULL) abort();
        fresh->next = current;
        fresh->capacity = capacity;
        fresh->used = 0;
        *chain = current = fresh;
    }
    header *start = (header *)(current->bytes + current->used);
    start->size = size;
    current->used += need;
    return start + 1;
}

static void *grow(block **chain, void *old, size_t size) {
    if (old == NULL) return take(chain, size);
    header *start = (header *)old - 1;
    block *current = *chain;
    // The newest allocation of the current block grows in place while the block has room:
    // string buffers grow this way, one after another.
    unsigned char *end = (unsigned char *)start + footprint(start->size);
    if (end == current->bytes + current->used && size <= SIZE_MAX - sizeof(header) - 15
        && (size_t)((unsigned char *)start - current->bytes) + footprint(size) <= current->capacity) {
        current->used = (size_t)((unsigned char *)start - current->bytes) + footprint(size);
        start->size = size;
        return old;
    }
    void *memory = take(chain, size);
    memcpy(memory, old, start->size < size ? start->size : size);
    return memory;
}

static int holds(block *chain, const void *memory) {
    for (block *current = chain; current != NULL; current = current->next) {
        if ((const unsigned char *)memory >= current->bytes
            && (const unsigned char *)memory < current->bytes + current->capacity) return 1;
    }
    return 0;
}

// One block of the standard size is kept for the thread's next note; a thread keeps that
// quarter megabyte until the process ends.
static void reset(block **chain) {
    block *kept = NULL;
    block *current = *chain;
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
    *chain = kept;
}

// cmark: a chain per thread, since notes are parsed on several threads at once, each on one.
static _Thread_local block *cmark_chain;

static void *cmark_calloc(size_t count, size_t size) {
    if (size != 0 && count > SIZE_MAX / size) abort();
    void *memory = take(&cmark_chain, count * size);
    memset(memory, 0, count * size);
    return memory;
}

static void *cmark_realloc(void *old, size_t size) {
    return grow(&cmark_chain, old, size);
}

static void cmark_free(void *memory) {
    (void)memory;  // given back all at once by kb_cmark_arena_reset
}

static cmark_mem cmark_allocator = {cmark_calloc, cmark_realloc, cmark_free};

cmark_mem *kb_cmark_arena(void) {
    return &cmark_allocator;
}

void kb_cmark_arena_reset(void) {
    reset(&cmark_chain);
}

// libxml2: its allocator is process-wide, so a thread uses its arena only between
// kb_arena_xml_begin and kb_arena_xml_end, and the C library's malloc otherwise.
static _Thread_local block *xml_chain;
static _Thread_local int xml_active;  // how many begins are open on this thread

void *kb_arena_xml_malloc(size_t size) {
    return xml_active ? take(&xml_chain, size) : malloc(size);
}

void *kb_arena_xml_realloc(void *old, size_t size) {
    if (!xml_active) return realloc(old, size);
    // Memory from before the arena was in use (libxml2's setup) is grown where it lives.
    if (old != NULL && !holds(xml_chain, old)) return realloc(old, size);
    return grow(&xml_chain, old, size);
}

void kb_arena_xml_free(void *memory) {
    // Inside the arena nothing is freed one by one, not even what came from malloc before:
    // libxml2 keeps its last error's strings per thread and frees them at the next error,
    // which may point into an arena already given back.
    if (!xml_active) free(memory);
}

char *kb_arena_xml_strdup(const char *text) {
    size_t size = strlen(text) + 1;
    char *copy = kb_arena_xml_malloc(size);
    if (copy != NULL) memcpy(copy, text, size);  // only malloc, outside the arena, returns NULL
    return copy;
}

void kb_arena_xml_begin(void) {
    xml_active += 1;
}

void kb_arena_xml_end(void) {
    if (xml_active > 0 && --xml_active == 0) reset(&xml_chain);
}

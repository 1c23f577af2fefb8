#define _GNU_SOURCE
#include "CThreadPlacement.h"

#include <sched.h>
#include <stdlib.h>

// A new thread starts on its creator's CPU, and the scheduler can take milliseconds to move
// one of the two; for work split between them that is a share of the whole run. The new
// thread is placed on another CPU, then given back the process's full set.
struct start_context {
    void *(*start)(void *);
    void *argument;
    cpu_set_t allowed;
};

static void *trampoline(void *raw) {
    struct start_context context = *(struct start_context *)raw;
    free(raw);
    sched_setaffinity(0, sizeof context.allowed, &context.allowed);
    return context.start(context.argument);
}

int kb_thread_start_elsewhere(pthread_t *thread, void *(*start)(void *), void *argument) {
    struct start_context *context = malloc(sizeof *context);
    if (!context) return pthread_create(thread, NULL, start, argument);
    context->start = start;
    context->argument = argument;
    pthread_attr_t attributes;
    pthread_attr_init(&attributes);
    if (sched_getaffinity(0, sizeof context->allowed, &context->allowed) == 0) {
        cpu_set_t others = context->allowed;
        int current = sched_getcpu();
        if (current >= 0) CPU_CLR(current, &others);
        if (CPU_COUNT(&others) > 0) pthread_attr_setaffinity_np(&attributes, sizeof others, &others);
    } else {
        CPU_ZERO(&context->allowed);
        for (int cpu = 0; cpu < CPU_SETSIZE; cpu++) CPU_SET(cpu, &context->allowed);
    }
    int result = pthread_create(thread, &attributes, trampoline, context);
    pthread_attr_destroy(&attributes);
    if (result != 0) free(context);
    return result;
}

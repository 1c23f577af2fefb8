#ifndef KB_CTHREADPLACEMENT_H
#define KB_CTHREADPLACEMENT_H

#include <pthread.h>

/// Starts `start(argument)` on a new thread that begins on another CPU than the caller's, and
/// is then free to run anywhere the process may. Returns pthread_create's result.
int kb_thread_start_elsewhere(pthread_t *thread, void *(*start)(void *), void *argument);

#endif

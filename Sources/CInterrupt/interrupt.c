#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include "CInterrupt.h"

static volatile sig_atomic_t interrupted = 0;

static void on_sigint(int signo) {
    (void)signo;
    interrupted = 1;
}

int kb_install_sigint_handler(void) {
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = on_sigint;
    sigemptyset(&action.sa_mask);
    action.sa_flags = 0;
    return sigaction(SIGINT, &action, NULL);
}

int kb_take_interrupt(void) {
    int was = interrupted;
    interrupted = 0;
    return was;
}

int kb_interrupt_pending(void) {
    return interrupted;
}

// Termination signals are handed to a thread through a pipe: the handler may only do what is
// async-signal-safe, and ending children and removing folders is not.
static int termination_pipe[2] = {-1, -1};

static void on_termination(int signo) {
    unsigned char number = (unsigned char)signo;
    ssize_t written = write(termination_pipe[1], &number, 1);
    (void)written;  // a full pipe already holds a signal for the thread to act on
}

int kb_install_termination_handlers(int include_sigint) {
    if (termination_pipe[0] < 0 && pipe2(termination_pipe, O_CLOEXEC) != 0) return -1;
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = on_termination;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESTART;
    int signals[] = {SIGTERM, SIGHUP, SIGINT};
    int count = include_sigint ? 3 : 2;
    sigset_t handled;
    sigemptyset(&handled);
    for (int index = 0; index < count; index++) {
        if (sigaction(signals[index], &action, NULL) != 0) return -1;
        sigaddset(&handled, signals[index]);
    }
    // A parent's thread may have blocked these signals, and a spawned child inherits the
    // mask: blocked, they would never reach the handler.
    return pthread_sigmask(SIG_UNBLOCK, &handled, NULL) == 0 ? 0 : -1;
}

int kb_wait_for_termination(void) {
    unsigned char number;
    for (;;) {
        ssize_t got = read(termination_pipe[0], &number, 1);
        if (got == 1) return number;
        if (got < 0 && errno == EINTR) continue;
        return -1;
    }
}

void kb_end_by_signal(int signo) {
    signal(signo, SIG_DFL);
    sigset_t only;
    sigemptyset(&only);
    sigaddset(&only, signo);
    pthread_sigmask(SIG_UNBLOCK, &only, NULL);
    raise(signo);
}

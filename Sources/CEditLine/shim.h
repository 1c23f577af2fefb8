#include <stdio.h>
#include <histedit.h>
#include <editline/readline.h>

/// Swift 6 refuses C mutable globals; these wrappers expose the few readline globals kb uses.
static inline int kb_history_length(void) { return history_length; }
static inline void kb_set_completion_function(rl_completion_func_t *fn) { rl_attempted_completion_function = fn; }
static inline void kb_set_completion_append(int c) { rl_completion_append_character = c; }
static inline void kb_set_basic_word_break(const char *s) { rl_basic_word_break_characters = (char *)s; }
static inline void kb_set_attempted_completion_over(int over) { rl_attempted_completion_over = over; }
static inline void kb_set_catch_signals(int on) { rl_catch_signals = on; }
static inline void kb_set_readline_name(const char *name) { rl_readline_name = (char *)name; }
/// The line being edited and the cursor in it, for completion that looks at earlier words.
static inline const char *kb_line_buffer(void) { return rl_line_buffer; }
static inline int kb_point(void) { return rl_point; }

#include <signal.h>
#include <string.h>

/// Ctrl-C while kb waits for a line. The handler only sets a flag (async-signal-safe); it is
/// installed without SA_RESTART so libedit's read() fails with EINTR and readline() returns
/// NULL, which kb tells apart from Ctrl-D by this flag. The flag is a `static` in a header, so
/// each translation unit has its own copy: call all three functions from one Swift file.
static volatile sig_atomic_t kb_interrupt_flag = 0;
static void kb_sigint_handler(int signo) { (void)signo; kb_interrupt_flag = 1; }
static inline int kb_install_sigint_handler(void) {
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = kb_sigint_handler;
    sigemptyset(&action.sa_mask);
    action.sa_flags = 0;
    return sigaction(SIGINT, &action, NULL);
}
/// Returns whether Ctrl-C was pressed since the last call, and clears it.
static inline int kb_take_interrupt(void) {
    int was = kb_interrupt_flag;
    kb_interrupt_flag = 0;
    return was;
}

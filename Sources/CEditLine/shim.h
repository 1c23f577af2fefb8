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

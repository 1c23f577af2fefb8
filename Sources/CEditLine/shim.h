#include <stdio.h>
#include <histedit.h>
#include <editline/readline.h>

/// Swift 6 refuses C mutable globals; these wrappers expose the few readline globals kb uses.
static inline int kb_history_length(void) { return history_length; }
static inline void kb_set_completion_function(rl_completion_func_t *fn) { rl_attempted_completion_function = fn; }
static inline void kb_set_completion_append(int c) { rl_completion_append_character = c; }
static inline void kb_set_basic_word_break(const char *s) { rl_basic_word_break_characters = (char *)s; }

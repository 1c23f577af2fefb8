#ifndef KB_CINTERRUPT_H
#define KB_CINTERRUPT_H

/// Ctrl-C while the REPL waits for a line. The handler only sets a flag (async-signal-safe);
/// it is installed without SA_RESTART so libedit's read() fails with EINTR and readline()
/// returns NULL, which kb tells apart from Ctrl-D by this flag.
///
/// These live in a C file, not in a header as `static` functions: a release build compiles
/// a Swift module into several objects, each with its own copy of a header's static flag,
/// and the handler then set a flag the REPL never read (Ctrl-C ended it).
int kb_install_sigint_handler(void);

/// Returns whether Ctrl-C was pressed since the last call, and clears it.
int kb_take_interrupt(void);

/// Whether Ctrl-C was pressed since the flag was last taken, leaving it set: the REPL's
/// watch over a running command asks this.
int kb_interrupt_pending(void);

/// Installs handlers for SIGTERM, SIGHUP and (unless the REPL handles it) SIGINT that only
/// pass the signal's number to `kb_wait_for_termination`.
int kb_install_termination_handlers(int include_sigint);

/// Blocks until a termination signal arrives and returns its number (-1 on error).
int kb_wait_for_termination(void);

/// Ends the process by `signo` with its default action, as if no handler had been installed,
/// so a parent sees the signal in the exit status.
void kb_end_by_signal(int signo);

#endif

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

#endif

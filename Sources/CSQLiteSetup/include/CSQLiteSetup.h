#ifndef KB_SQLITE_SETUP_H
#define KB_SQLITE_SETUP_H

/// Turns off SQLite's memory statistics, which take a global mutex on every allocation. Must
/// run before the first connection opens; returns SQLite's result code (SQLITE_MISUSE when a
/// connection was already opened, and then nothing changes).
int kb_sqlite_disable_memory_statistics(void);

#endif

#ifndef KB_SQLITE_SETUP_H
#define KB_SQLITE_SETUP_H

/// Turns off SQLite's memory statistics, which take a global mutex on every allocation. Must
/// run before the first connection opens; returns SQLite's result code (SQLITE_MISUSE when a
/// connection was already opened, and then nothing changes).
int kb_sqlite_disable_memory_statistics(void);

typedef struct sqlite3 sqlite3;

/// Registers on `db` an FTS5 ranking function `functionName` for the FTS5 table `table`: the
/// same scores as `bm25(table, weights…)`, bit for bit, with each row's length read by one
/// statement walking `<table>_docsize` forward instead of one lookup per row, and remembered
/// by the connection until the database changes. Called on another table it notices and asks
/// FTS5 for every length.
///
/// Also registers `coveringName(table, columns, weights…)`: the same rank, as a blob that also
/// says which of the query's phrases the row holds in the columns whose bits `columns` sets
/// (bit 0: the first column). Its bytes: the rank as 8 bytes that sort as the rank does under
/// memcmp (a positive double with its sign bit flipped, a negative one with every bit flipped,
/// big-endian), the query's phrase count n as 4 bytes big-endian, then (n + 7) / 8 bytes with a
/// bit per phrase found in those columns (phrase p is bit p % 8 of byte p / 8), then as many
/// with a bit per phrase found in the row at all. Returns SQLite's result code.
int kb_register_ordered_bm25(sqlite3 *db, const char *functionName, const char *coveringName, const char *table);

#endif

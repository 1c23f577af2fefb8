#include "CSQLiteSetup.h"
#include <sqlite3.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

// FTS5's bm25() asks for every matching row's length in tokens with xColumnSize, which runs
// one keyed lookup of the table's docsize shadow table per row: on a word found in all of
// 10,000 notes that lookup was two thirds of the ranking. This function computes the same
// score (same formula, same order of floating-point operations, so the same bits) but reads
// the lengths with one statement that walks the docsize table forward as the rows come, in
// ascending rowid order as FTS5 delivers them. A row far ahead, or behind, gets a fresh seek,
// so a sparse match costs what bm25() does. The lengths read are remembered for the connection
// until the database changes, so a process answering many queries reads each length once.
// A phrase's occurrences in a row are counted from its position list's bytes rather than by an
// xPhraseNext call each (`tallyRest`), checked against xPhraseNext on each query's first rows.

/// Lengths read on one connection, by rowid (-1: not read), valid while the database stays
/// as it was when they were read: the pager's data version (which moves with every commit,
/// this connection's or another's) and this connection's count of changed rows are the same.
typedef struct {
    int *lengths;
    sqlite3_int64 capacity;
    unsigned int dataVersion;
    sqlite3_int64 changes;
    int stamped;
} LengthMemory;

/// Rowids from this one on are not remembered (16 MB of lengths at most).
static const sqlite3_int64 memoryLimit = (sqlite3_int64)1 << 22;

/// What the functions are registered with, one per connection: the docsize query of one FTS5
/// table, and the lengths read from it.
typedef struct {
    char *docsizeSQL;
    LengthMemory memory;
    int mismatched;       // a length read disagreed with FTS5's: only FTS5 is asked from then on
    int readsOwnPositions; // 1 until the position reader disagreed with xPhraseNext once
} RegisteredTable;

/// One of the two functions: the plain rank, or the rank with the phrases found in chosen
/// columns. Both share the table (the first registered owns it).
typedef struct {
    RegisteredTable *table;
    int covering;
    int ownsTable;
} RegisteredFunction;

/// A statement on `<table>_docsize` positioned at one row, stepped forward as rows are asked for.
typedef struct {
    sqlite3_stmt *statement;
    int onRow;            // the statement is positioned on a row
    sqlite3_int64 rowid;  // that row's id
    int length;           // its length in tokens, or -1 when its record could not be read
} DocsizeWalker;

/// The statistics of one query, kept for its whole run as FTS5 auxiliary data.
typedef struct {
    int phraseCount;
    int columnCount;
    double averageLength;
    double *idf;          // per phrase
    double *frequency;    // per phrase, reset for every row
    double *weight;       // per column, read for every row
    DocsizeWalker walker; // its statement is prepared when a length is first not remembered
    int useWalker;        // 0 once the walker disagreed with xColumnSize, or could not start
    sqlite3 *db;          // the connection, to prepare the walker on
    LengthMemory *memory; // the connection's remembered lengths; NULL when they may not be used
    RegisteredTable *table;
    int verified;         // the first row's length was checked against xColumnSize
    int covering;         // the covering variant: the result is `packed`, not a double
    sqlite3_int64 headColumns; // its first argument: a bit per column whose phrases it reports
    unsigned char *packed;     // its result: sort key, phrase count, phrase bits (head, then any)
    int packedSize;
    int positionRowsChecked;   // rows whose positions were read both ways (`checkedPositionRows`)
} QueryStatistics;

/// A row further ahead than this is sought rather than stepped to: one step is a few times
/// cheaper than one seek.
static const sqlite3_int64 stepLimit = 8;

static void freeStatistics(void *pointer) {
    QueryStatistics *statistics = pointer;
    if (statistics == NULL) return;
    sqlite3_finalize(statistics->walker.statement);
    free(statistics);
}

static int countHit(const Fts5ExtensionApi *api, Fts5Context *context, void *count) {
    (void)api;
    (void)context;
    (*(sqlite3_int64 *)count)++;
    return SQLITE_OK;
}

/// Sums the varints of a docsize record (one per column). -1 when the record is malformed.
static int recordLength(const unsigned char *bytes, int size) {
    long long total = 0;
    int offset = 0;
    while (offset < size) {
        unsigned long long value = 0;
        int used = 0;
        for (;;) {
            if (offset >= size || used == 9) return -1;
            unsigned char byte = bytes[offset++];
            used++;
            value = (value << 7) | (byte & 0x7f);
            if ((byte & 0x80) == 0) break;
        }
        if (value > 0x7fffffff) return -1;
        total += (long long)value;
        if (total > 0x7fffffff) return -1;
    }
    return (int)total;
}

/// Moves the walker onto the current row of the statement just stepped, or off any row.
static int readWalkerRow(DocsizeWalker *walker, int stepResult) {
    if (stepResult == SQLITE_ROW) {
        walker->onRow = 1;
        walker->rowid = sqlite3_column_int64(walker->statement, 0);
        const unsigned char *bytes = sqlite3_column_blob(walker->statement, 1);
        int size = sqlite3_column_bytes(walker->statement, 1);
        walker->length = bytes == NULL && size > 0 ? -1 : recordLength(bytes, size);
        return SQLITE_OK;
    }
    walker->onRow = 0;
    return stepResult == SQLITE_DONE ? SQLITE_OK : stepResult;
}

/// The length of row `rowid` from the walker: 1 and `*length` set when the docsize table has
/// the row, 0 when it has not or its record is damaged (the caller asks xColumnSize). A failed
/// step leaves its code in `*error`.
static int walkTo(DocsizeWalker *walker, sqlite3_int64 rowid, int *length, int *error) {
    *error = SQLITE_OK;
    if (walker->onRow && walker->rowid <= rowid && rowid - walker->rowid <= stepLimit) {
        while (walker->onRow && walker->rowid < rowid) {
            *error = readWalkerRow(walker, sqlite3_step(walker->statement));
            if (*error != SQLITE_OK) return 0;
        }
    } else if (!(walker->onRow && walker->rowid == rowid)) {
        sqlite3_reset(walker->statement);
        *error = sqlite3_bind_int64(walker->statement, 1, rowid);
        if (*error == SQLITE_OK) *error = readWalkerRow(walker, sqlite3_step(walker->statement));
        if (*error != SQLITE_OK) return 0;
    }
    if (!walker->onRow || walker->rowid != rowid || walker->length < 0) return 0;
    *length = walker->length;
    return 1;
}

/// The connection's memory of lengths when it can be used for this query: not in a write
/// transaction (which may yet roll back), and emptied when the database changed since it
/// was filled.
static LengthMemory *currentMemory(sqlite3 *db, LengthMemory *memory) {
    unsigned int version = 0;
    if (sqlite3_txn_state(db, "main") == SQLITE_TXN_WRITE) return NULL;
    if (sqlite3_file_control(db, "main", SQLITE_FCNTL_DATA_VERSION, &version) != SQLITE_OK) return NULL;
    sqlite3_int64 changes = sqlite3_total_changes64(db);
    if (!memory->stamped || memory->dataVersion != version || memory->changes != changes) {
        if (memory->lengths != NULL) memset(memory->lengths, 0xff, sizeof(int) * (size_t)memory->capacity);
        memory->dataVersion = version;
        memory->changes = changes;
        memory->stamped = 1;
    }
    return memory;
}

static int recalled(const LengthMemory *memory, sqlite3_int64 rowid, int *length) {
    if (memory == NULL || rowid < 0 || rowid >= memory->capacity || memory->lengths[rowid] < 0) return 0;
    *length = memory->lengths[rowid];
    return 1;
}

static void remember(LengthMemory *memory, sqlite3_int64 rowid, int length) {
    if (memory == NULL || rowid < 0 || rowid >= memoryLimit) return;
    if (rowid >= memory->capacity) {
        sqlite3_int64 capacity = memory->capacity > 0 ? memory->capacity : 1024;
        while (capacity <= rowid) capacity *= 2;
        if (capacity > memoryLimit) capacity = memoryLimit;
        int *grown = realloc(memory->lengths, sizeof(int) * (size_t)capacity);
        if (grown == NULL) return;
        memset(grown + memory->capacity, 0xff, sizeof(int) * (size_t)(capacity - memory->capacity));
        memory->lengths = grown;
        memory->capacity = capacity;
    }
    memory->lengths[rowid] = length;
}

/// Bytes of the covering variant's result before its phrase bits: the sort key and the count.
static const int packedHeader = 12;

static int makeStatistics(const Fts5ExtensionApi *api, Fts5Context *context, sqlite3_context *result,
                          const RegisteredFunction *function, sqlite3_value *headColumns,
                          QueryStatistics **made) {
    int phraseCount = api->xPhraseCount(context);
    int columnCount = api->xColumnCount(context);
    if (phraseCount < 0 || columnCount < 1) return SQLITE_ERROR;
    int packedSize = function->covering ? packedHeader + 2 * ((phraseCount + 7) / 8) : 0;
    size_t size = sizeof(QueryStatistics) + sizeof(double) * (2 * (size_t)phraseCount + (size_t)columnCount + 1)
        + (size_t)packedSize;
    QueryStatistics *statistics = calloc(1, size);
    if (statistics == NULL) return SQLITE_NOMEM;
    statistics->phraseCount = phraseCount;
    statistics->columnCount = columnCount;
    statistics->idf = (double *)&statistics[1];
    statistics->frequency = &statistics->idf[phraseCount];
    statistics->weight = &statistics->frequency[phraseCount];
    statistics->covering = function->covering;
    statistics->headColumns = headColumns != NULL ? sqlite3_value_int64(headColumns) : 0;
    statistics->packed = (unsigned char *)&statistics->weight[columnCount + 1];
    statistics->packedSize = packedSize;

    sqlite3_int64 rows = 0, tokens = 0;
    int rc = api->xRowCount(context, &rows);
    if (rc == SQLITE_OK) rc = api->xColumnTotalSize(context, -1, &tokens);
    if (rc == SQLITE_OK) statistics->averageLength = (double)tokens / (double)rows;
    for (int phrase = 0; rc == SQLITE_OK && phrase < phraseCount; phrase++) {
        sqlite3_int64 hits = 0;
        rc = api->xQueryPhrase(context, phrase, &hits, countHit);
        if (rc == SQLITE_OK) {
            // As bm25(): a phrase in more than half the rows would have a negative weight.
            double idf = log((rows - hits + 0.5) / (hits + 0.5));
            statistics->idf[phrase] = idf <= 0.0 ? 1e-6 : idf;
        }
    }
    if (rc == SQLITE_OK) {
        RegisteredTable *table = function->table;
        sqlite3 *db = sqlite3_context_db_handle(result);
        statistics->table = table;
        statistics->db = db;
        // The walker's statement waits until a length is not remembered: in a process answering
        // many queries, that is only the first, and preparing it cost as much as a short query.
        statistics->useWalker = !table->mismatched;
        statistics->memory = statistics->useWalker ? currentMemory(db, &table->memory) : NULL;
    }
    if (rc == SQLITE_OK) rc = api->xSetAuxdata(context, statistics, freeStatistics);
    else freeStatistics(statistics);
    if (rc == SQLITE_OK) *made = statistics;
    return rc;
}

/// Rows of each query whose positions are read both by `PositionReader` and by xPhraseNext,
/// and must agree, before the reader is trusted alone.
static const int checkedPositionRows = 16;

/// What one phrase's positions in one row add up to: its occurrences weighted by column, and
/// whether one is in a column of `headColumns`.
typedef struct {
    double sum;
    int inHead;
} PhraseTally;

static void tally(PhraseTally *tally, int column, const QueryStatistics *statistics) {
    tally->sum += column < statistics->columnCount ? statistics->weight[column] : 1.0;
    if (column < 64 && (((unsigned long long)statistics->headColumns >> column) & 1)) tally->inHead = 1;
}

/// Reads one SQLite varint from [*at, end) as FTS5's 32-bit reader does (a value of more than
/// three bytes keeps its low 31 bits); 0 when the bytes end before it does.
static int readVarint(const unsigned char **at, const unsigned char *end, unsigned int *value) {
    unsigned long long result = 0;
    const unsigned char *p = *at;
    for (int index = 0; index < 9; index++) {
        if (p >= end) return 0;
        unsigned char byte = *p++;
        if (index == 8) {
            result = (result << 8) | byte;
            break;
        }
        result = (result << 7) | (byte & 0x7f);
        if ((byte & 0x80) == 0) break;
    }
    *at = p;
    *value = (unsigned int)result & 0x7fffffff;
    return 1;
}

/// The rest of a phrase's positions after xPhraseFirst, read from the bytes its iterator spans
/// rather than by one xPhraseNext call per occurrence (most of the ranking's time on common
/// words). The bytes are FTS5's position list: a varint per occurrence (its offset's distance
/// from the previous plus 2), and 1 followed by a column number where a column starts; as
/// xPhraseNext does, a column past the last counts as the last. Every query checks this
/// reading against xPhraseNext on its first rows (`checkedPositionRows`).
static void tallyRest(const Fts5PhraseIter *iterator, int column, PhraseTally *result, const QueryStatistics *statistics) {
    const unsigned char *at = iterator->a;
    const unsigned char *end = iterator->b;
    if (at == NULL) return;
    // The weight changes only where a column starts; added once per occurrence all the same,
    // so the sum rounds as xPhraseNext's caller's does.
    double weight = column < statistics->columnCount ? statistics->weight[column] : 1.0;
    double sum = result->sum;
    unsigned int value = 0;
    while (at < end) {
        value = *at;
        if (value < 0x80) {
            at++; // a varint of one byte: nearly every occurrence
        } else if (!readVarint(&at, end, &value)) {
            break;
        }
        if (value == 1) {
            if (!readVarint(&at, end, &value)) break;
            column = value >= (unsigned int)statistics->columnCount ? statistics->columnCount - 1 : (int)value;
            weight = statistics->weight[column];
            if (column < 64 && (((unsigned long long)statistics->headColumns >> column) & 1)) result->inHead = 1;
            if (!readVarint(&at, end, &value)) break;
        }
        sum += weight;
    }
    result->sum = sum;
}

/// Writes `rank` as 8 bytes whose order under memcmp is the doubles' order (for all but NaN):
/// the sign bit flipped for a positive number, every bit flipped for a negative one.
static void writeSortKey(unsigned char *bytes, double rank) {
    unsigned long long bits = 0;
    memcpy(&bits, &rank, sizeof bits);
    bits = (bits >> 63) ? ~bits : bits | (1ULL << 63);
    for (int index = 7; index >= 0; index--) {
        bytes[index] = (unsigned char)(bits & 0xff);
        bits >>= 8;
    }
}

static void orderedBM25(const Fts5ExtensionApi *api, Fts5Context *context, sqlite3_context *result,
                        int argumentCount, sqlite3_value **arguments) {
    const double k1 = 1.2;
    const double b = 0.75;
    const RegisteredFunction *function = api->xUserData(context);
    // The covering variant's first argument is its column bits; the weights follow.
    int firstWeight = function->covering ? 1 : 0;
    if (argumentCount < firstWeight) {
        sqlite3_result_error(result, "the covering rank wants its columns first", -1);
        return;
    }
    QueryStatistics *statistics = api->xGetAuxdata(context, 0);
    int rc = SQLITE_OK;
    if (statistics == NULL) rc = makeStatistics(api, context, result, function, firstWeight ? arguments[0] : NULL, &statistics);

    // Each column's weight, read once a row rather than once an occurrence.
    for (int column = 0; rc == SQLITE_OK && column < statistics->columnCount; column++) {
        statistics->weight[column] = column < argumentCount - firstWeight
            ? sqlite3_value_double(arguments[firstWeight + column]) : 1.0;
    }
    // The covering variant's two bit sets: phrases in the head columns, phrases anywhere.
    unsigned char *phraseBits = statistics != NULL && statistics->covering ? statistics->packed + packedHeader : NULL;
    unsigned char *presentBits = phraseBits != NULL ? phraseBits + (statistics->phraseCount + 7) / 8 : NULL;
    if (rc == SQLITE_OK && phraseBits != NULL) memset(phraseBits, 0, (size_t)(statistics->packedSize - packedHeader));
    // Weighted occurrences of each phrase, each phrase's in column and offset order as xInst
    // would give them, so the sums round as bm25()'s do.
    RegisteredTable *table = statistics != NULL ? statistics->table : NULL;
    int checking = table != NULL && table->readsOwnPositions && statistics->positionRowsChecked < checkedPositionRows;
    for (int phrase = 0; rc == SQLITE_OK && phrase < statistics->phraseCount; phrase++) {
        PhraseTally found = {0.0, 0};
        Fts5PhraseIter iterator;
        int column = 0, offset = 0;
        rc = api->xPhraseFirst(context, phrase, &iterator, &column, &offset);
        if (rc == SQLITE_OK && column >= 0 && presentBits != NULL) presentBits[phrase / 8] |= (unsigned char)(1u << (phrase % 8));
        if (rc != SQLITE_OK || column < 0) {
            // No occurrence.
        } else if (table->readsOwnPositions && !checking) {
            tally(&found, column, statistics);
            tallyRest(&iterator, column, &found, statistics);
        } else {
            PhraseTally read = {0.0, 0};
            if (checking) {
                tally(&read, column, statistics);
                tallyRest(&iterator, column, &read, statistics);
            }
            while (column >= 0) {
                tally(&found, column, statistics);
                api->xPhraseNext(context, &iterator, &column, &offset);
            }
            if (checking && (memcmp(&read.sum, &found.sum, sizeof(double)) != 0 || read.inHead != found.inHead)) {
                table->readsOwnPositions = 0;
                checking = 0;
            }
        }
        statistics->frequency[phrase] = found.sum;
        if (found.inHead && phraseBits != NULL) phraseBits[phrase / 8] |= (unsigned char)(1u << (phrase % 8));
    }
    if (checking) statistics->positionRowsChecked++;

    int length = 0;
    int known = 0;
    sqlite3_int64 rowid = api->xRowid(context);
    if (rc == SQLITE_OK && statistics->useWalker) {
        known = recalled(statistics->memory, rowid, &length);
        if (!known && statistics->walker.statement == NULL
            && sqlite3_prepare_v2(statistics->db, statistics->table->docsizeSQL, -1, &statistics->walker.statement, NULL) != SQLITE_OK) {
            // As before a first query could start it: FTS5 is asked from then on.
            sqlite3_finalize(statistics->walker.statement);
            statistics->walker.statement = NULL;
            statistics->useWalker = 0;
            statistics->memory = NULL;
        }
        if (!known && statistics->walker.statement != NULL) {
            known = walkTo(&statistics->walker, rowid, &length, &rc);
            if (known) remember(statistics->memory, rowid, length);
        }
    }
    if (rc == SQLITE_OK && (!known || !statistics->verified)) {
        int asked = 0;
        rc = api->xColumnSize(context, -1, &asked);
        // Registered for another table than the one queried, the walker reads wrong lengths:
        // the first row of every query tells, and from then on FTS5 is asked for every row.
        if (rc == SQLITE_OK && known && asked != length) {
            statistics->useWalker = 0;
            statistics->memory = NULL;
            statistics->table->mismatched = 1;
        }
        statistics->verified = statistics->verified || known;
        length = asked;
    }
    if (rc != SQLITE_OK) {
        sqlite3_result_error_code(result, rc);
        return;
    }
    double score = 0.0;
    for (int phrase = 0; phrase < statistics->phraseCount; phrase++) {
        double frequency = statistics->frequency[phrase];
        score += statistics->idf[phrase] * ((frequency * (k1 + 1.0)) /
                 (frequency + k1 * (1 - b + b * (double)length / statistics->averageLength)));
    }
    if (!statistics->covering) {
        sqlite3_result_double(result, -1.0 * score);
        return;
    }
    writeSortKey(statistics->packed, -1.0 * score);
    unsigned int count = (unsigned int)statistics->phraseCount;
    for (int index = 0; index < 4; index++) statistics->packed[8 + index] = (unsigned char)(count >> (8 * (3 - index)));
    sqlite3_result_blob(result, statistics->packed, statistics->packedSize, SQLITE_TRANSIENT);
}

static void freeRegisteredTable(RegisteredTable *table) {
    if (table == NULL) return;
    free(table->memory.lengths);
    sqlite3_free(table->docsizeSQL);
    free(table);
}

static void freeRegisteredFunction(void *pointer) {
    RegisteredFunction *function = pointer;
    if (function == NULL) return;
    if (function->ownsTable) freeRegisteredTable(function->table);
    free(function);
}

/// Creates one of the two functions over `table`; on failure frees what it was given.
static int createFunction(fts5_api *api, const char *name, RegisteredTable *table, int covering, int ownsTable) {
    RegisteredFunction *function = calloc(1, sizeof(RegisteredFunction));
    if (function == NULL) {
        if (ownsTable) freeRegisteredTable(table);
        return SQLITE_NOMEM;
    }
    function->table = table;
    function->covering = covering;
    function->ownsTable = ownsTable;
    // FTS5 owns `function` (and frees it when the connection closes) only once it is created.
    int rc = api->xCreateFunction(api, name, function, orderedBM25, freeRegisteredFunction);
    if (rc != SQLITE_OK) freeRegisteredFunction(function);
    return rc;
}

int kb_register_ordered_bm25(sqlite3 *db, const char *functionName, const char *coveringName, const char *table) {
    fts5_api *api = NULL;
    sqlite3_stmt *statement = NULL;
    int rc = sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &statement, NULL);
    if (rc != SQLITE_OK) return rc;
    sqlite3_bind_pointer(statement, 1, (void *)&api, "fts5_api_ptr", NULL);
    sqlite3_step(statement);
    rc = sqlite3_finalize(statement);
    if (rc != SQLITE_OK) return rc;
    if (api == NULL || api->iVersion < 2) return SQLITE_ERROR;

    RegisteredTable *registered = calloc(1, sizeof(RegisteredTable));
    if (registered == NULL) return SQLITE_NOMEM;
    registered->readsOwnPositions = 1;
    registered->docsizeSQL = sqlite3_mprintf("SELECT id, sz FROM \"%w_docsize\" WHERE id >= ?1 ORDER BY id", table);
    if (registered->docsizeSQL == NULL) {
        free(registered);
        return SQLITE_NOMEM;
    }
    rc = createFunction(api, functionName, registered, 0, 1);
    // The covering function borrows the table from the plain one, which FTS5 keeps (and frees
    // it with) until the connection closes, after every query that could call either.
    if (rc == SQLITE_OK) rc = createFunction(api, coveringName, registered, 1, 0);
    return rc;
}

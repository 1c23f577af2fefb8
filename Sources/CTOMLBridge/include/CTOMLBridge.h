#ifndef KB_TOML_BRIDGE_H
#define KB_TOML_BRIDGE_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/// Parses `length` bytes of TOML with toml++ and writes the document as JSON text.
///
/// On success returns 1 and sets `*json` to a NUL-terminated JSON object. On failure returns 0
/// and sets `*error` to toml++'s description and `*line` to the 1-based line it names (0 when
/// unknown). Whatever is set must be released with `kb_toml_free`. Never throws and never
/// aborts: every C++ exception is turned into a failure.
int kb_toml_to_json(const char *text, size_t length, char **json, char **error, long *line);

/// Releases a string `kb_toml_to_json` returned.
void kb_toml_free(char *string);

#ifdef __cplusplus
}
#endif

#endif

// The one C++ file in kb: a C entry point over toml++ (Debian's libtomlplusplus), so the Swift
// parser reads TOML front matter and Hugo configurations through a real TOML library without
// C++ interoperability. toml++ writes the document as JSON, which kb already reads.

#include "CTOMLBridge.h"

#include <cstdlib>
#include <cstring>
#include <sstream>
#include <string>
#include <string_view>

#include <toml++/toml.h>

namespace {

/// A malloc'd copy of `text`, so the Swift side frees it without knowing about C++.
char *copy(const std::string &text) {
    char *out = static_cast<char *>(std::malloc(text.size() + 1));
    if (out != nullptr) {
        std::memcpy(out, text.data(), text.size());
        out[text.size()] = '\0';
    }
    return out;
}

void fail(const std::string &message, long at, char **error, long *line) {
    *error = copy(message);
    *line = at;
}

}  // namespace

extern "C" int kb_toml_to_json(const char *text, size_t length, char **json, char **error, long *line) {
    *json = nullptr;
    *error = nullptr;
    *line = 0;
    try {
        toml::table table = toml::parse(std::string_view(text, length));
        std::ostringstream out;
        out << toml::json_formatter{table};
        *json = copy(out.str());
        return *json != nullptr;
    } catch (const toml::parse_error &problem) {
        fail(std::string(problem.description()), static_cast<long>(problem.source().begin.line), error, line);
    } catch (const std::exception &problem) {
        fail(problem.what(), 0, error, line);
    } catch (...) {
        fail("the TOML reader failed", 0, error, line);
    }
    return 0;
}

extern "C" void kb_toml_free(char *string) {
    std::free(string);
}

// The one C++ file in kb: a C entry point over toml++ (header-only, from Debian), so the Swift
// parser reads TOML front matter and Hugo configurations through a real TOML library without
// C++ interoperability. toml++ writes the document as JSON, which kb already reads.

#include "CTOMLBridge.h"

#include <cstdlib>
#include <cstring>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>

// toml++ 3.3 states its invariants with TOML_ASSERT_ASSUME, and one of them depends on the
// input: a table header such as `[\uFFFD]` reaches the key parser with a character it promises
// never to see. With asserts on that aborts the process; with NDEBUG it becomes a compiler
// assumption, and a false assumption is undefined behaviour. So NDEBUG is dropped for this file
// and every invariant is checked, a broken one throwing like a parse error: the note gets a
// warning and kb carries on.
#undef NDEBUG
namespace kb_toml {
[[noreturn]] void invariantFailed(const char *condition);
}
#define TOML_ASSERT(expr) ((expr) ? static_cast<void>(0) : kb_toml::invariantFailed(#expr))

#include <toml++/toml.h>

namespace kb_toml {

/// Thrown when toml++ finds one of its own invariants broken by the input.
struct InvariantFailure : std::runtime_error {
    using std::runtime_error::runtime_error;
};

void invariantFailed(const char *condition) {
    throw InvariantFailure(std::string("not valid TOML (toml++ check failed: ") + condition + ")");
}

}  // namespace kb_toml

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

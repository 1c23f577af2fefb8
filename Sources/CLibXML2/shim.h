#include <libxml/xmlversion.h>
// Foundation's ICU and libxml2's ICU headers disagree on UErrorCode; kb never needs libxml2's ICU API.
#undef LIBXML_ICU_ENABLED
#include <libxml/HTMLparser.h>
#include <libxml/tree.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>

/// Swift 6 refuses C mutable globals such as `xmlFree`; this wrapper is a plain function.
static inline void kb_xml_free(void *p) { xmlFree(p); }

/* The only door to libxml2. Everything that uses it lives in Sources/Copydesk/Cleaning. */
#include <libxml/xmlversion.h>
/* Required: without it, modules that import Foundation and see this one fail to build with
   "'UErrorCode' has different definitions in different modules" (see shared/STACK.md). */
#undef LIBXML_ICU_ENABLED
#include <libxml/parser.h>
#include <libxml/HTMLparser.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>
#include <libxml/parserInternals.h>

// The upstream-style program compiled as C++17: C++ programs include the
// same header and must see the same types, enums and macros.
#include "upstream_style.c"

#ifndef MINQING_CICU_SHIM_H
#define MINQING_CICU_SHIM_H

// Debian's ICU (libicu-dev), linked for CWordBreak. No ICU header is exposed to Swift here: Foundation
// carries its own ICU module (_FoundationICU), whose declarations of the same C types would clash with
// the system's; CWordBreak compiles against the system headers in C and offers plain C types.

#endif

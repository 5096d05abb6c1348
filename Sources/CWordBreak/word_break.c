#include "word_break.h"

#include <unicode/ubrk.h>

// Compiled against Debian's ICU headers, where the versioned names (ubrk_open_72…) are macros C sees.
int32_t mq_word_breaks(const char *locale, const uint16_t *text, int32_t length, int32_t *starts, int32_t *ends,
                       int32_t *statuses, int32_t capacity) {
    UErrorCode status = U_ZERO_ERROR;
    UBreakIterator *iterator = ubrk_open(UBRK_WORD, locale, (const UChar *)text, length, &status);
    if (U_FAILURE(status) || iterator == NULL) return -1;
    int32_t count = 0;
    int32_t start = ubrk_first(iterator);
    for (int32_t end = ubrk_next(iterator); end != UBRK_DONE && count < capacity; end = ubrk_next(iterator)) {
        starts[count] = start;
        ends[count] = end;
        statuses[count] = ubrk_getRuleStatus(iterator);
        count++;
        start = end;
    }
    ubrk_close(iterator);
    return count;
}

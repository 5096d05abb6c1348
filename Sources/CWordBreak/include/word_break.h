#ifndef MINQING_WORD_BREAK_H
#define MINQING_WORD_BREAK_H

#include <stdint.h>

/// ICU's word boundaries of UTF-16 `text` with the dictionary of `locale` ("zh" for Chinese): writes up to
/// `capacity` words as start and end offsets (UTF-16 units) and ICU's rule status (0–99 none, 100–199
/// number, 200–299 letter, 400–499 ideographic). Returns the number of words written, or -1 when ICU fails.
int32_t mq_word_breaks(const char *locale, const uint16_t *text, int32_t length, int32_t *starts, int32_t *ends,
                       int32_t *statuses, int32_t capacity);

#endif

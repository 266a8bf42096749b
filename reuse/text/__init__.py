"""Text helpers every stage shares: tokens, sentences and quotations, numbers, dates, spans and
hashes. Offsets always point into the original text; nothing here changes it."""

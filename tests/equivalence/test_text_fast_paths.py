"""The text helpers' fast paths (arrays, str.find, word tables) give exactly what the plain
expressions and scans give.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any
from unittest.mock import patch

from hypothesis import given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

import reuse.stages.prepare as prepare_module
import reuse.text.sentences as sentences_module
from reuse.stages.prepare import _WordTable
from reuse.text.sentences import inside_share, quote_spans, sentences
from reuse.text.tokens import (
    _WORD,
    _tokenize_rejoining,
    split_words,
    tokenize,
    word_spans,
)


@given(
    st.text(
        alphabet=st.sampled_from(
            list("ab'’ʼ _-1Éé\n😀ßx.\"“‘ǅ\u0301٣中文。カナー・\u3099\U00020001क\u094dिกั\u0e48ُ")
        ),
        max_size=40,
    )
)
def test_word_spans_are_the_word_pattern_matches(text: str) -> None:
    """The array computation of word boundaries gives exactly the regular expression's words."""
    starts, ends = word_spans(text)
    assert list(zip(starts.tolist(), ends.tolist())) == [m.span() for m in _WORD.finditer(text)]


@given(st.text(max_size=60))
def test_word_spans_on_any_text(text: str) -> None:
    starts, ends = word_spans(text)
    assert list(zip(starts.tolist(), ends.tolist())) == [m.span() for m in _WORD.finditer(text)]


@given(
    st.one_of(
        st.text(max_size=60),
        st.text(
            alphabet=st.sampled_from(
                list("ab'’ʼ _-1Éé\n😀ßx.\"“‘ǅ\u0301٣\u2028\x85中文カ'क\u094dिก\u0e31")
            ),
            max_size=40,
        ),
    )
)
def test_split_words_are_the_word_pattern_matches(text: str) -> None:
    split = split_words(text)
    if split is not None:  # None: a hyphen at a line end, rejoined by the tokenizer
        words, starts, ends = split
        assert words == _WORD.findall(text)
        assert list(zip(starts.tolist(), ends.tolist())) == [m.span() for m in _WORD.finditer(text)]


def test_a_hyphen_before_a_blank_line_does_not_join_words() -> None:
    """A paragraph break after a hyphen ends the word: both paths keep two words."""
    text = "a year-\n\nand more"
    assert tokenize(text).norm == ("a", "year", "and", "more")
    plain = _tokenize_rejoining(text, [m.span() for m in _WORD.finditer(text)])
    assert plain.norm == ("a", "year", "and", "more")


@given(
    st.text(
        alphabet=st.sampled_from(list("abAB-- \n\r\t.'’Éé1中文カक\u094dिก\u0e31\u0301")),
        max_size=60,
    )
)
def test_tokens_with_line_end_hyphens_equal_the_plain_rejoining(text: str) -> None:
    """The array path of `tokenize` (which joins words broken at a line end) gives exactly the
    tokens of the plain word-by-word rejoining."""
    fast = tokenize(text)
    plain = _tokenize_rejoining(text, [m.span() for m in _WORD.finditer(text)])
    assert fast.norm == plain.norm
    assert (
        fast.starts.tolist() == plain.starts.tolist() and fast.ends.tolist() == plain.ends.tolist()
    )
    assert fast.capitalized.tolist() == plain.capitalized.tolist()


def _sentences_reference(text: str) -> list[tuple[int, int]]:
    """Sentence splitting with `finditer` over every paragraph: what `sentences` computes by
    trying the expression only where terminal punctuation stands."""
    from reuse.text.sentences import _PARA, _SENT_END, abbreviation

    spans = []
    for para in _PARA.finditer(text):
        p_start, p_end = para.span()
        start = p_start
        for m in _SENT_END.finditer(text, p_start, p_end):
            nxt = m.end()
            while nxt < p_end and text[nxt].isspace():
                nxt += 1
            if nxt >= p_end or text[nxt].islower():
                continue
            if (
                text[m.start()] == "."
                and m.end() - m.start() == 1
                and abbreviation(text, m.start())
            ):
                continue
            spans.append((start, m.end()))
            start = nxt
        spans.append((start, p_end))
    out = []
    for s, e in spans:
        s += len(text[s:e]) - len(text[s:e].lstrip())
        e -= len(text[s:e]) - len(text[s:e].rstrip())
        if e > s:
            out.append((s, e))
    return out


@hsettings(max_examples=400, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            list("ab A.?!…\"'”’»)]\n\t\r xU.S中。！？」।؟។")
            + ["Mr.", "Dr. ", " j. ", "\u00a0", "\u2028", "  ", "..", "?!", "Gov. Newsom", "3.5"]
        ),
        max_size=40,
    ).map("".join)
)
def test_sentences_equal_the_plain_scan(text: str) -> None:
    assert sentences(text) == _sentences_reference(text)


def _quote_spans_reference(text: str) -> list[tuple[int, int]]:
    """Quotation spans with an expression scanned over every paragraph: what `quote_spans`
    computes from the positions str.find gives."""
    import re

    from reuse.text.sentences import _OPEN_CLOSE, _PARA

    spans = []
    for para in _PARA.finditer(text):
        p_start, p_end = para.span()
        open_at, closers = -1, ""
        for m in re.finditer(r"[\"“”„«»‹›‘’‚「」]", text[:p_end]):
            if m.start() < p_start:
                continue
            ch, i = m.group(), m.start()
            prev = text[i - 1] if i > p_start else " "
            nxt = text[i + 1] if i + 1 < p_end else " "
            if ch in "’'" and prev.isalnum() and nxt.isalnum():
                continue
            if open_at < 0:
                if ch == '"':
                    open_at, closers = i, '"'
                elif ch in _OPEN_CLOSE and not (ch in "‘’" and prev.isalnum()):
                    open_at, closers = i, _OPEN_CLOSE[ch]
                elif ch == "”" and not prev.isalnum():
                    open_at, closers = i, "”"
                continue
            if ch in closers:
                spans.append((open_at, i + 1))
                open_at = -1
        if open_at >= 0:
            spans.append((open_at, p_end))
    return spans


@hsettings(max_examples=400, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab A'\"“”„«»‹›‘’‚「」\n x.")), max_size=30))
def test_quote_spans_equal_the_plain_scan(text: str) -> None:
    assert quote_spans(text) == _quote_spans_reference(text)


def _plain_inside_share(start: int, end: int, spans: list[tuple[int, int]], text: str) -> float:
    """The share character by character: each character of the text in [start, end) that the
    pattern does not call white space, counted once for every span that holds it."""
    kept = [k for k in range(len(text)) if start <= k < end and not re.fullmatch(r"\s", text[k])]
    if not kept:
        return 0.0
    return sum(s <= k < e for k in kept for s, e in spans) / len(kept)


@hsettings(max_examples=400, deadline=None)
@given(
    st.text(
        alphabet=st.sampled_from(list('ab \n\t\x0b\x1c\x85\xa0\u2003\u2028\u3000é😀"')),
        min_size=1,
        max_size=50,
    ),
    st.data(),
)
def test_inside_share_counts_the_white_space_the_pattern_finds(text: str, data: Any) -> None:
    """Every white space character (`str.isspace`, what `\\s` matches), and ranges that stick out
    of the text at either end; by the table of counts and, for texts too long for one, by
    splitting."""
    offset = st.integers(-3, len(text) + 3)
    start, end = data.draw(offset), data.draw(offset)
    spans = data.draw(st.lists(st.tuples(offset, offset), max_size=4))
    want = _plain_inside_share(start, end, spans, text)
    for longest in (1 << 20, 0):
        with patch.object(sentences_module, "_TABLE_CHARS", longest):
            assert inside_share(start, end, spans, text) == want


def _plain_form(word: str) -> str:
    """The normalised form by its definition: case folded, curly apostrophes straight,
    accents off (NFKD, combining marks dropped), then NFKC; a broken word's parts joined."""
    parts = []
    for part in word.split("\n"):
        w = unicodedata.normalize("NFKD", part.casefold().replace("’", "'").replace("ʼ", "'"))
        parts.append(
            unicodedata.normalize("NFKC", "".join(c for c in w if not unicodedata.combining(c)))
        )
    return "".join(parts)


@hsettings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.text(
            alphabet=st.sampled_from(list("abTHEé’ʼ'ﬁßİ\u03a3\n1xdrü")), min_size=1, max_size=8
        ),
        max_size=30,
    ),
    st.integers(0, 40),
)
def test_word_table_rows_give_each_words_facts(words: list[str], room: int) -> None:
    """A fresh word table gives every word, new or seen, in one batch or one at a time, and
    past the most words it keeps, the facts of its normalised form."""
    table = _WordTable(5)
    with patch.object(prepare_module, "_MOST_WORDS", room):
        rows = table.rows(words) + table.rows(words[::-1]) + [table[w] for w in words]
    for word, row in zip(words + words[::-1] + words, rows):
        norm = _plain_form(word)
        st_, content, plain, h = table.of_norm(norm)
        assert table.norms[row] == norm
        assert (table.stems[row], int(table.hashes[row])) == (st_, h)
        german = norm in prepare_module._GERMAN_FUNCTION_WORDS
        assert table.flags[row].tolist() == [word[:1].isupper(), content, plain, german]
    assert len(table) <= room


def test_is_unspaced_is_the_unspaced_pattern_on_every_code_point() -> None:
    """The range check that the word table runs on each new word answers as the pattern that
    cuts such characters into tokens."""
    from reuse.text.tokens import _UNSPACED_CHAR, is_unspaced

    for code in range(0x110000):
        if 0xD800 <= code <= 0xDFFF:
            continue
        ch = chr(code)
        assert is_unspaced(ch) == (_UNSPACED_CHAR.match(ch) is not None), hex(code)

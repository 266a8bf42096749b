"""Alignment: passages survive paraphrase and spinning, same-topic prose does not match."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from reuse.model import Article
from reuse.settings import Settings
from reuse.stages.align import align_pair
from reuse.stages.align.passages import classify, passage_similarity
from reuse.stages.align.vectors import Idf
from reuse.stages.prepare import prepare

PROSE_A = [
    "The harbour authority opened a new terminal for container ships on the eastern quay.",
    "Local fishermen complained that the works had cut off access to their moorings for months.",
    "A spokesperson for the port said compensation would be paid before the end of the season.",
]


PROSE_B = [
    "Schools in the district will close early on Friday because of a planned teachers' strike.",
    "Parents were told by letter that lessons would be moved online for the rest of the week.",
    "The union said talks with the education department had broken down over pay and hours.",
]


def _align(text_a: str, text_b: str, settings: Settings | None = None):
    settings = settings or Settings()
    da = prepare(Article("a", text_a), settings)
    db = prepare(Article("b", text_b), settings)
    idf = Idf.of([da, db])
    return align_pair(da, idf.unit_vectors(da), db, idf.unit_vectors(db), settings)


def _with(prose: list[str], inserted: str, at: int = 1) -> str:
    parts = list(prose)
    parts.insert(at, inserted)
    return " ".join(parts)


QUOTE_A = (
    "“To be clear, we do not know whether President Putin has made a decision about further "
    "military escalation in Ukraine. But we do know that he is putting in place the capacity "
    "to engage in such escalation, should he decide to do so,” the official told reporters."
)


QUOTE_B = (
    "“To be clear, we do not know whether President Putin has decided on further military "
    "escalation in Ukraine. But we know he has the ability to engage in such an escalation "
    "if he decides to do so.” A Biden administration official said."
)


def test_paraphrased_quote_is_found_whole_and_quoted() -> None:
    a, b = _with(PROSE_A, QUOTE_A), _with(PROSE_B, QUOTE_B, 2)
    found = _align(a, b)
    assert len(found) == 1
    m = found[0]
    assert a[m.a_start : m.a_end].startswith("To be clear")
    assert "should he decide to do so" in a[m.a_start : m.a_end]
    assert b[m.b_start : m.b_end].startswith("To be clear")
    assert "if he decides to do so" in b[m.b_start : m.b_end]
    assert m.quoted
    assert m.kind in ("paraphrase", "near-verbatim")


def test_spun_copy_with_typos_and_synonyms_is_found() -> None:
    original = (
        "In recent weeks, Ukraine has warned Washington and its European allies that Russian "
        "forces are being massed on its eastern border, mimicking the 2014 invasion of Crimea. "
        "The annexation provoked international outrage and led to a series of sanctions."
    )
    spun = (
        "In latest weeks, Ukraine has cautioned Washington and its European allies that Russian "
        "forces are being massaged on its east border, mimicking the 2014 invasion of Crimea. "
        "The anexation provoked worldwide outrage and led to a series of sanctoins."
    )
    found = _align(_with(PROSE_A, original), _with(PROSE_B, spun))
    assert len(found) == 1
    assert found[0].kind in ("near-verbatim", "paraphrase")
    assert found[0].words >= 30


def test_verbatim_copy_has_exact_offsets() -> None:
    wire = (
        "The central bank raised its main interest rate by half a percentage point on Thursday, "
        "its fourth increase this year, saying inflation remained far above its target."
    )
    a, b = _with(PROSE_A, wire), _with(PROSE_B, wire, 3)
    (m,) = _align(a, b)
    assert a[m.a_start : m.a_end] == wire[:-1]  # up to the last word, the full stop is not a word
    assert b[m.b_start : m.b_end] == wire[:-1]
    assert m.kind == "verbatim" and m.similarity == 1.0 and not m.quoted


@pytest.mark.parametrize(
    "left,right",
    [
        (
            "The US president will also discuss the call with Ukrainian President Volodymyr Zelenskiy "
            "before Secretary of State Antony Blinken discusses the call's contents with Zelenskiy.",
            "Secretary of State Antony Blinken spoke Wednesday with Ukrainian President Volodymyr Zelensky.",
        ),
        (
            "US intelligence officials have determined that Russia has massed about 70,000 soldiers near "
            "its border with Ukraine and has begun planning for a possible invasion.",
            "Since October, Putin has massed tens of thousands of Russian troops, as well as materiel, "
            "near the border with Ukraine, and the administration has said it is making plans.",
        ),
        (
            "The official said Biden would hold calls with European allies later Monday before his call "
            "with Putin.",
            "Biden held a call with European allies Monday night to discuss their shared concern.",
        ),
    ],
)
def test_same_topic_sentences_are_not_reuse(left: str, right: str) -> None:
    assert _align(_with(PROSE_A, left), _with(PROSE_B, right)) == []


def test_unrelated_articles_share_nothing() -> None:
    assert _align(" ".join(PROSE_A), " ".join(PROSE_B)) == []


@pytest.mark.parametrize(
    "sim,identical,kind",
    [
        (1.0, True, "verbatim"),
        (0.98, False, "verbatim"),
        (0.8, False, "near-verbatim"),
        (0.5, False, "paraphrase"),
        (0.2, True, "verbatim"),
    ],
)
def test_classify(sim: float, identical: bool, kind: str) -> None:
    assert classify(sim, identical, Settings()) == kind


words = st.lists(
    st.sampled_from(["the", "vote", "court", "said", "new", "law", "on", "monday"]), max_size=30
)


@given(words, words)
@hsettings(max_examples=200, deadline=None)
def test_similarity_symmetric_and_bounded(a: list[str], b: list[str]) -> None:
    s = passage_similarity(a, b)
    assert 0.0 <= s <= 1.0
    assert s == passage_similarity(b, a)
    if a == b:
        assert s == 1.0


FRAME_A = (
    "The court sentenced the former banker Peter Lindqvist to twelve years in prison and "
    "ordered the seizure of assets worth $75.9 million, a ruling which can be appealed."
)


FRAME_B = (
    "The court sentenced the former banker Ana Okafor to four years in prison and "
    "ordered the seizure of assets worth $381 million, a ruling which can be appealed."
)


def test_formula_with_other_names_and_figures_is_not_reuse() -> None:
    # One sentence of court-report formula, slotted with another defendant and other sums.
    assert _align(_with(PROSE_A, FRAME_A), _with(PROSE_B, FRAME_B)) == []


def test_copy_with_a_corrected_figure_is_still_reuse() -> None:
    # A copy keeps the facts; an updated figure moves by a few per cent.
    corrected = FRAME_A.replace("$75.9 million", "$76.2 million")
    (m,) = _align(_with(PROSE_A, FRAME_A), _with(PROSE_B, corrected))
    assert m.kind in ("verbatim", "near-verbatim")


def test_copied_sentence_beside_a_formula_is_kept_alone() -> None:
    wire = (
        "Figures released on Tuesday showed military spending fell by seven per cent last year, "
        "a sharper move than analysts had expected."
    )
    a = _with(PROSE_A, wire + " The court sentenced Peter Lindqvist to twelve years in prison.")
    b = _with(PROSE_B, wire + " The court sentenced Ana Okafor to four years in prison.")
    (m,) = _align(a, b)
    assert (
        a[m.a_start : m.a_end].startswith(wire[:-1]) and "Lindqvist" not in a[m.a_start : m.a_end]
    )
    assert b[m.b_start : m.b_end].startswith(wire[:-1]) and "Okafor" not in b[m.b_start : m.b_end]


def test_shared_phrases_a_sentence_apart_are_not_one_passage() -> None:
    # Two outlets on one story use the same phrases here and there, with their own sentences
    # between: what lies between is not part of a shared passage.
    a = (
        "Hundreds of fans gathered outside the stadium in Bratislava on Sunday, chanting and holding "
        "home-made signs. The striker was dropped from the squad after a row with the coach about "
        "training, and the club said it would review the matter before the next league game. "
        "Samira Boateng, the club doctor of Real Cape Town, said the injury was not serious."
    )
    b = (
        "Hundreds of fans gathered outside the stadium in Bratislava on Sunday, chanting and holding "
        "photographs of the players. According to a survey of sponsors, attendance across the "
        "league might climb by a fifth over the coming season as ticket prices fall again. "
        "Samira Boateng, the club doctor of Real Cape Town, declined to comment on the transfer."
    )
    for m in _align(a, b):
        assert "striker" not in a[m.a_start : m.a_end]
        assert "survey" not in b[m.b_start : m.b_end]


def test_stock_phrase_inside_different_sentences_is_not_reuse() -> None:
    a = (
        "Independent analysts in the capital maintain the deputy governor of the central bank has "
        "been reluctant to raise interest rates before the election in the spring."
    )
    b = (
        "Since the currency slid again last week, the deputy governor of the central bank has been "
        "reluctant to raise interest rates, according to several people at the meeting."
    )
    assert _align(_with(PROSE_A, a), _with(PROSE_B, b)) == []


def test_quotation_from_the_same_mould_about_another_place_is_not_reuse() -> None:
    a = "“Frankly, the Lisbon housing plan has been badly managed for far too long,” she said."
    b = "He told reporters: “Frankly, the Porto harbour tunnel has been badly managed for far too long.”"
    assert _align(_with(PROSE_A, a), _with(PROSE_B, b)) == []


@pytest.mark.parametrize(
    "q,a,b",
    [
        # the same quotation with another attribution
        (
            "Frankly, the Lisbon housing plan has been badly managed for far too long",
            "“{q},” Maria Santos, the housing minister, told parliament on Tuesday.",
            "Opposition leader Luis Keller said: “{q}.”",
        ),
        # a short quotation carried word for word
        (
            "What happened in the harbour on Friday was a terrible mistake",
            "“{q},” Rania Malik, the climate minister, told regional radio in Beirut.",
            "The climate minister told lawmakers on Tuesday: “{q}.”",
        ),
    ],
)
def test_quotation_carried_with_other_attribution_is_reuse(q: str, a: str, b: str) -> None:
    a, b = a.format(q=q), b.format(q=q)
    (m,) = _align(_with(PROSE_A, a), _with(PROSE_B, b))
    assert m.quoted and _with(PROSE_A, a)[m.a_start : m.a_end] == q


def test_speaker_named_the_same_way_a_sentence_away_is_not_part_of_the_quote() -> None:
    q = (
        "What happened in the harbour on the third of January was a tragedy, and our priority "
        "is to protect the families who lost their homes"
    )
    a = (
        "Ruth Schmidt, the spokesperson at the Lisbon refugee agency, said the shelters were full "
        "and that more tents would arrive from the north by the end of the month at the latest. "
        "Volunteers have been handing out blankets and hot meals at the old market since Sunday. "
        f"Later she added: “{q}.”"
    )
    b = f"Ruth Schmidt, the spokesperson at the Lisbon refugee agency, told reporters: “{q}.”"
    (m,) = _align(_with(PROSE_A, a), _with(PROSE_B, b))
    assert _with(PROSE_A, a)[m.a_start : m.a_end] == q
    assert _with(PROSE_B, b)[m.b_start : m.b_end] == q


def test_words_shared_far_from_a_quotation_in_one_article_are_not_part_of_it() -> None:
    # A quotation both carry, then in one article several sentences of its own before words
    # that both share: a quotation is one stretch of text, so these are separate pieces.
    from reuse.stages.align.passages import pieces as _pieces

    quote = (
        "“We raised the main interest rate by half a percentage point because inflation "
        "remains far above our target,” the governor said."
    )
    filler = " ".join(
        [
            "Shops in the old town reported a quiet weekend despite the warm weather and the festival.",
            "The museum will reopen its west wing in June after two years of repairs to the roof.",
            "Commuters faced delays on the northern line after a signal failure near the river crossing.",
            "A new cycle lane along the canal is expected to open before the start of the school year.",
            "Farmers in the valley said the late frost had damaged much of this season's fruit harvest.",
            "The city council approved plans for a larger library next to the central bus station.",
        ]
    )
    tail = "The head coach of the national team resigned."
    settings = Settings()
    da = prepare(Article("a", f"{quote} {filler} {tail}"), settings)
    db = prepare(Article("b", f"{quote} {tail}"), settings)
    pieces = _pieces(
        da,
        0,
        len(da.stems),
        db,
        0,
        len(db.stems),
        settings.split_gap_words,
        settings.max_unit_words,
        settings.quoted_share,
    )
    assert len(pieces) == 2
    assert pieces[0][1] - pieces[0][0] < 30


def test_formula_with_a_sum_in_another_currency_is_not_reuse() -> None:
    a = "Under the deal, mortgage holders across the region would lose €634 million over three years."
    b = "Under the deal, mortgage holders across the region would lose £683 million over three years."
    assert _align(_with(PROSE_A, a), _with(PROSE_B, b)) == []


def test_stock_phrase_inside_two_quotations_is_not_reuse() -> None:
    a = (
        "“The ministry has refused to meet us for months, and we will ask the judges to refer the "
        "case to the constitutional court if necessary,” the union leader said."
    )
    b = (
        "“Our lawyers have read every page of the ruling and are ready to refer the case to the "
        "constitutional court if necessary,” the company said in a statement."
    )
    assert _align(_with(PROSE_A, a), _with(PROSE_B, b)) == []


def test_passage_where_hardly_anything_aligns_is_judged_in_parts() -> None:
    # A copied sentence, then a long stretch of one article's own text, then a phrase both
    # share: taken whole, hardly any of it aligns; the copied sentence is the passage.
    from reuse.stages.align.passages import passage as _passage

    wire = (
        "The central bank raised its main interest rate by half a percentage point on Thursday, "
        "its fourth increase this year, saying inflation remained far above its target."
    )
    own = [
        "Shops in the old town reported a quiet weekend despite the warm weather and the festival.",
        "The museum will reopen its west wing in June after two years of repairs to the roof.",
        "Commuters faced delays on the northern line after a signal failure near the river crossing.",
        "A new cycle lane along the canal is expected to open before the start of the school year.",
        "Farmers in the valley said the late frost had damaged much of this season's fruit harvest.",
        "The city council approved plans for a larger library next to the central bus station.",
    ]
    tail = "The head coach of the national team resigned."
    settings = Settings()
    da = prepare(Article("a", " ".join([wire, *own, *own[::-1], *own, tail])), settings)
    db = prepare(Article("b", f"{wire} {tail}"), settings)
    (m,) = _passage(da, db, 0, len(da.stems), 0, len(db.stems), settings)
    assert da.text[m.a_start : m.a_end] == wire[:-1] and db.text[m.b_start : m.b_end] == wire[:-1]
    assert _passage(
        da, db, 0, len(da.stems), 0, len(db.stems), settings.replace(min_similarity=0.0)
    )[0].a_end > len(wire)


def test_a_short_quote_carried_word_for_word_with_few_ordinary_words() -> None:
    """An eleven-word quotation with three ordinary content words, carried word for word inside
    different prose, is a shared quote; the same mould about another matter is not."""
    quote = "What happened in Beirut on Friday evening was the right call"
    a = _with(PROSE_A, f"“{quote},” the minister told reporters.")
    b = _with(PROSE_B, f"Speaking in parliament, she insisted: “{quote}.”", at=2)
    (m,) = _align(a, b)
    assert m.quoted and a[m.a_start : m.a_end] == quote and b[m.b_start : m.b_end] == quote
    other = b.replace(quote, "What happened in Gaza on Monday morning was a grave mistake")
    assert not _align(a, other)


def test_a_quotation_copied_with_its_attribution_is_copied_text_not_a_quote() -> None:
    """The copy carries the speaker's introduction and the quotation: the passage takes in
    the attribution (beyond the unit it was aligned on) and is not `quoted`."""
    copied = (
        "Keiko Price, the head of the electoral commission, cautioned: “I met the mayor in "
        "Leipzig on Wednesday afternoon, and she agreed to challenge the overseas ballots.” "
        "“Frankly, the manifesto and its legal basis have been badly managed for far too long.”"
    )
    a = _with(PROSE_A, "Numbers from the development bank showed a rise. " + copied)
    b = _with(PROSE_B, "The sovereign rating has risen further in the third quarter. " + copied)
    (m,) = _align(a, b)
    assert not m.quoted
    assert a[m.a_start : m.a_end].startswith("Keiko Price, the head of the electoral commission")
    assert b[m.b_start : m.b_end].startswith("Keiko Price")


def test_a_copied_sentence_with_a_clause_of_its_own_added_is_reuse() -> None:
    """The copy adds an attribution naming another body after the copied sentence, and the
    sentences around it resemble the source's: the names that differ sit in the copy's own
    clause, so the copied sentence is not cut from the passage with them."""
    copied = (
        "The death toll at Marlowe Security dropped abruptly by 38.7 per cent in the first half "
        "of 1992"
    )
    a = (
        "Since overnight shelling in 2022, the number of displaced people has climbed by up to "
        "50 per cent, according to estimates by Marlowe Security. Asked if the port blockade was "
        "far from settled, Ms Acheampong told a parliamentary committee the United Nations would "
        f"release its findings later this month. {copied}. In January, the Sterling mediation "
        "office delayed the truce monitoring mission, an announcement that angered unionised "
        "military observers. The military spokesperson, Wei Cohen, maintained during a visit to "
        "Toronto that civilians were owed a decision."
    )
    b = (
        "The death toll at Marlowe Security could fall by an estimated 50 per cent from November "
        "to February, though the figures are provisional. The disputed demining operation in "
        "Chiang Mai was on hold, according to a draft report.\n"
        f"{copied}, A representative of the Bluewater mediation office said.\n"
        "The military spokesperson, Wei Cohen, who visited Zurich on Thursday, added the truce "
        "had been broken 48 times since November."
    )
    (m,) = _align(a, b)
    assert a[m.a_start : m.a_end] == copied
    # The clause with the other body's name stays out: what is left between other facts is not
    # extended back over them.
    assert b[m.b_start : m.b_end] == copied


@pytest.mark.parametrize(
    "whole, cut",
    [
        (
            "Under the proposals, home supporters would lose €339 million over ten years, "
            "authorities in Antwerp said.",
            "Under the proposals, home supporters would lose €339 million over ten years.",
        ),
        (  # the point of "3.4" does not end the sentence
            "Consumer prices rose again in March across the whole of the eurozone, a rise of "
            "3.4 per cent.",
            "Consumer prices rose again in March across the whole of the eurozone.",
        ),
        (
            "Selin Khalil, the public defender, who is representing 67,161 of the complainants, "
            "repeated the hearing in Atlanta had been rushed.",
            "The public defender, who is representing 67,161 of the complainants, repeated the "
            "hearing in Atlanta had been rushed.",
        ),
    ],
)
def test_a_sentence_copied_with_a_clause_cut_is_matched_whole_in_its_source(
    whole: str, cut: str
) -> None:
    """The copy cut a clause at the end (start) of the sentence: the source side is the whole
    sentence, the copy's side its sentence."""
    a, b = _with(PROSE_A, whole), _with(PROSE_B, cut)
    (m,) = _align(a, b)
    assert a[m.a_start : m.a_end] == whole.rstrip(".")
    assert b[m.b_start : m.b_end].lower() == cut.rstrip(".").lower()


def test_a_clause_longer_than_a_clause_is_not_taken_in() -> None:
    """Only a clause of a few words is put back: a sentence that goes on for a long stretch
    after the comma is not the copied sentence with a clause cut."""
    copied = "Under the proposals, home supporters would lose €339 million over ten years"
    tail = (
        ", and the league's own lawyers have warned for months that the clubs in the lower "
        "divisions would fold one after another before the new stadium could open."
    )
    a, b = _with(PROSE_A, copied + tail), _with(PROSE_B, copied + ".")
    (m,) = _align(a, b)
    assert a[m.a_start : m.a_end] == copied


def test_a_short_quotation_altered_in_its_subject_is_a_mould_not_reuse() -> None:
    """Ten words of quotation from one mould about two matters: not evidence of copying, as
    the same words carried word for word are."""
    a = _with(
        PROSE_A, "“Frankly, the broadcasting deal has been neglected for far too long,” he said."
    )
    b = _with(
        PROSE_B, "“Frankly, the Vanguard wage bill has been neglected for far too long,” she said."
    )
    assert _align(a, b) == []
    same = b.replace("the Vanguard wage bill", "the broadcasting deal")
    (m,) = _align(a, same)
    assert m.quoted


PORT = (
    "The harbour authority opened a new terminal for container ships on the eastern quay of the "
    "old port"
)


def test_a_clause_put_back_is_not_counted_as_copied_word_for_word() -> None:
    a = _with(PROSE_A, PORT + ", the port director told reporters at noon.")
    b = _with(PROSE_B, PORT + ".")
    (m,) = _align(a, b)
    assert a[m.a_start : m.a_end] == PORT + ", the port director told reporters at noon"
    assert m.a_literal_chars == len(PORT)  # the clause is the source's, not shared text


@pytest.mark.parametrize("title", ["Mr.", "Dr."])
def test_an_abbreviation_does_not_end_the_sentence_a_clause_is_put_back_to(title: str) -> None:
    a = _with(PROSE_A, PORT + f", said {title} Smith, the head of the harbour board.")
    b = _with(PROSE_B, PORT + ".")
    (m,) = _align(a, b)
    assert a[m.a_start : m.a_end] == PORT + f", said {title} Smith, the head of the harbour board"


def test_a_clause_shared_with_another_passage_is_not_put_back() -> None:
    """The words after the comma are copied from elsewhere in the other article: they are
    another passage's, not a clause the copy cut, and the two passages do not overlap."""
    moorings = "fishermen complained the works had cut off their moorings"
    owners = (
        "Local boat owners said their moorings had been unusable for months and that "
        "compensation promised by the port had never been paid."
    )
    a = f"{PORT}, while {moorings}. {owners} {PROSE_B[0]}"
    b = (
        f"{moorings.capitalize()}. {owners} Parents were told by letter that lessons would move "
        "online for a week. The union said talks had broken down over pay and hours. The "
        "education department declined to comment on the dispute. A march is planned for "
        f"Saturday in the city centre. {PORT}. The mayor welcomed the project."
    )
    found = sorted(_align(a, b), key=lambda m: m.a_start)
    assert len(found) == 2
    assert a[found[0].a_start : found[0].a_end] == PORT
    assert found[0].a_end <= found[1].a_start


@pytest.mark.parametrize("hint", [(1, 2), (0, 0)])
def test_a_pair_whose_only_seed_is_a_shared_word_run_passes_the_gate(hint) -> None:
    """The quotation's unit pair shares three informative words (four make a cosine seed) and
    an eleven-word run: the run alone seeds it. Given as the candidate stage's hint, or with a
    hint elsewhere, the pair is aligned as it is without hints: the gate finds the run."""
    settings = Settings()
    quote = "What happened in Beirut on Friday evening was the right call"
    a = _with(PROSE_A, f"“{quote},” the minister told reporters.")
    b = _with(PROSE_B, f"Speaking in parliament, she insisted: “{quote}.”", at=2)
    da, db = prepare(Article("a", a), settings), prepare(Article("b", b), settings)
    idf = Idf.of([da, db])
    va, vb = idf.unit_vectors(da), idf.unit_vectors(db)
    assert va.informative[1] & vb.informative[2]
    assert len(va.informative[1] & vb.informative[2]) < settings.min_shared_words
    plain = align_pair(da, va, db, vb, settings)
    assert [a[m.a_start : m.a_end] for m in plain] == [quote]
    assert align_pair(da, va, db, vb, settings, hints=[hint]) == plain

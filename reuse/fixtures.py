"""Corpora with known overlaps: news-like articles with planted reuse and an exact truth file.

`generate(n_articles, seed)` builds articles from a grammar of news sentences (people with titles,
places, organisations, numbers, dates, verbs of saying, eight topics) and plants reuse of several
kinds in them. The truth says, with exact character offsets, where every planted passage sits in
each article that carries it, and which article took what from which. Everything is drawn from
one `random.Random(seed)`: the same seed and config give byte-identical files.

Kinds of reuse (the `kind` of a truth match or derivation):
    verbatim       a passage copied unchanged (also whole-article reprints, wire syndication).
    near-verbatim  a copy lightly edited: trimmed, a clause inserted, numbers changed, house style
                   (quotes, dashes, US/UK spelling, honorifics), two sentences swapped.
    spun           a copy run through a spinner: synonym swaps, typos, word order, dropped
                   articles and odd prepositions as machine translation leaves them.
    quote          the same quotation (or a trimmed or altered variant of it) carried by several
                   articles in their own prose.

How it is planted (`plan` in the truth): `passage` (one passage into another article's prose),
`reprint` (whole article with a new first and last paragraph), `chain` (A to B to C, where C
copies from B what B took from A), `fan-out` (one wire story to several outlets; the wire story
itself is left out of the corpus for a share, and the outlets are then `common-source`), `quote`.

Default rates (events per article of the corpus; see `FixtureConfig`): passage copies 0.04
verbatim, 0.04 near-verbatim, 0.04 spun; reprints 0.02; quotes 0.03 (2-4 carriers each, a
trimmed or altered variant for 30% of carriers); chains 0.01; fan-outs 0.01 (3-6 outlets each,
wire story missing for half); hard-negative groups 0.03 (2-3 articles on one story sharing names
and numbers but no text). Copied passages: one sentence 35%, 2-3 sentences 30%, 4-8 25%, 9-20
10% (at most 80% of the source); 15% of passage copies go into an article already written, so
some articles carry several plantings. Articles have about 650 words (about 4 KB) in paragraphs of
one to three sentences; a fifth are undated, a tenth carry a date only, and a copy follows its
source by 5 minutes to 3 days (log-uniform), often on the same day.

The truth (`Fixture.truth`, written as truth.json) has the shape of the JSON report:
    matches      a, a_start, a_end, b, b_start, b_end (a < b; `text[start:end]` is the shared
                 passage in each article), kind, plan, quoted, words (of the shorter side).
                 Text shared only through a third article (a chain's ends, two outlets of one
                 wire story) is matched too.
    derivations  source, target, relation (`copied`, or `common-source` in id order), kind, plan;
                 one per related pair, none for pairs related only through a third article.
    negatives    {a, b}: same-story pairs that share no text.
    articles     id, outlet, published (as in the corpus, or null); counts; generator settings.

No sentence is written twice by accident (a Bloom filter of all sentences); unrelated articles
share idioms ("did not respond to a request for comment") as news does, but runs of 20 words
essentially never. Each article names its own issues and local bodies ("the Kestrel wind farm",
"the Leeds hospital trust") from combinatorial parts, so that articles on one topic do not all
share the same phrases.
"""

from __future__ import annotations

import gc
import json
import math
import re
import zlib
from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta, timezone
from functools import lru_cache
from pathlib import Path
from random import Random
from typing import Any, Callable, Iterable, Optional, Union

__all__ = ["FixtureConfig", "Fixture", "generate", "write", "KINDS", "PLANS"]

KINDS = ("verbatim", "near-verbatim", "spun", "quote")
PLANS = ("passage", "reprint", "chain", "fan-out", "quote")
# Severity order: a pair's kind is the most altered of the edits between its two copies.
_SEVERITY = {"verbatim": 0, "near-verbatim": 1, "spun": 2, "quote": 3}


# ---------------------------------------------------------------------------------------------
# Configuration and result
# ---------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class FixtureConfig:
    """Rates and sizes of everything `generate` plants.

    Rates are expected events per article of the corpus (0.04 with 2,000 articles: 80 events).
    When a small corpus cannot hold every event, all event counts are scaled down together.

    Attributes:
        article_words: mean words of an article's own prose (each article draws within +-10%).
        verbatim_rate / near_verbatim_rate / spun_rate: passage copies of each kind.
        reprint_rate: whole-article reprints with a new first and last paragraph (verbatim).
        quote_rate: shared quotations; each is carried by `quote_carriers` articles, and a
            carrier uses a trimmed or altered variant with probability `quote_mutation_rate`.
        quote_sentences: sentences in a shared quotation.
        chain_rate: chains A to B to C (two derivations, A-B and B-C).
        fanout_rate: wire stories carried by `fanout_outlets` outlets; the wire story is left
            out of the corpus with probability `fanout_source_missing`.
        negative_rate: groups of `negative_group` articles on one story with no shared text.
        passage_sentences: (low, high, weight) rows: sentences in a copied passage, from one
            sentence to `max_passage_share` of the source article.
        near_verbatim_edits: how many distinct edits a near-verbatim copy receives.
        spin_synonym_share / spin_typo_share / spin_order_share / spin_noise_share: share of
            eligible words swapped for a synonym, given a typo, of sentences reordered, and of
            articles and prepositions dropped or changed.
        multi_planting_rate: share of passage targets taken from articles already in the corpus,
            so one article receives several plantings.
        same_story_share: share of passage targets written on the source's story.
        undated_share / date_only_share: articles with no `published`, or with a date only.
        delay_minutes: (low, high) of the log-uniform delay between a source and its copy.
    """

    article_words: int = 650
    verbatim_rate: float = 0.04
    near_verbatim_rate: float = 0.04
    spun_rate: float = 0.04
    reprint_rate: float = 0.02
    quote_rate: float = 0.03
    quote_carriers: tuple[int, int] = (2, 4)
    quote_sentences: tuple[int, int] = (1, 3)
    quote_mutation_rate: float = 0.3
    chain_rate: float = 0.01
    fanout_rate: float = 0.01
    fanout_outlets: tuple[int, int] = (3, 6)
    fanout_source_missing: float = 0.5
    negative_rate: float = 0.03
    negative_group: tuple[int, int] = (2, 3)
    passage_sentences: tuple[tuple[int, int, float], ...] = (
        (1, 1, 0.35), (2, 3, 0.30), (4, 8, 0.25), (9, 20, 0.10))
    max_passage_share: float = 0.8
    near_verbatim_edits: tuple[int, int] = (2, 3)
    spin_synonym_share: float = 0.5
    spin_typo_share: float = 0.03
    spin_order_share: float = 0.3
    spin_noise_share: float = 0.25
    multi_planting_rate: float = 0.15
    same_story_share: float = 0.7
    undated_share: float = 0.2
    date_only_share: float = 0.1
    delay_minutes: tuple[float, float] = (5.0, 4320.0)

    def __post_init__(self) -> None:
        if self.article_words < 50:
            raise ValueError(f"article_words must be at least 50, got {self.article_words}")
        for name in ("verbatim_rate", "near_verbatim_rate", "spun_rate", "reprint_rate",
                     "quote_rate", "chain_rate", "fanout_rate", "negative_rate"):
            if getattr(self, name) < 0:
                raise ValueError(f"{name} must not be negative, got {getattr(self, name)}")
        for name in ("quote_mutation_rate", "fanout_source_missing", "max_passage_share",
                     "spin_synonym_share", "spin_typo_share", "spin_order_share",
                     "spin_noise_share", "multi_planting_rate", "same_story_share",
                     "undated_share", "date_only_share"):
            if not 0.0 <= getattr(self, name) <= 1.0:
                raise ValueError(f"{name} must be in [0.0, 1.0], got {getattr(self, name)}")
        if self.undated_share + self.date_only_share > 1.0:
            raise ValueError("undated_share + date_only_share must not exceed 1.0")
        for name in ("quote_carriers", "quote_sentences", "fanout_outlets", "negative_group",
                     "near_verbatim_edits", "delay_minutes"):
            low, high = getattr(self, name)
            if not 0 < low <= high:
                raise ValueError(f"{name} must be (low, high) with 0 < low <= high, got {(low, high)}")
        if self.quote_carriers[0] < 2 or self.negative_group[0] < 2 or self.fanout_outlets[0] < 2:
            raise ValueError("quote_carriers, negative_group and fanout_outlets need at least 2")
        if not self.passage_sentences or any(
                not 1 <= lo <= hi or w < 0 for lo, hi, w in self.passage_sentences):
            raise ValueError("passage_sentences rows must be (low, high, weight), 1 <= low <= high")

    def to_dict(self) -> dict[str, Any]:
        """The config as plain JSON-ready values (tuples as lists)."""
        return json.loads(json.dumps(asdict(self)))


@dataclass(frozen=True)
class Fixture:
    """A generated corpus: `articles` in the CONTRACT article shape, and its `truth`."""

    articles: list[dict[str, Any]]
    truth: dict[str, Any]
    seed: int = 0
    config: FixtureConfig = field(default_factory=FixtureConfig)

    @property
    def texts(self) -> dict[str, str]:
        """Article id to text."""
        return {a["id"]: a["text"] for a in self.articles}


# ---------------------------------------------------------------------------------------------
# Vocabulary
# ---------------------------------------------------------------------------------------------

def _words(s: str) -> list[str]:
    return s.split()


def _lines(s: str) -> list[str]:
    return [x.strip() for x in s.strip().split("|") if x.strip()]


_FEMALE = _words("""Maria Ana Sofia Elena Fatima Leila Amina Priya Ananya Mei Yuki Aiko Seo-yeon
Olga Natalia Katarzyna Agnieszka Anna Lena Clara Camille Amélie Giulia Chiara Francesca Ingrid
Astrid Sarah Emily Rachel Laura Rebecca Helen Claire Joanna Grace Ama Ngozi Aisha Zanele Lerato
Nadia Rania Selin Aylin Dana Noa Yael Khadija Valentina Camila Lucía Isabel Beatriz Niamh Aoife
Siobhan Fiona Bethan Malia Aroha Aino Marta Ewa Hanna Greta Ilse Mirela Dalia Farah Samira Ayesha
Keiko Hana Thi Linh Ruth Miriam Esther Nomvula Adaeze Wanjiru Catalina Paola Renata Teresa Inés""")
_MALE = _words("""José Luis Carlos Ahmed Omar Yusuf Hassan Arjun Rahul Vikram Wei Jun Hiroshi Kenji
Min-jun Dmitri Ivan Pavel Tomasz Piotr Lukas Jonas Felix Pierre Julien Sébastien Marco Luca Lars
Erik Nils Sven John Michael David James Daniel Thomas Peter Mark Andrew Samuel Kwame Chinedu Tunde
Kofi Thabo Mohammed Karim Tariq Emre Mehmet Avi Ibrahim Diego Mateo Santiago Rafael Gabriel
Joaquim Sean Ciaran Hamish Rhys Owen Keoni Tane Mika Eero Björn Kari Anders Stefan Matthias
Andrzej Bogdan Viktor Nikolai Goran Dragan Ali Reza Farid Bilal Sanjay Anil Haruto Takeshi Duc
Minh Ethan Connor Patrick Hugo Bruno Tiago Emeka Babajide Sipho Kiprono Rashid Nasser Ilan""")
_SURNAMES = _words("""Keller Okafor Haddad Novak Moreau Rossi Lindqvist Tanaka Kim Chen Singh Patel
Sharma García Fernández López Silva Santos Oliveira Kowalski Nowak Wiśniewska Müller Schmidt Weber
Fischer Becker Hoffmann Dubois Lefèvre Laurent Bernard Bianchi Romano Conti Esposito Johansson
Andersson Nilsson Hansen Larsen Jensen O'Brien O'Neill Murphy Kelly Byrne Walsh MacLeod Campbell
Stewart Davies Evans Hughes Morgan Price Clarke Turner Baker Carter Mitchell Reed Brooks Hayes
Foster Grant Mensah Owusu Boateng Adeyemi Nwosu Abubakar Dlamini Nkosi Mokoena Naidoo Khumalo
Mwangi Otieno Kamau Njoroge Haile Tesfaye Bekele Yilmaz Demir Kaya Şahin Çelik Aziz Rahman
Hossain Karimi Hosseini Rahimi Nasser Khalil Mansour Saleh Farouk Cohen Levi Mizrahi Friedman
Petrov Ivanova Sokolov Volkov Popescu Ionescu Horvath Nagy Kovacs Dvořák Svoboda Papadopoulos
Georgiou Nikolaidis Costa Pereira Ramos Herrera Morales Castillo Vargas Rojas Mendoza Navarro
Suzuki Watanabe Sato Nakamura Park Lee Choi Nguyen Tran Pham Wong Lim Tan Huang Zhang Liu Wang
Yamamoto Kapoor Mehta Reddy Iyer Banerjee Gupta Khan Qureshi Malik Chaudhry Fitzgerald Holloway
Whitaker Ashworth Pemberton Thornton Calloway Okonkwo Eze Balogun Lindgren Berg Virtanen
Korhonen Mäkinen Halvorsen Strand Vidal Marchetti Greco Albrecht Brandt Vogel Kruger Lange
Sandoval Cortés Guerrero Delgado Ortega Quintero Acheampong Asante Danjuma Ogundipe Farah Warsame""")

# (city, country) pairs, so a place reads right.
_PLACES = [tuple(x.split(":")) for x in _lines("""Lisbon:Portugal|Porto:Portugal|Madrid:Spain|
Seville:Spain|Valencia:Spain|Lyon:France|Marseille:France|Toulouse:France|Milan:Italy|Turin:Italy|
Naples:Italy|Munich:Germany|Hamburg:Germany|Leipzig:Germany|Cologne:Germany|Vienna:Austria|
Graz:Austria|Zurich:Switzerland|Geneva:Switzerland|Rotterdam:the Netherlands|Utrecht:the Netherlands|
Antwerp:Belgium|Ghent:Belgium|Copenhagen:Denmark|Aarhus:Denmark|Oslo:Norway|Bergen:Norway|
Gothenburg:Sweden|Malmö:Sweden|Helsinki:Finland|Tampere:Finland|Tallinn:Estonia|Riga:Latvia|
Vilnius:Lithuania|Gdańsk:Poland|Kraków:Poland|Wrocław:Poland|Brno:the Czech Republic|
Prague:the Czech Republic|Bratislava:Slovakia|Debrecen:Hungary|Budapest:Hungary|Cluj:Romania|
Bucharest:Romania|Varna:Bulgaria|Thessaloniki:Greece|Athens:Greece|Izmir:Turkey|Ankara:Turkey|
Manchester:Britain|Leeds:Britain|Glasgow:Britain|Cardiff:Britain|Belfast:Britain|Cork:Ireland|
Galway:Ireland|Toronto:Canada|Calgary:Canada|Winnipeg:Canada|Denver:the United States|
Phoenix:the United States|Atlanta:the United States|Detroit:the United States|
Sacramento:the United States|Houston:the United States|Monterrey:Mexico|Guadalajara:Mexico|
Medellín:Colombia|Cali:Colombia|Quito:Ecuador|Lima:Peru|Arequipa:Peru|Córdoba:Argentina|
Rosario:Argentina|Valparaíso:Chile|Curitiba:Brazil|Recife:Brazil|Porto Alegre:Brazil|
Montevideo:Uruguay|Lagos:Nigeria|Kano:Nigeria|Ibadan:Nigeria|Accra:Ghana|Kumasi:Ghana|
Nairobi:Kenya|Mombasa:Kenya|Kisumu:Kenya|Durban:South Africa|Cape Town:South Africa|
Pretoria:South Africa|Addis Ababa:Ethiopia|Dakar:Senegal|Casablanca:Morocco|Tunis:Tunisia|
Alexandria:Egypt|Amman:Jordan|Beirut:Lebanon|Haifa:Israel|Basra:Iraq|Erbil:Iraq|
Karachi:Pakistan|Lahore:Pakistan|Pune:India|Chennai:India|Kolkata:India|Jaipur:India|
Chittagong:Bangladesh|Colombo:Sri Lanka|Kathmandu:Nepal|Almaty:Kazakhstan|Tashkent:Uzbekistan|
Chengdu:China|Wuhan:China|Guangzhou:China|Busan:South Korea|Incheon:South Korea|Osaka:Japan|
Sapporo:Japan|Fukuoka:Japan|Kaohsiung:Taiwan|Cebu:the Philippines|Davao:the Philippines|
Surabaya:Indonesia|Medan:Indonesia|Penang:Malaysia|Da Nang:Vietnam|Chiang Mai:Thailand|
Perth:Australia|Adelaide:Australia|Brisbane:Australia|Auckland:New Zealand|Wellington:New Zealand""")]

_ORG_PREFIX = _words("""Northgate Meridian Halvard Castlebrook Silverline Bluewater Eastbridge Redwood
Stonehaven Ironbridge Westfield Brightmoor Crescent Harbourview Oakridge Clearwater Summit
Pinecrest Falcon Atlas Orion Vanguard Sterling Granite Lakeside Highland Coastal Riverside
Kestrel Larkspur Beacon Cardinal Hollins Marlowe Ashcombe Tidewater Everstone Blackfield""")

# Outlets: (name, spelling, quotes, dash, utc offset in minutes). Wire agencies come first.
_WIRES = [("Global Wire Service", "us", "straight", "em", 0),
          ("Continental Press Agency", "uk", "straight", "spaced", 60),
          ("Meridian News Agency", "uk", "curly", "spaced", 0),
          ("Atlantic Press Association", "us", "straight", "em", -300)]
_OUTLETS = _WIRES + [
    ("The Daily Ledger", "uk", "curly", "spaced", 0), ("Northern Courier", "uk", "curly", "en", 0),
    ("The Evening Standard-Post", "us", "curly", "em", -300),
    ("Harbour City Herald", "uk", "straight", "hyphen", 600),
    ("The Morning Chronicle", "us", "straight", "em", -360), ("Capital Observer", "us", "curly", "em", -300),
    ("The Continental", "uk", "curly", "en", 60), ("Riverside Gazette", "us", "straight", "hyphen", -480),
    ("The Weekly Tribune", "uk", "straight", "en", 0), ("Metro Dispatch", "us", "curly", "em", -420),
    ("The Independent Voice", "uk", "curly", "spaced", 60), ("Coastal Times", "us", "straight", "em", -300),
    ("The National Record", "uk", "straight", "spaced", 120), ("Lakeshore Journal", "us", "curly", "em", -360),
    ("The Globe Review", "uk", "curly", "en", 0), ("Sunrise Daily", "uk", "straight", "hyphen", 330),
    ("The Pacific Examiner", "us", "straight", "em", -480), ("Highland Mercury", "uk", "curly", "en", 0),
    ("The Open Newsroom", "us", "straight", "hyphen", -300), ("Eastern Star", "uk", "straight", "spaced", 480),
    ("The Civic Bulletin", "us", "curly", "em", -360), ("Southern Cross Report", "uk", "curly", "en", 600),
    ("The Free Press Online", "us", "straight", "em", -300), ("Valley News Network", "us", "straight", "hyphen", -420),
    ("The Citizen Daily", "uk", "straight", "en", 120), ("Bay Area Sentinel", "us", "curly", "em", -480),
    ("World Affairs Today", "uk", "curly", "spaced", 0), ("The Market Wire", "us", "straight", "em", -300),
    ("Continental Business Daily", "uk", "straight", "en", 60), ("The People's Paper", "uk", "straight", "hyphen", 0),
    ("Newsline Twenty-Four", "us", "curly", "em", -300), ("The Frontier Post", "uk", "curly", "en", 300),
]

_DAYS = _words("Monday Tuesday Wednesday Thursday Friday Saturday Sunday")
_MONTHS = _words("January February March April May June July August September October November December")
_SMALL = _words("two three four five six seven eight nine ten eleven twelve")
_ORDINAL = _words("second third fourth fifth sixth seventh eighth ninth tenth")

# Per-topic vocabularies. ROLE: titles of the people a story is about; INST: institutions;
# ISSUE: what the story is about; GROUP: who is affected; MEASURE: what is counted;
# ACTION: verb phrases (base form); EVENT: things that happened; CONSEQ: what could follow;
# UNIT: what a count counts; SUFFIX: company name endings; TT: topic sentence templates;
# HEAD: headline templates.
_TOPICS: dict[str, dict[str, list[str]]] = {
    "elections": {
        "ROLE_OLD": _lines("""interior minister|leader of the opposition|head of the electoral commission|
            campaign manager for the ruling party|party chair|senior senator|chief pollster at {ORG}|
            speaker of parliament|deputy prime minister|regional governor|mayor of {CITY}"""),
        "INST": _lines("""the electoral commission|the constitutional council|the Social Democratic Party|
            the National Alliance|the Green Party|the Liberal Union|the People's Front|
            the election monitoring mission|the upper house|the ruling coalition|the Centre Party"""),
        "ISSUE_T": _lines("""the electoral reform|the postal vote|the runoff|campaign financing|voter registration|
            the coalition talks|the ballot count|the redrawing of constituency boundaries|
            the disputed result in the northern districts|the candidate list|the televised debates|
            the early voting programme|the recount|the party's manifesto|the referendum on the constitution|
            turnout among young voters|the budget vote"""),
        "GROUP_N": _lines("""voters|party members|election observers|opposition lawmakers|campaign volunteers|
            polling station staff|undecided voters|first-time voters|rural voters|regional leaders|
            backbench lawmakers|constitutional lawyers"""),
        "MEASURE": _lines("""turnout|support for the ruling party|the governing coalition's lead|
            the opposition's share of the vote|the number of registered voters|the president's approval rating|
            the share of postal ballots|the number of spoiled ballots"""),
        "ACT_T": _lines("""delay the vote|recount the ballots in {CITY}|form a coalition {TIMEFRAME}|
            challenge the result in court|publish the full results|extend voting hours|
            call a snap election|scrap the second round|tighten the rules on campaign donations|
            open an inquiry into the count|bring forward the budget vote|name a caretaker cabinet|
            reform the postal vote|hold talks with the smaller parties|boycott the runoff|
            accept the preliminary result|ban {GROUP} from {USING} state media"""),
        "EVENT_T": _lines("""the first round of voting|a televised debate|the collapse of the coalition|
            the count in {CITY}|a raid on the party's offices|the resignation of the election chief|
            a court ruling on the postal ballots|a rally in {CITY} that drew {COUNTX} people|
            the publication of the preliminary results|last year's local elections"""),
        "CONSEQ_T": _lines("""delay the formation of a new government|trigger a constitutional crisis|
            push turnout below {PCTX}|hand the opposition a majority in the upper house|
            force a second round|undermine confidence in the count|cost the party its majority|
            leave the country without a budget"""),
        "UNIT": _lines("votes|seats|ballots|polling stations|registered voters|constituencies"),
        "SUFFIX": _lines("Polling|Research|Analytics|Institute"),
        "TT": _lines("""{PRELIM} showed {INST} {WINNING} {PCTX} of the vote, ahead of {INST} on {PCT}, with
            {COUNTX} {UNIT} {STILL_TO_COUNT}.|
            Turnout {STOOD} {PCTX} by {TIME_OF_DAY}, {ABOVE_BELOW} the {FIGURE} {PERIOD}, {SOURCE_SAID}.|
            {PINTRO} who has led {INST} since {YEAR}, {SAY} the party would {ACTION} if {CLAIM}.|
            {OBSERVERS} from {ORG} {REPORTED} {COUNTX} {COMPLAINTS}, {MOSTLY} from {UNIT} {NEAR} {CITY}."""),
        "HEAD": _lines("""{PSURNAME} {HEADVERB} {ISSUE} as {INST} {HEADPRES}|
            {INST_C} {HEADPRES} ahead of {EVENT}|Turnout {CHANGE_PRES} to {PCTX} as {GROUP} {HEADVERB} {ISSUE}|
            {PSURNAME} says {INST} will {ACTION}"""),
    },
    "energy": {
        "ROLE_OLD": _lines("""energy minister|chief executive of {ORG}|oil analyst at {ORG}|spokesperson for the grid operator|
            head of the national regulator|climate minister|chief operating officer of {ORG}|
            director of the power plant|president of the petroleum workers' union"""),
        "INST": _lines("""the grid operator|the energy regulator|the ministry of energy|the state oil company|
            the national power utility|the international energy watchdog|the pipeline operator|
            the association of electricity producers|the offshore wind consortium"""),
        "ISSUE_T": _lines("""the price cap on household bills|the new pipeline|the offshore wind programme|
            gas storage levels|the nuclear plant's licence extension|winter blackouts|fuel subsidies|
            the closure of the coal mines|the windfall tax on energy companies|the grid connection backlog|
            the export ban on diesel|the refinery outage|the solar subsidy scheme|electricity tariffs|
            the hydrogen strategy|the liquefied gas terminal"""),
        "GROUP_N": _lines("""households|energy companies|industrial users|refinery workers|consumer groups|
            environmental campaigners|small businesses|grid engineers|pensioners on fixed incomes|
            coal miners|fuel retailers|heavy industry"""),
        "MEASURE": _lines("""wholesale gas prices|household electricity bills|crude output|diesel prices|
            gas storage levels|the share of power from renewables|fuel imports|demand for electricity|
            the price of a barrel of crude"""),
        "ACT_T": _lines("""cap household bills for another year|restart the shuttered reactor|
            raise fuel subsidies|delay the closure of the coal plant|approve the new pipeline|
            cut output by {COUNTX} barrels a day|fast-track permits for wind farms|
            impose a windfall tax on producers|release oil from strategic reserves|
            ration gas to industry over the winter|build a second terminal near {CITY}|
            extend the licence of the nuclear plant|sell its stake in the refinery|
            scrap the solar feed-in tariff|renegotiate the supply contract with {COUNTRYX}"""),
        "EVENT_T": _lines("""the explosion at the refinery near {CITY}|a fire at the substation|the pipeline leak|
            last winter's blackouts|the collapse of the supply talks|a cold snap across the north|
            the shutdown of the reactor for repairs|an outage that left {COUNTX} homes without power|
            the auction of offshore wind licences"""),
        "CONSEQ_T": _lines("""add {MONEYX} to household bills|force factories to cut shifts|trigger rolling blackouts|
            push inflation above {PCTX}|leave storage sites half empty by {MONTH}|
            delay the switch to renewables by a decade|cost the state {MONEYX} a year|
            drive up diesel prices at the pump"""),
        "UNIT": _lines("homes|barrels a day|megawatts|households|jobs|turbines"),
        "SUFFIX": _lines("Energy|Power|Petroleum|Gas|Renewables|Utilities|Grid"),
        "TT": _lines("""{BENCHMARK} {CHANGE} {PCT} to {MONEY_SMALL} {PER_UNIT} on {DAY}, {THEIR_LEVEL}, as
            {TRADERS} weighed {ISSUE}.|
            The {PLANT} near {CITY}, which {SUPPLIES} about {PCTX} of {WHOSE} electricity, has been {OFFLINE}
            since {EVENT}.|
            Storage sites were {PCTX} full on {DAY}, compared with {PCT} {YEAR_AGO}, {SOURCE_SAID}.|
            {ORG_C} {SAID_IT_WOULD} invest {MONEYX} in {ISSUE} over the next {SMALL} years, {CREATING} {ABOUT}
            {COUNT} jobs."""),
        "HEAD": _lines("""{INST_C} {HEADPRES} as {MEASURE} {CHANGE_PRES}|{PSURNAME} {HEADVERB} {ISSUE}|
            {MEASURE_C} {CHANGE_PRES} after {EVENT}|{ORG_C} to {ACTION}"""),
    },
    "courts": {
        "ROLE_OLD": _lines("""chief prosecutor|defence lawyer|attorney general|presiding judge|justice minister|
            court spokesperson|lawyer representing the families|head of the bar association|
            former supreme court judge|public defender"""),
        "INST": _lines("""the supreme court|the high court|the court of appeal|the prosecutor's office|
            the ministry of justice|the constitutional court|the anti-corruption agency|
            the judicial council|the bar association|the district court in {CITY}"""),
        "ISSUE_T": _lines("""the corruption case|the extradition request|the appeal|the fraud trial|
            the ruling on the surveillance law|the plea deal|the judicial reform|the contempt charges|
            the bail conditions|the inquiry into the police shooting|the data protection case|
            the sentencing of the former mayor|the asylum ruling|the defamation suit|
            the class action against {ORG}|the retrial"""),
        "GROUP_N": _lines("""victims' families|defence lawyers|prosecutors|civil liberties groups|jurors|
            defendants|human rights campaigners|court staff|plaintiffs|legal experts|
            defendants' relatives|witnesses"""),
        "MEASURE": _lines("""the backlog of cases|the number of appeals|the number of pending trials|
            the average time to trial|the number of people held on remand|the cost of legal aid"""),
        "ACT_T": _lines("""overturn the conviction|postpone the hearing until {MONTH}|appeal the ruling|
            drop the charges against {COUNTX} defendants|hear the case in public|
            release the former minister on bail|extradite the businessman to {COUNTRYX}|
            reopen the investigation|strike down the surveillance law|order a retrial|
            seize assets worth {MONEYX}|summon the chief executive of {ORG}|
            reduce the sentence to {SMALL} years|rule on the case {TIMEFRAME}|
            refer the case to the constitutional court"""),
        "EVENT_T": _lines("""the verdict|a closed hearing|the arrest of the former mayor|the raid on the ministry|
            the leak of the indictment|a ruling by the appeals court|the collapse of the first trial|
            testimony from a key witness|the police shooting in {CITY}"""),
        "CONSEQ_T": _lines("""set a precedent for hundreds of similar cases|delay the trial by months|
            cost taxpayers {MONEYX}|force the government to rewrite the law|
            lead to the release of {COUNTX} prisoners|undermine trust in the courts|
            open the way for compensation claims"""),
        "UNIT": _lines("cases|defendants|appeals|prisoners|witnesses|complaints"),
        "SUFFIX": _lines("Legal|Partners|Chambers|Advisory"),
        "TT": _lines("""The court sentenced the {DEFENDANT} to {SMALL} years in prison and {ORDERED} {COURT_EXTRA},
            a ruling {WHO_APPEAL}.|
            {PINTRO} who is representing {COUNTX} of the {CLAIMANTS}, {SAY} the hearing in {CITY} had been
            {ADJ_HEARING}.|
            The {DEFENDANT}, who {DENIES}, is accused of {CRIME} between {YEAR} and {YEAR}.|
            A panel of {SMALL} judges {DUE} {DELIVER} on {ISSUE} {TIMEFRAME}."""),
        "HEAD": _lines("""{INST_C} {HEADPRES} in {ISSUE}|{PSURNAME} {HEADVERB} {ISSUE}|
            Judge orders {ISSUE_SHORT} review after {EVENT}|{GROUP_C} {HEADPRES} over {ISSUE}"""),
    },
    "health": {
        "ROLE_OLD": _lines("""health minister|chief medical officer|epidemiologist at {ORG}|director of {CITY} General Hospital|
            head of the nurses' union|public health director|chief executive of {ORG}|
            professor of infectious diseases|spokesperson for the health ministry"""),
        "INST": _lines("""the health ministry|the World Health Organization|the national health service|
            the medicines regulator|the public health agency|the nurses' union|
            the association of family doctors|the hospital trust in {CITY}|the vaccine advisory committee"""),
        "ISSUE_T": _lines("""the measles outbreak|waiting lists for surgery|the vaccine rollout|
            the shortage of nurses|the new cancer drug|hospital funding|the flu season|
            the closure of the maternity ward|the ban on flavoured vaping products|
            mental health services for teenagers|the cholera outbreak|antibiotic resistance|
            the price of insulin|emergency department delays|the paediatric ward in {CITY}"""),
        "GROUP_N": _lines("""patients|nurses|family doctors|hospital managers|parents|care home residents|
            junior doctors|pharmacists|health workers|people over {SMALL_AGE}|pregnant women|paramedics"""),
        "MEASURE": _lines("""the number of confirmed cases|waiting times in emergency departments|
            vaccination rates|the number of hospital admissions|the infection rate|
            the number of patients waiting for surgery|drug prices"""),
        "ACT_T": _lines("""extend the vaccination campaign to children|hire {COUNTX} more nurses|
            reopen the maternity ward|cap the price of insulin|declare a public health emergency|
            fund {COUNTX} extra hospital beds|ban the sale of the drug|publish the trial data|
            close schools in {CITY} for a week|speed up approval of the treatment|
            recruit doctors from abroad|raise {PAY_OF} by {PCTX}|
            set up field hospitals near {CITY}|review the safety of the vaccine"""),
        "EVENT_T": _lines("""the first confirmed death|a spike in admissions|a strike by junior doctors|
            the recall of the drug|an outbreak at a care home in {CITY}|
            the publication of the trial results|a cyber attack on the hospital network|
            the closure of the emergency department"""),
        "CONSEQ_T": _lines("""leave {COUNTX} patients waiting more than a year|overwhelm hospitals in {CITY}|
            cost the health service {MONEYX}|push vaccination rates below {PCTX}|
            force the cancellation of routine operations|put lives at risk"""),
        "UNIT": _lines("patients|cases|beds|doses|nurses|admissions"),
        "SUFFIX": _lines("Pharmaceuticals|Health|Biotech|Medical|Therapeutics"),
        "TT": _lines("""{HEALTH_WHO} {RECORDED} {COUNTX} new {CASES} {PERIOD}, {UPFROM} {COUNT}, with {MOSTLY} in
            {CITY}.|
            {PINTRO} who has worked in {WARD} for {SMALL} years, {SAY} staff were {ADJ_STATE} about {ISSUE}.|
            The trial, which {INVOLVED} {COUNTX} patients {ACROSS} {SMALL} countries, found the treatment
            {CUT_RISK} by {PCTX}.|
            {ABOUT} {PCTX} of {GROUP} had received {DOSE} by the end of {MONTH}, {SHORT_OF} the target of {PCT}."""),
        "HEAD": _lines("""{ISSUE_SHORT_C} {HEADPRES} as {GROUP} {HEADVERB} {ISSUE}|{PSURNAME} {HEADVERB} {ISSUE}|
            {INST_C} to {ACTION}|{MEASURE_C} {CHANGE_PRES} after {EVENT}"""),
    },
    "markets": {
        "ROLE_OLD": _lines("""finance minister|central bank governor|chief economist at {ORG}|market strategist at {ORG}|
            fund manager at {ORG}|chief executive of {ORG}|head of the stock exchange|
            chief financial officer of {ORG}|deputy governor of the central bank"""),
        "INST": _lines("""the central bank|the finance ministry|the stock exchange|the statistics office|
            the International Monetary Fund|the markets regulator|the bond market|
            the chamber of commerce|the budget office|the employers' federation"""),
        "ISSUE_T": _lines("""the interest rate decision|the budget deficit|inflation|the bond sell-off|the merger|
            the currency's slide|the bank bailout|the takeover bid for {ORG}|the trade deficit|
            the housing market|the pension reform|the bank's quarterly results|
            the spending cuts|the sovereign credit rating|the tariffs on steel imports|
            the privatisation of the national airline"""),
        "GROUP_N": _lines("""investors|bondholders|shareholders|savers|mortgage holders|exporters|traders|
            small businesses|homeowners|pension funds|retail investors|economists"""),
        "MEASURE": _lines("""inflation|the benchmark index|the currency|ten-year bond yields|unemployment|
            house prices|retail sales|industrial output|economic growth|the trade deficit|
            consumer confidence|borrowing costs"""),
        "ACT_T": _lines("""raise interest rates by a quarter of a point|cut its growth forecast|
            sell its stake in {ORG}|buy back shares worth {MONEYX}|delay the bond issue|
            intervene to support the currency|cut {COUNTX} jobs|raise the minimum wage by {PCTX}|
            freeze public sector pay|list its shares in {CITY}|walk away from the merger|
            issue a profit warning|restructure its debt|lower the deposit rate to {PCT}|
            approve the takeover of {ORG}"""),
        "EVENT_T": _lines("""the rate decision|the collapse of {ORG}|a surprise profit warning|the budget statement|
            the downgrade by ratings agencies|last week's sell-off|the release of inflation data|
            the failed bond auction|the announcement of the merger"""),
        "CONSEQ_T": _lines("""push mortgage costs up by {MONEY_SMALL} a month|wipe {MONEYX} off the value of the index|
            tip the economy into recession|drive inflation back above {PCTX}|force the bank to raise capital|
            add {MONEYX} to the national debt|put {COUNTX} jobs at risk"""),
        "UNIT": _lines("jobs|shares|points|contracts|homes|bonds"),
        "SUFFIX": _lines("Capital|Holdings|Bank|Securities|Investments|Group|Financial"),
        "TT": _lines("""Shares in {ORG} {CHANGE} {PCTX} in {CITY} trading on {DAY} after the company {EVENT_CORP}.|
            {INDEX} closed {PCT} {UPDOWN} at {COUNT} points, while {CURRENCY} {CHANGE} {PCT} against
            {OTHER_CUR}.|
            {PRICES} {CHANGE} {PCTX} in the year to {MONTH}, {ABOVE_BELOW} the {PCT} {EXPECTED_BY},
            {SOURCE_SAID}.|
            {ORG_C} {REPORTED} a {QUARTER} {PROFIT_LOSS} of {MONEYX}, compared with {MONEY} {YEAR_AGO}, on
            {SALES} of {MONEY}."""),
        "HEAD": _lines("""{MEASURE_C} {CHANGE_PRES} as {GROUP} {HEADVERB} {ISSUE}|{INST_C} {HEADPRES} on {ISSUE}|
            {ORG_C} to {ACTION}|{PSURNAME} {HEADVERB} {ISSUE}"""),
    },
    "conflict": {
        "ROLE_OLD": _lines("""defence minister|military spokesperson|foreign minister|United Nations envoy|
            army commander in the east|governor of the border province|head of the ceasefire monitoring mission|
            senior rebel commander|national security adviser|regional police chief"""),
        "INST": _lines("""the army|the defence ministry|the United Nations|the ceasefire monitoring mission|
            the rebel alliance|the border police|the Red Cross|the security council|
            the foreign ministry|the provincial government"""),
        "ISSUE_T": _lines("""the ceasefire|the prisoner exchange|the peace talks|the evacuation of civilians|
            the humanitarian corridor|the drone strikes|the arms embargo|the troop withdrawal|
            the shelling of {CITY}|the border closure|the mobilisation of reservists|the air defence system|
            the blockade of the port|the displacement of {GROUP} from {NEAR_PLACE}"""),
        "GROUP_N": _lines("""civilians|displaced families|aid workers|soldiers|rebel fighters|reservists|
            residents of the border villages|refugees|peace negotiators|military observers|
            local officials|medical teams"""),
        "MEASURE": _lines("""the number of displaced people|the death toll|the number of aid convoys|
            the number of reported violations|military spending|the number of refugees crossing the border"""),
        "ACT_T": _lines("""withdraw troops from the border|extend the ceasefire by {SMALL} days|
            open a humanitarian corridor to {CITY}|release {COUNTX} prisoners|resume talks in {CITY}|
            impose sanctions on {COUNTRYX}|send peacekeepers|evacuate the wounded|
            reopen the border crossing|deploy additional air defence units|
            investigate the strike on the market|suspend arms exports to {COUNTRYX}"""),
        "EVENT_T": _lines("""the strike on a market in {CITY}|overnight shelling|the collapse of the truce|
            an attack on an aid convoy|the capture of the bridge|the downing of a drone|
            the first round of talks in {CITY}|clashes near the border"""),
        "CONSEQ_T": _lines("""leave {COUNTX} people without food|derail the peace talks|trigger a wider war|
            force thousands more to flee|cut off the city's water supply|
            draw neighbouring countries into the fighting"""),
        "UNIT": _lines("civilians|soldiers|families|prisoners|aid lorries|refugees"),
        "SUFFIX": _lines("Defence|Aerospace|Security|Systems"),
        "TT": _lines("""At least {COUNT} people were {KILLED} and {COUNTX} {WOUNDED} in {EVENT}, {SOURCE_SAID}.|
            {PINTRO} who visited {CITY} on {DAY}, {SAY} the truce had been {VIOLATED} {COUNT} times since {MONTH}.|
            {AID_WHO} said {COUNTX} {LORRIES} carrying {SUPPLIES_AID} were {WAITING} near {CITY}.|
            Satellite images {REVIEWED} by {ORG} showed {DAMAGE} to {COUNT} {BUILDINGS} in {PART} of {CITY}."""),
        "HEAD": _lines("""{PSURNAME} {HEADVERB} {ISSUE}|{INST_C} {HEADPRES} after {EVENT}|
            {GROUP_C} flee as {ISSUE} {HEADPRES}|{COUNTRYX} to {ACTION}"""),
    },
    "weather": {
        "ROLE_OLD": _lines("""chief meteorologist at the national weather service|head of civil protection|
            mayor of {CITY}|regional emergency services chief|climate scientist at {ORG}|
            fire brigade commander|agriculture minister|director of the flood defence agency"""),
        "INST": _lines("""the national weather service|civil protection|the fire brigade|the flood defence agency|
            the coastguard|the ministry of agriculture|the regional emergency committee|
            the water authority|the road traffic agency"""),
        "ISSUE_T": _lines("""the heatwave|the flooding|the drought|the storm warning|the wildfires|
            the water restrictions|the evacuation order|the crop losses|the landslides|the cold snap|
            the hosepipe ban|the damage to the coastal road|the forecast for the weekend|
            the red alert for the south"""),
        "GROUP_N": _lines("""residents|farmers|firefighters|commuters|holidaymakers|rescue teams|
            emergency workers|insurers|tourists|fishermen|elderly residents|schoolchildren"""),
        "MEASURE": _lines("""rainfall|temperatures|river levels|the number of homes without power|
            reservoir levels|the area burned|wind speeds|the number of flights cancelled"""),
        "ACT_T": _lines("""evacuate {COUNTX} residents|close schools across the region|declare a state of emergency|
            ration water in {CITY}|open emergency shelters|cancel flights from {CITY}|
            deploy {TROOPS} to help with the clean-up|compensate farmers for crop losses|
            reinforce flood barriers along the river|lift the red alert|ban outdoor fires"""),
        "EVENT_T": _lines("""the storm that struck {CITY}|a night of torrential rain|the collapse of the river bank|
            the hottest day on record|a landslide on the coastal road|last summer's wildfires|
            the flash floods in the valley|a tornado on the outskirts of {CITY}"""),
        "CONSEQ_T": _lines("""leave {COUNTX} homes without power|cost farmers {MONEYX}|flood low-lying districts|
            push temperatures above {TEMP}|close the main roads for days|ruin the harvest"""),
        "UNIT": _lines("homes|residents|hectares|millimetres of rain|flights|roads"),
        "SUFFIX": _lines("Insurance|Climate|Forecasting|Water"),
        "TT": _lines("""Temperatures {REACHED} {TEMP} in {CITY} on {DAY}, {RECORD_CLAUSE}, {SOURCE_SAID}.|
            {ABOUT} {COUNT} millimetres of rain fell in {SMALL} hours, and the river {AT_CITY} rose {SMALL}
            metres {ABOVE_NORMAL}.|
            Firefighters were {BATTLING} {COUNT} {BLAZES} on {DAY}, {ADJ_FIRE} by winds gusting up to {WIND}
            kilometres an hour.|
            {PINTRO} who {COORDINATED} the rescue, {SAY} {COUNTX} people had been {MOVED_TO} {SHELTERS}
            {OVERNIGHT}."""),
        "HEAD": _lines("""{ISSUE_SHORT_C} {HEADPRES} as {MEASURE} {CHANGE_PRES}|{PSURNAME} {HEADVERB} {ISSUE}|
            {GROUP_C} {HEADPRES} after {EVENT}|{INST_C} to {ACTION}"""),
    },
    "sport": {
        "ROLE_OLD": _lines("""head coach of {TEAM}|captain of {TEAM}|sporting director at {TEAM}|
            president of the football federation|team manager|striker for {TEAM}|
            chief executive of the league|referees' chief|goalkeeper for {TEAM}"""),
        "INST": _lines("""the football federation|the league|the national Olympic committee|the anti-doping agency|
            {TEAM}|the players' union|the disciplinary committee|the organising committee"""),
        "ISSUE_T": _lines("""the title race|the transfer window|the doping case|the coach's future|
            the stadium redevelopment|the broadcasting deal|the salary cap|the relegation battle|
            the bid to host the championships|the injury crisis|the ticket prices|
            the captain's suspension|the new video review rules|the club's debts"""),
        "GROUP_N": _lines("""fans|players|club owners|referees|season ticket holders|sponsors|
            squad members|youth coaches|home supporters|rival clubs|team doctors|broadcasters"""),
        "MEASURE": _lines("""ticket sales|attendance|the club's wage bill|television audiences|
            the transfer fee|the club's revenue|the number of season tickets sold"""),
        "ACT_T": _lines("""sack the coach|sign the striker for {MONEYX}|appeal the suspension|
            cap ticket prices at {MONEY_SMALL}|rebuild the stadium by {YEAR_FUTURE}|
            bid for the championships|renew the captain's contract|ban the club from Europe|
            dock the club {SMALL} points|move home games to {CITY}|review the referee's decision"""),
        "EVENT_T": _lines("""the defeat by {TEAM}|the derby against {TEAM}|Saturday's draw in {CITY}|
            the cup final|a failed doping test|crowd trouble at the stadium|
            the captain's red card|a last-minute winner against {TEAM}"""),
        "CONSEQ_T": _lines("""cost the club {MONEYX} in lost revenue|end their hopes of the title|
            send the club down {DIVISION}|leave the squad without a recognised striker|
            force the league to replay the match"""),
        "UNIT": _lines("fans|points|goals|tickets|matches|players"),
        "SUFFIX": _lines("Sports|Athletic|Media|Events"),
        "TT": _lines("""{TEAM} {BEAT} {TEAM} {SCORE} in {CITY} on {DAY}, with {FIRST} {SURNAME} {SCORING} in the
            {MINUTE} minute {CROWD}.|
            The {RESULT} leaves {TEAM} {SMALL} points {BEHIND} with {SMALL} {MATCHES_LEFT}.|
            {PINTRO} who joined from {TEAM} for {MONEYX} in {MONTH}, {SAY} the squad was {ADJ_STATE} about
            {ISSUE}.|
            {ATTEND} has {HAS_CHANGED_PP} {PCTX} this season, {SOURCE_SAID}."""),
        "HEAD": _lines("""{PSURNAME} {HEADVERB} {ISSUE}|{TEAM} {HEADPRES} after {EVENT}|
            {INST_C} to {ACTION}|{GROUP_C} {HEADPRES} over {ISSUE}"""),
    },
}
# Topic lexicons from which issues, actions, events and roles are composed ("the {ADJ} {NOUN}",
# "{VERB} {ISSUE}"): many more combinations than any list could hold, so that unrelated articles
# on one topic seldom share a phrase of more than a few words.
_LEXICON: dict[str, dict[str, str]] = {
    "elections": {
        "NOUN": """postal vote|recount|runoff|ballot count|coalition talks|voter register|candidate list|
            campaign finance law|electoral map|television debates|referendum|budget vote|constitutional amendment|
            election timetable|party leadership contest|voting machines|overseas ballots|primary|confidence vote|
            manifesto|electoral law|by-election|vote-counting software|turnout target""",
        "ADJ": """disputed|planned|delayed|contested|early|national|regional|second|snap|proposed|revised|
            controversial|long-awaited|chaotic|partial|local|presidential|parliamentary""",
        "VERB": """delay|challenge|scrap|review|overhaul|approve|block|publish|postpone|reform|investigate|
            suspend|defend|boycott|back|reject|extend|fund|rerun|annul""",
        "ROLE_SOLO": """interior minister|leader of the opposition|speaker of parliament|deputy prime minister|
            regional governor|senior senator|prime minister|head of the electoral commission""",
        "ROLE_T": """campaign manager|chief pollster|spokesperson|deputy leader|chief strategist|legal adviser|
            general secretary|party chair""",
        "ROLE_AT": "at {ORG}|of {INST}|for {INST}",
    },
    "energy": {
        "NOUN": """pipeline|refinery|power plant|gas terminal|wind farm|power grid|reactor|price cap|fuel subsidy|
            windfall tax|storage site|solar scheme|coal mine|electricity tariff|supply contract|substation|
            hydrogen project|export ban|drilling licence|transmission line|heat pump scheme|battery plant|
            oil field|interconnector""",
        "ADJ": """offshore|new|planned|state-owned|disputed|ageing|northern|controversial|proposed|temporary|
            emergency|long-delayed|cross-border|national|expanded|revised|privately run|coastal|second""",
        "VERB": """approve|delay|scrap|expand|review|cap|subsidise|shut|reopen|fund|block|renegotiate|sell|
            extend|suspend|inspect|nationalise|upgrade|build|tender""",
        "ROLE_SOLO": "energy minister|climate minister|industry minister|economy minister",
        "ROLE_T": """chief executive|oil analyst|spokesperson|head of trading|chief operating officer|
            plant director|senior engineer|union representative""",
        "ROLE_AT": "at {ORG}|of {INST}|at {INST}",
    },
    "courts": {
        "NOUN": """corruption case|extradition request|appeal|fraud trial|surveillance law|plea deal|
            judicial reform|contempt charges|bail conditions|police shooting inquiry|data protection case|
            defamation suit|class action|retrial|asylum ruling|sentencing|bribery case|money laundering case|
            embezzlement trial|privacy ruling|witness protection scheme|tax evasion case""",
        "ADJ": """high-profile|landmark|long-running|closed|delayed|disputed|second|separate|politically charged|
            lengthy|new|controversial|collapsed|pending|federal|regional""",
        "VERB": """appeal|overturn|postpone|review|reopen|dismiss|uphold|suspend|challenge|expedite|settle|drop|
            refer|adjourn|reject|hear|fast-track|investigate""",
        "ROLE_SOLO": "attorney general|justice minister|chief prosecutor|public defender|presiding judge|chief justice",
        "ROLE_T": "defence lawyer|spokesperson|senior partner|legal analyst|head|lawyer|deputy director|president",
        "ROLE_AT": "at {ORG}|of {INST}|for {INST}",
    },
    "health": {
        "NOUN": """measles outbreak|surgery waiting list|vaccine rollout|nurse shortage|cancer drug|hospital budget|
            flu season|maternity ward|vaping ban|mental health service|cholera outbreak|insulin price|
            emergency department|children's ward|booster campaign|screening programme|drug trial|
            ambulance service|care home funding|GP contract|hospital merger|bed shortage""",
        "ADJ": """new|delayed|regional|national|overstretched|planned|emergency|expanded|proposed|experimental|
            free|temporary|revised|under-funded|local|second""",
        "VERB": """extend|fund|review|close|reopen|expand|suspend|approve|delay|ban|subsidise|audit|restructure|
            cap|speed up|scale back|overhaul|defend""",
        "ROLE_SOLO": "health minister|chief medical officer|public health director|surgeon general",
        "ROLE_T": """epidemiologist|hospital director|chief executive|head of nursing|professor of medicine|
            spokesperson|senior doctor|union representative""",
        "ROLE_AT": "at {ORG}|of {INST}|at {INST}",
    },
    "markets": {
        "NOUN": """interest rate decision|budget deficit|bond sell-off|merger|currency|bank bailout|takeover bid|
            trade deficit|housing market|pension reform|quarterly results|spending cuts|credit rating|
            steel tariffs|privatisation|share buyback|bond issue|minimum wage|stimulus package|rescue deal|
            profit warning|stock listing|debt restructuring|wage deal""",
        "ADJ": """planned|surprise|proposed|hostile|delayed|record|emergency|revised|disputed|long-awaited|
            cross-border|multibillion|second|state-backed|temporary|controversial""",
        "VERB": """approve|delay|scrap|review|block|back|reject|revise|postpone|finance|renegotiate|defend|
            challenge|announce|complete|extend|unwind|fund|price|underwrite""",
        "ROLE_SOLO": """finance minister|central bank governor|economy minister|deputy governor of the central bank|
            budget minister|trade minister""",
        "ROLE_T": """chief economist|market strategist|fund manager|chief executive|chief financial officer|
            senior analyst|head of research|portfolio manager""",
        "ROLE_AT": "at {ORG}|at {ORG}|of {INST}",
    },
    "conflict": {
        "NOUN": """ceasefire|prisoner exchange|peace talks|evacuation of civilians|humanitarian corridor|
            drone strikes|arms embargo|troop withdrawal|border closure|mobilisation of reservists|
            air defence system|port blockade|aid convoy|peace plan|buffer zone|military exercise|no-fly zone|
            curfew|refugee camp|truce monitoring mission|demining operation""",
        "ADJ": """fragile|planned|disputed|temporary|proposed|renewed|second|partial|UN-backed|northern|eastern|
            delayed|expanded|regional|week-long|new""",
        "VERB": """extend|suspend|reopen|resume|monitor|enforce|break|back|reject|lift|impose|expand|secure|
            negotiate|violate|guarantee|oversee|halt""",
        "ROLE_SOLO": """defence minister|foreign minister|United Nations envoy|national security adviser|
            military spokesperson|governor of the border province""",
        "ROLE_T": """commander|spokesperson|senior officer|head|envoy|regional director|chief negotiator|
            field coordinator""",
        "ROLE_AT": "of {INST}|for {INST}|at {ORG}",
    },
    "weather": {
        "NOUN": """heatwave|flood warning|drought|storm warning|wildfire|water restrictions|evacuation order|
            crop losses|landslide|cold snap|hosepipe ban|coastal road|weekend forecast|red alert|flood barrier|
            river defences|snowstorm|hailstorm|emergency shelters|power cuts|reservoir levels|storm surge""",
        "ADJ": """severe|early|prolonged|regional|unprecedented|new|planned|temporary|emergency|second|latest|
            local|damaged|record|northern|southern|amber|overnight""",
        "VERB": """lift|extend|review|issue|reinforce|repair|monitor|fund|close|reopen|declare|expand|suspend|
            tighten|ease|inspect|clear|restore""",
        "ROLE_SOLO": """head of civil protection|agriculture minister|environment minister|mayor of {CITY}|
            regional governor""",
        "ROLE_T": """chief meteorologist|forecaster|climate scientist|fire brigade commander|
            emergency services chief|director|spokesperson|hydrologist""",
        "ROLE_AT": "at {INST}|of {INST}|at {ORG}",
    },
    "sport": {
        "NOUN": """title race|transfer window|doping case|stadium redevelopment|broadcasting deal|salary cap|
            relegation battle|championship bid|injury crisis|ticket prices|captain's suspension|
            video review system|club debts|youth academy|training ground|wage bill|sponsorship deal|
            season ticket scheme|coaching staff|league restructuring|fan ownership plan|match schedule""",
        "ADJ": """new|planned|long-running|disputed|record|proposed|controversial|delayed|revised|ambitious|
            costly|second|temporary|expanded|stalled|rival""",
        "VERB": """appeal|review|approve|block|delay|scrap|fund|renegotiate|extend|investigate|back|reject|
            reform|sell|sign|postpone|overhaul|defend""",
        "ROLE_SOLO": """sports minister|president of the football federation|chief executive of the league|
            referees' chief""",
        "ROLE_T": "head coach|captain|sporting director|team manager|striker|goalkeeper|chairman|club doctor",
        "ROLE_AT": "of {TEAM}|of {TEAM}|at {TEAM}",
    },
}
for _topic, _lex in _LEXICON.items():
    _TOPICS[_topic].pop("ROLE_OLD")
    _TOPICS[_topic].update({k: _lines(v) for k, v in _lex.items()})
    _TOPICS[_topic]["INST_T"] = _TOPICS[_topic].pop("INST")
# Kinds of local institution a story names after its city or an organisation ("the Leeds
# hospital trust"), so that stories on one topic do not all cite the same few bodies.
_INST_KINDS: dict[str, list[str]] = {t: _lines(v) for t, v in {
    "elections": """electoral board|election office|district council|party branch|returning office|ballot commission|
        city council|regional assembly|voters' association|polling institute""",
    "energy": """power authority|grid company|energy board|utilities commission|gas board|fuel agency|
        energy cooperative|power company|refinery workers' union|consumer council""",
    "courts": """district court|appeals court|prosecutor's office|bar association|police force|tribunal|
        legal aid office|magistrates' court|law society|anti-fraud office""",
    "health": """hospital trust|health board|university hospital|medical council|clinic|health authority|
        nurses' union|ambulance trust|public health office|patients' association""",
    "markets": """stock exchange|chamber of commerce|pension fund|savings bank|development bank|trade board|
        employers' federation|dockworkers' union|investment fund|business council""",
    "conflict": """military command|relief agency|border police|regional council|defence council|
        civil defence office|city administration|refugee agency|mediation office|veterans' association""",
    "weather": """water board|weather office|fire service|port authority|civil defence office|roads agency|
        rescue service|flood board|farmers' union|city council""",
    "sport": """football association|sports council|supporters' trust|stadium authority|athletics club|
        rugby union|city council|fan association|youth league|sports tribunal""",
}.items()}
TOPICS = tuple(_TOPICS)

# General grammar. Each rule is a list of alternatives; "{NAME}" refers to a rule; "|" separates
# alternatives. Literal runs between slots are kept short so that unrelated articles share no
# long runs of words. «» stand for double quotes and ¦ for a dash, set by each outlet's style.
_RULES: dict[str, str] = {
    "DAY": " | ".join(_DAYS),
    "MONTH": " | ".join(_MONTHS),
    "SMALL": " | ".join(_SMALL),
    "ORDINAL": " | ".join(_ORDINAL),
    "WHEN": """On {DAY}|Late on {DAY}|Early on {DAY}|On {DAY} morning|On {DAY} evening|Earlier this week|
        Earlier on {DAY}|Last week|Over the weekend|Hours later|Within days|By {DAY} afternoon|
        Shortly after midnight on {DAY}|At a briefing on {DAY}|In a statement on {DAY}|
        Speaking in {CITY} on {DAY}|In an interview on {DAY}|Two days earlier|In early {MONTH}|
        By the end of {MONTH}|On the eve of {EVENTX}|Days after {EVENTX}|Before dawn on {DAY}|
        At a news conference in {CITY}|In a letter to {GROUP}|In remarks broadcast on {DAY}""",
    "WHEN_L": """on {DAY}|late on {DAY}|earlier this week|last week|over the weekend|on {DAY} evening|
        on {MONTH} {DAY_OF_MONTH}|in late {MONTH}|in early {MONTH}|on {DAY} afternoon|{SMALL} days ago|
        at the weekend|in mid-{MONTH}|last {DAY}|{SMALL} weeks ago|on the {DAY_TH} of {MONTH}|
        in {MONTH}|this {DAY}|before dawn on {DAY}|days after {EVENTX}""",
    "SAY": """said|told reporters|warned|insisted|argued|noted|acknowledged|added|stressed|claimed|
        suggested|predicted|conceded|announced|confirmed|explained|maintained|cautioned|
        told a news conference|told lawmakers|wrote on social media|said in a statement|
        told local radio|told state television|said in an interview|repeated|told supporters|
        told a parliamentary committee|said in a written reply|admitted|complained|
        said at a briefing|told the broadcaster {OUTLETX}|signalled""",
    "VERBTO": """plans to|has vowed to|refused to|is expected to|agreed to|moved to|threatened to|
        declined to|pledged to|is under pressure to|was preparing to|has promised to|is likely to|
        could be forced to|has been urged to|voted to|decided to|hopes to|will seek to|is set to|
        wants to|is unlikely to|was ordered to|has asked officials to|is considering whether to|
        intends to|is racing to|has struggled to|has offered to|was quick to|has no plans to|
        narrowly failed to|last month agreed to|has repeatedly refused to|is now expected to""",
    "ADV": "sharply|slightly|steadily|unexpectedly|modestly|dramatically|briefly|again|further|abruptly",
    "CHANGE": """rose|climbed|jumped|increased|edged up|surged|grew|fell|dropped|declined|slipped|
        slumped|eased|shrank|tumbled|recovered""",
    "CHANGE_PRES": "rises|climbs|jumps|falls|drops|slips|slumps|eases|surges|tumbles",
    "UPDOWN": "higher|lower|up|down",
    "HIGHLOW": "highest|lowest",
    "ABOVE_BELOW": "above|below|well above|just below|roughly in line with|slightly above",
    "PERIOD": """in the third quarter|last month|over the past year|since {MONTH}|compared with a year earlier|
        in the first half of {YEAR}|over the past {SMALL} weeks|for the {ORDINAL} month in a row|
        in {YEAR}|since records began in {YEAR}|in the week to {DAY}|over the summer|
        in the {ORDINAL} quarter|since {MONTH} {YEAR}|in the space of {SMALL} days|
        in the past {SMALL} months|between {MONTH} and {MONTH}|in the year to {MONTH}|so far this year|
        in {MONTH} alone|since {YEAR}|over the winter|in the last financial year|during the {ORDINAL} week of {MONTH}|
        from {MONTH} to {MONTH}|in the twelve months to {MONTH}|over the Easter period|since the {EVENT_SHORT}""",
    "EVENT_SHORT": "election|budget|ceasefire|storm|ruling|merger|strike|outbreak|cup final|last census",
    "TIMEFRAME": """within weeks|by the end of {MONTH}|before the summer|in the coming days|next {DAY}|
        next week|by year's end|within {SMALL} months|by {YEAR_FUTURE}|by mid-{MONTH}|
        within {SMALL} weeks|before {MONTH}|by {MONTH} {YEAR_FUTURE}|after the {EVENT_SHORT}|this autumn|
        in the spring|by early {MONTH}|soon|later this month|before {DAY}|within {SMALL} days|in {MONTH}""",
    "DAY_OF_MONTH": " | ".join(str(d) for d in range(1, 29)),
    "DAY_TH": "first|second|third|fourth|fifth|tenth|twelfth|fifteenth|twentieth|twenty-first|thirtieth",
    "TIME_OF_DAY": "noon|midday|{SMALL} o'clock|early afternoon|late afternoon|6pm|4pm",
    "ABOUT": "about|more than|nearly|almost|at least|some|roughly|fewer than|up to|an estimated",
    "SOURCE": """{ORG}|figures released by {INST}|official data|a report by {ORG}|people familiar with {ISSUEX}|
        a {SENIORITY} official who {ANON}|local media|a statement from {INST}|
        documents seen by {OUTLETX}|a poll published on {DAY}|estimates from {ORG}|preliminary figures|
        an internal memo|{SMALL} people briefed on {ISSUEX}|{OUTLETX}|a survey of {GROUP} by {ORG}""",
    "SOURCE_SAID": """according to {SOURCE}|{INST} said|figures from {INST} showed|{OUTLETX} reported|
        officials in {CITY} said|{INST} said in a statement|{SPOKES} {INST} said|
        according to estimates by {ORG}""",
    "REASON": """amid {CONCERN}|after {EVENTX}|following {EVENTX}|despite {CONCERN}|in the wake of {EVENTX}|
        ahead of {EVENTX}|as {GROUP} {WAIT}|in response to {CONCERN}|days before {EVENTX}|
        under pressure from {GROUP}|to calm {CONCERN}|hoping to ease {CONCERN}|to head off {CONCERN}|
        weeks after {EVENTX}|partly because of {CONCERN}|with {CONCERN} in mind|to answer {CONCERN}""",
    "WAIT": """waited for news|braced for more disruption|counted the cost|demanded answers|
        pressed for clarity|prepared for the worst|looked on|voiced frustration""",
    "CONCERN": """growing concern over {ISSUEX}|fears of {BAD}|criticism from {GROUP}|pressure from {GROUP}|
        questions about {ISSUEX}|warnings from {INST}|doubts about {ISSUEX}|mounting anger over {ISSUEX}|
        uncertainty over {ISSUEX}|complaints from {GROUP}|calls from {GROUP} for {ISSUE_SHORT} to be reviewed""",
    "BAD": """a prolonged crisis|further delays|a sharp slowdown|a political backlash|legal challenges|
        rising costs|widespread disruption|job losses|a funding shortfall|a repeat of {EVENTX}|
        shortages|a wave of strikes|unrest in {CITY}|a collapse in confidence""",
    "ADJ_STATE": """confident|concerned|optimistic|cautious|divided|sceptical|frustrated|hopeful|uneasy|
        angry|alarmed|relieved|deeply worried|quietly confident""",
    "COULD": "could|would|might|may|will|is likely to|threatens to|risks leaving|is expected to",
    "ARGUE": "argue|say|insist|counter|maintain|point out|believe",
    "CRITICS": """Critics|Opponents|Campaigners|Some economists|Rival politicians|Independent experts|
        Lawyers for {GROUP}|Several regional leaders|Residents in {CITY}|Unions""",
    "SUPPORTERS": """supporters|officials|allies of the {ROLE}|backers of {ISSUE}|ministers|its defenders|
        {INST}|{ORG}|{FIRST} {SURNAME} of {ORG}|aides to {PS}""",
    "DECISION": "decision|announcement|move|ruling|proposal|plan|vote|warning|reversal",
    "FOLLOWS": "follows|comes after|was prompted by|came days after|comes a week after|came hours after",
    "REACTION": """swift criticism|a cautious welcome|anger|praise|calls for an inquiry|scorn|ridicule|
        grudging approval|muted applause|a legal threat|dismay|outrage|indifference|
        complaints|support|a sharp rebuke""",
    "MANY": "many of whom|some of whom|most of whom|several of whom",
    "HEDGE": """although details remained scarce|officials cautioned|though the figures are provisional|
        {PS} added|people close to the talks said|a claim {INST} disputes|
        although the timetable could still slip|according to a draft {OUTLETX} saw|{ORG} said|
        though {GROUP} remain {ADJ_STATE}|{HIS_OFFICE} said|at least for now|aides in {CITY} said|
        pending {ISSUEX}|subject to approval by {INST}|{ANALYST_ROLE_PL} cautioned""",
    "CONDITION": """unless {INST} {ACTS}|if {CLAIM}|should the talks fail|if {GROUP} {REFUSE}|
        before the end of {MONTH}|without swift action from {INST}""",
    "ACTS": "acts quickly|changes course|steps in|intervenes|backs down|moves first",
    "REFUSE": "refuse to cooperate|walk away|push back|lose patience|go to court",
    "PLAN": """a plan|a package|a programme|an emergency fund|a scheme|a reform package|a loan programme""",
    "A_POLL": """a poll|a survey|an opinion poll|a study|polling|a new survey|a snap poll|a small poll|
        one poll|a separate survey|research""",
    "PUBLISHED": """published|released|carried out|conducted|commissioned|run|taken|for {OUTLETX}|by {ORG}|
        of {COUNT} adults|among {GROUP}""",
    "AGREE": "agreed|disagreed|said they were undecided|backed the move|opposed the plan",
    "LONG": "long|repeatedly|for years|loudly|privately",
    "COMPLAINED": "complained|argued|warned|insisted|pointed out",
    "NEGLECTED": "neglected|mishandled|underfunded|ignored|badly managed",
    "MEETS": "meet|hold talks with|sit down with|host|travel to see",
    "CLAIM": """{GROUPX} {VERBTO_PL} {ACTIONX}|{INSTX} {VERBTO} {ACTIONX}|{MEASUREX} {COULD_CHANGE} {ABOUT} {PCTX} {PERIOD}|
        {ISSUEX} {COULD} {CONSEQX}|{GROUPX} were {ADJ_STATE} about {ISSUEX}|{INSTX} had {DONE} {ISSUEX}|
        {PS} {VERBTO} {ACTIONX}|the {ROLE} {VERBTO} {ACTIONX}|{ISSUEX} was {STATUS}""",
    "CLAIM_PAST": """{GROUPX} {PAST_DID} {ISSUEX}|{INSTX} {PAST_DID} {ISSUEX}|{MEASUREX} {CHANGE} {ADV} by {PCTX}|
        {PS} {PAST_DID} {ISSUEX}|{EVENTX} left {ABOUT} {COUNTX} {UNIT} {STRANDED}""",
    "PAST_DID": """rejected|backed|criticised|questioned|welcomed|delayed|approved|challenged|blocked|
        announced|defended|scrapped|endorsed|condemned""",
    "STRANDED": "stranded|affected|without help|in limbo|out of pocket|facing delays",
    "DONE": "mishandled|underestimated|approved|rejected|delayed|misjudged|reviewed|ignored",
    "STATUS": """almost certain to proceed|on hold|in doubt|moving faster than expected|stalled|shelved|
        back in play|under review|slipping|in trouble|on track|close to collapse|gathering pace|
        back on the agenda|unlikely to be resolved {TIMEFRAME}|far from settled""",
    "COULD_CHANGE": """could rise by|could fall by|might climb|may drop by|had risen by|had fallen by|could slide|
        may grow|had shrunk by|looked set to gain|was forecast to lose""",
    "GROUPX": "{GROUP}|{GROUP}|many {GROUP}|some {GROUP}|{GROUP} in {CITY}|{GROUP} across {COUNTRYX}",
    "INSTX": "{INST}|{INST}|{ORG}",
    "INST": "{INST_T}|{INST_T}|{INST_S}|{INST_S}|{INST_S}",
    "PLACE": """in {CITY}|on {DAY}|in the capital|during a visit to {CITY}|at a rally in {CITY}|
        after talks in {CITY}|in a televised address|on a visit to {COUNTRYX}|in parliament""",
    "TAIL": "||{SP}in {CITY}|{SP}on {DAY}|, {HEDGE}",
    "ANALYST": "{FIRST} {SURNAME}, {ANALYST_ROLE} at {ORG},",
    "ANALYST_ROLE": """an analyst|a senior economist|a research fellow|a professor|a policy adviser|
        a former official now|a consultant|the head of research|a partner|a lecturer""",
    "FIRST": " | ".join(_FEMALE + _MALE),
    "SURNAME": " | ".join(_SURNAMES),
    "ORG": "{ORG_S}|{ORG_S}|{ORG_R}|{ORG_R}|{INST}",
    "ORG_C": "{ORG_S}|{ORG_R}",
    "ORG_R": "{ORG_PREFIX} {SUFFIX}",
    "ORG_PREFIX": " | ".join(_ORG_PREFIX),
    "TEAM": "{TEAM_S}|{TEAM_S}|{TEAM_R}",
    "TEAM_R": "{CITY_R} {TEAM_END}|{TEAM_START} {CITY_R}",
    "TEAM_END": "United|Rovers|City|Athletic|Wanderers|Rangers|Sporting",
    "TEAM_START": "Real|Sporting|Dynamo|Olympique|Racing",
    "CITY": "{CITY_S}|{CITY_S}|{CITY_R}",
    "COUNTRYX": "{COUNTRY_S}|{COUNTRY_R}|{COUNTRY_R}",
    "OUTLETX": "{OUTLET_R}",
    "PCTX": "{FACT_PCT}|{PCT}",
    "COUNTX": "{FACT_COUNT}|{COUNT}",
    "MONEYX": "{FACT_MONEY}|{MONEY}",
    "ISSUE_SHORT": "{ISSUEX}",
    "ADJ_HEARING": "chaotic|unfair|long overdue|a turning point|rushed|a step forward",
    "ADJ_FIRE": "fanned|driven|spread|helped",
    "DEFENDANT": """former mayor|businessman|former minister|ex-banker|former police chief|property developer""",
    "EVENT_CORP": """cut its forecast|announced {COUNTX} job cuts|confirmed merger talks with {ORG}|
        reported a surprise loss|named a new chief executive|won a contract worth {MONEYX}""",
    "HEADVERB": """warns of|defends|rejects|backs|criticises|pledges action on|signals shift on|
        doubles down on|seeks talks on|faces questions over""",
    "HEADPRES": """under fire|braces for fallout|weighs options|signals U-turn|faces deadline|
        vows to act|stands firm|steps in|comes under pressure""",
    # Quotations: short fixed stretches between slots, since people rarely say a sentence in
    # the same words as somebody else on another story.
    "QS": """We will not {ACTIONX} until {CLAIM}|This is {A_MOMENT} for {GROUP}, and we intend to {ACTIONX}|
        I have {SAID_IT} {FROM_START} that {CLAIM}|Nobody wants {BAD}, but {WE_MUST} {ACTIONX} {TIMEFRAME}|
        The figures speak for themselves¦{CLAIM}|{GROUP_C} in {CITY} deserve answers about {ISSUEX} {NOW}|
        We are {ADJ_STATE} that {CLAIM}, but {WORK_TO_DO}|
        What happened in {CITY} {WHEN_L} was {JUDGEMENT}|Our priority is to {ACTIONX} and to protect {GROUP}|
        {NOT_PRETEND} {ISSUEX} is {EASY}|If {INST} does nothing, {ISSUEX} {COULD} {CONSEQX}|
        We have asked {INST} to {ACTIONX}, and we expect {AN_ANSWER} {TIMEFRAME}|
        Frankly, {ISSUEX} has been {NEGLECTED} for {TOO_LONG}|I spoke to {GROUP} in {CITY} {WHEN_L}, and they are {ADJ_STATE}|
        {NO_QUESTION} of {GERUND} while {CLAIM}|We were told {ISSUEX} would be {FIXED}, and {NOT_FIXED}|
        My message to {GROUP} is simple¦we will {ACTIONX}|It would be {JUDGEMENT} to {ACTIONX} now|
        {ISSUEX} is {JUDGEMENT}, and {GROUP} in {CITY} know it, because {CLAIM}|
        I met {FIRST} {SURNAME} in {CITY} {WHEN_L}, and {CLAIM}|
        We owe {GROUP} {AN_ANSWER} on {ISSUEX}, and we will not {ACTIONX} until {CLAIM}|
        {COUNTX} {UNIT} is not a small number, and {ISSUEX} {COULD} {CONSEQX}|
        Ask anyone in {CITY} about {ISSUEX} and they will tell you that {CLAIM}|
        {INST} {PAST_DID} {ISSUEX}, and now {CLAIM}|
        In {YEAR} we {PAST_DID} {ISSUEX}; this time {CLAIM}|{MONEYX} for {ISSUEX} is {JUDGEMENT} when {CLAIM}|
        Since {EVENTX}, {CLAIM}, and {GROUP} are {ADJ_STATE}|{ORG} {PAST_DID} {ISSUEX}, and {CLAIM}|
        I told {FIRST} {SURNAME} that {CLAIM}|People in {CITY} are {ADJ_STATE} that {CLAIM}, and rightly so""",
    "SAID_IT": "said|made it clear|told {INST}|argued|insisted|warned|told {GROUP}|repeated",
    "WE_MUST": "we have to|we must|{INST} has to|we need to|someone has to|it is time to|{GROUP} want us to",
    "NO_QUESTION": "There is no question|I will not hear|Nobody here is thinking|We won't talk|Forget any talk",
    "A_MOMENT": """an important moment|a difficult day|a turning point|a moment of truth|a sad day|
        a day of reckoning|a real test""",
    "FROM_START": """from the start|repeatedly|time and again|since {MONTH}|in every meeting|since {YEAR}|
        in {CITY}|to {INST}|on {DAY}|for {SMALL} years|in writing|at every turn""",
    "NOW": "now|today|without delay|this week|before the winter",
    "JUDGEMENT": """a disgrace|unacceptable|a tragedy|a serious mistake|deeply irresponsible|a warning|
        a betrayal|shameful|inevitable|overdue|a scandal|careless|courageous|naive|cynical|
        reckless|premature|the right call""",
    "EASY": "easy|simple|going to go away|someone else's problem|cheap to fix",
    "TOO_LONG": "far too long|years|a decade|too many years|months",
    "GERUND": """backing down|giving up|accepting this|walking away|changing course|signing anything""",
    "SENT": """{WHEN}, {PINTRO} {SAY} that {CLAIM}.|{CLAIM}, {PS} {SAY} {PLACE}.|
        According to {SOURCE}, {CLAIM}{TAIL}.|
        {MEASUREX} {CHANGE} {ADV} by {PCTX} {PERIOD}, {SOURCE_SAID}.|
        {GROUP} in {CITY} {VERBTO_PL} {ACTIONX} {REASON}.|
        {PS} {SAY} {GROUPX} {VERBTO_PL} {ACTIONX}, but {GROUP} were {ADJ_STATE} about {ISSUEX}.|
        The {DECISION} {FOLLOWS} {EVENTX} in {CITY} {PERIOD}, when {CLAIM_PAST}.|
        {CRITICS} {ARGUE} that {ISSUEX} {COULD} {CONSEQX}, while {SUPPORTERS} {ARGUE} that {CLAIM}.|
        {UNCLEAR} whether {CLAIM}, and {INST} {NO_COMMENT}.|
        {INST} {SAY} {WHEN_L} that it {VERBTO} {ACTIONX} {REASON}.|
        {ANALYST} {SAY} {ISSUEX} {COULD} {CONSEQX} {CONDITION}.|
        «{QSC},» {PS} {SAY}.|{PINTRO} {SAY} {PLACE}: «{QSC}.»|«{QSC},» said {PTAIL}.|
        {ABOUT} {COUNTX} {UNIT} {HAD_BEEN} {AFFECTED} {PERIOD}, {SOURCE_SAID}.|
        In {CITY}, {GROUP} {GATHERED} {WHEN_L} to {PROTEST} {ISSUEX}, {WITNESSES}.|
        Analysts at {ORG} {SAY} {MEASUREX} {COULD_CHANGE} {PCTX} {TIMEFRAME} if {CLAIM}.|
        {PS} is due to {MEETS} {FIRST} {SURNAME}, the {ROLE}, in {CITY} on {DAY} to discuss {ISSUEX} and {ISSUEX}.|
        {WHEN}, {INST} {ANNOUNCED} {PLAN} worth {MONEYX} to {ACTIONX}, {SOURCE_SAID}.|
        The {DECISION} drew {REACTION} from {GROUP}, {MANY} {SAY} {CLAIM}.|
        {CLAIM}, {HEDGE}.|
        Asked whether {CLAIM}, {PS} {SAY} {INST} would {RESPOND} {TIMEFRAME}.|
        {GROUP} have {LONG} {COMPLAINED} that {ISSUEX} has been {NEGLECTED} by {INST}, and {A_POLL} {PUBLISHED} {WHEN_L} suggested {PCTX} of {GROUP} {AGREE}.|
        {PINTRO} {SAY} {WHEN_L} that {ISSUEX} {COULD} {CONSEQX} unless {INST} {ACTS}.|
        {TT}|
        {SPOKES} {INST} {SAY} the {ROLE} {VERBTO} {ACTIONX} but gave no {DETAILS}.|
        {GROUP} {WERE_SEEN} {VERBING} {ISSUEX} {PLACE}, {WITNESSES}.|
        {PS} has {LONG_BEEN} a {CRITIC_OR_FAN} of {ISSUEX}, and {HIS_OFFICE} {SAY} {WHEN_L} that {CLAIM}.|
        In {MONTH}, {INSTX} {PAST_DID} {ISSUEX}, {A_MOVE} that {MOVE_EFFECT}.|
        The {ROLE} {SAY} {INST} {HAD_NO_CHOICE} but to {ACTIONX}.|
        Few {GROUP} {EXPECT} {ISSUEX} to {BE_SETTLED} {TIMEFRAME}, {POLL_CLAUSE}.|
        {PS}'s office {SAY} the {ROLE} would {ACTIONX} {REASON}.|
        There are {SIGNS} that {CLAIM}, {HEDGE}.|
        {INSTX} {WILL_MEET} {TIMEFRAME} to {DECIDE_ON} {ISSUEX}, {PS} {SAY}.|
        Last {DAY}, {COUNTX} {GROUP} {SIGNED} {PETITION} {CALLING} {INSTX} to {ACTIONX}.|
        {PS}, {WHO_CLAUSE}, {SAY} {CLAIM}.|
        {UNDER_PLAN}, {GROUP} would {RECEIVE} {MONEYX} over {SMALL} years, {SOURCE_SAID}.|
        {ISSUEX} is {EXPECTED_TO} {DOMINATE} {EVENT_TALK} in {CITY} {TIMEFRAME}.|
        {WHEN}, {GROUP} {GATHERED} outside {BUILDING} in {CITY}, {CARRYING} {BANNERS}.|
        {ORG} {DECLINED} to {SAY_WHETHER} {CLAIM}.|
        {PS} {SAY} {PLACE} that {ISSUEX} was {A_JUDG} and {ACCUSED} {INSTX} of {GERUND2}.|
        {ISSUEX} {COMES_AS} {MEASUREX} {HAS_CHANGED} {ADV} {PERIOD}.|
        {GROUP} {FACE} {BAD} if {CLAIM}, {ANALYST_ROLE_PL} {WARN}.|
        Officials in {CITY} {PAST_SAID} {ABOUT} {COUNTX} {UNIT} {HAD_BEEN} {AFFECTED} by {ISSUEX} {PERIOD}.|
        {ORG} {SET_ASIDE} {MONEYX} for {ISSUEX}, {DOCS_SHOW}.|
        {CRITICS} {ARGUE} the {ROLE} {HAS_DONE_LITTLE} to {ACTIONX}.|
        {WHEN}, the {ROLE} {TRAVELLED} to {CITY}, meeting {GROUP} and {PROMISING} to {ACTIONX}.|
        {ISSUEX} dominated {EVENT_TALK} in {CITY} {WHEN_L}, where {GROUP} {PAST_DID} {ISSUEX}.|
        {PINTRO} {SAY} the {DECISION} was {JUDGEMENT} and {PAST_CALLED} {INST} to {ACTIONX}.|
        The {ROLE} ¦ who {PAST_DID} {ISSUEX} {PERIOD} ¦ {SAY} {CLAIM}.|
        Since {EVENTX}, {MEASUREX} {HAS_CHANGED} by {ABOUT} {PCTX}, {SOURCE_SAID}.|
        {PS} {SAY} {INST} had {DONE} {ISSUEX} and {VERBTO} {ACTIONX} {TIMEFRAME}.|
        {SOURCE_C} showed {MEASUREX} {CHANGE} by {PCTX} {PERIOD}, {COMPARE}.""",
    "VERBTO_PL": """plan to|have vowed to|refused to|are expected to|agreed to|moved to|threatened to|
        declined to|pledged to|are under pressure to|were preparing to|have promised to|are likely to|
        could be forced to|have been urged to|voted to|decided to|hope to|will seek to|are set to|
        want to|are unlikely to|were ordered to|are considering whether to|intend to|are racing to|
        have struggled to|have offered to|were quick to|have no plans to|narrowly failed to|
        have repeatedly refused to|are now expected to""",
    "UNCLEAR": """It was not immediately clear|It remained unclear|It was not known|Officials would not say|
        Nobody could say|It is still unclear|There was no word on""",
    "NO_COMMENT": """did not respond to a request for comment|declined to comment|did not immediately reply to questions|
        had nothing to add|would not be drawn on {ISSUEX}|did not reply {WHEN_L}|was unavailable {WHEN_L}|
        kept silent|stayed silent on {ISSUEX}|gave no response|would not discuss {ISSUEX}|said nothing further|
        has yet to respond|did not reply to messages|could not be contacted|offered no comment on {ISSUEX}|
        could not be reached for comment|has not commented publicly|did not return calls {WHEN_L}|
        had no immediate comment|said it would not comment on {ISSUEX}|referred questions to {INST}|
        did not answer emails sent {WHEN_L}""",
    "SENIORITY": "senior|regional|government|ministry|party|security|diplomatic|municipal",
    "ANON": """asked not to be named|spoke on condition of anonymity|was not authorised to speak publicly|
        declined to be identified|requested anonymity""",
    "WORK_TO_DO": """there is still a lot of work to do|the hard part starts now|nothing is settled yet|
        we are not there yet|the job is far from done|we cannot relax""",
    "NOT_PRETEND": """I won't pretend that|Let nobody pretend that|Nobody thinks|No one should think that|
        I don't believe|It is naive to think|None of us thinks|Don't tell me|I doubt""",
    "AN_ANSWER": "an answer|a reply|a decision|clarity|a response|a ruling|their proposal|a timetable",
    "FIXED": "fixed|sorted out|resolved|dealt with|addressed",
    "NOT_FIXED": "it has not been|nothing has changed|here we are again|it is worse than ever|we are still waiting",
    "PRELIM": "Preliminary results|Early returns|Partial results|Exit polls|Official figures|Provisional counts",
    "WINNING": "winning|on course for|taking|leading with|on",
    "STILL_TO_COUNT": "still to be counted|yet to report|outstanding|still being checked|still to declare",
    "STOOD": "stood at|reached|was|had climbed to|had slipped to",
    "FIGURE": "figure recorded|level seen|turnout|rate",
    "OBSERVERS": "Observers|Monitors|Inspectors|Independent observers|Lawyers",
    "REPORTED": "reported|recorded|logged|received|documented",
    "COMPLAINTS": """complaints of irregularities|allegations of vote buying|reports of intimidation|
        cases of missing ballots|complaints about long queues""",
    "MOSTLY": "most of them|many of them|nearly all|about half of them|the bulk of them",
    "NEAR": "in|near|around|outside|north of|south of",
    "BENCHMARK": """Benchmark gas prices|Wholesale power prices|Brent crude futures|Diesel futures|
        Carbon permit prices|Coal prices""",
    "PER_UNIT": "a megawatt hour|a barrel|a tonne|a therm",
    "THEIR_LEVEL": """their {HIGHLOW} level since {MONTH}|the biggest daily move since {YEAR}|
        extending {DAY}'s move|reversing early gains|a {ORDINAL} straight session of losses""",
    "TRADERS": "traders|investors|analysts|buyers|hedge funds",
    "PLANT": "plant|reactor|refinery|power station|terminal|hydro dam",
    "SUPPLIES": "supplies|provides|generates|accounts for|delivers",
    "WHOSE": "the country's|the region's|the capital's|the north's|the island's",
    "OFFLINE": "offline|shut|out of action|closed for repairs|idle",
    "YEAR_AGO": "a year earlier|a year ago|in {MONTH} last year|at the same point last year",
    "SAID_IT_WOULD": "said it would|plans to|has pledged to|announced it would|hopes to",
    "CREATING": "creating|supporting|adding|safeguarding",
    "ORDERED": "ordered|also ordered|further ordered|imposed",
    "COURT_EXTRA": """the seizure of assets worth {MONEYX}|a fine of {MONEYX}|the payment of {MONEYX} in damages|
        a ban from public office for {SMALL} years""",
    "WHO_APPEAL": """the defence said it would appeal|{GROUP} {PAST_DID}|that {PS} called {JUDGEMENT}|
        lawyers for the defence vowed to challenge|which can be appealed""",
    "CLAIMANTS": "plaintiffs|victims|families|complainants|former employees",
    "DENIES": "denies wrongdoing|has pleaded not guilty|rejects the charges|says the case is politically motivated",
    "CRIME": """diverting {MONEYX} from public contracts|accepting bribes worth {MONEYX}|
        laundering {MONEYX} through {ORG}|rigging tenders worth {MONEYX}|abuse of office in {CITY}""",
    "DUE": "is expected to|is due to|will|could",
    "DELIVER": "deliver its ruling|rule|hand down a verdict|issue a decision",
    "HEALTH_WHO": "Health officials|Doctors|The health ministry|Regional authorities|Hospitals",
    "RECORDED": "recorded|reported|confirmed|registered|logged",
    "CASES": "cases|infections|admissions|deaths|hospitalisations",
    "UPFROM": "up from|down from|compared with|against",
    "WARD": "intensive care|emergency medicine|the children's ward|general practice|the cancer unit",
    "INVOLVED": "involved|enrolled|followed|included",
    "ACROSS": "across|in|from",
    "CUT_RISK": "cut the risk of hospital admission|reduced deaths|lowered the relapse rate|cut symptoms|reduced severe illness",
    "DOSE": "a booster|a first dose|the full course|the new vaccine",
    "SHORT_OF": "short of|well below|close to|ahead of",
    "INDEX": "The benchmark index|The main share index|The blue-chip index|The technology index",
    "CURRENCY": "the currency|the euro|the yen|the pound|the peso",
    "OTHER_CUR": "the dollar|the euro|a basket of currencies|the Swiss franc",
    "PRICES": "Consumer prices|Producer prices|Food prices|Rents|Import prices",
    "EXPECTED_BY": "economists had expected|analysts had forecast|the central bank had predicted|markets had priced in",
    "QUARTER": "quarterly|first-quarter|half-year|full-year|third-quarter",
    "PROFIT_LOSS": "profit|loss|net income|operating profit",
    "SALES": "sales|revenue|turnover",
    "KILLED": "killed|reported killed|confirmed dead",
    "WOUNDED": "wounded|injured|hurt",
    "VIOLATED": "violated|breached|broken",
    "AID_WHO": "Aid agencies|The Red Cross|Local officials|Relief workers|Volunteers",
    "LORRIES": "lorries|trucks|convoys|vehicles",
    "SUPPLIES_AID": "food and medicine|fuel|water|tents and blankets|medical supplies",
    "WAITING": "waiting at the crossing|stuck at checkpoints|held up|waiting for clearance",
    "REVIEWED": "reviewed|analysed|obtained|published",
    "DAMAGE": "damage|heavy damage|fire damage|craters close",
    "BUILDINGS": "buildings|homes|warehouses|schools|apartment blocks",
    "PART": "the eastern part|the south|the outskirts|the old town|the industrial zone",
    "REACHED": "reached|hit|climbed to|peaked at",
    "RECORD_CLAUSE": """the highest reading since records began in {YEAR}|a record for {MONTH}|
        the hottest day in {SMALL} years|well above the seasonal average""",
    "AT_CITY": "in {CITY}|through {CITY}|near {CITY}|at {CITY}",
    "ABOVE_NORMAL": "above its normal level|above the warning mark|higher than in {YEAR}",
    "BATTLING": "battling|fighting|trying to contain|struggling with",
    "BLAZES": "blazes|fires|wildfires|separate fires",
    "COORDINATED": "coordinated|led|oversaw|directed",
    "MOVED_TO": "moved to|taken to|housed in|evacuated to",
    "SHELTERS": "shelters|schools|sports halls|temporary camps",
    "OVERNIGHT": "overnight|since {DAY}|by {DAY} morning|in the past {SMALL} days",
    "BEAT": "beat|thrashed|edged past|overcame|lost to|drew with",
    "SCORING": "scoring|heading in the winner|netting twice|converting a penalty",
    "CROWD": "in front of a crowd of {COUNT}|before {COUNT} fans|at a half-empty stadium|in driving rain",
    "RESULT": "defeat|draw|win|result",
    "BEHIND": "behind the leaders|clear of the drop zone|off the top|above the relegation places",
    "MATCHES_LEFT": "matches left to play|games remaining|rounds to go|fixtures left",
    "ATTEND": "Attendance at home games|Ticket revenue|Television viewing|Merchandise sales",
    "HAS_CHANGED_PP": "risen|fallen|dropped|climbed|grown",
    "USING": "using|buying airtime on|advertising on",
    "TROOPS": "the army|soldiers|volunteers|engineers|reservists",
    "PAY_OF": "the pay of junior doctors|nurses' salaries|the wages of care workers",
    "DIVISION": "to the second division|a division|to the third tier",
    "NEAR_PLACE": "the border villages|the frontline towns|the eastern districts|the coastal plain",
    # Topic phrases with optional modifiers: unrelated articles on one topic then rarely share
    # a long run of words (the topic lists alone are short).
    "EVENTX": "{EVENT}|{EVENT}|{EVENT} last {MONTH}|{EVENT} on {DAY}|{EVENT} in {YEAR}|{EVENT} {SMALL} weeks ago",
    "MEASUREX": """{MEASURE}|{MEASURE}|{MEASURE} in {CITY}|{MEASURE} nationwide|{MEASURE} across the region|
        {MEASURE} among {GROUP}|{MEASURE} in rural {CITY}|{MEASURE} in {CITY} and {CITY}|{MEASURE} since {MONTH}|
        {MEASURE} at {ORG}|{MEASURE} in {COUNTRYX}|{MEASURE} this {MONTH}|{MEASURE} around {CITY}""",
    "ACTIONX": """{ACTION}|{ACTION}|{ACTION}|{ACTION} this year|{ACTION} if necessary|{ACTION} as soon as possible|
        {ACTION} next {DAY}|{ACTION} within {SMALL} weeks|{ACTION} despite {CONCERN}""",
    "CONSEQX": """{CONSEQ}|{CONSEQ}|{CONSEQ} within months|{CONSEQ} by {YEAR_FUTURE}|{CONSEQ} in the long run|
        {CONSEQ}, {ANALYST_ROLE_PL} say|{CONSEQ} in {CITY} and beyond""",
    "ANALYST_ROLE_PL": "analysts|economists|experts|officials|observers|insiders",
    "ISSUEX": """{ISSUE}|{ISSUE}|{ISSUE}|{ISSUE}|{ISSUE} and its {ASPECT}|{ROW_OVER} {ISSUE}|
        {ISSUE} and {ISSUE}""",
    "ROW_OVER": """the row over|the debate over|the dispute over|the fight over|the uproar over|wrangling over|
        the argument over|the controversy over|the standoff over|the battle over|the feud over|the talks on""",
    "ASPECT": "cost|timing|legal basis|impact on {GROUP}|consequences|critics|backers",
    # Composed from the topic lexicons (see _LEXICON).
    "ROLE": "{ROLE_SOLO}|{ROLE_SOLO}|{ROLE_T} {ROLE_AT}|{ROLE_T} {ROLE_AT}",
    # Mostly the named issues of the article ("the Kestrel wind farm"), so that articles differ.
    "ISSUE": """{ISSUE_S}|{ISSUE_S}|{ISSUE_S}|{ISSUE_S}|{ISSUE_S}|{ISSUE_S}|{ISSUE_S}|{ISSUE_S}|
        {ISSUE_S}|{ISSUE_S}|{ISSUE_S}|{ISSUE_S}|{ISSUE_S}|{ISSUE_S}|{ISSUE_S}|the {ADJ} {NOUN}|the {NOUN}|the {ADJ} {NOUN} in {CITY}|plans for {ISSUE_S}|
        {ISSUE_S}'s future|{ISSUE_S}'s cost|the {NOUN} {PLAN_WORD}|the {ADJ} {NOUN} {PLAN_WORD}|
        the {NOUN} near {CITY}|{ISSUE_T}""",
    "PLAN_WORD": "plan|deal|review|proposal|rules|dispute|contract|timetable|budget",
    "A_REVIEW": """the publication of a review|a critical review|an internal audit|the findings of an audit|
        a parliamentary report|a leaked assessment|an independent study|a damning report|the first assessment""",
    "ACTION": """{VERB} {ISSUE}|{VERB} {ISSUE}|{VERB} {ISSUE}|{VERB} {ISSUE} {TIMEFRAME}|
        {VERB} {ISSUE} and {VERB} {ISSUE}|{ACT_T}""",
    "EVENT": "{EVENT_T}|{EVENT_G}|{EVENT_G}",
    "EVENT_G": """the vote on {ISSUE}|{A_REVIEW} of {ISSUE}|a court ruling on {ISSUE}|
        protests over {ISSUE}|the resignation of the {ROLE_SOLO}|a leaked report on {ISSUE}|talks on {ISSUE} in {CITY}|
        the collapse of {EVENT_TALK} on {ISSUE}|the announcement on {ISSUE}|an inquiry into {ISSUE}""",
    "CONSEQ": "{CONSEQ_G}|{CONSEQ_G}|{CONSEQ_T}",
    "CONSEQ_G": """add {MONEYX} to the cost of {ISSUE}|force {GROUP} to {VERB} {ISSUE}|push {MEASURE} {UPDOWN} by {PCTX}|
        delay {ISSUE} by {SMALL} months|cost {GROUP} {MONEYX}|leave {COUNTX} {UNIT} {STRANDED}|
        put {COUNTX} jobs at risk in {CITY}|trigger {BAD}|undermine trust in {INST}|hand {INST} a {WIN_LOSS} over {ISSUE}""",
    "WIN_LOSS": "victory|defeat|headache|windfall|free hand|veto",
    "GROUP": "{GROUP_N}|{GROUP_N}|{GROUP_ADJ} {GROUP_N}",
    "GROUP_ADJ": "local|rural|younger|older|angry|independent|small|worried|frustrated|unionised|urban|northern|southern",
    "SPOKES": """A spokesperson for|A spokeswoman for|A spokesman for|A representative of|A press officer at|
        An official at|A senior figure at|Someone close to""",
    "WERE_SEEN": "were seen|were|have been|spent {DAY}|spent the weekend",
    "VERBING": """protesting against|debating|queuing to comment on|lobbying against|petitioning over|
        campaigning over|arguing about""",
    "LONG_BEEN": "long been|always been|become|been|lately been|since {YEAR} been|since {MONTH} been|emerged as",
    "CRITIC_OR_FAN": """critic|supporter|vocal critic|cautious backer|fierce opponent|champion|sceptic|defender|
        harsh critic|quiet supporter|foe|reluctant backer|staunch defender|cheerleader|detractor|opponent|
        advocate|fan|ally|enemy|proponent""",
    "HIS_OFFICE": "aides|her office|his office|allies|a spokesperson|officials close to the {ROLE}",
    "A_MOVE": "a move|a decision|a step|a reversal|an announcement",
    "MOVE_EFFECT": """angered {GROUP}|surprised {GROUP}|was welcomed by {GROUP}|cost {ORG} {MONEYX}|divided {GROUP}|
        went largely unnoticed|drew little comment in {MONTH}|{PS} later defended|irritated {INST}|
        pleased {GROUP}|alarmed {ORG}""",
    "HAD_NO_CHOICE": """had little choice|had no option|was left with no alternative|saw no way|had run out of options|
        could do nothing|was in no position|had no room|was powerless""",
    "EXPECT": "expect|believe|think|want",
    "BE_SETTLED": "be settled|be resolved|go ahead|survive|be revived|change much",
    "POLL_CLAUSE": """according to a survey by {ORG}|a poll for {OUTLETX} suggested|{PS} conceded|
        a study {PUBLISHED} {WHEN_L} found|interviews in {CITY} suggest""",
    "SIGNS": "signs|growing signs|few signs|early indications|reports",
    "WILL_MEET": "will meet|is due to meet|will reconvene|has called a session|plans to meet",
    "DECIDE_ON": "decide on|vote on|discuss|review|debate",
    "SIGNED": "signed|backed|delivered|published",
    "PETITION": "a petition|an open letter|a joint statement|a letter",
    "CALLING": "calling on|urging|asking|pressing",
    "WHO_CLAUSE": """who took office in {YEAR}|who faces re-election in {YEAR_FUTURE}|in the post since {YEAR}|
        who is under pressure from {GROUP}|who visited {CITY} on {DAY}|who has said little in public|
        speaking after {EVENT_TALK} in {CITY}""",
    "UNDER_PLAN": "Under the plan|Under the proposals|Under the deal|Under the new rules|If approved",
    "RECEIVE": "receive|pay|lose|be offered|share|save",
    "EXPECTED_TO": "expected to|likely to|set to|certain to|unlikely to|bound to|poised to|sure to",
    "DOMINATE": "dominate|overshadow|feature in|lead the agenda in|hang over|loom over|shape|disrupt",
    "BUILDING": "the offices of {INST}|the headquarters of {ORG}|parliament|the town hall|the court|the ministry",
    "CARRYING": "carrying|waving|holding|chanting and holding",
    "BANNERS": "banners criticising {ISSUEX}|placards|national flags|photographs of {GROUP}|home-made signs",
    "DECLINED": "declined|refused|did not want|was not able|chose not|was reluctant|hesitated",
    "SAY_WHETHER": """say whether|confirm whether|address reports that|explain why|deny that|discuss whether|
        rule out that|say if|respond to claims that|clarify whether""",
    "A_JUDG": """a mistake|a scandal|a distraction|the priority|a leadership test|long overdue|a mess|a fiasco|
        a wake-up call|a red line|a sideshow|a gamble|unworkable""",
    "ACCUSED": "accused|blamed|criticised",
    "GERUND2": """dragging its feet|playing politics|misleading {GROUP}|ignoring {GROUP}|wasting {MONEYX}|
        hiding the true cost""",
    "COMES_AS": """comes as|follows news that|was announced as|returns to the agenda as|resurfaced as|
        is in the news again as|came up again as|is likely to loom larger as|weighs more as|is back as""",
    "FACE": "face|risk|could see|are bracing for",
    "WARN": "warn|say|caution|predict|fear",
    "PAST_SAID": "said|estimated|reported|confirmed",
    "SET_ASIDE": "has set aside|has earmarked|is seeking|has requested|lost|spent",
    "DOCS_SHOW": "filings show|documents show|its annual report shows|{OUTLETX} reported|people familiar with the accounts said",
    "HAS_DONE_LITTLE": "has done little|has failed|did nothing|has been too slow|has been reluctant",
    "TRAVELLED": "travelled|flew|went|returned",
    "PROMISING": "promising|pledging|vowing|offering",
    "SOURCE_C": "Data from {INST}|A report by {ORG}|Figures published {WHEN_L}|A survey by {ORG}|Estimates from {ORG}",
    "COMPARE": """the {HIGHLOW} level since {YEAR}|short of target|a smaller change than expected|
        beating forecasts|a surprise to {TRADERS}|worse than {ORG} forecast|the {ORDINAL} straight {UPDOWN} move|
        reversing gains made {PERIOD}|in line with forecasts|a sharper move than in {YEAR}""",
    "HAS_CHANGED": "has risen|has fallen|has dropped|has climbed|has grown|has shrunk",
    "DETAILS": "details|timetable|figures|further comment|cost estimate|date|specifics|numbers|deadline|breakdown",
    "PAST_CALLED": "called on|urged|pressed|challenged|asked",
    "EVENT_TALK": """talks|a debate|a hearing|a meeting|a session|an emergency meeting|a summit|a forum|
        a conference|hearings|negotiations|a round of talks|a briefing|a town hall meeting|a committee session""",
    "RESPOND": "respond|set out its position|decide|comment further|publish its findings",
    "HAD_BEEN": "had been|were|have been|were reportedly",
    "AFFECTED": "affected|hit|left stranded|evacuated|registered|counted|turned away",
    "GATHERED": "gathered|marched|rallied|queued|protested|assembled",
    "PROTEST": """protest against|demand changes to|voice support for|mourn|call attention to|denounce|
        oppose|rally behind|decry|cheer|demand a rethink of|show support for""",
    "WITNESSES": """witnesses said|local television showed|police estimated|organisers said|
        according to {OUTLETX}|{SOURCE_SAID}""",
    "ANNOUNCED": "announced|unveiled|approved|proposed|set out|launched",
    "ISSUE_SHORT_C": "{ISSUEX}",
    "INST_C": "{INST}",
    "GROUP_C": "{GROUP}",
    "MEASURE_C": "{MEASUREX}",
}
_SYMBOL = re.compile(r"\{([A-Z0-9_]+)\}")
# Rules the story or topic sets for each article (filled in by `_Grammar.set_story`).
_LOCAL = ("ISSUE_S", "INST_S", "ROLE_SOLO", "ROLE_T", "ROLE_AT", "INST_T", "NOUN", "ADJ", "VERB", "ISSUE_T", "GROUP_N", "MEASURE",
          "ACT_T", "EVENT_T", "CONSEQ_T", "UNIT", "SUFFIX", "TT", "HEAD", "PINTRO", "PTAIL", "PS", "PSURNAME", "ORG_S", "TEAM_S", "CITY_S", "COUNTRY_S",
          "FACT_PCT", "FACT_COUNT", "FACT_MONEY")
_STORY_RULES = ("ISSUE_S", "INST_S", "PINTRO", "PTAIL", "PS", "PSURNAME", "ORG_S", "TEAM_S", "CITY_S", "COUNTRY_S",
                "FACT_PCT", "FACT_COUNT", "FACT_MONEY")

# Synonym table for spinning (UK spelling; the outlet's style is applied afterwards).
_SYNONYMS: dict[str, list[str]] = {
    k.strip(): [s.strip() for s in v.split(",")] for k, v in (
        line.split(":") for line in """said: stated, remarked, declared|told: informed|warned: cautioned, alerted|
        insisted: maintained, asserted|argued: contended, reasoned|noted: observed, remarked|
        acknowledged: admitted, recognised|added: continued, went on|stressed: emphasised, underlined|
        claimed: alleged, asserted|suggested: indicated, hinted|predicted: forecast, projected|
        announced: declared, unveiled|confirmed: verified, affirmed|explained: clarified|
        maintained: held, insisted|cautioned: warned|conceded: admitted, granted|repeated: reiterated|
        complained: grumbled, protested|rose: increased, climbed|fell: dropped, declined|
        climbed: rose, increased|jumped: leapt, soared|increased: grew, rose|dropped: fell, decreased|
        declined: fell, decreased|slipped: dipped, eased|surged: soared, spiked|eased: softened, slackened|
        tumbled: plunged, plummeted|sharply: steeply, significantly|slightly: marginally, somewhat|
        steadily: gradually, consistently|unexpectedly: surprisingly|modestly: moderately|
        dramatically: drastically, hugely|briefly: momentarily|further: more|abruptly: suddenly|
        government: administration|officials: authorities, representatives|minister: secretary|
        country: nation|company: firm, business|large: big, sizeable|small: little, minor|
        new: fresh, novel|many: numerous|important: crucial, vital|significant: considerable, notable|
        expected: anticipated, projected|plan: scheme, proposal|plans: intends, aims|help: assist, aid|
        showed: revealed, indicated|need: require|decision: choice, ruling|support: backing|
        problem: difficulty, trouble|concern: worry, unease|concerns: worries|attack: assault|
        meeting: session, gathering|talks: negotiations, discussions|agreement: accord, pact|
        deal: agreement, accord|price: cost|prices: costs|cost: price, expense|leader: head, chief|
        vote: ballot|voters: electors|election: poll|court: tribunal|judge: justice|law: legislation|
        lawmakers: legislators, parliamentarians|police: officers|troops: soldiers|soldiers: troops|
        fighting: clashes, hostilities|crisis: emergency|economy: economic system|growth: expansion|
        demand: appetite|shortage: scarcity|shortages: scarcities|rate: level|however: nevertheless|
        also: additionally|after: following|following: after|despite: in spite of|amid: during|
        about: around, approximately|nearly: almost|almost: nearly|around: about, roughly|
        quickly: rapidly, swiftly|immediately: instantly|recently: lately|strong: robust, powerful|
        weak: fragile, feeble|difficult: hard, tough|clear: obvious, evident|likely: probable|
        major: big, significant|main: principal, chief|key: crucial, central|senior: high-ranking, top|
        former: previous, ex|local: regional, municipal|national: nationwide|international: global|
        foreign: overseas|report: study|reports: accounts|statement: announcement, declaration|
        figures: numbers, statistics|data: figures, statistics|evidence: proof|analysts: experts, observers|
        experts: specialists|critics: opponents, detractors|Critics: Opponents, Detractors|
        supporters: backers, allies|residents: inhabitants, locals|workers: employees, staff|
        families: households|children: kids|hospital: clinic|doctors: physicians, medics|
        disease: illness|outbreak: epidemic|cases: infections|deaths: fatalities|injured: wounded, hurt|
        killed: slain|damage: destruction|storm: gale|flooding: floods|rain: rainfall|region: area, zone|
        area: region, district|city: town|border: frontier|army: military|ceasefire: truce|truce: ceasefire|
        energy: power|oil: crude|electricity: power|households: homes|investors: shareholders|
        shares: stocks|profit: earnings|profits: earnings|bank: lender|banks: lenders|inflation: price growth|
        jobs: positions|unemployment: joblessness|team: side, squad|match: game, fixture|players: athletes|
        coach: manager|season: campaign|fans: supporters|stadium: arena, ground|trial: hearing|
        lawyers: attorneys, counsel|ruling: decision, judgment|appeal: challenge|charges: accusations|
        jail: prison|prison: jail|investigation: inquiry, probe|inquiry: investigation, probe|
        protest: demonstration|protesters: demonstrators|campaign: drive|coalition: alliance|
        parliament: legislature, assembly|reform: overhaul|reforms: changes|proposal: plan, suggestion|
        budget: spending plan|tax: levy|taxes: levies|spending: expenditure|funding: financing|
        money: funds, cash|raise: lift, increase|cut: reduce, slash|cuts: reductions|reduce: cut, lower|
        boost: lift, strengthen|improve: enhance|affected: impacted, hit|hit: struck|warning: alert|
        threat: danger, risk|risk: danger, threat|danger: risk|fears: worries|hope: expectation|
        hopes: expectations|pressure: strain|challenge: test|efforts: attempts|response: reaction, reply|
        reaction: response|result: outcome|results: outcomes, findings|impact: effect|effect: impact|
        measures: steps|steps: measures|rules: regulations|regulator: watchdog|agency: body|
        organisation: body, group|system: network|project: scheme, venture|plant: facility|
        facility: site, plant|allow: permit|ban: prohibition|banned: prohibited|refused: declined|
        rejected: dismissed, turned down|approved: endorsed, passed|backed: supported, endorsed|
        criticised: condemned, attacked|condemned: denounced|welcomed: praised, hailed|praised: lauded|
        urged: called on, pressed|asked: requested|described: characterised|admitted: acknowledged|
        denied: disputed|promised: pledged, vowed|pledged: promised, vowed|vowed: promised, pledged|
        agreed: consented|delay: postpone, hold off|delayed: postponed, held up|postponed: delayed|
        launched: started, began|continued: persisted|remained: stayed|reached: hit, attained|
        growing: rising, increasing|rising: growing, climbing|mounting: growing|recent: latest|
        latest: newest|previous: prior, earlier|initial: early, first|final: last|next: coming, following|
        additional: extra, further|several: various|entire: whole|whole: entire|
        roughly: about, approximately|largely: mostly, mainly|mainly: mostly, chiefly|
        especially: particularly|particularly: especially|currently: presently|already: by now|
        still: yet|again: once more|often: frequently|soon: shortly|later: afterwards|earlier: previously|
        crowd: throng|dozens: scores|aid: help, assistance|relief: aid|homes: houses|roads: streets|
        staff: personnel|strike: walkout, stoppage|forecast: outlook|worst: most severe|biggest: largest|
        largest: biggest|highest: greatest|lowest: smallest|serious: grave, severe|severe: serious, harsh|
        urgent: pressing|widespread: extensive|economic: financial|financial: economic|
        security: safety|safety: security|frustrated: exasperated|concerned: worried|
        optimistic: hopeful|cautious: wary|divided: split|sceptical: doubtful|hopeful: optimistic|
        uneasy: anxious|angry: furious|alarmed: worried|relieved: reassured|confident: sure|
        unclear: uncertain|respond: reply|request: demand|comment: remark|discuss: debate|
        gathered: assembled|marched: paraded|rallied: assembled|evacuated: moved|stranded: stuck|
        warned: alerted|recorded: registered|reported: disclosed|published: released|released: published|
        extend: prolong|hire: recruit|recruit: hire|scrap: abandon, drop|impose: enforce|
        release: free|resume: restart|deploy: send|cancel: call off|close: shut|reopen: open again|
        build: construct|sell: offload|buy: purchase|approve: endorse|challenge: contest|publish: release|
        ration: restrict|sign: recruit|sack: dismiss, fire|review: reassess|overturn: reverse|
        seize: confiscate|order: demand|form: assemble|accept: agree to|hold: conduct|tighten: toughen|
        open: launch|bring: move|name: appoint|
        people: individuals, citizens|began: started|start: beginning|
        end: close|ended: concluded|rest: remainder|number: quantity|level: degree|levels: degrees|
        amount: sum|total: sum|share: proportion|part: portion|majority: bulk|plenty: lots|
        whether: if|while: whereas|although: though|because: since|unless: except if|before: prior to|
        during: throughout|across: throughout|within: inside|outside: beyond|near: close to|
        without: lacking|toward: towards|among: amongst""".split("|"))}

# UK spelling to US spelling (outlets have a house style; near-verbatim copies may switch it).
_UK_US = dict(pair.split(":") for pair in _words("""organisation:organization organisations:organizations
organised:organized organising:organizing defence:defense labour:labor centre:center centres:centers
programme:program programmes:programs favour:favor favoured:favored behaviour:behavior colour:color
neighbouring:neighboring neighbours:neighbors harbour:harbor honour:honor rumours:rumors
travelled:traveled cancelled:canceled licence:license offence:offense ageing:aging grey:gray
metres:meters kilometres:kilometers millimetres:millimeters theatre:theater fibre:fiber tyres:tires
fuelled:fueled labelled:labeled signalled:signaled modelling:modeling paediatric:pediatric
sceptical:skeptical criticised:criticized criticise:criticize criticises:criticizes
recognised:recognized analysed:analyzed mobilisation:mobilization mobilised:mobilized
stabilise:stabilize prioritise:prioritize modernise:modernize emphasised:emphasized
apologised:apologized authorised:authorized privatisation:privatization characterised:characterized
realised:realized minimise:minimize jeopardise:jeopardize scrutinise:scrutinize endeavour:endeavor
manoeuvre:maneuver catalogue:catalog enrolment:enrollment fulfil:fulfill judgement:judgment
whilst:while amongst:among towards:toward flavoured:flavored organising:organizing"""))
_US_UK = {v: k for k, v in _UK_US.items()}
_DASHES = {"em": "—", "en": " – ", "spaced": " — ", "hyphen": " - "}


def _case_like(word: str, model: str) -> str:
    if model[:1].isupper():
        return word[:1].upper() + word[1:]
    return word


@lru_cache(maxsize=4)
def _spelling_re(direction: str) -> tuple[re.Pattern[str], dict[str, str]]:
    table = _UK_US if direction == "us" else _US_UK
    table = dict(table)
    if direction == "us":
        table["per cent"] = "percent"
    else:
        table["percent"] = "per cent"
    keys = sorted(table, key=len, reverse=True)
    return re.compile(r"\b(" + "|".join(re.escape(k) for k in keys) + r")\b", re.IGNORECASE), table


def _respell(text: str, spelling: str) -> str:
    """Text in US or UK spelling (also "per cent"/"percent" and honorifics' full stops)."""
    pattern, table = _spelling_re(spelling)
    text = pattern.sub(lambda m: _case_like(table[m.group().lower()], m.group()), text)
    if spelling == "us":
        return re.sub(r"\b(Mr|Ms|Mrs|Dr)\b(?!\.)", r"\1.", text)
    return re.sub(r"\b(Mr|Ms|Mrs|Dr)\.", r"\1", text)


@dataclass(frozen=True)
class _Style:
    """An outlet's house style."""

    spelling: str  # "uk" or "us"
    quotes: str    # "straight" or "curly"
    dash: str      # key of _DASHES

    def apply(self, text: str) -> str:
        """Base text (UK spelling, «» quotes, ¦ dashes, straight apostrophes) in this style."""
        if self.spelling == "us":
            text = _respell(text, "us")
        if "¦" in text:
            text = text.replace(" ¦ ", "¦").replace("¦", _DASHES[self.dash])
            if self.dash == "em":
                text = text.replace(" — ", "—")
        if self.quotes == "curly":
            text = text.replace("«", "“").replace("»", "”").replace("'", "’")
        else:
            text = text.replace("«", '"').replace("»", '"')
        return text

    def restyle(self, text: str, source: "_Style") -> str:
        """Text written in `source` style, in this style (what a copy editor changes)."""
        if self.spelling != source.spelling:
            text = _respell(text, self.spelling)
        if self.quotes != source.quotes:
            if self.quotes == "curly":
                text = re.sub(r'"(?=\w)', "“", text)
                text = text.replace('"', "”").replace("'", "’")
            else:
                text = text.translate(str.maketrans({"“": '"', "”": '"', "’": "'", "‘": "'"}))
        if self.dash != source.dash:
            text = re.sub(r"\s*(?:—|–)\s*| - ", _DASHES[self.dash], text)
        return text


# ---------------------------------------------------------------------------------------------
# Grammar
# ---------------------------------------------------------------------------------------------

_Alt = Union[str, tuple, Callable[[], str]]
_ATTRIBUTION = _lines("""«{QUOTE},» {PS} {SAY}.|{PINTRO} {SAY}: «{QUOTE}.»|«{QUOTE},» said {PTAIL}.|
    {WHEN}, {PINTRO} {SAY}: «{QUOTE}.»|«{QUOTE},» {PINTRO} {SAY} {WHEN_L}.|
    {PS} {SAY} {PLACE}: «{QUOTE}.»""")


# Rules whose literal wording stays fixed: set phrases (every other run of three words or more
# comes in a few wordings, see `_variants`).
_FIXED_WORDING = frozenset({"NO_COMMENT", "UNCLEAR"})
_VARIED_TOPIC = frozenset({"TT", "ISSUE_T", "ACT_T", "EVENT_T", "CONSEQ_T", "MEASURE", "GROUP_N"})


@lru_cache(maxsize=None)
def _variants(text: str) -> list[str]:
    """A few wordings of a phrase, with some words swapped for synonyms.

    News writers word the same thing differently; without this, unrelated articles on one
    topic would share long runs of words (one fixed phrase after another) by accident. The
    choices are seeded by the phrase itself, so every corpus gets the same wordings.
    """
    words = text.split(" ")
    slots = [i for i, w in enumerate(words) if w.lower() == w and w in _SYNONYMS and w not in _NOUN_OR_VERB]
    if not slots:
        return [text]
    rng = Random(zlib.crc32(text.encode("utf-8")))
    out = [text, text]  # the plain wording stays the most common
    for _ in range(6):
        ws = list(words)
        for i in slots:
            if rng.random() < 0.5:
                syns = _SYNONYMS[ws[i]]
                ws[i] = syns[int(rng.random() * len(syns))]
        out.append(_A_AN.sub(_fix_article, " ".join(ws)))
    return out


# Words that are nouns in one place and verbs in another: a synonym of one reading would be
# wrong in the other ("to ban" is not "to prohibition"), so prose keeps them as written.
_NOUN_OR_VERB = frozenset(_words("""ban cut cuts hit support attack plan plans help need strike report reports
    order challenge appeal delay review protest close end start hope fear fears result results deal cost vote rate
    share level number release name form hold open bring sign sack respond request comment aid relief record
    many several declined fell dropped
    rest total amount forecast warning threat risk danger impact effect response reaction steps measures
    demand supply funding spending budget tax taxes boost raise reduce release build sell buy order"""))
_A_AN = re.compile(r"\b(a|an|A|An) (\w)")


def _fix_article(m: re.Match[str]) -> str:
    vowel = m.group(2).lower() in "aeiou"
    art = m.group(1)
    right = ("an" if vowel else "a") if art.islower() else ("An" if vowel else "A")
    return f"{right} {m.group(2)}"


def _split_rule(spec: str) -> list[str]:
    return [" ".join(a.split()) for a in spec.split("|")]


class _Grammar:
    """The news grammar compiled for one house style, drawing from one shared `Random`.

    Rules are lists of alternatives; an alternative is a string, a tuple of strings and rule
    lists (expanded in turn), or a function returning a string (numbers). Rules that depend on
    the story (its people, places, figures) or topic are lists refilled in place by `set_story`,
    so compiled alternatives keep pointing at them.
    """

    def __init__(self, style: _Style, rng: Random, outlets: list[str], seen: Optional["_Seen"] = None) -> None:
        self.style = style
        self.rng = rng
        self.seen = seen
        names = set(_RULES) | set(_LOCAL) | {"SP", "QUOTE", "PCT", "COUNT", "MONEY", "MONEY_SMALL",
                                             "YEAR", "YEAR_FUTURE", "TEMP", "SCORE", "MINUTE",
                                             "SMALL_AGE", "CITY_R", "COUNTRY_R", "OUTLET_R", "ATTRIB", "QSC",
                                             "WIND"}
        # Sorted: the order rules are compiled in must not depend on string hashing.
        self.rules: dict[str, list[_Alt]] = {n: [] for n in sorted(names)}
        for name, spec in _RULES.items():
            vary = name not in _FIXED_WORDING
            self.rules[name][:] = [self._compile(a, vary) for a in _split_rule(spec)]
        self.rules["ATTRIB"][:] = [self._compile(a) for a in _ATTRIBUTION]
        self.rules["CLAUSE"] = [self._compile(a) for a in _CLAUSES]
        self.rules["SP"][:] = [" "]
        rnd, randint = rng.random, rng.randint
        pct = "percent" if style.spelling == "us" else "per cent"
        r = self.rules
        r["PCT"][:] = [lambda: f"{randint(1, 39)}.{randint(1, 9)} {pct}", lambda: f"{randint(2, 75)} {pct}"]
        r["COUNT"][:] = [lambda: str(randint(12, 990)), lambda: str(randint(12, 990)),
                         lambda: f"{randint(1, 99):d},{randint(0, 999):03d}"]
        r["MONEY"][:] = [lambda: f"{'$€£'[int(rnd() * 3)]}{randint(1, 99)}.{randint(1, 9)} "
                                 f"{'billion' if rnd() < 0.4 else 'million'}",
                         lambda: f"{'$€£'[int(rnd() * 3)]}{randint(20, 950)} million"]
        r["MONEY_SMALL"][:] = [lambda: f"{'$€£'[int(rnd() * 3)]}{randint(12, 480)}"]
        r["YEAR"][:] = [lambda: str(randint(1985, 2022))]
        r["YEAR_FUTURE"][:] = [lambda: str(randint(2026, 2035))]
        r["TEMP"][:] = [lambda: f"{randint(36, 47)}.{randint(0, 9)} degrees Celsius"]
        r["SCORE"][:] = [lambda: f"{randint(1, 5)}-{randint(0, 3)}"]
        r["MINUTE"][:] = [lambda: _ordinal(randint(3, 90))]
        r["SMALL_AGE"][:] = ["60", "65", "70", "75", "80"]
        r["WIND"][:] = [lambda: str(randint(60, 180))]
        qs = r["QS"]
        r["QSC"][:] = [lambda: _cap(self._expand(qs))]  # a quotation opens with a capital
        r["CITY_R"][:] = [p[0] for p in _PLACES]
        r["COUNTRY_R"][:] = sorted({p[1] for p in _PLACES})
        r["OUTLET_R"][:] = list(outlets)
        self.topics = {t: {sym: [self._compile(a, sym in _VARIED_TOPIC) for a in alts]
                           for sym, alts in pools.items()} for t, pools in _TOPICS.items()}
        self._flatten()
        self._expand = self._make_expander()
        # Rules set per story or topic that only ever hold plain strings can be picked inline.
        plain = set(_STORY_RULES) | {sym for sym in _LOCAL if all(
            sym in pools and all(type(a) is str for a in pools[sym]) for pools in self.topics.values())}
        self._plain_local = {id(self.rules[n]) for n in plain}
        for pools in [self.rules, *self.topics.values()]:
            for alts in pools.values():
                alts[:] = [self._closure(a) if type(a) is tuple else a for a in alts]

    def _flatten(self, limit: int = 300) -> None:
        """Replace each alternative that only uses fixed, small rules by the list of its expansions.

        Picking from that list gives the same distribution as expanding slot by slot (uniform
        choices are independent), in one step instead of several: generation is much faster.
        """
        dynamic = {id(self.rules[n]) for n in _LOCAL + ("QUOTE",)}
        dynamic |= {id(alts) for alts in self.rules.values() if any(callable(a) for a in alts)}
        memo: dict[int, Optional[list[str]]] = {}

        def expansions(alts: list[_Alt]) -> Optional[list[str]]:
            key = id(alts)
            if key in memo:
                return memo[key]
            memo[key] = None  # guards against cycles
            if key in dynamic:
                return None
            out: list[str] = []
            for alt in alts:
                got = alt_expansions(alt)
                if got is None or len(out) + len(got) > limit:
                    return None
                out += got
            memo[key] = out
            return out

        def alt_expansions(alt: _Alt) -> Optional[list[str]]:
            if type(alt) is str:
                return [alt]  # type: ignore[list-item]
            if type(alt) is list:
                return alt  # type: ignore[return-value]
            if type(alt) is not tuple:
                return None
            acc = [""]
            for p in alt:  # type: ignore[union-attr]
                opts = [p] if type(p) is str else expansions(p)
                if opts is None or len(acc) * len(opts) > limit:
                    return None
                acc = [a + o for a in acc for o in opts]
            return acc

        for pools in [self.rules, *self.topics.values()]:
            for alts in pools.values():
                for i, alt in enumerate(alts):
                    if type(alt) is tuple:
                        got = alt_expansions(alt)
                        if got is not None:
                            alts[i] = got
        # A fixed rule whose alternatives are now strings or lists of them becomes one list of
        # strings, each alternative repeated so that it keeps its share of picks.
        for name, alts in self.rules.items():
            if id(alts) in dynamic or not alts or all(type(a) is str for a in alts):
                continue
            if not all(type(a) in (str, list) for a in alts):
                continue
            sizes = [len(a) if type(a) is list else 1 for a in alts]
            total = math.lcm(*sizes)
            if total * len(alts) > 5000:
                continue
            flat: list[str] = []
            for a, size in zip(alts, sizes):
                flat += (a if type(a) is list else [a]) * (total // size)  # type: ignore[operator]
            alts[:] = flat

    def _compile(self, alt: str, vary: bool = False) -> _Alt:
        """An alternative as a string, or a tuple of strings and rules; with `vary`, literal runs
        of three words or more become lists of wordings (see `_variants`)."""
        alt = " ".join(alt.split())
        parts = _SYMBOL.split(alt)
        if len(parts) == 1:
            return self._literal(alt, vary)
        out: list[Any] = []
        for i, p in enumerate(parts):
            if i % 2 == 0:
                if p:
                    out.append(self._literal(p, vary))
            else:
                out.append(self.rules[p])  # KeyError here means a typo in a rule name
        return tuple(out)

    def _literal(self, text: str, vary: bool) -> Union[str, list[str]]:
        if "{" in text or "}" in text:
            raise ValueError(f"malformed rule reference in {text!r}")
        if vary and text.count(" ") >= 2:
            forms = _variants(text)
            if len(forms) > 1:
                return [self.style.apply(f) for f in forms]
        return self.style.apply(text)

    def _make_expander(self) -> Callable[[list[_Alt]], str]:
        rnd = self.rng.random

        def expand(alts: list[_Alt]) -> str:
            alt = alts[int(rnd() * len(alts))]
            t = type(alt)
            if t is str:
                return alt  # type: ignore[return-value]
            if t is list:
                return alt[int(rnd() * len(alt))]  # type: ignore[index]
            return alt()  # type: ignore[operator]

        return expand

    def _closure(self, alt: tuple) -> Callable[[], str]:
        """A function that expands a compiled alternative (made from a cached factory)."""
        local = {id(self.rules[n]) for n in _LOCAL + ("QUOTE",)}
        plain_local = self._plain_local
        shape, lits, refs = [], [], []
        for p in alt:
            if type(p) is str:
                shape.append("L")
                lits.append(p)
            else:
                # A rule of plain strings (fixed, or set from the story, which only holds
                # strings) is picked from inline, without a call.
                terminal = id(p) in plain_local or (id(p) not in local and all(type(a) is str for a in p))
                shape.append("T" if terminal else "R")
                refs.append(p)
        return _factory("".join(shape))(self._expand, self.rng.random, *lits, *refs)

    def set_story(self, story: "_Story") -> None:
        """Point the story and topic rules at `story`."""
        r = self.rules
        for sym, alts in self.topics[story.topic].items():
            r[sym][:] = alts
        for sym, values in story.styled(self.style).items():
            r[sym][:] = values
        # The named issues and local bodies are drawn for each article: articles on one story
        # share its people and figures, not its wording.
        city, apply = story.simple["CITY_S"][0], self.style.apply
        r["ISSUE_S"][:] = [apply(v) for v in _story_issues(self.rng, story.topic, city)]
        r["INST_S"][:] = [apply(v) for v in _story_institutions(self.rng, story.topic, city)]

    def expand(self, rule: str) -> str:
        return self._expand(self.rules[rule])

    def sentence(self) -> str:
        """A new sentence: one already written anywhere in the corpus is drawn again."""
        sent, seen = self.rules["SENT"], self.seen
        for _ in range(20):
            s = self._expand(sent)
            s = s[0].upper() + s[1:]
            if seen is None or seen.add(s):
                return s
        return s

    def title(self) -> str:
        s = self._expand(self.rules["HEAD"])
        return s[0].upper() + s[1:]

    def prose(self, n_words: int) -> list[list[str]]:
        """Paragraphs of one to three sentences, about `n_words` words in all."""
        rnd, sentence = self.rng.random, self.sentence
        paras: list[list[str]] = []
        words = 0
        while words < n_words:
            k = 1 if rnd() < 0.25 else (2 if rnd() < 0.6 else 3)
            para = []
            for _ in range(k):
                s = sentence()
                para.append(s)
                words += s.count(" ") + 1
                if words >= n_words:
                    break
            paras.append(para)
        return paras

    def attribution(self, quote: str) -> str:
        """A sentence that carries `quote` (its last mark of punctuation dropped)."""
        self.rules["QUOTE"][:] = [quote]
        s = self._expand(self.rules["ATTRIB"])
        return s[0].upper() + s[1:]


class _Seen:
    """A Bloom filter of the sentences written so far, so that none repeats by accident.

    Two positions from one CRC-32 (deterministic, unlike `hash`), 16 bits per expected sentence:
    about one new sentence in a hundred is wrongly taken as seen and simply drawn again.
    """

    def __init__(self, expected: int) -> None:
        self.size = max(1 << 16, 16 * expected)
        self.bits = bytearray(self.size // 8 + 1)

    def add(self, text: str) -> bool:
        """Record `text`; True if it was not seen before."""
        h = zlib.crc32(text.encode("utf-8"))
        h1, h2 = h % self.size, ((h * 0x9E3779B1) >> 13) % self.size
        bits = self.bits
        m1, m2 = 1 << (h1 & 7), 1 << (h2 & 7)
        if bits[h1 >> 3] & m1 and bits[h2 >> 3] & m2:
            return False
        bits[h1 >> 3] |= m1
        bits[h2 >> 3] |= m2
        return True


_FACTORIES: dict[str, Callable[..., Callable[[], str]]] = {}


def _factory(shape: str) -> Callable[..., Callable[[], str]]:
    """A maker of expansion functions for one shape of alternative.

    `shape` has one letter per part: L a literal, R a rule expanded by a call, T a rule of plain
    strings picked from inline. Generated code concatenates the parts directly, which is several
    times faster than looping over them.
    """
    make = _FACTORIES.get(shape)
    if make is None:
        parts, lits, refs = [], [], []
        for c in shape:
            if c == "L":
                parts.append(f"l{len(lits)}")
                lits.append(f"l{len(lits)}")
            elif c == "R":
                parts.append(f"e(r{len(refs)})")
                refs.append(f"r{len(refs)}")
            else:
                parts.append(f"r{len(refs)}[int(rnd() * len(r{len(refs)}))]")
                refs.append(f"r{len(refs)}")
        args = ", ".join(["e", "rnd", *lits, *refs])
        src = f"def make({args}):\n    return lambda: {' + '.join(parts) or repr('')}\n"
        namespace: dict[str, Any] = {}
        exec(src, namespace)  # noqa: S102  (generated from the fixed letters above only)
        make = _FACTORIES[shape] = namespace["make"]
    return make


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


class _Story:
    """What several articles on one event share: topic, people, places and figures.

    Held in base style (UK spelling, straight apostrophes); `styled` gives the story's rules in an
    outlet's style, built once per style.
    """

    __slots__ = ("topic", "time", "people", "simple", "_styled")

    def __init__(self, topic: str, time: datetime, people: list[tuple[str, str, str, str]],
                 simple: dict[str, list[str]]) -> None:
        self.topic = topic
        self.time = time
        self.people = people  # (first, last, role, honorific); the first is the main person
        self.simple = simple
        self._styled: dict[_Style, dict[str, list[str]]] = {}

    def drop_styles(self) -> None:
        self._styled = {}

    def styled(self, style: _Style) -> dict[str, list[str]]:
        got = self._styled.get(style)
        if got is not None:
            return got
        us, curly = style.spelling == "us", style.quotes == "curly"
        intro: list[str] = []
        tail: list[str] = []
        short: list[str] = []
        surname: list[str] = []
        for i, (first, last, role, hon) in enumerate(self.people):
            role = style.apply(role)
            if curly:
                first, last = first.replace("'", "’"), last.replace("'", "’")
            if us:
                hon += "."
            short_role = role.split(" of ")[0].split(" at ")[0].split(" for ")[0]
            weight = 3 if i == 0 else 1  # the main person is named most often
            intro += [f"{first} {last}, the {role},", f"the {role}, {first} {last},"] * weight
            tail += [f"{first} {last}, the {role}", f"{hon} {last}", f"{first} {last}"] * weight
            short += [f"{hon} {last}", f"{hon} {last}", last, f"the {short_role}"] * weight
            surname += [last] * weight
        got = {k: [v.replace("per cent", "percent") for v in vs] if us else vs
               for k, vs in self.simple.items()}
        for key in ("ISSUE_S", "INST_S"):
            got[key] = [style.apply(v) for v in got[key]]
        got.update(PINTRO=intro, PTAIL=tail, PS=short, PSURNAME=surname)
        self._styled[style] = got
        return got


def _story_issues(rng: Random, topic: str, city: str) -> list[str]:
    """What one article is about, named as news names it ("the Kestrel wind farm", "the Okafor
    corruption case"): a name from a place, an organisation or a person and a topic noun. Stories
    on one topic then seldom share an issue phrase, as real stories seldom do."""
    nouns = _TOPICS[topic]["NOUN"]
    out: list[str] = []
    for weight in (3, 1):
        r = rng.random()
        pool = [city] if r < 0.25 else (_ORG_PREFIX if r < 0.6 else _SURNAMES)
        name = f"{pool[int(rng.random() * len(pool))]} {nouns[int(rng.random() * len(nouns))]}"
        out += [f"the {name}"] * weight
    return out


def _story_institutions(rng: Random, topic: str, city: str) -> list[str]:
    """Two local bodies an article cites, named after its city or an organisation."""
    kinds = _INST_KINDS[topic]
    out = []
    for _ in range(2):
        name = city if rng.random() < 0.6 else _ORG_PREFIX[int(rng.random() * len(_ORG_PREFIX))]
        out.append(f"the {name} {kinds[int(rng.random() * len(kinds))]}")
    return out


def _new_story(base: _Grammar, rng: Random, time: datetime) -> _Story:
    """A story in base style (UK spelling, straight apostrophes)."""
    topic = TOPICS[int(rng.random() * len(TOPICS))]
    city, country = _PLACES[int(rng.random() * len(_PLACES))]
    b = base.rules
    prefix = base.expand("ORG_PREFIX")
    suffix = _TOPICS[topic]["SUFFIX"][int(rng.random() * len(_TOPICS[topic]["SUFFIX"]))]
    team = f"{city} {base.expand('TEAM_END')}" if rng.random() < 0.6 else f"{base.expand('TEAM_START')} {city}"
    simple: dict[str, list[str]] = {
        "ORG_S": [f"{prefix} {suffix}"], "TEAM_S": [team], "CITY_S": [city], "COUNTRY_S": [country],
        "FACT_PCT": [base.expand("PCT")], "FACT_COUNT": [base.expand("COUNT"), base.expand("COUNT")],
        "FACT_MONEY": [base.expand("MONEY")],
        "ISSUE_S": _story_issues(rng, topic, city),
        "INST_S": _story_institutions(rng, topic, city),
    }
    # Roles may name the story's organisation or city: expand them with the story in place.
    for sym in ("ORG_S", "TEAM_S", "CITY_S", "COUNTRY_S", "ISSUE_S", "INST_S"):
        b[sym][:] = simple[sym]
    for sym, alts in base.topics[topic].items():
        b[sym][:] = alts
    people = []
    for _ in range(2 + (rng.random() < 0.5)):
        female = rng.random() < 0.5
        names = _FEMALE if female else _MALE
        first = names[int(rng.random() * len(names))]
        last = _SURNAMES[int(rng.random() * len(_SURNAMES))]
        people.append((first, last, base.expand("ROLE"), "Ms" if female else "Mr"))
    return _Story(topic, time, people, simple)


# ---------------------------------------------------------------------------------------------
# Edits: what copy editors, spinners and translation engines do to a copied passage
# ---------------------------------------------------------------------------------------------

class _Sent:
    """A sentence that is (or may become) shared: its text, its lineage and how it got here.

    `line` identifies the original sentence; `hist` lists the planting events (indices) it went
    through since; `quote` is (quote id, pieces) when it carries a shared quotation, the pieces
    being (index, text) of the quotation's sentences as this copy has them (an outlet may drop
    one or cut it short), so that two copies are matched on the sentences they both have.
    Sentences nobody copies stay plain strings, which keeps large corpora light.
    """

    __slots__ = ("text", "line", "hist", "quote")

    def __init__(self, text: str, line: int, hist: tuple[int, ...] = (),
                 quote: Optional[_Quote] = None) -> None:
        self.text = text
        self.line = line
        self.hist = hist
        self.quote = quote


_Para = list  # a paragraph: a list of str or _Sent
_Quote = tuple[int, tuple[tuple[int, str], ...]]


def _quote_in(text: str, quote: Optional[_Quote]) -> Optional[_Quote]:
    """`quote` if all its pieces are still in `text` in order, else None."""
    if quote is None:
        return None
    k = 0
    for _, piece in quote[1]:
        j = text.find(piece, k)
        if j < 0:
            return None
        k = j + len(piece)
    return quote
_TOKEN = re.compile(r"^([^\w]*)([\w'’-]+?)([^\w]*)$")
_PREP_SWAP = {"in": "at", "on": "in", "of": "from", "to": "for", "at": "in", "for": "to", "with": "by"}
_LEAD_WORDS = frozenset(_words("""on late early earlier last over hours within by shortly at in
    speaking two before days since the according after"""))
_NUMBER = re.compile(r"(?<![\w.,])\d{1,3}(?:,\d{3})+(?:\.\d+)?(?![\w,]|\.\d)|(?<![\w.,])\d+(?:\.\d+)?(?![\w,]|\.\d)")
_CLAUSES = _lines("""officials said|according to people familiar with the matter|the statement said|
    as first reported by {OUTLET_R}|in a move that surprised many observers|a source close to the talks said|
    it emerged on {DAY}|reports said|two officials confirmed|according to a person briefed on the plans|
    {OUTLET_R} understands|people with knowledge of the discussions said""")


def _typo(word: str, rnd: Callable[[], float]) -> str:
    i = 1 + int(rnd() * (len(word) - 2))
    op = rnd()
    if op < 0.45:
        return word[:i - 1] + word[i] + word[i - 1] + word[i + 1:]
    if op < 0.8:
        return word[:i] + word[i + 1:]
    return word[:i] + word[i] + word[i:]


def _spin(text: str, rng: Random, cfg: FixtureConfig) -> str:
    """One sentence as a spinner or a machine translation leaves it."""
    rnd = rng.random
    out: list[str] = []
    for i, tok in enumerate(text.split(" ")):
        m = _TOKEN.match(tok)
        if not m:
            out.append(tok)
            continue
        lead, core, trail = m.groups()
        low = core.lower()
        if i and not lead and not trail and low in ("the", "a", "an") and rnd() < cfg.spin_noise_share:
            continue  # translation engines drop articles
        if low in _PREP_SWAP and rnd() < cfg.spin_noise_share / 2:
            core = _case_like(_PREP_SWAP[low], core)
        else:
            syns = _SYNONYMS.get(core) or _SYNONYMS.get(low)
            if syns and rnd() < cfg.spin_synonym_share:
                core = _case_like(syns[int(rnd() * len(syns))], core)
        if len(core) >= 4 and core.islower() and " " not in core and rnd() < cfg.spin_typo_share:
            core = _typo(core, rnd)
        out.append(lead + core + trail)
    if out and rnd() < cfg.spin_order_share:
        out = _reorder_words(out, rnd)
    s = " ".join(out)
    if s == text:  # a spinner always changes something: a typo in some longer word
        long = [i for i, w in enumerate(out) if len(w) >= 5 and w.isalpha() and w.islower()]
        if long:
            i = long[int(rnd() * len(long))]
            out[i] = _typo(out[i], rnd)
            s = " ".join(out)
    return s[:1].upper() + s[1:]


def _reorder_words(toks: list[str], rnd: Callable[[], float]) -> list[str]:
    """Move a leading adverbial to the end, or swap two neighbouring words."""
    lead = next((k for k in range(min(7, len(toks) - 4)) if toks[k].endswith(",")), None)
    if lead is not None and toks[0].lower() in _LEAD_WORDS and toks[-1].endswith("."):
        clause = toks[:lead + 1]
        rest = toks[lead + 1:]
        clause[0] = clause[0].lower()
        clause[-1] = clause[-1][:-1]
        rest[-1] = rest[-1][:-1]
        rest[0] = rest[0][:1].upper() + rest[0][1:]
        return rest + clause[:-1] + [clause[-1] + "."]
    plain = [k for k in range(1, len(toks) - 2) if toks[k].isalpha() and toks[k + 1].isalpha()
             and toks[k].islower() and toks[k + 1].islower()]
    if plain:
        k = plain[int(rnd() * len(plain))]
        toks = toks[:k] + [toks[k + 1], toks[k]] + toks[k + 2:]
    return toks


def _perturb_number(num: str, rnd: Callable[[], float]) -> str:
    """A different number in the same format (a corrected or updated figure)."""
    if "." in num:
        whole, dec = num.split(".")
        value = int(whole.replace(",", "")) * 10 ** len(dec) + int(dec)
        step = 1 + int(rnd() * 5)
        value = value + step if rnd() < 0.5 or value <= step else value - step
        whole_s, dec_s = divmod(value, 10 ** len(dec))
        return f"{whole_s:,}.{dec_s:0{len(dec)}d}" if "," in whole else f"{whole_s}.{dec_s:0{len(dec)}d}"
    value = int(num.replace(",", ""))
    if value < 20:
        new = value + (1 + int(rnd() * 2)) * (1 if rnd() < 0.5 or value <= 2 else -1)
    else:
        new = round(value * (1 + (0.02 + rnd() * 0.13) * (1 if rnd() < 0.5 else -1)))
        if new >= 1000 and rnd() < 0.5:
            new = round(new, -2)
        if new == value:
            new += 1
    return f"{new:,}" if "," in num else str(new)


def _sentences_of(paras: list[_Para]) -> list[_Sent]:
    return [s for p in paras for s in p]


def _near_verbatim(paras: list[_Para], rng: Random, cfg: FixtureConfig, src: _Style, tgt: _Style,
                   clause: Callable[[], str], force_style: bool = False) -> None:
    """Edit a copied passage in place with a few distinct near-verbatim edits."""
    rnd = rng.random
    ops = ["trim", "insert", "numbers", "style", "reorder"]
    rng.shuffle(ops)
    if force_style:
        ops.remove("style")
        ops.insert(0, "style")
    want = rng.randint(*cfg.near_verbatim_edits)
    if sum(len(p) for p in paras) == 1:
        want = 1  # two edits to one sentence would rewrite much of it
    done = 0
    for op in ops:
        if done >= want:
            break
        sents = _sentences_of(paras)
        free = [s for s in sents if s.quote is None]
        if op == "trim":
            if len(sents) >= 3:
                victim = sents[0] if rnd() < 0.5 else sents[-1]
                for p in paras:
                    if victim in p:
                        p.remove(victim)
                paras[:] = [p for p in paras if p]
                done += 1
            elif free:
                s = free[int(rnd() * len(free))]
                t = _trim_clause(s.text)
                if t != s.text:
                    s.text = t
                    done += 1
        elif op == "insert" and free:
            s = free[int(rnd() * len(free))]
            s.text = _insert_clause(s.text, clause())
            done += 1
        elif op == "numbers":
            cands = [(s, m) for s in free for m in _NUMBER.finditer(s.text)
                     if not (len(m.group()) == 4 and m.group()[:2] in ("19", "20"))]
            if cands:
                s, m = cands[int(rnd() * len(cands))]
                s.text = s.text[:m.start()] + _perturb_number(m.group(), rnd) + s.text[m.end():]
                done += 1
        elif op == "style":
            changed = False
            for s in sents:
                if tgt != src:
                    t = tgt.restyle(s.text, src)
                else:  # same house style: a copy editor still respells
                    t = _respell(s.text, "uk" if src.spelling == "us" else "us")
                if t != s.text:
                    changed = True
                    if s.quote is not None:
                        fix = (lambda x: tgt.restyle(x, src)) if tgt != src else \
                            (lambda x: _respell(x, "uk" if src.spelling == "us" else "us"))
                        s.quote = _quote_in(t, (s.quote[0], tuple((i, fix(p)) for i, p in s.quote[1])))
                    s.text = t
            done += changed
        elif op == "reorder":
            multi = [p for p in paras if len(p) >= 2]
            if multi:
                p = multi[int(rnd() * len(multi))]
                k = int(rnd() * (len(p) - 1))
                p[k], p[k + 1] = p[k + 1], p[k]
                done += 1


def _trim_clause(text: str) -> str:
    """Drop a trailing or leading clause, keeping at least eight words."""
    if not text.endswith(".") or any(q in text for q in "«»“”\""):
        return text  # cutting a quotation would leave its marks unbalanced
    words = text.count(" ") + 1
    cut = text.rfind(", ")
    if cut > 0 and text[:cut].count(" ") >= max(8, 0.65 * words):
        return text[:cut] + "."
    first = text.find(", ")
    if 0 < first and text[:first].count(" ") <= 5 and text[first + 2:].count(" ") >= 8:
        rest = text[first + 2:]
        return rest[:1].upper() + rest[1:]
    return text


def _insert_clause(text: str, clause: str) -> str:
    comma = text.find(", ")
    if text.endswith(".") and (comma < 0 or comma > len(text) // 2):
        return f"{text[:-1]}, {clause}."
    if comma > 0:
        return f"{text[:comma]}, {clause}{text[comma:]}"
    return f"{text}"


def _mutate_quote(pieces: list[tuple[int, str]], rng: Random) -> list[tuple[int, str]]:
    """A trimmed or altered variant of a quotation, as another outlet carries it."""
    rnd = rng.random
    out = list(pieces)
    if len(out) >= 2 and rnd() < 0.5:
        out.pop(0 if rnd() < 0.5 else -1)
        return out
    k = int(rnd() * len(out))
    idx, text = out[k]
    words = text.split(" ")
    cands = [i for i, w in enumerate(words) if w.strip(".,").lower() in _SYNONYMS and i > 0]
    if cands and rnd() < 0.7:
        i = cands[int(rnd() * len(cands))]
        w = words[i]
        core = w.rstrip(".,")
        syns = _SYNONYMS[core.lower()]
        words[i] = _case_like(syns[int(rnd() * len(syns))], core) + w[len(core):]
    elif len(words) >= 12:
        words = words[:-(2 + int(rnd() * 3))]  # the quotation is cut short (8 words or more left)
        words[-1] = words[-1].rstrip(",.;:") + "."
    out[k] = (idx, " ".join(words))
    return out


# ---------------------------------------------------------------------------------------------
# Building the corpus
# ---------------------------------------------------------------------------------------------

_EPOCH = datetime(2023, 1, 1, tzinfo=timezone.utc)
_SPAN_MINUTES = 2 * 365 * 24 * 60


class _Draft:
    """An article while the corpus is built: paragraphs of sentences, open to insertions."""

    __slots__ = ("story", "outlet", "paras", "title", "time", "is_source", "in_corpus", "received",
                 "plain")

    def __init__(self, story: _Story, outlet: int, paras: list[_Para], title: str, time: datetime,
                 plain: bool = False) -> None:
        self.story = story
        self.outlet = outlet
        self.paras = paras
        self.title = title
        self.time = time
        self.is_source = False
        self.in_corpus = True
        self.received = 0
        self.plain = plain


class _Builder:
    """Writes the articles and plants reuse in them, recording every planting.

    Only articles that no one has copied from yet receive plantings (`leaf`), so derivations
    never form a cycle and a receiving article's time can be moved after its new source's.
    """

    def __init__(self, n_articles: int, seed: int, cfg: FixtureConfig) -> None:
        self.n = n_articles
        self.cfg = cfg
        self.rng = Random(seed)
        self.outlet_names = [o[0] for o in _OUTLETS]
        # Sentences per article: about one per 25 words, and copies add none.
        self.seen = _Seen(n_articles * (cfg.article_words // 20 + 5))
        self.styles = [_Style(o[1], o[2], o[3]) for o in _OUTLETS]
        self.base = _Grammar(_Style("uk", "straight", "hyphen"), self.rng, self.outlet_names)
        self._grammars: dict[_Style, _Grammar] = {}
        self.drafts: list[_Draft] = []
        self.event_meta: list[tuple[str, str]] = []  # (kind, plan) per planting event
        self.copies: list[tuple[_Draft, _Draft, int]] = []  # (source, target, event)
        self.quote_groups: list[list[_Draft]] = []
        self.receivers: list[_Draft] = []
        self.next_line = 0

    # -- helpers ----------------------------------------------------------------------------
    def grammar(self, outlet: int) -> _Grammar:
        style = self.styles[outlet]
        g = self._grammars.get(style)
        if g is None:
            g = self._grammars[style] = _Grammar(style, self.rng, self.outlet_names, self.seen)
        return g

    def delay(self) -> timedelta:
        lo, hi = self.cfg.delay_minutes
        return timedelta(minutes=math.exp(math.log(lo) + self.rng.random() * (math.log(hi) - math.log(lo))))

    def story(self, time: Optional[datetime] = None) -> _Story:
        if time is None:
            time = _EPOCH + timedelta(minutes=int(self.rng.random() * _SPAN_MINUTES))
        return _new_story(self.base, self.rng, time)

    def words(self) -> int:
        return int(self.cfg.article_words * (0.9 + 0.2 * self.rng.random()))

    def outlet(self, wire: Optional[bool] = None) -> int:
        if wire:
            return int(self.rng.random() * len(_WIRES))
        if wire is False:
            return len(_WIRES) + int(self.rng.random() * (len(_OUTLETS) - len(_WIRES)))
        return int(self.rng.random() * len(_OUTLETS))

    def draft(self, story: _Story, *, words: Optional[int] = None, time: Optional[datetime] = None,
              outlet: Optional[int] = None, plain: bool = False) -> _Draft:
        outlet = self.outlet() if outlet is None else outlet
        g = self.grammar(outlet)
        g.set_story(story)
        paras = g.prose(self.words() if words is None else max(words, 1))
        if time is None:
            time = story.time + timedelta(minutes=int(self.rng.random() * 24 * 60))
        d = _Draft(story, outlet, paras, g.title(), time, plain)
        self.drafts.append(d)
        return d

    def event(self, kind: str, plan: str) -> int:
        self.event_meta.append((kind, plan))
        return len(self.event_meta) - 1

    def passage_size(self, src: _Draft) -> int:
        total = sum(len(p) for p in src.paras)
        rows = self.cfg.passage_sentences
        r = self.rng.random() * sum(w for _, _, w in rows)
        for lo, hi, w in rows:
            r -= w
            if r <= 0:
                break
        cap = max(1, int(total * self.cfg.max_passage_share))
        return max(1, min(self.rng.randint(lo, hi), cap))

    def take(self, src: _Draft, start: int, count: int, ev: int) -> list[_Para]:
        """Copies of sentences [start, start + count) of `src`, paragraph breaks kept."""
        src.is_source = True
        out: list[_Para] = []
        i = 0
        for para in src.paras:
            piece: _Para = []
            for k, s in enumerate(para):
                if start <= i < start + count:
                    if type(s) is str:
                        s = para[k] = _Sent(s, self.next_line)
                        self.next_line += 1
                    piece.append(_Sent(s.text, s.line, s.hist + (ev,), s.quote))
                i += 1
            if piece:
                out.append(piece)
        return out

    def edit(self, paras: list[_Para], kind: str, src: _Draft, tgt: _Draft, force_style: bool = False) -> None:
        """Apply the edits of `kind` to copied paragraphs."""
        if kind == "verbatim":
            return
        s_style, t_style = self.styles[src.outlet], self.styles[tgt.outlet]
        if kind == "near-verbatim":
            g = self.grammar(tgt.outlet)
            _near_verbatim(paras, self.rng, self.cfg, s_style, t_style,
                           lambda: g.expand("CLAUSE"), force_style)
            return
        as_uk = _Style("uk", s_style.quotes, s_style.dash)
        for p in paras:
            for s in p:
                text = t_style.restyle(_spin(s.text, self.rng, self.cfg), as_uk)
                s.quote = _quote_in(text, s.quote)
                s.text = text

    def insert(self, tgt: _Draft, passage: list[_Para]) -> None:
        """Put a passage into the target's prose, between or inside its paragraphs.

        Never inside a passage planted earlier: that one must stay whole for its truth.
        """
        rnd, paras = self.rng.random, tgt.paras
        tgt.received += 1
        self.receivers.append(tgt)

        def event(s: Any) -> Optional[int]:
            return s.hist[-1] if type(s) is not str and s.hist else None

        def splits(left: Any, right: Any) -> bool:
            e = event(left)
            return e is not None and e == event(right)

        between = [i for i in range(1, len(paras) + 1)
                   if i == len(paras) or not splits(paras[i - 1][-1], paras[i][0])]
        inside = [(j, k) for j in range(1, len(paras)) for k in range(1, len(paras[j]))
                  if not splits(paras[j][k - 1], paras[j][k])]
        if rnd() < 0.6 or not inside:
            i = 0 if rnd() < 0.1 or not between else between[int(rnd() * len(between))]
            paras[i:i] = passage
            return
        j, k = inside[int(rnd() * len(inside))]
        p = paras[j]
        if len(passage) == 1:
            paras[j] = p[:k] + passage[0] + p[k:]
        else:
            paras[j:j + 1] = [p[:k] + passage[0], *passage[1:-1], passage[-1] + p[k:]]

    def leaf(self, exclude: Iterable[_Draft] = ()) -> Optional[_Draft]:
        """An article already in the corpus that has not been copied from: it may receive more."""
        banned = {id(d) for d in exclude}
        for _ in range(20):
            # Half the time an article that already received a planting: it gets another.
            pool = self.receivers if self.receivers and self.rng.random() < 0.5 else self.drafts
            d = pool[int(self.rng.random() * len(pool))]
            if not d.is_source and d.in_corpus and d.received < 3 and id(d) not in banned:
                return d
        return None

    def count_words(self, paras: list[_Para]) -> int:
        return sum((s if type(s) is str else s.text).count(" ") + 1 for p in paras for s in p)

    # -- plantings --------------------------------------------------------------------------
    def passage(self, kind: str, multi: bool) -> None:
        tgt = self.leaf() if multi else None
        if tgt is not None:  # the source is written a little before the article it goes into
            t0 = tgt.time - self.delay()
            src = self.draft(self.story(t0), time=t0)
        else:
            src = self.draft(self.story())
        ev = self.event(kind, "passage")
        total = sum(len(p) for p in src.paras)
        size = self.passage_size(src)
        passage = self.take(src, int(self.rng.random() * (total - size + 1)), size, ev)
        if tgt is None:
            story = src.story if self.rng.random() < self.cfg.same_story_share else self.story(src.time)
            own = max(80, self.words() - self.count_words(passage))
            tgt = self.draft(story, words=own, time=src.time + self.delay())
        self.edit(passage, kind, src, tgt)
        self.insert(tgt, passage)
        self.copies.append((src, tgt, ev))

    def reprint(self, src: _Draft, tgt_outlet: int, kind: str, plan: str) -> _Draft:
        """The whole of `src` with a new first and last paragraph."""
        ev = self.event(kind, plan)
        body = self.take(src, 0, sum(len(p) for p in src.paras), ev)
        g = self.grammar(tgt_outlet)
        g.set_story(src.story)
        tgt = _Draft(src.story, tgt_outlet, [], src.title if self.rng.random() < 0.5 else g.title(),
                     src.time + self.delay())
        self.drafts.append(tgt)
        self.edit(body, kind, src, tgt, force_style=True)
        first = [g.sentence() for _ in range(1 + (self.rng.random() < 0.5))]
        last = [g.sentence() for _ in range(1 + (self.rng.random() < 0.5))]
        tgt.paras = [first, *body, last]
        tgt.received += 1
        self.copies.append((src, tgt, ev))
        return tgt

    def chain(self, multi: bool) -> None:
        b = self.leaf() if multi else None
        story = b.story if b is not None else self.story()
        a_time = (b.time - self.delay()) if b is not None else story.time
        a = self.draft(story, time=a_time)
        kind1 = "verbatim" if self.rng.random() < 0.5 else "near-verbatim"
        ev1 = self.event(kind1, "chain")
        total = sum(len(p) for p in a.paras)
        size = max(2, self.passage_size(a))
        size = min(size, total)
        p1 = self.take(a, int(self.rng.random() * (total - size + 1)), size, ev1)
        if b is None:
            b = self.draft(story, words=max(80, self.words() - self.count_words(p1)),
                           time=a.time + self.delay())
        self.edit(p1, kind1, a, b)
        self.insert(b, p1)
        self.copies.append((a, b, ev1))
        # C takes from B a stretch that overlaps what B took from A.
        flat = [s for p in b.paras for s in p]
        lines = {s.line for p in p1 for s in p}
        pos = [i for i, s in enumerate(flat) if type(s) is not str and s.line in lines]
        lo, hi = pos[0], pos[-1]
        if hi > lo and self.rng.random() < 0.4:  # only part of A's text travels on
            if self.rng.random() < 0.5:
                lo += 1 + int(self.rng.random() * (hi - lo))
            else:
                hi -= 1 + int(self.rng.random() * (hi - lo))
        lo = max(0, lo - int(self.rng.random() * 3))
        hi = min(len(flat) - 1, hi + int(self.rng.random() * 3))
        kind2 = "verbatim" if self.rng.random() < 0.5 else "near-verbatim"
        ev2 = self.event(kind2, "chain")
        p2 = self.take(b, lo, hi - lo + 1, ev2)
        c = self.draft(story, words=max(80, self.words() - self.count_words(p2)),
                       time=b.time + self.delay())
        self.edit(p2, kind2, b, c)
        self.insert(c, p2)
        self.copies.append((b, c, ev2))

    def fanout(self, n_outlets: int, missing: bool) -> None:
        story = self.story()
        wire = self.draft(story, outlet=self.outlet(wire=True), time=story.time)
        wire.in_corpus = not missing
        outlets = self.rng.sample(range(len(_WIRES), len(_OUTLETS)), n_outlets)
        for o in outlets:
            kind = "verbatim" if self.rng.random() < 0.65 else "near-verbatim"
            if self.rng.random() < 0.6:
                self.reprint(wire, o, kind, "fan-out")
                continue
            ev = self.event(kind, "fan-out")
            total = sum(len(p) for p in wire.paras)
            size = max(1, int(total * (0.6 + 0.4 * self.rng.random())))
            passage = self.take(wire, int(self.rng.random() * (total - size + 1)), size, ev)
            tgt = self.draft(story, words=max(60, self.words() // 4), time=wire.time + self.delay(),
                             outlet=o)
            self.edit(passage, kind, wire, tgt, force_style=True)
            self.insert(tgt, passage)
            self.copies.append((wire, tgt, ev))

    def quote(self, n_carriers: int) -> None:
        story = self.story()
        self.base.set_story(story)
        lo, hi = self.cfg.quote_sentences
        pieces = [(i, _cap(self.base.expand("QS")) + ".") for i in range(self.rng.randint(lo, hi))]
        qid = len(self.quote_groups)
        carriers: list[_Draft] = []
        for _ in range(n_carriers):
            d = self.draft(story, time=story.time + self.delay())
            variant = pieces
            if self.rng.random() < self.cfg.quote_mutation_rate:
                variant = _mutate_quote(pieces, self.rng)
            g = self.grammar(d.outlet)
            styled = [(i, g.style.apply(p)) for i, p in variant]
            # The attribution supplies the last mark of punctuation ("...," she said).
            styled[-1] = (styled[-1][0], styled[-1][1][:-1])
            s = _Sent(g.attribution(" ".join(p for _, p in styled)), self.next_line, (),
                      (qid, tuple(styled)))
            self.next_line += 1
            paras = d.paras
            if self.rng.random() < 0.6 or len(paras) < 2:
                paras.insert(1 + int(self.rng.random() * len(paras)), [s])
            else:
                j = 1 + int(self.rng.random() * (len(paras) - 1))
                paras[j].insert(1 + int(self.rng.random() * len(paras[j])), s)
            carriers.append(d)
        self.quote_groups.append(carriers)

    def negatives(self, size: int) -> None:
        story = self.story()
        for _ in range(size):
            self.draft(story)

    # -- the plan ---------------------------------------------------------------------------
    def build(self) -> None:
        c, rng = self.cfg, self.rng
        mean = lambda lo_hi: (lo_hi[0] + lo_hi[1]) / 2  # noqa: E731
        usage = {
            "verbatim": 2 - c.multi_planting_rate, "near-verbatim": 2 - c.multi_planting_rate,
            "spun": 2 - c.multi_planting_rate, "reprint": 2.0, "quote": mean(c.quote_carriers),
            "chain": 3 - c.multi_planting_rate,
            "fan-out": mean(c.fanout_outlets) + 1 - c.fanout_source_missing,
            "negative": mean(c.negative_group),
        }
        rates = {"verbatim": c.verbatim_rate, "near-verbatim": c.near_verbatim_rate,
                 "spun": c.spun_rate, "reprint": c.reprint_rate, "quote": c.quote_rate,
                 "chain": c.chain_rate, "fan-out": c.fanout_rate, "negative": c.negative_rate}
        need = sum(rates[k] * self.n * usage[k] for k in rates)
        scale = min(1.0, 0.85 * self.n / need) if need else 1.0
        plan: list[tuple[str, int, bool]] = []
        for k in rates:
            for _ in range(round(rates[k] * self.n * scale)):
                if k in ("verbatim", "near-verbatim", "spun", "chain"):
                    plan.append((k, 0, rng.random() < c.multi_planting_rate))
                elif k == "quote":
                    plan.append((k, rng.randint(*c.quote_carriers), False))
                elif k == "fan-out":
                    plan.append((k, rng.randint(*c.fanout_outlets), rng.random() < c.fanout_source_missing))
                elif k == "negative":
                    plan.append((k, rng.randint(*c.negative_group), False))
                else:
                    plan.append((k, 0, False))
        rng.shuffle(plan)

        def used(step: tuple[str, int, bool]) -> int:
            k, size, flag = step
            if k in ("verbatim", "near-verbatim", "spun"):
                return 1 if flag else 2
            if k == "chain":
                return 2 if flag else 3
            if k == "fan-out":
                return size + (0 if flag else 1)
            return 2 if k == "reprint" else size

        while plan and sum(map(used, plan)) > self.n:
            plan.pop()
        n_plain = self.n - sum(map(used, plan))
        for _ in range(n_plain):
            self.draft(self.story(), plain=True)
        for k, size, flag in plan:
            if k in ("verbatim", "near-verbatim", "spun"):
                self.passage(k, flag)
            elif k == "reprint":
                src = self.draft(self.story(), outlet=self.outlet(wire=rng.random() < 0.5))
                self.reprint(src, self.outlet(wire=False), "verbatim", "reprint")
            elif k == "chain":
                self.chain(flag)
            elif k == "fan-out":
                self.fanout(size, flag)
            elif k == "quote":
                self.quote(size)
            else:
                self.negatives(size)
        # A planting that found no article to reuse wrote a new one: drop untouched plain ones.
        extra = sum(d.in_corpus for d in self.drafts) - self.n
        for d in reversed(self.drafts):
            if extra <= 0:
                break
            if d.plain and d.in_corpus and not d.received and not d.is_source:
                d.in_corpus = False
                extra -= 1


def _cap(s: str) -> str:
    return s[:1].upper() + s[1:]


# ---------------------------------------------------------------------------------------------
# Rendering and truth
# ---------------------------------------------------------------------------------------------

def _render(d: _Draft, aid: str, lines: dict[int, list], quotes: dict[int, list]) -> str:
    """The article text; records where each tracked sentence and quotation landed."""
    pieces: list[str] = []
    pos = order = 0
    for pi, para in enumerate(d.paras):
        if pi:
            pieces.append("\n")
            pos += 1
        for si, s in enumerate(para):
            if si:
                pieces.append(" ")
                pos += 1
            if type(s) is str:
                t = s
            else:
                t = s.text
                lines.setdefault(s.line, []).append((aid, order, pos, pos + len(t), s.hist))
                if s.quote is not None:
                    locs, k = [], 0
                    for idx, piece in s.quote[1]:
                        j = t.find(piece, k)
                        if j < 0:
                            break
                        locs.append((idx, pos + j, pos + j + len(piece)))
                        k = j + len(piece)
                    else:
                        quotes.setdefault(s.quote[0], []).append((aid, tuple(locs), s.line))
            pieces.append(t)
            pos += len(t)
            order += 1
    return "".join(pieces)


def _kind_plan(hx: tuple[int, ...], hy: tuple[int, ...], meta: list[tuple[str, str]]) -> tuple[str, str]:
    """Kind and plan of the edits between two copies of one sentence (after their common past)."""
    k = 0
    while k < len(hx) and k < len(hy) and hx[k] == hy[k]:
        k += 1
    rest = hx[k:] + hy[k:]
    if not rest:
        return "verbatim", "passage"
    kind = max((meta[e][0] for e in rest), key=_SEVERITY.__getitem__)
    return kind, meta[rest[0]][1]


def _blocks(entries: list[tuple]) -> list[list[tuple]]:
    """Group shared sentences of one article pair into passages.

    Sentences belong together when they are near neighbours in both articles (a trimmed or
    reordered copy keeps them within a couple of places of each other).
    """
    entries.sort(key=lambda e: (e[0], e[1]))
    parent = list(range(len(entries)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, e in enumerate(entries):
        j = i - 1
        while j >= 0 and e[0] - entries[j][0] <= 2:
            if abs(e[1] - entries[j][1]) <= 3:
                parent[find(i)] = find(j)
            j -= 1
    groups: dict[int, list[tuple]] = {}
    for i, e in enumerate(entries):
        groups.setdefault(find(i), []).append(e)
    return list(groups.values())


def _published(d: _Draft, rng: Random, cfg: FixtureConfig) -> Optional[str]:
    r = rng.random()
    if r < cfg.undated_share:
        return None
    local = d.time.astimezone(timezone(timedelta(minutes=_OUTLETS[d.outlet][4])))
    if r < cfg.undated_share + cfg.date_only_share:
        return local.date().isoformat()
    return local.replace(microsecond=0).isoformat().replace("+00:00", "Z")


def _finish(b: _Builder, seed: int) -> Fixture:
    rng, cfg = b.rng, b.cfg
    for d in b.drafts:
        d.story.drop_styles()  # only the texts are needed from here on
    included = [d for d in b.drafts if d.in_corpus]
    n = len(included)
    width = max(4, len(str(max(n - 1, 0))))
    perm = list(range(n))
    rng.shuffle(perm)  # ids say nothing about which article came first
    ids = {id(d): f"n{perm[i]:0{width}d}" for i, d in enumerate(included)}
    lines: dict[int, list] = {}
    quotes: dict[int, list] = {}
    articles: list[dict[str, Any]] = []
    meta_articles: list[dict[str, Any]] = []
    texts: dict[str, str] = {}
    for d in included:
        aid = ids[id(d)]
        texts[aid] = _render(d, aid, lines, quotes)
        d.paras = []  # free the sentences as soon as the text exists
        pub = _published(d, rng, cfg)
        art: dict[str, Any] = {"id": aid, "outlet": _OUTLETS[d.outlet][0]}
        if pub is not None:
            art["published"] = pub
        art["title"] = d.title
        art["text"] = texts[aid]
        articles.append(art)
        meta_articles.append({"id": aid, "outlet": art["outlet"], "published": pub})
    for d in b.drafts:
        d.paras = []

    # Shared sentences -> passages per article pair.
    by_pair: dict[tuple[str, str], list[tuple]] = {}
    for inst in lines.values():
        if len(inst) < 2:
            continue
        for i in range(len(inst)):
            for j in range(i + 1, len(inst)):
                x, y = inst[i], inst[j]
                if x[0] == y[0]:
                    continue
                if y[0] < x[0]:
                    x, y = y, x
                by_pair.setdefault((x[0], y[0]), []).append((x[1], y[1], x[2], x[3], y[2], y[3], x[4], y[4]))
    matches: list[dict[str, Any]] = []
    for (a, bb), entries in by_pair.items():
        for block in _blocks(entries):
            kinds = [_kind_plan(e[6], e[7], b.event_meta) for e in block]
            kind = max((k for k, _ in kinds), key=_SEVERITY.__getitem__)
            matches.append(_match(a, min(e[2] for e in block), max(e[3] for e in block),
                                  bb, min(e[4] for e in block), max(e[5] for e in block),
                                  kind, kinds[0][1], False, texts))
    for inst in quotes.values():
        for i in range(len(inst)):
            for j in range(i + 1, len(inst)):
                x, y = inst[i], inst[j]
                if x[0] == y[0] or x[2] == y[2]:
                    continue  # same article, or one sentence copied whole (matched above)
                if y[0] < x[0]:
                    x, y = y, x
                common = {loc[0] for loc in x[1]} & {loc[0] for loc in y[1]}
                if not common:
                    continue  # two variants that kept different sentences share no text
                lx = [loc for loc in x[1] if loc[0] in common]
                ly = [loc for loc in y[1] if loc[0] in common]
                matches.append(_match(x[0], lx[0][1], lx[-1][2], y[0], ly[0][1], ly[-1][2],
                                      "quote", "quote", True, texts))
    matches.sort(key=lambda m: (m["a"], m["b"], m["a_start"], m["b_start"], m["a_end"], m["b_end"]))
    for i, m in enumerate(matches, 1):
        m["id"] = f"t{i}"
    matched = {(m["a"], m["b"]) for m in matches}

    # Derivations: direct copies; outlets of a missing wire story and carriers of one quotation
    # share a common source. A chain's ends and a wire story's outlets are related only through
    # the middle, so they get no derivation of their own.
    derivs: dict[tuple[str, str], dict[str, Any]] = {}

    def put(src: str, tgt: str, relation: str, kind: str, plan: str) -> None:
        key = (min(src, tgt), max(src, tgt))
        if key not in matched:
            return
        old = derivs.get(key)
        if old is not None:
            if old["relation"] == "copied" and relation != "copied":
                return
            if old["relation"] == relation:
                kind = max(kind, old["kind"], key=_SEVERITY.__getitem__)
        if relation == "common-source":
            src, tgt = key
        derivs[key] = {"source": src, "target": tgt, "relation": relation, "kind": kind, "plan": plan}

    orphans: dict[int, list[tuple[str, str]]] = {}
    for src, tgt, ev in b.copies:
        kind, plan = b.event_meta[ev]
        if src.in_corpus:
            put(ids[id(src)], ids[id(tgt)], "copied", kind, plan)
        else:
            orphans.setdefault(id(src), []).append((ids[id(tgt)], kind))
    for group in orphans.values():
        for i in range(len(group)):
            for j in range(i + 1, len(group)):
                kind = max(group[i][1], group[j][1], key=_SEVERITY.__getitem__)
                put(group[i][0], group[j][0], "common-source", kind, "fan-out")
    for carriers in b.quote_groups:
        cids = [ids[id(d)] for d in carriers]
        for i in range(len(cids)):
            for j in range(i + 1, len(cids)):
                put(cids[i], cids[j], "common-source", "quote", "quote")
    derivations = sorted(derivs.values(), key=lambda d: (d["source"], d["target"]))

    # Hard negatives: articles on one story (same people, places and figures) sharing no text.
    by_story: dict[int, list[str]] = {}
    for d in included:
        by_story.setdefault(id(d.story), []).append(ids[id(d)])
    negatives = []
    for group in by_story.values():
        group.sort()
        for i in range(len(group)):
            for j in range(i + 1, len(group)):
                if (group[i], group[j]) not in matched:
                    negatives.append({"a": group[i], "b": group[j]})
    negatives.sort(key=lambda p: (p["a"], p["b"]))

    articles.sort(key=lambda a: a["id"])
    meta_articles.sort(key=lambda a: a["id"])
    truth = {
        "format": "newsreuse-truth",
        "version": 1,
        "generator": {"seed": seed, "n_articles": b.n, "config": cfg.to_dict()},
        "counts": _counts(matches, derivations, negatives, n),
        "articles": meta_articles,
        "matches": matches,
        "derivations": derivations,
        "negatives": negatives,
    }
    return Fixture(articles, truth, seed, cfg)


def _match(a: str, a0: int, a1: int, b: str, b0: int, b1: int, kind: str, plan: str, quoted: bool,
           texts: dict[str, str]) -> dict[str, Any]:
    words = min(len(texts[a][a0:a1].split()), len(texts[b][b0:b1].split()))
    return {"id": "", "a": a, "a_start": a0, "a_end": a1, "b": b, "b_start": b0, "b_end": b1,
            "kind": kind, "plan": plan, "quoted": quoted, "words": words}


def _counts(matches: list[dict], derivations: list[dict], negatives: list[dict], n: int) -> dict[str, Any]:
    def tally(items: list[dict], key: str) -> dict[str, int]:
        out: dict[str, int] = {}
        for it in items:
            out[it[key]] = out.get(it[key], 0) + 1
        return dict(sorted(out.items()))

    return {"articles": n, "matches": len(matches), "matches_by_kind": tally(matches, "kind"),
            "derivations": len(derivations), "derivations_by_plan": tally(derivations, "plan"),
            "derivations_by_relation": tally(derivations, "relation"), "negatives": len(negatives)}


# ---------------------------------------------------------------------------------------------
# Public API
# ---------------------------------------------------------------------------------------------

def generate(n_articles: int = 2000, seed: int = 0, *, config: Optional[FixtureConfig] = None) -> Fixture:
    """A corpus of `n_articles` news-like articles with planted reuse, and its truth.

    Args:
        n_articles: articles in the corpus (wire stories left out are not counted).
        seed: seed of the one `random.Random` everything is drawn from.
        config: rates and sizes of the plantings; `FixtureConfig()` when None.

    Returns:
        A `Fixture`: articles (id, outlet, published when dated, title, text) sorted by id, and
        the truth (matches with exact offsets, derivations, hard negatives).
    """
    if n_articles < 1:
        raise ValueError(f"n_articles must be at least 1, got {n_articles}")
    cfg = config or FixtureConfig()
    # Millions of small lists and no cycles: the cyclic collector would only rescan them.
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        builder = _Builder(n_articles, seed, cfg)
        builder.build()
        return _finish(builder, seed)
    finally:
        if was_enabled:
            gc.enable()


def write(fixture: Fixture, out_dir: Union[str, Path]) -> tuple[Path, Path]:
    """Write `corpus.jsonl` and `truth.json` into `out_dir` (created if missing).

    The bytes depend only on the fixture, so the same seed and config give identical files.
    Returns the two paths.
    """
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    corpus, truth = out / "corpus.jsonl", out / "truth.json"
    with corpus.open("w", encoding="utf-8", newline="\n") as f:
        for art in fixture.articles:
            f.write(json.dumps(art, ensure_ascii=False) + "\n")
    with truth.open("w", encoding="utf-8", newline="\n") as f:
        f.write(json.dumps(fixture.truth, ensure_ascii=False, indent=1) + "\n")
    return corpus, truth

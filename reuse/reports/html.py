"""The HTML report: one self-contained page that leads with the stories and scales to a month
of newspapers.

The page leads with the stories (largest first: the passage, its carriers, outlets, wire, first
carrier and spread over time), then a graph of the outlets linked by the stories they share, then
a side-by-side view of any two articles that share a passage, built on demand, and the
derivations. A script renders these views from one JSON data block (see `page_data`): each
article and each text is carried once, passages as offsets, so the page stays a few megabytes
where pair views spelled out in HTML would run to hundreds. The outlets, tracked quotes,
boilerplate, problems and settings are plain HTML.

Nothing from the input can run: the data block is JSON in a `<script type="application/json">`
with every `<` escaped, the script builds the page with `textContent` and attributes only (never
markup from strings), every piece of input text in the HTML goes through `html.escape`, and a
Content-Security-Policy allows only the page's own script (by its hash) and no network requests.
Nothing is fetched, so the page opens offline. The same report gives the same bytes.
"""

from __future__ import annotations

import base64
import hashlib
import json
from importlib import resources
from pathlib import Path

from ..model import Report
from .common import clean_report, excerpt, pct, plural, utf8
from .marks import esc
from .output import write_bytes
from .page_data import page_data, script_json
from .summary import OutletShare, largest_stories, outlet_shares

__all__ = ["render", "write"]

_STATIC = resources.files(__package__).joinpath("static")
_CSS = "\n" + _STATIC.joinpath("report.css").read_text(encoding="utf-8")
_JS = "\n" + _STATIC.joinpath("report.js").read_text(encoding="utf-8")
# The only script the page may run: its own, named by its hash.
_JS_HASH = base64.b64encode(hashlib.sha256(_JS.encode("utf-8")).digest()).decode("ascii")
_CSP = (
    f"default-src 'none'; script-src 'sha256-{_JS_HASH}'; style-src 'unsafe-inline'; "
    "img-src data:; base-uri 'none'; form-action 'none'"
)
_BOILERPLATE = 100  # boilerplate passages listed; the JSON report has them all
_PROBLEMS = 500


# ---- small helpers -------------------------------------------------------------------------


def _name(aid: str) -> str:
    return f'<span class="nowrap">{esc(aid)}</span>'


def _bar(part: int, whole: int) -> str:
    share = min(1.0, part / whole) if whole else 0.0
    return (
        f'<span class="bar" aria-hidden="true"><span style="width:{100 * share:.1f}%">'
        f"</span></span>"
    )


def _table(
    head: list[str],
    rows: list[list[str]],
    caption: str = "",
    num: tuple[int, ...] = (),
    wide: bool = False,
) -> str:
    """A table in a scrolling box; `num` lists the columns aligned as numbers.

    A `wide` table keeps a minimum width and scrolls sideways on a phone rather than squeezing
    its columns to a word each.
    """
    cap = f"<caption>{caption}</caption>" if caption else ""
    table_cls = ' class="wide"' if wide else ""

    def cls(i: int) -> str:
        return ' class="num"' if i in num else ""

    th = "".join(f'<th scope="col"{cls(i)}>{h}</th>' for i, h in enumerate(head))
    body = "".join(
        "<tr>" + "".join(f"<td{cls(i)}>{c}</td>" for i, c in enumerate(r)) + "</tr>" for r in rows
    )
    # Focusable, so a keyboard user can scroll a table wider than the screen.
    return (
        f'<div class="table-wrap" tabindex="0" role="region" '
        f'aria-label="{esc(caption or head[0])}">'
        f"<table{table_cls}>{cap}<thead><tr>{th}</tr></thead><tbody>{body}</tbody></table>"
        "</div>"
    )


# ---- sections ------------------------------------------------------------------------------


def _quotes(report: Report) -> str:
    quotes = getattr(report, "quotes", None)
    if not quotes:
        return ""
    out = [
        '<section id="quotes" aria-labelledby="quotes-h"><h2 id="quotes-h">Tracked quotes</h2>'
        "<p>Quotations carried by two or more articles, with each wording (variant) and who "
        "carries it, earliest first.</p>"
    ]
    for q in quotes:
        earliest = (
            _name(q.earliest) if q.earliest else '<span class="muted">unknown (no dates)</span>'
        )
        rows = []
        for v in q.variants:
            carriers = ", ".join(
                _name(a) + (f' <span class="muted">({esc(o)})</span>' if o else "")
                for a, o in zip(v.articles, v.outlets)
            )
            rows.append(
                f"<li><blockquote dir='auto'>{esc(v.text)}</blockquote><p>carried by {carriers}</p></li>"
            )
        out.append(
            f'<details><summary><span class="title">{esc(q.id)} '
            f'<span class="muted">· {esc(excerpt(q.text, 90))}</span></span></summary>'
            f"<p>earliest known: {earliest}; {len(q.variants)} variant"
            f"{'s' if len(q.variants) != 1 else ''}</p><ul>{''.join(rows)}</ul></details>"
        )
    out.append("</section>")
    return "".join(out)


def _boilerplate(report: Report) -> str:
    found = getattr(report, "boilerplate", None)
    if not found:
        return ""
    out = [
        '<section id="boilerplate" aria-labelledby="boilerplate-h"><h2 id="boilerplate-h">'
        "Boilerplate</h2><p>Passages an outlet repeats across its own articles (footers, "
        "prompts), and notices many outlets print around their own stories (an agency's terms "
        "of use). They are not counted as reuse.</p><ul>"
    ]
    for b in found[:_BOILERPLATE]:
        carriers = ", ".join(esc(p.article) for p in b.passages[:20]) + (
            f" and {len(b.passages) - 20:,} more" if len(b.passages) > 20 else ""
        )
        out.append(
            f"<li><strong>{esc(b.outlet or 'several outlets (a notice)')}</strong>: "
            f"<blockquote dir='auto'>{esc(excerpt(b.text, 200))}</blockquote><p>in {carriers}</p></li>"
        )
    out.append("</ul>")
    if len(found) > _BOILERPLATE:
        out.append(
            f'<p class="muted">… and {len(found) - _BOILERPLATE:,} more in the JSON report.</p>'
        )
    out.append("</section>")
    return "".join(out)


def _outlets(shares: list[OutletShare]) -> str:
    rows = [
        [
            esc(o.outlet) if o.outlet else '<span class="muted">unknown outlet</span>',
            f"{o.articles:,}",
            f'<span class="nowrap">{_bar(o.reused_chars, o.chars)}{pct(o.reused_chars, o.chars)}'
            f'</span><br><span class="muted">{o.reused_chars:,} of {o.chars:,} chars</span>',
            pct(o.elsewhere_chars, o.chars),
            f"{o.stories:,}",
            f"{o.first:,}",
        ]
        for o in shares
    ]
    return (
        '<section id="outlets" aria-labelledby="outlets-h"><h2 id="outlets-h">Outlets by '
        "reused share</h2><p>How much of each outlet's text is found in other articles, and in "
        "articles of other outlets (a paper's later editions share most of its first), how many "
        "stories it carries, and in how many it was evidently the first carrier (no other "
        "carrier as early by the dates).</p>"
        + _table(
            ["Outlet", "Articles", "Reused text", "With other outlets", "Stories", "First in"],
            rows,
            "Outlets, the largest share of text shared with other outlets first",
            num=(1, 3, 4, 5),
        )
        + "</section>"
    )


def _problems(report: Report) -> str:
    if not report.problems:
        return ""
    shown = report.problems[:_PROBLEMS]
    items = "".join(f"<li>{esc(p)}</li>" for p in shown)
    more = (
        f'<p class="muted">… and {len(report.problems) - len(shown):,} more in the JSON report.</p>'
        if len(report.problems) > len(shown)
        else ""
    )
    return (
        '<section id="problems" aria-labelledby="problems-h"><h2 id="problems-h">Problems in '
        f"the input ({len(report.problems):,})</h2><ul>{items}</ul>{more}</section>"
    )


def _texts_note(windows: dict) -> str:
    if windows.get("passages_only"):
        return (
            "This report holds no article texts (it was read back from a JSON report), so only "
            "the shared passages themselves are shown; gaps are marked."
        )
    missing = (
        f" The report lacks the texts of {plural(windows['missing'], 'article')}: of those, "
        "only the shared passages are shown."
        if windows.get("missing")
        else ""
    )
    if windows.get("whole"):
        return (
            "The texts of the articles that share passages are in this page whole; shared "
            "passages are marked." + missing
        )
    wide = windows.get("stories", 0)
    small = windows.get("small_head", 0)
    out = "The whole texts would make this page too large to open, so it carries windows of them: "
    if wide:
        out += (
            f"the passages of the {plural(wide, 'largest story', 'largest stories')} (up to "
            f"{windows['head']:,} characters from the start and {windows['tail']:,} from the end "
            f"of each, with {windows['context']:,} characters around)"
        )
    if small:
        out += ("; and " if wide else "") + f"the first {small:,} characters of every other passage"
    if not wide and not small:
        out += f"the first {windows['excerpt']:,} characters of each story's passage"
    return (
        out
        + ". Gaps are marked; the corpus has the full texts and the JSON report every offset."
        + missing
    )


def _stories_section(n: int) -> str:
    return (
        '<section id="stories" aria-labelledby="stories-h"><h2 id="stories-h">Stories</h2>'
        f"<p>{plural(n, 'passage')} carried by two or more articles, the most carriers first. "
        "Open a story for its carriers in time order and to compare any of them with the "
        "first.</p>"
        '<form class="controls" id="story-filters" aria-label="Filter stories">'
        '<label>Search <input type="search" id="story-q" placeholder="words or outlet" '
        'size="18"></label>'
        '<label>Min. carriers <input type="number" id="story-min" min="2" value="2" '
        'size="4"></label>'
        '<label>Wire <select id="story-wire"></select></label>'
        "</form>"
        '<p class="muted" id="story-count" aria-live="polite"></p>'
        '<div class="table-wrap" tabindex="0" role="region" aria-label="Stories">'
        '<table class="stories wide"><thead><tr><th scope="col" class="num">#</th>'
        '<th scope="col">Passage</th><th scope="col" class="num">Carriers</th>'
        '<th scope="col" class="num">Outlets</th><th scope="col">Wire</th>'
        '<th scope="col">First carrier</th><th scope="col">Spread over time</th></tr></thead>'
        '<tbody id="story-rows"></tbody></table></div>'
        '<p><button type="button" id="story-more" hidden>Show more stories</button></p>'
        "</section>"
    )


def _graph_section() -> str:
    return (
        '<section id="graph" aria-labelledby="graph-h"><h2 id="graph-h">Outlets linked by the '
        "stories they share</h2><p>Each circle is an outlet (larger: more stories), each line "
        "joins two outlets that carry the same stories (thicker: more of them). Only the "
        "strongest links are drawn; filter the stories, or search an outlet to see its "
        "neighbours. Select a line for the stories behind it, a circle to focus on it.</p>"
        '<form class="controls" id="graph-filters" aria-label="Filter the graph">'
        '<label>Outlet <input type="search" id="graph-q" list="outlet-names" size="18">'
        '</label><datalist id="outlet-names"></datalist>'
        '<label>Min. carriers <input type="number" id="graph-min" min="2" value="3" '
        'size="4"></label>'
        '<label>Wire <select id="graph-wire"></select></label>'
        '<label>Links <select id="graph-max"><option>30</option><option selected>60</option>'
        "<option>120</option><option>250</option></select></label></form>"
        '<p class="muted" id="graph-count" aria-live="polite"></p>'
        '<div class="graph-wrap" id="graph-view" role="region" aria-label="Outlet graph"></div>'
        '<div id="graph-detail" aria-live="polite"></div></section>'
    )


def _compare_section(note: str) -> str:
    return (
        '<section id="compare" aria-labelledby="compare-h" tabindex="-1">'
        '<h2 id="compare-h">Side by side</h2>'
        f'<p class="muted" id="compare-note">{esc(note)}</p>'
        '<ul class="legend" aria-label="Passage legend">'
        '<li><mark class="shared">shared passage</mark></li>'
        '<li><mark class="shared focus">the story you chose</mark></li></ul>'
        '<div id="compare-view"><p class="muted">Choose <em>compare</em> on a story\'s '
        "carrier or on a derivation to see the two texts here.</p></div></section>"
    )


def _derivations_section(n: int, kept: int) -> str:
    return (
        '<section id="derivations" aria-labelledby="derivations-h"><h2 id="derivations-h">'
        "Derivations</h2>"
        f"<p>{plural(n, 'related pair')} of articles, the most shared text first: "
        "<em>copied</em> (the target took text from the source) or <em>common source</em> "
        f"(both took it from elsewhere). The reasons are given for the first {kept:,}; the "
        "JSON report has them all.</p>"
        '<form class="controls" id="deriv-filters" aria-label="Filter derivations">'
        '<label>Search <input type="search" id="deriv-q" placeholder="outlet or id" '
        'size="18"></label>'
        '<label>Relation <select id="deriv-rel"><option value="">any</option>'
        '<option value="1">copied</option><option value="0">common source</option></select>'
        "</label></form>"
        '<p class="muted" id="deriv-count" aria-live="polite"></p>'
        '<div class="table-wrap" tabindex="0" role="region" aria-label="Derivations">'
        '<table class="wide"><thead><tr><th scope="col">Articles</th>'
        '<th scope="col">Relation</th><th scope="col" class="num">Confidence</th>'
        '<th scope="col" class="num">Shared chars</th><th scope="col" class="num">Of target'
        '</th><th scope="col">Evidence</th></tr></thead><tbody id="deriv-rows"></tbody>'
        "</table></div>"
        '<p><button type="button" id="deriv-more" hidden>Show more derivations</button></p>'
        "</section>"
    )


def render(report: Report) -> str:
    """The report as one self-contained HTML page."""
    report = clean_report(report)
    built = page_data(report)
    n_stories = len(largest_stories(report))
    n_pairs = len({(m.a, m.b) for m in report.matches})
    outlets = {a.outlet for a in report.articles if a.outlet}
    reusing = sum(1 for a in report.articles if a.reused_chars)
    copied = sum(d.relation == "copied" for d in report.derivations)
    sections = [
        ("stories", "Stories"),
        ("graph", "Graph"),
        ("compare", "Side by side"),
        ("derivations", "Derivations"),
        ("outlets", "Outlets"),
    ]
    if report.quotes:
        sections.append(("quotes", "Quotes"))
    if report.boilerplate:
        sections.append(("boilerplate", "Boilerplate"))
    if report.problems:
        sections.append(("problems", "Problems"))
    nav = "".join(f'<li><a href="#{k}">{v}</a></li>' for k, v in sections)
    settings = json.dumps(
        report.settings, indent=2, sort_keys=True, ensure_ascii=False, default=str
    )
    title = f"newsreuse report: {plural(len(report.articles), 'article')}"
    lede = (
        f"{plural(len(report.articles), 'article')}"
        + (f" from {plural(len(outlets), 'outlet')}" if outlets else "")
        + f", {reusing:,} of them reuse text; {plural(n_stories, 'story', 'stories')}; "
        f"{plural(len(report.matches), 'shared passage')} in {plural(n_pairs, 'article pair')}; "
        f"{plural(len(report.derivations), 'derivation')} ({copied:,} copied, "
        f"{len(report.derivations) - copied:,} common source)."
    )
    parts = [
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{_CSP}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        '<meta name="color-scheme" content="light dark">',
        '<meta name="generator" content="newsreuse">',
        f"<title>{esc(title)}</title><style>{_CSS}</style></head>\n<body>",
        '<a class="skip" href="#main">Skip to the report</a>',
        "<header><h1>Text reuse report</h1>"
        f'<p class="lede">{esc(lede)}</p>'
        f'<nav aria-label="Sections"><ul>{nav}</ul></nav></header>\n',
        '<main id="main" tabindex="-1">',
        '<noscript><p class="warn">The stories, the graph and the side-by-side view are drawn '
        "by this page's own script, which is off. The outlets and the rest are below; "
        "<code>newsreuse report -f text</code> or <code>-f markdown</code> give a summary "
        "without a browser.</p></noscript>",
        _stories_section(n_stories),
        "\n",
        _graph_section(),
        "\n",
        _compare_section(_texts_note(built.windows)),
        "\n",
        _derivations_section(len(report.derivations), built.data["evidence_kept"][1]),
        "\n",
        _outlets(outlet_shares(report)),
        "\n",
        _quotes(report),
        _boilerplate(report),
        _problems(report),
        "</main>\n<footer><details><summary>Settings of this run</summary>"
        f"<pre>{esc(settings)}</pre></details>"
        "<p>Made by newsreuse. Offsets are character positions in each article's text.</p>"
        "</footer>\n",
        f'<script type="application/json" id="newsreuse-data">{script_json(built.data)}</script>\n',
        f"<script>{_JS}</script>\n</body></html>\n",
    ]
    return "".join(parts)


def write(report: Report, path: Path) -> None:
    """Write the HTML page to `path` (UTF-8), replacing any file there in one step."""
    write_bytes(path, utf8(render(report)))

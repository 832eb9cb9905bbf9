"""The compact claims table: badges per verdict, anchors, checks in <details>, math, the JSON payload."""

import json

import pytest

from mixup_nb_utils.claims import VERDICTS, Check, Claim
from mixup_nb_utils.figures.claims import (CLAIMS_MIME, VERDICT_BADGES, claims_html, claims_payload, claims_table,
                                           inline_html, verdict_badge)

ROWS = [Claim("fits $X_3^2$ <exactly>", "0.6", "0.61", (Check("|d| < 0.1", True),)),
        Claim("fails", "1", "2", (Check("a", False),), closed_form="2.0"),
        Claim("half", "–", "–", (Check("a", True), Check("b", False))),
        Claim("open", "–", "–", (Check("a", None),))]


def test_each_verdict_has_its_own_colour_and_symbol_and_its_word():
    assert set(VERDICT_BADGES) == set(VERDICTS)
    assert len({s for s, _ in VERDICT_BADGES.values()}) == len({c for _, c in VERDICT_BADGES.values()}) == 4
    for v in VERDICTS:
        badge = verdict_badge(v)
        assert f"verdict-{v}" in badge and badge.endswith(f"</span> {v}</span>") and 'aria-hidden="true"' in badge
    with pytest.raises(ValueError, match="unknown verdict"):
        verdict_badge("fine")


def test_math_becomes_a_math_span_and_text_is_escaped():
    assert inline_html("a $x_1^2$ <b>") == 'a <span class="math notranslate nohighlight">\\(x_1^2\\)</span> &lt;b&gt;'
    assert inline_html("costs 5 $ and 6 $") == 'costs 5 <span class="math notranslate nohighlight">\\( and 6 \\)</span>'
    assert inline_html("no math") == "no math"


def test_rows_have_anchors_badges_and_their_checks_below():
    html = claims_html(ROWS)
    for i, claim in enumerate(ROWS, start=1):
        assert f'<tr id="claim-{i}">' in html and f'id="claim-{i}-checks"' in html
        assert f'href="#claim-{i}-checks"' in html and f"verdict-{claim.verdict}" in html
    assert html.count("<details") == len(ROWS) and "<strong>fails</strong>: a" in html
    assert [c.verdict for c in ROWS] == ["confirmed", "refuted", "partly", "undecided"]


def test_the_payload_carries_the_rows_and_their_verdicts():
    bundle = claims_table(ROWS)._repr_mimebundle_()
    assert set(bundle) == {"text/plain", "text/html", CLAIMS_MIME}
    payload = json.loads(json.dumps(bundle[CLAIMS_MIME]))
    assert [r["verdict"] for r in payload["claims"]] == [c.verdict for c in ROWS]
    assert payload["claims"][1]["checks"] == [{"test": "a", "holds": False}] and payload == claims_payload(ROWS)
    assert bundle["text/plain"] == "Claims checked: 4 (1 confirmed, 1 refuted, 1 partly, 1 undecided)"
    with pytest.raises(ValueError, match="non-empty sequence of Claim"):
        claims_table([])


def test_long_values_are_shortened_in_the_table_and_given_in_full_below():
    from mixup_nb_utils.figures.claims import CELL_LIMIT, shorten

    long = "; ".join(f"α = {a}: {a / 7:.4f} ± 0.01" for a in range(1, 12))
    short = shorten(long)
    assert len(short) <= CELL_LIMIT + 2 and short.endswith(" …") and long.startswith(short[:-2])
    assert shorten("short") == "short"
    assert shorten("$" + "x" * 100 + "$ tail") == "$" + "x" * 100 + "$ tail"   # never cut inside math
    html = claims_html([Claim("c", "p", long, (Check("a", True),))])
    row, details = html.split("</table>")
    assert long not in row and inline_html(short) in row and inline_html(long) in details

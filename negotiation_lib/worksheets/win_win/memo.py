"""A justification memo as HTML: "assume agreement, then justify it" to one party.

The domain writes the memo (:func:`negotiation_lib.domain.win_win.justification_memo`, through
:meth:`negotiation_lib.assessment.CaseAssessment.memos`); this module lays its fields out for
the page. The memo's Markdown ``text`` is never rendered: the names in it are typed by trainees,
so every string here is built from the fields and escaped.
"""

from __future__ import annotations

from negotiation_lib.domain.win_win import JustificationMemo
from negotiation_lib.formatting import money, number
from negotiation_lib.vocabulary import VERDICT_TONES, verdict_label
from negotiation_lib.worksheets.page import esc
from negotiation_lib.worksheets.win_win.text import TRUST_FACTOR_WORDS

__all__ = ["memo_html"]


def _gap(value: float, level: float) -> str:
    side = "above" if value >= level else "below"
    return f"{number(abs(value - level), 1)} {side}"


def _money(x: float, currency: str, figure: str) -> str:
    """An NPV, tagged with what it is (``data-figure``) so that it can be read back."""
    return f"<span class='nw-ww-npv' data-figure='{figure}'>{esc(money(x, currency))}</span>"


def _not_ready(memo: JustificationMemo) -> str:
    """The memo's first line when the trust check says the sides are not ready for win-win."""
    if memo.ready_for_win_win is not False:
        return ""
    factor = memo.trust_factor
    work = (
        " The weakest trust factor, to work on before proposing it: "
        f"{esc(TRUST_FACTOR_WORDS.get(factor, factor.replace('_', '-')))}."
        if factor
        else " Build trust first, before proposing it."
    )
    return (
        "<div class='nw-banner nw-bad nw-ww-not-ready' role='alert'><b>Not ready for win-win "
        "yet.</b> The trust check says the two sides are not ready for this agreement to be "
        f"taken as a win.{work}</div>"
    )


def _relationship(memo: JustificationMemo, currency: str, period: str) -> list[str]:
    """The agreement's NPV against the party's alternatives, every figure an NPV."""
    if memo.npv is None:
        return []
    name = esc(memo.party_name)
    items = [
        f"<li>This agreement: an NPV of <b>{_money(memo.npv, currency, 'npv')}</b> for {name}.</li>"
    ]
    for label, value, figure in (
        (f"Its BATNA taken every {esc(period)} instead, as an NPV", memo.batna_npv, "batna_npv"),
        ("Its best alternative relationship (BATR), an NPV", memo.batr, "batr"),
    ):
        if value is not None:
            side = "above" if memo.npv >= value else "below"
            items.append(
                f"<li>{label}: {_money(value, currency, figure)}; this agreement is "
                f"{_money(abs(memo.npv - value), currency, f'{figure}_gap')} {side} it.</li>"
            )
    if memo.colr_net is not None:
        if memo.colr_net >= 0:
            items.append(
                f"<li>Ending the relationship after this deal would cost {name} "
                f"{_money(memo.colr_net, currency, 'colr_net')} in later deals beyond what its "
                "best alternative relationship brings (net COLR = COLR − BATR, an NPV).</li>"
            )
        else:
            items.append(
                f"<li>Ending the relationship after this deal would cost {name} nothing net: "
                f"its best alternative relationship is worth "
                f"{_money(-memo.colr_net, currency, 'colr_net')} more than the later deals of "
                "this one (net COLR = COLR − BATR, an NPV).</li>"
            )
    parts = [f"<b>Over the whole relationship (NPVs in {esc(currency)})</b><ul>", *items, "</ul>"]
    short = [
        label
        for label, value in (
            (f"BATNA taken every {esc(period)}", memo.batna_npv),
            ("best alternative relationship", memo.batr),
        )
        if value is not None and memo.npv < value
    ]
    if short:
        parts.append(
            f"<div class='nw-banner nw-warn'>Over the whole relationship {name} would do better "
            f"with its {' and its '.join(short)}: check the projection before signing.</div>"
        )
    return parts


def memo_html(memo: JustificationMemo, currency: str = "", period: str = "period") -> str:
    """One party's justification memo as HTML, built from its fields (every string escaped).

    Parameters
    ----------
    memo
        The memo for one party and one package.
    currency
        The case's currency code, as typed (escaped here).
    period
        The case's period ("year"), as typed (escaped here).

    Returns
    -------
    str
        A ``<div class='nw-memo'>``. When the trust check says the sides are not ready for
        win-win, its first line says so and names the weakest trust factor to work on. Then
        the verdict, the utility against the win threshold and the walk-away utility, the
        criteria met and missed, and, when the package is priced, like with like: its NPV
        against the BATNA taken every period as an NPV and against the BATR, and the net COLR.
        The per-period BATNA is never shown here: a per-period figure is never set beside an
        NPV. Each money figure carries ``data-figure`` (``npv``, ``batna_npv``, ``batr``,
        ``colr_net`` and the gaps ``batna_npv_gap``, ``batr_gap``).
    """
    tone = VERDICT_TONES.get(memo.verdict, "neutral")
    can = "can" if memo.verdict in ("win", "acceptable") else "cannot yet"
    source = (
        f"sealed version {memo.definition_version}"
        if memo.definition_version is not None
        else "the draft (not sealed)"
    )
    parts = [
        f"<div class='nw-memo' data-party='{memo.party}'>",
        _not_ready(memo),
        f"<h4>Why {esc(memo.party_name)} {can} say yes to “{esc(memo.package_name)}”</h4>",
        f"<span class='nw-verdict nw-{tone}'>{esc(verdict_label(memo.verdict))}</span>",
        f"<div class='nw-ww-small'>Judged by {esc(memo.party_name)}'s definition of winning, "
        f"{esc(source)}, as if both sides had already signed.</div>",
        "<ul>",
        f"<li>Utility <b>{number(memo.utility, 1)}</b> of 100: "
        f"{_gap(memo.utility, memo.win_threshold)} the win threshold "
        f"({number(memo.win_threshold)}) and {_gap(memo.utility, memo.reservation_utility)} "
        f"the walk-away utility ({number(memo.reservation_utility)}).</li>",
        "</ul>",
    ]
    for title, items, mark, cls in (
        ("What it gives them", memo.criteria_met, "✓", "nw-yes"),
        ("Where they give ground or miss", memo.criteria_missed, "✗", "nw-no"),
    ):
        if items:
            parts.append(f"<b>{title}</b><ul>")
            parts += [
                f"<li><span class='{cls}'>{mark}</span> {esc(c.sentence)}</li>" for c in items
            ]
            parts.append("</ul>")
    parts += _relationship(memo, currency, period)
    parts.append("</div>")
    return "".join(parts)

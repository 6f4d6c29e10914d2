"""The trust check: the trust equation, the negotiation-style diagnostic, and readiness.

Win-win needs trust on both sides, and trust is earned, so the win-win worksheet starts by
asking two things: how trustworthy the seller is, seen by itself and as the customer sees it;
and whether the team negotiates in the competitive, power-based, transactional way (CPT) or
in the trust-based way (the relationship first, full transparency, the long term).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from negotiation_lib.domain.case import Trust, TrustView

__all__ = [
    "READY_STYLE",
    "READY_TRUST",
    "STYLE_DIMENSIONS",
    "Readiness",
    "StyleProfile",
    "TrustResult",
    "TrustScore",
    "assess_trust",
    "readiness",
    "style_profile",
    "trust_score",
]

FACTORS = ("credibility", "reliability", "intimacy", "self_orientation")

STYLE_DIMENSIONS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "relationship": (
        ("cpt_open_high", "cpt_small_concessions"),
        ("trust_fair_clear", "trust_assume_agreement"),
    ),
    "transparency": (
        ("cpt_cards_close", "cpt_use_power"),
        ("trust_share_model", "trust_never_mislead"),
    ),
    "long_term": (
        ("cpt_walkaway_figure", "cpt_first_offer"),
        ("trust_principled_discounts", "trust_project_x100"),
    ),
}
"""Each dimension's (CPT items, trust items)."""

READY_TRUST = 4.0
"""Trust score the customer's view must reach: above the 3.0 of an all-neutral (5.5) view."""

READY_STYLE = 50.0
"""Overall style score (0 CPT … 100 trust-based) the team must reach."""


@dataclass(frozen=True, slots=True)
class TrustScore:
    """A trust-equation score and the factor to work on first.

    Attributes
    ----------
    score
        ``(credibility + reliability + intimacy) / self_orientation``: 0.3 to 30.
    weakest
        The weakest factor(s): the lowest of credibility, reliability, intimacy and
        ``11 − self_orientation`` (self-orientation hurts as it grows). Ties are all named.
    """

    score: float
    weakest: tuple[str, ...]


def trust_score(view: TrustView) -> TrustScore:
    r"""Score a view of the seller with the trust equation.

    Notes
    -----
    .. math:: T = \frac{C + R + I}{S}

    Credibility, reliability and intimacy build trust; self-orientation (attention to one's
    own interests rather than the other party's) divides it. Each factor is rated 1 to 10.

    References
    ----------
    .. [1] D. H. Maister, C. H. Green and R. M. Galford, *The Trusted Advisor*, Free Press,
       2000, ch. 8 ("The trust equation").

    Examples
    --------
    >>> trust_score(TrustView(credibility=7, reliability=8, intimacy=6, self_orientation=3))
    TrustScore(score=7.0, weakest=('intimacy',))
    """
    s = view.self_orientation
    goodness = {
        "credibility": view.credibility,
        "reliability": view.reliability,
        "intimacy": view.intimacy,
        "self_orientation": 11.0 - s,
    }
    low = min(goodness.values())
    weakest = tuple(f for f in FACTORS if goodness[f] == low)
    return TrustScore((view.credibility + view.reliability + view.intimacy) / s, weakest)


@dataclass(frozen=True, slots=True)
class StyleProfile:
    """The style diagnostic's three dimensions and overall score, 0 (CPT) to 100 (trust-based).

    A dimension with no answered item is None; ``answered`` counts the items answered.
    """

    relationship: float | None
    transparency: float | None
    long_term: float | None
    overall: float | None
    answered: int


def style_profile(answers: Mapping[str, int]) -> StyleProfile:
    """Score the twelve-item negotiation-style diagnostic.

    Parameters
    ----------
    answers
        Item id → answer 1 (disagree) … 5 (agree); unanswered items are left out.

    Notes
    -----
    An item scores :math:`(a-1)/4` for trust items and :math:`(5-a)/4` for CPT items, so
    agreeing with a CPT rule ("always open high") pulls the score down. A dimension is the mean
    of its answered items times 100; overall is the mean of the dimensions that have answers.

    References
    ----------
    .. [1] C. H. Green, *Trust-Based Selling*, McGraw-Hill, 2006: competitive, power-based,
       transactional (CPT) negotiation against the trust-based alternative.

    Examples
    --------
    >>> p = style_profile({"cpt_open_high": 5, "trust_fair_clear": 5, "trust_share_model": 4})
    >>> p.relationship, p.transparency, p.long_term, p.overall
    (50.0, 75.0, None, 62.5)
    """
    dims: dict[str, float | None] = {}
    for dim, (cpt_items, trust_items) in STYLE_DIMENSIONS.items():
        item_scores = [(5 - answers[i]) / 4 for i in cpt_items if i in answers]
        item_scores += [(answers[i] - 1) / 4 for i in trust_items if i in answers]
        dims[dim] = 100.0 * sum(item_scores) / len(item_scores) if item_scores else None
    present = [v for v in dims.values() if v is not None]
    known = {i for pair in STYLE_DIMENSIONS.values() for items in pair for i in items}
    return StyleProfile(
        relationship=dims["relationship"],
        transparency=dims["transparency"],
        long_term=dims["long_term"],
        overall=sum(present) / len(present) if present else None,
        answered=sum(1 for i in answers if i in known),
    )


@dataclass(frozen=True, slots=True)
class Readiness:
    """Whether the team is ready for a win-win negotiation, and why not."""

    ready: bool | None
    reasons: tuple[str, ...]


def readiness(customer_view: TrustScore | None, style: StyleProfile) -> Readiness:
    """Are we ready for win-win? Both the customer's trust and the team's style must be there.

    Notes
    -----
    Ready when the customer's view of the seller scores at least :data:`READY_TRUST` and the
    overall style score is at least :data:`READY_STYLE`. Unknown (None) until both are filled
    in. Win-win depends on mutual trust, which takes time to build: early in a relationship
    the honest answer may be "not yet".

    Examples
    --------
    >>> readiness(TrustScore(3.4, ("intimacy",)), style_profile({"cpt_open_high": 1})).ready
    False
    """
    if customer_view is None or style.overall is None:
        return Readiness(None, ("Fill in the customer's view and the style questions first.",))
    reasons: list[str] = []
    if customer_view.score < READY_TRUST:
        reasons.append(
            f"The customer's trust in us scores {customer_view.score:.1f}, below "
            f"{READY_TRUST:.1f}: work on {', '.join(customer_view.weakest)} first."
        )
    if style.overall < READY_STYLE:
        reasons.append(
            f"Our negotiating style scores {style.overall:.0f}/100, still closer to "
            "competitive, power-based and transactional than to trust-based."
        )
    return Readiness(not reasons, tuple(reasons))


@dataclass(frozen=True, slots=True)
class TrustResult:
    """The trust check's numbers."""

    seller_view: TrustScore | None
    customer_view: TrustScore | None
    style: StyleProfile
    readiness: Readiness


def assess_trust(trust: Trust) -> TrustResult:
    """Score both views, the style diagnostic and readiness.

    Examples
    --------
    >>> from negotiation_lib.domain.case import Trust, TrustView
    >>> r = assess_trust(Trust(customer_view=TrustView(credibility=6, reliability=7,
    ...                        intimacy=4, self_orientation=5)))
    >>> r.customer_view.score, r.readiness.ready
    (3.4, None)
    """
    seller = trust_score(trust.seller_view) if trust.seller_view else None
    customer = trust_score(trust.customer_view) if trust.customer_view else None
    style = style_profile({str(k): v for k, v in trust.style_answers.items()})
    return TrustResult(seller, customer, style, readiness(customer, style))

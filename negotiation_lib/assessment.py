"""One case assessment: every result of the methods for a case, computed once.

The worksheets, the report (JSON and Markdown), the deal brief, the Excel workbook and the
facilitator's debrief all read a :class:`CaseAssessment` made by :func:`assess_case`; none of
them calls a ``case_*`` function of its own, so every consumer shows the same numbers.

The assessment sits just above the domain: it imports the domain's pure functions and nothing
of pages, figures, the store or the exports.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, TypeVar

from negotiation_lib.domain.case import Case, Package, missing_sections
from negotiation_lib.domain.economics import EconomicsResult, Zopa, case_economics
from negotiation_lib.domain.errors import CaseError, Problem
from negotiation_lib.domain.montecarlo import MonteCarloResult, case_monte_carlo
from negotiation_lib.domain.projection import ProjectionResult, case_projection, npvs_by_price
from negotiation_lib.domain.sensitivity import SensitivityResult, case_sensitivity
from negotiation_lib.domain.strategy import StrategyResult, assess_strategy
from negotiation_lib.domain.trust import TrustResult, assess_trust
from negotiation_lib.domain.value import ValueResult, assess_value
from negotiation_lib.domain.win_win import (
    IssueValue,
    JustificationMemo,
    Outcome,
    PackageEconomics,
    PackageScore,
    WinWinResult,
    assess_win_win,
    definition_in_force,
    justification_memo,
    package_economics,
    scored_open_book,
)

__all__ = [
    "DEFAULT_PATHS",
    "DEFAULT_SEED",
    "CaseAssessment",
    "assess_case",
    "chosen_package",
]

DEFAULT_SEED = 2026
"""Monte Carlo seed of the report and the files, so the same case always gives the same figures."""

DEFAULT_PATHS = 10_000
"""Monte Carlo paths of the report and the files."""

T = TypeVar("T")


def chosen_package(result: WinWinResult) -> PackageScore | None:
    """Pick the package to propose: the win-win package best balanced between the parties.

    Among the win-win packages, the one with the largest Nash product
    ``(U_s − d_s)(U_c − d_c)``; ties keep the order of the case. None when no package is
    win-win.

    Examples
    --------
    >>> from negotiation_lib.datasets import load_pumpco_acme_foods
    >>> case = load_pumpco_acme_foods()
    >>> zopa = case_economics(case).zopa
    >>> chosen_package(assess_win_win(case.win_win, zopa=zopa)).name  # doctest: +ELLIPSIS
    '...'
    """
    ds, dc = result.disagreement
    best: PackageScore | None = None
    best_product = float("-inf")
    for p in result.packages:
        if p.win_win:
            product = (p.seller_utility - ds) * (p.customer_utility - dc)
            if product > best_product:
                best, best_product = p, product
    return best


def _header(case: Case) -> tuple[str, ...]:
    """The case fields every written result may quote (names, currency, unit, period)."""
    return (case.title, case.seller, case.customer, case.currency, case.unit, case.period)


@dataclass(frozen=True, eq=False)
class _Part:
    """One computed part of an assessment and the inputs it was computed from."""

    key: Hashable
    value: Any
    problems: tuple[Problem, ...] = ()


def _compute(run: Callable[[], T]) -> tuple[T | None, tuple[Problem, ...]]:
    """Run one domain computation; a case the domain refuses gives None and its problems."""
    try:
        return run(), ()
    except CaseError as err:
        return None, err.problems


@dataclass(frozen=True, eq=False)
class CaseAssessment:
    """Every result of the methods for one case, computed once and shared by every consumer.

    Results whose inputs are missing are None (``missing`` says what to fill in); results the
    domain refused for a valid but degenerate case are None too, with the domain's
    sentences in :attr:`problems`. The Monte Carlo simulation, the sensitivity analysis and the
    justification memos are computed on first use only, through the same object.

    Attributes
    ----------
    case
        The assessed case.
    seed, paths
        The Monte Carlo simulation's seed and number of paths.
    use_drafts
        The win-win part scores the drafts of the definitions of winning instead of the latest
        sealed versions (a preview).
    missing
        What is not filled in yet, as dotted paths in worksheet order
        (:func:`negotiation_lib.domain.case.missing_sections`).
    value, strategy, economics, projection, trust, win_win
        The domain results (:func:`~negotiation_lib.domain.value.assess_value`,
        :func:`~negotiation_lib.domain.strategy.assess_strategy`,
        :func:`~negotiation_lib.domain.economics.case_economics`,
        :func:`~negotiation_lib.domain.projection.case_projection`,
        :func:`~negotiation_lib.domain.trust.assess_trust`,
        :func:`~negotiation_lib.domain.win_win.assess_win_win`).
    chosen
        The package to propose (:func:`chosen_package`), if any is win-win.
    thresholds
        Each party's win threshold in the definition it is scored with, when known.
    """

    case: Case
    seed: int
    paths: int
    use_drafts: bool
    missing: tuple[str, ...]
    value: ValueResult | None
    strategy: StrategyResult | None
    economics: EconomicsResult | None
    projection: ProjectionResult | None
    trust: TrustResult | None
    win_win: WinWinResult | None
    chosen: PackageScore | None
    thresholds: tuple[float | None, float | None]
    _parts: dict[str, _Part] = field(repr=False)

    # ------------------------------------------------------------------ lazy parts

    def _lazy(self, name: str, key: Hashable, run: Callable[[], Any]) -> _Part:
        part = self._parts.get(name)
        if part is None or part.key != key:
            value, problems = _compute(run)
            part = _Part(key, value, problems)
            self._parts[name] = part
        return part

    def _money_key(self) -> Hashable:
        c = self.case
        return (c.value, c.economics, c.relationship)

    @property
    def has_economics(self) -> bool:
        """True when the value and economics sections are both there (the projection's inputs)."""
        return self.case.value is not None and self.case.economics is not None

    @cached_property
    def monte_carlo(self) -> MonteCarloResult | None:
        """The Monte Carlo simulation, from :func:`~.montecarlo.case_monte_carlo`.

        None without the value and economics sections, or when the domain refused the case.
        """
        if not self.has_economics:
            return None
        key = (self._money_key(), self.seed, self.paths)
        part = self._lazy(
            "monte_carlo",
            key,
            lambda: case_monte_carlo(self.case, paths=self.paths, seed=self.seed),
        )
        return part.value  # type: ignore[no-any-return]

    @cached_property
    def sensitivity(self) -> SensitivityResult | None:
        """The ±20% tornado (:func:`~negotiation_lib.domain.sensitivity.case_sensitivity`)."""
        if not self.has_economics:
            return None
        part = self._lazy("sensitivity", self._money_key(), lambda: case_sensitivity(self.case))
        return part.value  # type: ignore[no-any-return]

    @property
    def problems(self) -> tuple[Problem, ...]:
        """What the domain refused, with its sentences (computes the lazy parts first)."""
        _ = self.monte_carlo, self.sensitivity
        return self.computed_problems()

    def computed_problems(self) -> tuple[Problem, ...]:
        """What the domain refused in the parts computed so far (runs no lazy part).

        A batch over many cases reads the headline figures only; the Monte Carlo simulation
        and the sensitivity analysis are then never run, and their problems not listed.
        """
        out: list[Problem] = []
        for part in self._parts.values():
            for problem in part.problems:
                if problem not in out:
                    out.append(problem)
        return tuple(out)

    def problems_in(self, *names: str) -> tuple[Problem, ...]:
        """The problems the domain raised for the named parts only (``"win_win"``, ...).

        Names: ``value``, ``strategy``, ``economics``, ``projection``, ``monte_carlo``,
        ``sensitivity``, ``trust``, ``win_win``.
        """
        if "monte_carlo" in names:
            _ = self.monte_carlo
        if "sensitivity" in names:
            _ = self.sensitivity
        return tuple(p for n in names if n in self._parts for p in self._parts[n].problems)

    def npvs_by_price(self, prices: Any) -> tuple[Any, Any] | None:
        """Both parties' NPVs at many prices (:func:`~.projection.npvs_by_price`).

        None without the value and economics sections.
        """
        c = self.case
        if c.value is None or c.economics is None:
            return None
        return npvs_by_price(c.economics, c.value, c.relationship, prices)

    # ------------------------------------------------------------------ packages

    @property
    def zopa(self) -> Zopa | None:
        """The case's zone of possible agreement, which open-book price scores read."""
        return None if self.economics is None else self.economics.zopa

    def package_economics(
        self, package: Package | PackageScore | Outcome
    ) -> PackageEconomics | None:
        """A package priced through the open book (:func:`~.win_win.package_economics`).

        Its pocket price (the value of the issue that sets the price, or the case's pocket
        price when no issue does), the options' costs and values, the seller's share, the
        retention and both NPVs. Computed once per package and kept.

        Returns
        -------
        PackageEconomics or None
            None without the value, economics, relationship or win-win section, or when the
            domain refused it (its sentence is then in :attr:`problems`).
        """
        c = self.case
        ww, rel = c.win_win, c.relationship
        if ww is None or rel is None or c.value is None or c.economics is None:
            return None
        values: dict[str, IssueValue] = dict(package.values)
        items = tuple(sorted(values.items()))
        key = (self._money_key(), ww.issues, ww.price_issue, items)
        part = self._lazy(
            f"package:{items!r}",
            key,
            lambda: package_economics(ww, values, c.economics, c.value, rel),  # type: ignore[arg-type]
        )
        return part.value  # type: ignore[no-any-return]

    def package_npvs(self, package: Package | PackageScore | Outcome) -> tuple[float, float] | None:
        """Both parties' NPVs under a package, from :meth:`package_economics`."""
        e = self.package_economics(package)
        return None if e is None else (e.seller_npv, e.customer_npv)

    def memos(self, package: PackageScore | Package) -> tuple[JustificationMemo, JustificationMemo]:
        """Both justification memos for a package ("assume agreement, then justify it").

        Judged against the definitions the assessment scores with (the drafts when
        ``use_drafts``), with each party's NPV under the package, its BATNA taken every period
        as an NPV, its BATR and its net COLR under the package (like with like), and the trust
        check (a memo for sides not ready for win-win says so first).

        Raises
        ------
        CaseError
            When a party's definition cannot score the package.
        """
        ww = self.case.win_win
        assert ww is not None
        pkg = next(p for p in ww.packages if p.name == package.name)
        money = self.package_economics(pkg)
        rel, proj = self.case.relationship, self.projection
        out: list[JustificationMemo] = []
        for party in ("seller", "customer"):
            figures: dict[str, float | None] = dict.fromkeys(
                ("npv", "batna", "batna_npv", "batr", "colr_net")
            )
            if money is not None and rel is not None:
                figures["npv"] = getattr(money, f"{party}_npv")
                figures["colr_net"] = getattr(money, f"{party}_colr_net")
                figures["batna"] = getattr(rel, f"{party}_batna_per_period")
                figures["batr"] = getattr(rel, f"{party}_batr_npv")
                if proj is not None:
                    figures["batna_npv"] = getattr(proj, f"{party}_batna_npv")
            out.append(
                justification_memo(
                    ww,
                    pkg,
                    "seller" if party == "seller" else "customer",
                    use_drafts=self.use_drafts,
                    party_name=self.case.seller if party == "seller" else self.case.customer,
                    trust=self.trust,
                    zopa=self.zopa,
                    currency=self.case.currency,
                    **figures,
                )
            )
        return out[0], out[1]

    @cached_property
    def chosen_memos(self) -> tuple[JustificationMemo, JustificationMemo] | None:
        """The memos of the chosen package, or None when no package is win-win."""
        return None if self.chosen is None else self.memos(self.chosen)


def _win_win_ready(case: Case, missing: tuple[str, ...]) -> bool:
    ww = case.win_win
    return (
        ww is not None
        and bool(ww.issues)
        and not any(m in missing for m in ("win_win.seller", "win_win.customer"))
    )


def _assess_win_win(
    case: Case, use_drafts: bool, zopa: Zopa | None
) -> tuple[WinWinResult, PackageScore | None, tuple[float | None, float | None]]:
    ww = case.win_win
    assert ww is not None
    result = assess_win_win(ww, use_drafts=use_drafts, zopa=zopa)
    thresholds = (
        definition_in_force(ww, "seller", use_draft=use_drafts, zopa=zopa).definition.win_threshold,
        definition_in_force(
            ww, "customer", use_draft=use_drafts, zopa=zopa
        ).definition.win_threshold,
    )
    return result, chosen_package(result), thresholds


def assess_case(
    case: Case,
    *,
    paths: int = DEFAULT_PATHS,
    seed: int = DEFAULT_SEED,
    use_drafts: bool = False,
    previous: CaseAssessment | None = None,
) -> CaseAssessment:
    """Assess a case: every result of the methods, ready for any page, report or file.

    Parameters
    ----------
    case
        Any valid case, complete or half filled in.
    paths, seed
        The Monte Carlo simulation's size and seed.
    use_drafts
        Score the win-win part against the drafts instead of the latest seals.
    previous
        The assessment of an earlier version of the same case (a page's last one). Each part
        whose inputs did not change is taken from it as the very same object, so a page can
        redraw only the figures whose results are new (``new.projection is not
        old.projection``) and a keystroke recomputes only what depends on it.

    Returns
    -------
    CaseAssessment
        The results; missing inputs and refused computations are None (see its attributes).

    Examples
    --------
    >>> from negotiation_lib.datasets import load_pumpco_acme_foods
    >>> a = assess_case(load_pumpco_acme_foods(), paths=200)
    >>> a.economics.pocket_price_per_unit == a.projection.pocket_price_per_unit
    True
    >>> b = assess_case(a.case.model_copy(update={"title": "Renamed"}), paths=200, previous=a)
    >>> b.value is a.value, b.strategy is a.strategy
    (True, True)
    """
    missing = tuple(missing_sections(case))
    parts: dict[str, _Part] = {}
    old = {} if previous is None or previous.paths != paths else dict(previous._parts)

    def part(name: str, key: Hashable, run: Callable[[], Any]) -> Any:
        earlier = old.get(name)
        if earlier is not None and earlier.key == key:
            parts[name] = earlier
        else:
            value, problems = _compute(run)
            parts[name] = _Part(key, value, problems)
        return parts[name].value

    head = _header(case)
    value = strategy = economics = projection = trust = None
    if case.value is not None:
        value = part("value", case.value, lambda: assess_value(case.value))  # type: ignore[arg-type]
    if case.strategy is not None:
        strategy = part("strategy", case.strategy, lambda: assess_strategy(case.strategy))  # type: ignore[arg-type]
    if case.value is not None and case.economics is not None:
        money = (case.value, case.economics, case.relationship)
        economics = part("economics", (head, money), lambda: case_economics(case))
        projection = part("projection", money, lambda: case_projection(case))
    if case.trust is not None:
        trust = part("trust", case.trust, lambda: assess_trust(case.trust))  # type: ignore[arg-type]
    win_win = chosen = None
    thresholds: tuple[float | None, float | None] = (None, None)
    if _win_win_ready(case, missing):
        # Open-book price scores read the ZOPA: only then does the win-win part depend on the
        # economics, so only then is the ZOPA part of its key.
        ww = case.win_win
        zone = None if economics is None or ww is None else economics.zopa
        key = (ww, use_drafts, zone if ww is not None and scored_open_book(ww) else None)
        scored = part("win_win", key, lambda: _assess_win_win(case, use_drafts, zone))
        if scored is not None:
            win_win, chosen, thresholds = scored
    if previous is not None and previous.seed == seed:
        # The lazy parts carry over too when their inputs are the same; their keys say so.
        for name, earlier in old.items():
            if name not in parts and (name.startswith("package:") or name in _LAZY):
                parts[name] = earlier
    return CaseAssessment(
        case=case,
        seed=seed,
        paths=paths,
        use_drafts=use_drafts,
        missing=missing,
        value=value,
        strategy=strategy,
        economics=economics,
        projection=projection,
        trust=trust,
        win_win=win_win,
        chosen=chosen,
        thresholds=thresholds,
        _parts=parts,
    )


_LAZY = ("monte_carlo", "sensitivity")

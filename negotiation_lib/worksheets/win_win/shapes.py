"""The issues' rules on the case document: what an edit of the issues carries along.

The worksheet edits the case document as typed, valid or not. When the issues change, the
definitions of winning and the packages must follow: renaming an issue renames its weights,
scores, must-haves and package values; removing one drops them; a new issue gets a first value
in every package. Renaming an option carries its open-book costs and values along, and at most
one issue is the price per unit: marking one takes the mark off any other. Fields cleared to
nothing leave empty objects that mean "not set" and are removed. These are pure functions of
the document's dictionaries (no widgets); :class:`IssueRules` applies them to every edit as a
:meth:`~negotiation_lib.document.CaseDocument.add_normalizer` rule, so an edit and its
consequences are one change of the document.
"""

from __future__ import annotations

import copy
import dataclasses
import itertools
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from negotiation_lib.domain.case import POCKET_PRICE
from negotiation_lib.domain.win_win import IssueValue, Party
from negotiation_lib.vocabulary import issue_label
from negotiation_lib.worksheets.win_win.points import as_number

__all__ = [
    "PARTIES",
    "IssueRules",
    "IssueShape",
    "default_value",
    "editor_shapes",
    "issue_shapes",
    "linked_price_name",
    "normalize",
    "options_from",
    "range_from",
    "reconcile",
    "tidy_paths",
]

PARTIES: tuple[Party, Party] = ("seller", "customer")
"""The two parties, in the order the page shows them."""


@dataclass(frozen=True)
class IssueShape:
    """What the editors need to know of an issue as typed.

    Attributes
    ----------
    name, kind, options
        The issue's name, kind (``"numeric"``, ``"options"`` or ``""`` when unreadable) and
        options.
    minimum
        A numeric issue's minimum, the first value a new package takes.
    price
        The issue carries the mark ``"economics": "pocket_price_per_unit"``: its value is a
        package's pocket price per unit.
    label
        The issue's display name as typed ("" when it has none).
    """

    name: str
    kind: str
    options: tuple[str, ...] = ()
    minimum: float | None = None
    price: bool = False
    label: str = field(default="", repr=False)

    @property
    def title(self) -> str:
        """The issue as the page calls it: its label, else its id in words."""
        return issue_label(self.name, self.label)


def issue_shapes(raw: Any) -> tuple[IssueShape, ...]:
    """Read the issues as typed (valid or not) into shapes.

    Examples
    --------
    >>> issue_shapes([{"name": "price", "kind": "numeric", "min": 1, "max": 2, "step": 1,
    ...                "economics": "pocket_price_per_unit"}])
    (IssueShape(name='price', kind='numeric', options=(), minimum=1, price=True),)
    """
    out: list[IssueShape] = []
    for item in raw if isinstance(raw, list) else []:
        if not isinstance(item, dict):
            continue
        name = item.get("name")
        kind = item.get("kind")
        options = item.get("options")
        low = item.get("min")
        label = item.get("label")
        out.append(
            IssueShape(
                name=name.strip() if isinstance(name, str) else "",
                kind=kind if kind in ("numeric", "options") else "",
                options=tuple(o for o in options if isinstance(o, str))
                if isinstance(options, list)
                else (),
                minimum=low if isinstance(low, int | float) and not isinstance(low, bool) else None,
                price=kind == "numeric" and item.get("economics") == POCKET_PRICE,
                label=label.strip() if isinstance(label, str) else "",
            )
        )
    return tuple(out)


def editor_shapes(win_win: Any) -> tuple[IssueShape, ...]:
    """The issues as the editors lay them out: ``price`` marks the issue that sets the price.

    Unlike :func:`issue_shapes` (the mark alone, which the issue rules follow from edit to
    edit), the issue named by the older ``price_issue`` field counts too, as it does for the
    domain (:func:`linked_price_name`).

    Examples
    --------
    >>> ww = {"issues": [{"name": "rate", "kind": "numeric"}], "price_issue": "rate"}
    >>> issue_shapes(ww["issues"])[0].price, editor_shapes(ww)[0].price
    (False, True)
    """
    if not isinstance(win_win, dict):
        return ()
    linked = linked_price_name(win_win)
    return tuple(
        dataclasses.replace(s, price=bool(s.name) and s.name == linked and s.kind == "numeric")
        for s in issue_shapes(win_win.get("issues"))
    )


def linked_price_name(win_win: Mapping[str, Any]) -> str | None:
    """The issue that sets the price per unit in a section as typed, valid or not.

    The first issue marked ``"economics": "pocket_price_per_unit"``, else the older
    ``price_issue`` field (the rule of :func:`negotiation_lib.domain.case.linked_price_issue`).

    Examples
    --------
    >>> linked_price_name({"issues": [{"name": "rate", "economics": "pocket_price_per_unit"}]})
    'rate'
    >>> linked_price_name({"issues": [{"name": "rate"}], "price_issue": "rate"})
    'rate'
    """
    for item in win_win.get("issues") or []:
        if isinstance(item, dict) and item.get("economics") == POCKET_PRICE:
            name = item.get("name")
            return name if isinstance(name, str) else None
    named = win_win.get("price_issue")
    return named if isinstance(named, str) else None


def default_value(shape: IssueShape) -> IssueValue | None:
    """The first value a package takes for an issue: its minimum, or its first option.

    Examples
    --------
    >>> default_value(IssueShape("term", "options", ("1y", "2y")))
    '1y'
    >>> default_value(IssueShape("price", "numeric", minimum=300))
    300
    """
    if shape.kind == "numeric":
        return shape.minimum
    if shape.kind == "options" and shape.options:
        return shape.options[0]
    return None


def _rename_key(d: dict[str, Any], old: str, new: str) -> bool:
    if old not in d or new in d:
        return False
    items = [((new if k == old else k), v) for k, v in d.items()]
    d.clear()
    d.update(items)
    return True


def _fits(kind: str, part: str, value: Any) -> bool:
    """Whether a stored score, must-have or package value has the shape the issue kind needs."""
    if part == "scores":
        return isinstance(value, list if kind == "numeric" else dict)
    if part == "must_haves":
        if not isinstance(value, dict):
            return False
        if kind == "numeric":
            return "allowed" not in value
        return "min" not in value and "max" not in value
    if kind == "numeric":
        return isinstance(value, int | float) and not isinstance(value, bool)
    return isinstance(value, str)


def reconcile(
    win_win: Mapping[str, Any],
    before: Sequence[IssueShape],
    after: Sequence[IssueShape],
) -> tuple[dict[str, Any] | None, tuple[IssueShape, ...]]:
    """Carry the definitions and packages along when the issues change.

    Renaming an issue (or an option) renames its weight, scores, must-have and package
    values, and an option's open-book cost and value; removing one drops them, since nothing
    could show or edit them any more; a new issue gets a first value in every package;
    changing an issue's kind drops the scores and must-have of the old kind and resets the
    packages' values. An issue newly marked as the price per unit takes the mark from any
    other (at most one issue sets the price), and the older ``price_issue`` field follows the
    mark: it is dropped when it names another issue, or an issue that lost its mark. Seals
    are never touched.

    Parameters
    ----------
    win_win
        The ``win_win`` section as typed.
    before, after
        The issues' shapes before and after the change.

    Returns
    -------
    tuple
        The new section (None when nothing changed), and the shapes to remember as
        "before" next time: a rename that could not be applied yet (an empty or duplicate
        name while typing) keeps the old name, so it is applied once the name is usable.

    Examples
    --------
    >>> ww = {"seller": {"weights": {"price": 1}}, "packages": [{"name": "A",
    ...       "values": {"price": 300}}], "price_issue": "price"}
    >>> new, _ = reconcile(ww, [IssueShape("price", "numeric")], [IssueShape("rate", "numeric")])
    >>> new["seller"]["weights"], new["packages"][0]["values"], new["price_issue"]
    ({'rate': 1}, {'rate': 300}, 'rate')
    """
    ww = copy.deepcopy(dict(win_win))
    parties = [ww[p] for p in PARTIES if isinstance(ww.get(p), dict)]
    packages = [
        p
        for p in ww.get("packages") or []
        if isinstance(p, dict) and isinstance(p.get("values"), dict)
    ]

    def keyed() -> Iterator[dict[str, Any]]:
        for d in parties:
            for part in ("weights", "scores", "must_haves"):
                if isinstance(d.get(part), dict):
                    yield d[part]
        for p in packages:
            yield p["values"]

    changed = False
    remembered = list(after)
    names = [s.name for s in after]
    if len(before) == len(after):
        for k, (old, new) in enumerate(zip(before, after, strict=True)):
            name = new.name
            if old.name != new.name:
                usable = bool(new.name) and names.count(new.name) == 1
                if not usable or old.name in names:
                    remembered[k] = dataclasses.replace(new, name=old.name)
                    continue
                for d in keyed():
                    changed |= _rename_key(d, old.name, new.name)
                if ww.get("price_issue") == old.name:
                    ww["price_issue"] = new.name
                    changed = True
            if old.kind != new.kind and new.kind:
                changed |= _reshape(parties, packages, new)
            elif new.kind == "options" and old.options != new.options:
                money = _option_money(ww, k)
                changed |= _reoption(parties, packages, name, old.options, new.options, money)
        changed |= _one_price(ww, before, after)
    else:
        removed = {s.name for s in before} - set(names)
        for d in keyed():
            for name in removed & set(d):
                del d[name]
                changed = True
        if ww.get("price_issue") in removed:
            del ww["price_issue"]
            changed = True
        for shape in after:
            if shape.name and shape.name not in {s.name for s in before}:
                value = default_value(shape)
                for p in packages:
                    if value is not None and shape.name not in p["values"]:
                        p["values"][shape.name] = value
                        changed = True
    return (ww if changed else None), tuple(remembered)


def _option_money(ww: Mapping[str, Any], index: int) -> dict[str, Any] | None:
    """The open-book costs and values of the options of issue ``index``, as typed."""
    issues = ww.get("issues")
    item = issues[index] if isinstance(issues, list) and index < len(issues) else None
    money = item.get("economics") if isinstance(item, dict) else None
    return money if isinstance(money, dict) else None


def _one_price(
    ww: dict[str, Any], before: Sequence[IssueShape], after: Sequence[IssueShape]
) -> bool:
    """Keep at most one issue marked as the price, and ``price_issue`` in step with the mark."""
    changed = False
    pairs = list(zip(before, after, strict=True))
    gained = [new.name for old, new in pairs if new.price and not old.price and new.name]
    lost = [new.name for old, new in pairs if old.price and not new.price]
    if gained:
        keep = gained[-1]
        for item in ww.get("issues") or []:
            if (
                isinstance(item, dict)
                and item.get("economics") == POCKET_PRICE
                and item.get("name") != keep
            ):
                del item["economics"]
                changed = True
        if ww.get("price_issue") not in (None, keep):
            del ww["price_issue"]
            changed = True
    if ww.get("price_issue") is not None and ww.get("price_issue") in lost:
        del ww["price_issue"]
        changed = True
    return changed


def _reshape(
    parties: list[dict[str, Any]], packages: list[dict[str, Any]], shape: IssueShape
) -> bool:
    changed = False
    for d in parties:
        for part in ("scores", "must_haves"):
            held = d.get(part)
            if (
                isinstance(held, dict)
                and shape.name in held
                and not _fits(shape.kind, part, held[shape.name])
            ):
                del held[shape.name]
                changed = True
    value = default_value(shape)
    for p in packages:
        if shape.name in p["values"] and not _fits(shape.kind, "values", p["values"][shape.name]):
            if value is None:
                del p["values"][shape.name]
            else:
                p["values"][shape.name] = value
            changed = True
    return changed


def _reoption(
    parties: list[dict[str, Any]],
    packages: list[dict[str, Any]],
    issue: str,
    old: tuple[str, ...],
    new: tuple[str, ...],
    money: dict[str, Any] | None = None,
) -> bool:
    changed = False
    scores = [d["scores"][issue] for d in parties if isinstance(d.get("scores"), dict)]
    scores = [s for s in scores if isinstance(s, dict)]
    musts = [d["must_haves"] for d in parties if isinstance(d.get("must_haves"), dict)]
    if len(old) == len(new):
        for was, now in zip(old, new, strict=True):
            if was == now or not now or new.count(now) != 1 or was in new:
                continue
            for s in scores:
                changed |= _rename_key(s, was, now)
            if money is not None:
                changed |= _rename_key(money, was, now)
            for m in musts:
                allowed = (
                    m.get(issue, {}).get("allowed") if isinstance(m.get(issue), dict) else None
                )
                if isinstance(allowed, list) and was in allowed and now not in allowed:
                    allowed[allowed.index(was)] = now
                    changed = True
            for p in packages:
                if p["values"].get(issue) == was:
                    p["values"][issue] = now
                    changed = True
        return changed
    removed = set(old) - set(new)
    for s in [*scores, *([money] if money is not None else [])]:
        for option in removed & set(s):
            del s[option]
            changed = True
    for m in musts:
        held = m.get(issue)
        allowed = held.get("allowed") if isinstance(held, dict) else None
        if isinstance(allowed, list) and removed & set(allowed):
            held["allowed"] = [a for a in allowed if a not in removed]
            changed = True
    return changed


def tidy_paths(data: Mapping[str, Any]) -> list[list[str | int]]:
    """Paths of empty objects left behind by cleared fields, which must be removed.

    A trust view whose four factors were all cleared, a must-have with neither bounds
    nor allowed options, and an option whose open-book cost and value were both cleared
    mean "not set": they are deleted rather than stored empty (and an issue's economics
    with them, once no option has any).

    Examples
    --------
    >>> tidy_paths({"trust": {"seller_view": {}}, "win_win": {"seller": {"must_haves":
    ...     {"price": {}, "size": {"allowed": []}, "term": {"min": 1}}}}})
    [['trust', 'seller_view'], ['win_win', 'seller', 'must_haves', 'price'], \
['win_win', 'seller', 'must_haves', 'size']]
    >>> tidy_paths({"win_win": {"issues": [{"name": "w", "economics": {"1y": {}}}]}})
    [['win_win', 'issues', 0, 'economics']]
    """
    out: list[list[str | int]] = []
    trust = data.get("trust")
    if isinstance(trust, dict):
        for view in ("seller_view", "customer_view"):
            if trust.get(view) == {}:
                out.append(["trust", view])
    ww = data.get("win_win")
    if isinstance(ww, dict):
        for party in PARTIES:
            d = ww.get(party)
            musts = d.get("must_haves") if isinstance(d, dict) else None
            if not isinstance(musts, dict):
                continue
            for issue, m in musts.items():
                if isinstance(m, dict) and not any(
                    m.get(k) not in (None, []) for k in ("min", "max", "allowed")
                ):
                    out.append(["win_win", party, "must_haves", issue])
        for k, item in enumerate(ww.get("issues") or []):
            money = item.get("economics") if isinstance(item, dict) else None
            if not isinstance(money, dict):
                continue
            empty = [o for o, v in money.items() if v == {}]
            if len(empty) == len(money):
                out.append(["win_win", "issues", k, "economics"])
            else:
                out += [["win_win", "issues", k, "economics", o] for o in empty]
    return out


def _without(data: Mapping[str, Any], paths: Sequence[Sequence[str | int]]) -> dict[str, Any]:
    out = copy.deepcopy(dict(data))
    for path in paths:
        node: Any = out
        for step in path[:-1]:
            node = node[step]
        node.pop(path[-1], None)
    return out


def normalize(
    data: Mapping[str, Any], before: Sequence[IssueShape]
) -> tuple[dict[str, Any] | None, tuple[IssueShape, ...]]:
    """Apply the issues' rules to an edited case document.

    First :func:`reconcile` the definitions and packages with the issues as they are now, then
    remove the empty objects :func:`tidy_paths` finds.

    Parameters
    ----------
    data
        The case document after an edit (not changed).
    before
        The issues' shapes remembered from the previous edit (see :func:`reconcile`).

    Returns
    -------
    tuple
        The document to keep (None when the rules change nothing) and the shapes to remember
        for the next edit.

    Examples
    --------
    >>> data = {"win_win": {"issues": [{"name": "rate", "kind": "numeric", "min": 1}],
    ...         "seller": {"weights": {"price": 1}, "must_haves": {"rate": {}}}}}
    >>> new, shapes = normalize(data, [IssueShape("price", "numeric", (), 1)])
    >>> new["win_win"]["seller"], shapes
    ({'weights': {'rate': 1}, 'must_haves': {}}, (IssueShape(name='rate', kind='numeric', \
options=(), minimum=1, price=False),))
    """
    ww = data.get("win_win")
    after = issue_shapes(ww.get("issues") if isinstance(ww, dict) else None)
    remembered = after
    out: dict[str, Any] | None = None
    if isinstance(ww, dict) and tuple(before) != after:
        fixed, remembered = reconcile(ww, before, after)
        if fixed is not None:
            out = {**data, "win_win": fixed}
    empty = tidy_paths(out if out is not None else data)
    if empty:
        out = _without(out if out is not None else data, empty)
    return out, remembered


class IssueRules:
    """The issues' rules as a case document normalizer, remembering the issues between edits.

    Give it to :meth:`~negotiation_lib.document.CaseDocument.add_normalizer`: each edit then
    carries its consequences (:func:`normalize`) in the same change. It remembers the issues'
    shapes from one edit to the next, because a rename typed through an empty or duplicate name
    is applied only once the name is usable; :meth:`reset` forgets them when the whole document
    is replaced.

    Parameters
    ----------
    data
        The case document the rules start from.

    Examples
    --------
    >>> from negotiation_lib.document import CaseDocument, blank_case
    >>> doc = CaseDocument(blank_case())
    >>> doc.add_normalizer(IssueRules(doc.data))
    >>> doc.append("win_win.issues", {"name": "term", "kind": "options", "options": ["1y"]})
    0
    >>> doc.append("win_win.packages", {"name": "A", "values": {"term": "1y"}})
    0
    >>> doc.set("win_win.issues[0].name", "duration")
    >>> doc.get("win_win.packages[0].values")
    {'duration': '1y'}
    """

    def __init__(self, data: Mapping[str, Any]) -> None:
        self.shapes: tuple[IssueShape, ...] = ()
        self.reset(data)

    def reset(self, data: Mapping[str, Any]) -> None:
        """Start again from a document loaded whole: remember its issues as they are."""
        ww = data.get("win_win")
        self.shapes = issue_shapes(ww.get("issues") if isinstance(ww, dict) else None)

    def __call__(self, data: dict[str, Any]) -> dict[str, Any] | None:
        """Apply the rules to an edited document (see :func:`normalize`)."""
        fixed, self.shapes = normalize(data, self.shapes)
        return fixed


def options_from(item: Mapping[str, Any]) -> list[str]:
    """Options for an issue turned from numeric to options: its levels when there are few."""
    low, high, step = item.get("min"), item.get("max"), item.get("step")
    if all(isinstance(v, int | float) for v in (low, high, step)) and step > 0:  # type: ignore[operator]
        count = int((high - low) / step + 1e-9) + 1  # type: ignore[operator]
        if 1 < count <= 12:
            return [f"{low + k * step:g}" for k in range(count)]  # type: ignore[operator]
    return ["low", "medium", "high"]


def range_from(item: Mapping[str, Any]) -> dict[str, float | int]:
    """A range for an issue turned from options to numeric: from its options if they are numbers."""
    try:
        values = sorted(as_number(o) for o in item.get("options") or [])
    except (ValueError, TypeError):
        values = []
    if len(values) >= 2 and values[0] < values[-1]:
        step = min(b - a for a, b in itertools.pairwise(values) if b > a)
        return {"min": values[0], "max": values[-1], "step": step}
    return {"min": 0, "max": 100, "step": 10}

"""Layout and style models shared by every widget that uses the same settings.

ipywidgets gives each widget a layout model of its own, and most widgets a style model too,
even when they hold nothing but the defaults. Every model is a message the page must receive
and decode before it can draw: on the win-win page, 900 of its 1,650 models were such
layouts and styles. Shared, the page sends 656 models.

The models here are values: one per class and settings, shared by every widget that asks
for them, and closed to changes (a change would reach every widget that shares it). To
change how one widget is laid out, give it another layout with :func:`relayout`; to toggle
it, :func:`set_display`. Inside :func:`sharing_models`, widgets made without a layout or style
get the shared default instead of a new one.

The frontend is fine with sharing: every view of a widget makes its own view of the layout
model, so one model can lay out any number of widgets.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache, partial
from typing import Any

import ipywidgets as widgets
from ipywidgets.widgets.trait_types import InstanceDict
from ipywidgets.widgets.widget_style import Style

__all__ = [
    "SharedModelError",
    "is_shared",
    "relayout",
    "set_display",
    "shared",
    "shared_layout",
    "sharing_models",
]


class SharedModelError(AttributeError):
    """Raised on a change to a shared layout or style: it would reach every widget using it."""


class _Frozen:
    """Mixin: a widget model whose synced settings cannot change once it is made."""

    _nw_settings: dict[str, Any]
    _nw_frozen = False

    def __setattr__(self, name: str, value: Any) -> None:
        if self._nw_frozen and name in self.keys:  # type: ignore[attr-defined]
            raise SharedModelError(
                f"This {type(self).__name__.removeprefix('Shared')} is shared by many widgets, "
                f"so its {name!r} cannot change here. Give the widget another one instead: "
                "relayout(widget, ...) or set_display(widget, ...) from "
                "negotiation_lib.worksheets.shared_models."
            )
        super().__setattr__(name, value)


@cache
def _frozen_class(cls: type) -> type:
    """The frozen variant of a layout or style class (same model name, so the same view)."""
    return type(f"Shared{cls.__name__}", (_Frozen, cls), {"__module__": __name__})


_SHARED: dict[tuple[type, tuple[tuple[str, Any], ...]], Any] = {}


def shared(cls: type, **settings: Any) -> Any:
    """The shared model of a layout or style class with these settings.

    One model per class and settings lives in the kernel while it is open. A model that was
    closed (pages built ahead and thrown away close everything they made) is made anew.

    Examples
    --------
    >>> a = shared(widgets.Layout, width="9em")
    >>> a is shared(widgets.Layout, width="9em"), a is shared(widgets.Layout)
    (True, False)
    """
    key = (cls, tuple(sorted(settings.items())))
    model = _SHARED.get(key)
    if model is None or model.comm is None:
        model = _frozen_class(cls)(**settings)
        model._nw_settings = dict(settings)
        model._nw_frozen = True
        _SHARED[key] = model
    return model


def shared_layout(**settings: Any) -> widgets.Layout:
    """The shared :class:`ipywidgets.Layout` with these settings (see :func:`shared`).

    A setting given as None is the default and is left out, so ``shared_layout(height=None)``
    is ``shared_layout()``.
    """
    return shared(widgets.Layout, **{k: v for k, v in settings.items() if v is not None})


def is_shared(model: Any) -> bool:
    """Whether a layout or style is a shared one (and so cannot change)."""
    return isinstance(model, _Frozen)


def relayout(widget: widgets.DOMWidget, **changes: Any) -> None:
    """Change how one widget is laid out, whether its layout is shared or its own.

    A shared layout is swapped for the shared layout with the changed settings; a layout of
    the widget's own is changed in place.
    """
    layout = widget.layout
    if is_shared(layout):
        widget.layout = shared_layout(**{**layout._nw_settings, **changes})
    else:
        for name, value in changes.items():
            setattr(layout, name, value)


def set_display(widget: widgets.DOMWidget, shown: bool) -> None:
    """Show or hide a widget (CSS ``display: none``), keeping the rest of its layout."""
    relayout(widget, display=None if shown else "none")


def _default_traits() -> list[InstanceDict]:
    """Every layout and style trait of the widget classes defined so far."""
    traits: dict[int, InstanceDict] = {}
    pending: list[Any] = [widgets.DOMWidget]
    while pending:
        cls = pending.pop()
        pending += cls.__subclasses__()
        for trait in cls.class_traits().values():
            klass = getattr(trait, "klass", None)
            ours = isinstance(klass, type) and issubclass(klass, (widgets.Layout, Style))
            if isinstance(trait, InstanceDict) and ours:
                traits[id(trait)] = trait
    return list(traits.values())


@contextmanager
def sharing_models() -> Iterator[None]:
    """Within the block, widgets made without a layout or style share the default one.

    The default of each ``layout`` and ``style`` trait is swapped for the shared model of its
    class while the block runs, and restored after it. Widgets given a layout or style keep
    theirs.
    """
    global _depth
    traits = _default_traits() if _depth == 0 else []
    for trait in traits:
        trait.make_dynamic_default = partial(shared, trait.klass)
    _depth += 1
    try:
        yield
    finally:
        _depth -= 1
        for trait in traits:
            trait.__dict__.pop("make_dynamic_default", None)


_depth = 0  # how many sharing_models blocks are open (only the outermost swaps defaults)

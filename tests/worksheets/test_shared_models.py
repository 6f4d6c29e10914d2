"""Shared layout and style models: one per settings, closed to changes, swapped to restyle.

Sharing is what keeps the number of widget models a page sends down (each one a message the
browser decodes before it draws); these tests pin that sharing never lets a change to one
widget's layout reach another widget.
"""

from __future__ import annotations

import json
from collections import Counter

import ipywidgets as widgets
import pytest
from ipywidgets.widgets.widget_string import HTMLStyle, TextStyle
from ipywidgets.widgets.widget_style import Style

from negotiation_lib.worksheets.app import load_document, open_worksheet
from negotiation_lib.worksheets.shared_models import (
    SharedModelError,
    is_shared,
    relayout,
    set_display,
    shared,
    shared_layout,
    sharing_models,
)
from negotiation_lib.worksheets.win_win import WinWinWorksheet
from tests.worksheets.helpers import models_of


def test_one_model_per_class_and_settings() -> None:
    narrow = shared_layout(width="9em")
    assert shared_layout(width="9em") is narrow
    assert shared_layout(width="10em") is not narrow
    assert shared_layout() is not narrow
    # a style with the same settings is another class of model
    assert shared(HTMLStyle) is not shared(TextStyle)
    assert narrow.width == "9em"
    assert narrow.get_state()["_model_name"] == "LayoutModel"  # the frontend sees a layout


def test_a_shared_model_refuses_changes_with_a_sentence_saying_what_to_do() -> None:
    layout = shared_layout(width="9em")
    with pytest.raises(SharedModelError, match=r"shared by many widgets.*relayout"):
        layout.display = "none"
    assert layout.display is None
    with pytest.raises(SharedModelError, match="'font_size'"):
        shared(HTMLStyle).font_size = "30px"


def test_a_closed_shared_model_is_made_anew() -> None:
    """Pages built ahead and thrown away close what they made, shared models included."""
    layout = shared_layout(width="7em")
    layout.close()
    again = shared_layout(width="7em")
    assert again is not layout
    assert again.comm is not None
    assert again.width == "7em"


def test_inside_the_block_defaults_are_shared_and_given_layouts_are_kept() -> None:
    own = widgets.Layout(width="50%")
    with sharing_models():
        first, second = widgets.HTML("a"), widgets.HTML("b")
        given = widgets.HTML("c", layout=own)
        text = widgets.Text()
    assert first.layout is second.layout is shared_layout()
    assert first.style is second.style is shared(HTMLStyle)
    assert text.style is shared(TextStyle)
    assert given.layout is own
    assert not is_shared(own)
    outside = widgets.HTML("d")
    assert not is_shared(outside.layout)
    outside.layout.width = "10px"  # a widget made outside the block owns its layout
    assert first.layout.width is None


def test_only_the_outermost_block_restores_the_defaults() -> None:
    with sharing_models():
        with sharing_models():
            inner = widgets.VBox()
        after_inner = widgets.VBox()
    assert after_inner.layout is inner.layout is shared_layout()
    assert not is_shared(widgets.VBox().layout)


def test_relayout_swaps_a_shared_layout_and_leaves_the_other_widgets_alone() -> None:
    with sharing_models():
        a, b = widgets.HTML("a"), widgets.HTML("b", layout=shared_layout(width="9em"))
    twin = widgets.HTML("twin", layout=shared_layout(width="9em"))
    relayout(b, margin="2px")
    assert b.layout is shared_layout(width="9em", margin="2px")
    assert twin.layout is shared_layout(width="9em")
    assert twin.layout.margin is None
    set_display(a, False)
    assert a.layout.display == "none"
    assert shared_layout().display is None
    set_display(a, True)
    assert a.layout is shared_layout()  # back to the one model: toggling makes none


def test_relayout_changes_a_layout_of_the_widgets_own_in_place() -> None:
    own = widgets.Layout(width="3em")
    button = widgets.Button(layout=own)
    set_display(button, False)
    assert button.layout is own
    assert (own.display, own.width) == ("none", "3em")


def _repeated_looks(page: widgets.Widget) -> list[str]:
    """Settings held by more than one layout or style model of a page (none when shared)."""
    looks = [m for m in models_of(page) if isinstance(m, widgets.Layout | Style)]
    states = Counter(json.dumps(m.get_state(), sort_keys=True, default=str) for m in looks)
    return [state for state, count in states.items() if count > 1]


@pytest.mark.parametrize("kind", ["value_proposition", "transparent_economics", "win_win"])
def test_a_worksheet_page_sends_each_layout_and_style_once(kind: str) -> None:
    """No two layout or style models of a page hold the same settings: widgets share them.

    Before sharing, the win-win page sent 644 layouts and 378 styles; now it sends one model
    per distinct setting (a few dozen).
    """
    page = open_worksheet(kind, "pumpco_acme_foods")
    assert _repeated_looks(page) == []
    assert len([m for m in models_of(page) if isinstance(m, widgets.Layout | Style)]) < 60


def test_parts_rebuilt_while_the_trainee_edits_share_layouts_too() -> None:
    """Adding an issue rebuilds the win-win editors after the page was built."""
    doc, query, _ = load_document("case=swiftfreight_helios", "swiftfreight_helios")
    with sharing_models():
        ws = WinWinWorksheet(doc, query=query)
    ws.issues.w_add.click()  # a callback, outside the page build
    assert len(doc.get("win_win.issues")) == 5
    assert _repeated_looks(ws.widget) == []

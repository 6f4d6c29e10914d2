"""The deal room's rounds chart: one line per room, the team's own on top, EUR everywhere."""

from __future__ import annotations

from negotiation_lib.figures.room_rounds import room_rounds_chart


def test_one_line_per_room_the_own_room_drawn_last_and_bold() -> None:
    fig = room_rounds_chart(
        {"Your room": [100.0, 250.0], "Room 2": [90.0], "Room 3": [80.0, 120.0, 200.0]},
        "Your room",
        "seller",
        "EUR",
        3,
    )
    assert [t.name for t in fig.data][-1] == "Your room"
    own = fig.data[-1]
    assert list(own.x) == [1, 2]
    assert list(own.y) == [100.0, 250.0]
    assert own.line.width > fig.data[0].line.width
    assert list(own.customdata) == ["100 EUR", "250 EUR"]
    assert "EUR" in fig.layout.yaxis.title.text
    assert list(fig.layout.xaxis.range) == [0.5, 3.5]


def test_labels_are_escaped() -> None:
    fig = room_rounds_chart({"<b>x</b>": [1.0]}, "Your room", "seller", "EUR", 2)
    assert fig.data[0].name == "&lt;b&gt;x&lt;/b&gt;"

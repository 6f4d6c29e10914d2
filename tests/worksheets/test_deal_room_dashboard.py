"""The dashboard's deal rooms card: the rooms table and re-pairing, on a SQLite store."""

from __future__ import annotations

from pathlib import Path

from negotiation_lib.store import Store
from negotiation_lib.worksheets.dashboard_rooms import RoomsCard


def test_repair_puts_two_teams_in_a_new_room_and_says_so(tmp_path: Path) -> None:
    store = Store(f"sqlite:///{tmp_path / 'store.sqlite3'}")
    try:
        made = store.create_workshop("Re-pair test", ["valtora_brightmoor"])
        code = made.workshop.join_code
        a, b, c = (store.join(code, n).participant.id for n in ("Ann", "Ben", "Cat"))
        card = RoomsCard(lambda: store)
        card.open(made.workshop.id, made.facilitator_key)
        card.refresh()
        # Ann (seller) and Ben (buyer) share room 1; Cat (seller) waits in room 2.
        assert "data-room='1'" in card.w_rooms.value
        assert "waiting for a counterpart" in card.w_rooms.value
        card.w_seller.value, card.w_buyer.value = c, b
        card._on_repair()
        assert "Cat and Ben now negotiate in room 3; Ann waits in room 4." in card.w_msg.value
        seat = store.room_for(b)
        assert seat is not None
        assert (seat.number, seat.counterpart_id) == (3, c)
        ann = store.room_for(a)
        assert ann is not None
        assert ann.waiting
        # A team paired with itself is refused with the store's sentence; nothing changes.
        card.w_seller.value, card.w_buyer.value = c, c
        card._on_repair()
        assert "cannot negotiate with itself" in card.w_msg.value
        assert len(store.rooms(made.workshop.id)) == 4
    finally:
        store.close()

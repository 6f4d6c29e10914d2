"""Join codes, resume codes and facilitator keys: their shape, their entropy, how they are kept."""

from __future__ import annotations

import hashlib
import math
import re

import pytest

from negotiation_lib.store.codes import (
    ALPHABET,
    digest,
    new_facilitator_key,
    new_join_code,
    new_resume_code,
    normalize_code,
)

SYMBOL = f"[{re.escape(ALPHABET)}]"
JOIN_CODE = re.compile(rf"^{SYMBOL}{{5}}-{SYMBOL}{{5}}$")
RESUME_CODE = re.compile(rf"^{SYMBOL}{{4}}-{SYMBOL}{{4}}-{SYMBOL}{{4}}$")


def test_alphabet_has_no_look_alikes_and_no_repeats() -> None:
    assert not set(ALPHABET) & set("01OIL")
    assert len(set(ALPHABET)) == len(ALPHABET) == 31
    assert ALPHABET.upper() == ALPHABET


def test_join_codes_read_aloud_as_xxxxx_dash_xxxxx_with_about_50_bits() -> None:
    # Ten symbols since issue 22 (six before): too many to guess within the attempt limits.
    codes = [new_join_code() for _ in range(200)]
    for code in codes:
        assert JOIN_CODE.match(code), code
    assert len(set(codes)) == len(codes)  # drawn at random, not a counter
    assert 10 * math.log2(len(ALPHABET)) > 49


def test_resume_codes_have_twelve_symbols_and_about_59_bits() -> None:
    codes = [new_resume_code() for _ in range(200)]
    for code in codes:
        assert RESUME_CODE.match(code), code
    assert len(set(codes)) == len(codes)
    assert 12 * math.log2(len(ALPHABET)) > 59


def test_facilitator_keys_are_url_safe_and_carry_144_bits() -> None:
    keys = {new_facilitator_key() for _ in range(100)}
    assert len(keys) == 100
    for key in keys:
        assert re.fullmatch(r"[A-Za-z0-9_-]{24}", key), key  # 18 bytes in base64


@pytest.mark.parametrize(
    ("typed", "normalized"),
    [
        ("K7M-Q2P", "K7MQ2P"),
        (" k7m-q2p ", "K7MQ2P"),
        ("k7m q2p", "K7MQ2P"),
        ("h3kq-7mwx-p2rd", "H3KQ7MWXP2RD"),
        ("H3KQ 7MWX\tP2RD\n", "H3KQ7MWXP2RD"),
        ("--", ""),
    ],
)
def test_normalize_code_ignores_case_spaces_and_dashes(typed: str, normalized: str) -> None:
    assert normalize_code(typed) == normalized


def test_digest_is_the_sha256_hex_of_the_secret() -> None:
    assert digest("H3KQ7MWXP2RD") == hashlib.sha256(b"H3KQ7MWXP2RD").hexdigest()
    assert digest("a") != digest("A")
    assert re.fullmatch(r"[0-9a-f]{64}", digest(new_facilitator_key()))

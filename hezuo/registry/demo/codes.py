"""Identifiers with valid check characters: unified social credit codes and ORCID iDs."""

from __future__ import annotations

import random

_USCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def uscc_check_char(first17: str) -> str:
    """The check character of a unified social credit code (GB 32100-2015)."""
    total = sum(_USCC_CHARS.index(ch) * w for ch, w in zip(first17, _USCC_WEIGHTS, strict=True))
    return _USCC_CHARS[(31 - total % 31) % 31]


def _org_code(rng: random.Random) -> str:
    """A nine-character organisation code with its GB 11714 check character."""
    body = f"{rng.randint(10_000_000, 99_999_999)}"
    total = sum(int(ch) * w for ch, w in zip(body, (3, 7, 9, 10, 5, 8, 4, 2), strict=True))
    check = 11 - total % 11
    return body + ("X" if check == 10 else "0" if check == 11 else str(check))


def make_uscc(rng: random.Random, province: str) -> str:
    """A plausible code: 9 (market regulator) 1 (enterprise), the division, the org code."""
    division = f"{province}{rng.randint(1, 12):02d}{rng.randint(1, 15):02d}"
    first17 = "91" + division + _org_code(rng)
    return first17 + uscc_check_char(first17)


def make_orcid(rng: random.Random) -> str:
    digits = f"0000000{rng.randint(15_000_000, 34_999_999):08d}"
    total = 0
    for ch in digits:
        total = (total + int(ch)) * 2
    check = (12 - total % 11) % 11
    full = digits + ("X" if check == 10 else str(check))
    return "-".join(full[i : i + 4] for i in range(0, 16, 4))

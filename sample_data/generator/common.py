"""Helpers shared by the web, book and dialogue generators: seeded choices and slot filling."""

from __future__ import annotations

import hashlib
import random
import re
import uuid
from collections.abc import Callable, Sequence

SLOT = re.compile(r"\{(\w+)\}")


def sub_rng(seed: int, *labels: object) -> random.Random:
    """An independent generator per (seed, labels), so adding pages elsewhere changes nothing."""
    digest = hashlib.sha256(repr((seed, *labels)).encode()).digest()
    return random.Random(int.from_bytes(digest[:8], "big"))


def record_uuid(seed: int, *labels: object) -> str:
    """A version-4-shaped UUID derived from the seed, for WARC-Record-IDs and dialogue ids."""
    digest = hashlib.sha256(repr(("uuid", seed, *labels)).encode()).digest()
    return str(uuid.UUID(bytes=digest[:16], version=4))


def fill(template: str, slots: dict[str, object]) -> str:
    """Replace ``{name}`` slots; a callable slot is called once per occurrence (fresh draws)."""

    def one(match: re.Match[str]) -> str:
        value = slots[match.group(1)]
        return str(value() if callable(value) else value)

    return SLOT.sub(one, template)


def pool(text: str, joiner: str = " ") -> list[str]:
    """Split a block of templates separated by blank lines; wrapped lines are re-joined."""
    blocks = re.split(r"\n\s*\n", text.strip())
    return [joiner.join(line.strip() for line in block.splitlines()) for block in blocks]


def pick(rng: random.Random, items: Sequence[str], k: int) -> list[str]:
    """``k`` distinct items in random order (all of them if there are fewer)."""
    return rng.sample(list(items), min(k, len(items)))


def chunk(rng: random.Random, sentences: list[str], low: int, high: int) -> list[list[str]]:
    """Group sentences into paragraphs of ``low``..``high`` sentences."""
    out: list[list[str]] = []
    i = 0
    while i < len(sentences):
        n = rng.randint(low, high)
        out.append(sentences[i : i + n])
        i += n
    return out


def drawer(rng: random.Random, items: Sequence[str]) -> Callable[[], str]:
    """A slot value that draws a fresh item at every use."""
    return lambda: rng.choice(items)


def luhn_complete(prefix: str, length: int, rng: random.Random) -> str:
    """A card-like number of ``length`` digits starting with ``prefix`` that passes Luhn."""
    body = prefix + "".join(str(rng.randint(0, 9)) for _ in range(length - len(prefix) - 1))
    total = 0
    # Double every second digit counting from the (future) check digit, which is not doubled.
    for i, ch in enumerate(reversed(body)):
        d = int(ch)
        if i % 2 == 0:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return body + str((10 - total % 10) % 10)


def luhn_valid(number: str) -> bool:
    digits = [int(c) for c in number if c.isdigit()]
    total = 0
    for i, d in enumerate(reversed(digits)):
        if i % 2 == 1:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0


def cn_resident_id(region: str, birth: str, seq: str) -> str:
    """A Chinese resident identity number with its ISO 7064 MOD 11-2 check character."""
    body = region + birth + seq
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    check = "10X98765432"[sum(int(c) * w for c, w in zip(body, weights, strict=True)) % 11]
    return body + check

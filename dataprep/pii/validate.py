"""Validation of one candidate of the master regex: a span, or ``None`` for a look-alike.

Each branch of ``patterns.GROUPS`` has a checker here (``CHECKS``); they share the signature
``(match, name, text, floor, keep_private_ips)``. ``floor`` is where the previous span ended
(a left scan for an e-mail local part or an IPv6 group must not cross it).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from dataprep.pii import checks, phones
from dataprep.pii.context import (
    CONTEXT_TYPES,
    amount_or_date,
    code_context,
    context,
    number_table,
    section_number,
    us_zip_code,
)
from dataprep.pii.span import SKIP, PiiSpan

_IPV6 = re.compile(
    # With an embedded IPv4 tail first, so "2001:db8::10.0.0.1" is not cut at "::1".
    r"(?:[0-9A-Fa-f]{0,4}:){2,6}[0-9]{1,3}(?:\.[0-9]{1,3}){3}(?![0-9A-Za-z]|\.[0-9A-Za-z])"
    r"|[0-9A-Fa-f]{0,4}(?::[0-9A-Fa-f]{0,4}){2,7}"
)
_RETINA = re.compile(r"[0-9]+x")
_SCP_PATH = re.compile(r":[A-Za-z0-9~/]")
_HEX = frozenset("0123456789abcdefABCDEF")
# ASCII characters that would make an IPv6 candidate part of a longer token (Chinese text
# often has no space around an address, so str.isalnum() is too broad).
_ADDRESS_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_:.")
_LOCAL_PART = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._%+-")
_IPV4_SHAPE = re.compile(r"[0-9]{1,3}(?:\.[0-9]{1,3}){3}")
_GROUP_BREAK = re.compile(r"[ .\-/()]+")

# File extensions that end "name@2x.png"-style asset names and never a mail domain.
_FILE_TLDS = frozenset(
    "png jpg jpeg gif svg webp ico bmp tif tiff avif css scss js mjs cjs ts tsx jsx json html "
    "htm php asp aspx xml yaml yml toml ini cfg txt pdf zip gz tgz tar rar mp3 mp4 wav webm "
    "mov woff woff2 ttf otf eot map lock exe dll bin py rb java go rs swift kt".split()
)
# RFC 2606 / RFC 6761 reserved names: they cannot reach a person.
_RESERVED_DOMAINS = ("example.com", "example.org", "example.net")
_RESERVED_TLDS = frozenset({"example", "test", "invalid", "localhost", "local"})

Check = Callable[[re.Match[str], str, str, int, bool], PiiSpan | None]


def _branch_start(m: re.Match[str], name: str) -> int:
    prefix = f"{name}_p"
    if prefix in m.re.groupindex:
        return m.start(prefix)
    return m.start()


def _in_context(text: str, span: PiiSpan, *, needs_word: bool = False,
                code_sensitive: bool = False) -> PiiSpan | None:
    """``span`` unless the words before it reject it: a negative word always; the lack of a
    word for its type when ``needs_word``, or when ``code_sensitive`` and it is a literal."""
    if span.kind not in CONTEXT_TYPES:
        return span
    word = context(text, span.start)
    if word == "neg":
        return None
    if word != span.kind and (needs_word or (code_sensitive
                                             and code_context(text, span.start, span.end))):
        return None
    return span


def _phone_word(text: str, start: int) -> bool:
    return context(text, start) == "phone"


def _check_run(m: re.Match[str], name: str, text: str, floor: int, keep: bool) -> PiiSpan | None:
    """An undivided run of digits: CN ID, card, Chinese mobile; a national phone number, US
    number or SSN only after a word for its type."""
    start, end = m.start(), m.end()
    digits = text[start:end].upper()
    n = len(digits)
    if n == 18 and checks.cn_id_ok(digits):
        return _in_context(text, PiiSpan(start, end, "cn_id"))
    if not digits.isdigit():
        return None
    if 13 <= n <= 19 and checks.card_ok(digits):
        return _in_context(text, PiiSpan(start, end, "credit_card"))
    if n == 11 and checks.cn_mobile_ok(digits):
        return _in_context(text, PiiSpan(start, end, "phone"), code_sensitive=True)
    word = context(text, start)
    if word == "ssn" and n == 9 and checks.ssn_ok(digits):
        return PiiSpan(start, end, "ssn")
    if word == "phone" and _national_phone(digits, None, with_word=True):
        return PiiSpan(start, end, "phone")
    return None


# Digits a national phone number can have (E.164 allows 15 with the country code).
_NATIONAL_DIGITS = range(7, 16)


def _national_phone(digits: str, breaks: frozenset[int] | None, *, with_word: bool) -> bool:
    """A national number: valid in one of the recognised countries (and, without a phone
    word, grouped as that country groups it); after a phone word a North American number by
    the plan rules alone (an area code not yet assigned)."""
    if checks.fiction_phone(digits) or len(digits) not in _NATIONAL_DIGITS:
        return False
    if with_word:
        nanp = digits[1:] if len(digits) == 11 and digits[0] == "1" else digits
        return checks.nanp_ok(nanp) or phones.national_ok(digits, None)
    # Without a word, short numbers in two groups are too often counts and codes ("200 5120"
    # in an access log): eight digits at least, nine unless dialled with a trunk prefix.
    if breaks is None or len(digits) < 8 or (len(breaks) == 1 and len(digits) < 9
                                              and digits[0] != "0"):
        return False
    return phones.national_ok(digits, breaks)


def _breaks(value: str) -> frozenset[int] | None:
    """Digit offsets at which ``value`` is broken into groups; ``None`` for a shape no phone
    number is written in (unbalanced brackets, dots mixed with other separators, a decimal)."""
    if value.count("(") != value.count(")") or value.count("(") > 1:
        return None
    separators = _GROUP_BREAK.findall(value.strip("()"))
    if "." in value and (any(s != "." for s in separators) or len(separators) < 2):
        return None
    breaks, pos = set(), 0
    for part in _GROUP_BREAK.split(value):
        pos += len(part)
        breaks.add(pos)
    return frozenset(b for b in breaks if 0 < b < pos)


def _check_grouped(m: re.Match[str], name: str, text: str, floor: int,
                   keep: bool) -> PiiSpan | None:
    """A national phone number in digit groups ("0532 123 45 67", "(06 1) 340 9544")."""
    start, end = m.start(), m.end()
    value = text[start:end]
    digits = checks.digits_of(value)
    # The cheapest tests first (each only rejects): three in four candidates on web text
    # (version numbers, dotted section numbers) have too few digits for a national number.
    if len(digits) not in _NATIONAL_DIGITS or _IPV4_SHAPE.fullmatch(value):
        return None
    breaks = _breaks(value)
    if breaks is None or amount_or_date(text, start, end) or us_zip_code(text, start, end):
        return None
    word = context(text, start)
    # A word for another type ("SSN 666-12-3456") says what the number is not; without a
    # word, a cell of a number table or a byte dump is none either.
    if word not in (None, "phone") or (word is None and number_table(text, start, end)):
        return None
    if not _national_phone(digits, breaks, with_word=word == "phone"):
        return None
    return _in_context(text, PiiSpan(start, end, "phone"), code_sensitive=True)


def _trim_groups(value: str, valid: Callable[[str], bool]) -> int | None:
    """Length of the longest prefix of ``value`` (dropping trailing space-separated groups)
    whose digits pass ``valid``; handles "+44 20 7946 0958 2023"-style run-ons."""
    while True:
        if valid(checks.digits_of(value.replace("(0)", ""))):
            return len(value)
        cut = value.rfind(" ")
        if cut <= 0:
            return None
        value = value[:cut]


def _check_international(m: re.Match[str], name: str, text: str, floor: int,
                         keep: bool) -> PiiSpan | None:
    """"+CC ...", "00CC ...", "(+CC) ...": valid for its country code; after a phone word a
    number of a possible length is enough."""
    start = m.start()
    skip = 2 if name == "intl00" else 0  # the "00" prefix is not part of the number
    word = _phone_word(text, start)

    def valid(digits: str) -> bool:
        if checks.fiction_phone(digits):
            return False
        if digits[0] == "1" and word:  # North America: the plan rules, not just the length
            return checks.nanp_ok(digits[1:]) or phones.international_ok(digits)
        return phones.international_ok(digits, possible_is_enough=word)

    length = _trim_groups(text[start + skip:m.end()], valid)
    if length is None:
        return None
    return _in_context(text, PiiSpan(start, start + skip + length, "phone"))


def _check_digits(kind: str, valid: Callable[[str], bool]) -> Check:
    def check(m: re.Match[str], name: str, text: str, floor: int, keep: bool) -> PiiSpan | None:
        value = text[m.start():m.end()]
        if not valid(checks.digits_of(value).upper()):
            return None
        return _in_context(text, PiiSpan(m.start(), m.end(), kind))
    return check


def _check_ipv4(m: re.Match[str], name: str, text: str, floor: int, keep: bool) -> PiiSpan | None:
    value = text[m.start():m.end()]
    if not checks.ip_ok(value, keep_private=keep) or section_number(text, m.start(), m.end()):
        return None
    return _in_context(text, PiiSpan(m.start(), m.end(), "ip"))


def _check_iban(m: re.Match[str], name: str, text: str, floor: int, keep: bool) -> PiiSpan | None:
    start = m.start("iban_p")
    length = _trim_groups(text[start:m.end()].replace("-", " "), checks.iban_ok)
    return None if length is None else PiiSpan(start, start + length, "iban")


def _check_email(m: re.Match[str], name: str, text: str, floor: int,
                 keep: bool) -> PiiSpan | None:
    at, end = m.start(), m.end()
    start = at
    while start > floor and at - start <= 64 and text[start - 1] in _LOCAL_PART:
        start -= 1
    local = text[start:at]
    if not local or at - start > 64 or local[0] == "." or local[-1] == "." or ".." in local:
        return None
    # "ftp://anonymous@host": a URL user name; "git@github.com:org/repo": an SSH remote.
    if text.startswith("//", start - 2) or _SCP_PATH.match(text, end):
        return None
    domain = text[at + 1:end].lower()
    tld = domain.rsplit(".", 1)[-1]
    first_label = domain.split(".", 1)[0]
    if tld in _FILE_TLDS or tld in _RESERVED_TLDS or domain.endswith(_RESERVED_DOMAINS):
        return None
    # "icon@2x.png", "logo@1.5x.webp": retina asset names, not addresses.
    if _RETINA.fullmatch(first_label):
        return None
    return PiiSpan(start, end, "email")


def _check_ipv6(m: re.Match[str], name: str, text: str, floor: int,
                keep: bool) -> PiiSpan | None:
    colon = m.start()
    start = colon
    while start > floor and colon - start < 4 and text[start - 1] in _HEX:
        start -= 1
    if start > 0 and text[start - 1] in _ADDRESS_CHARS:
        return None
    found = _IPV6.match(text, start)
    if found is None:
        return None
    end = found.end()
    value = found.group()
    after = text[end:end + 2]
    # A full stop may end the sentence; any other address character continues the token.
    if after[:1] in _ADDRESS_CHARS and not (after[:1] == "." and after[1:] not in _ADDRESS_CHARS):
        return None
    groups = [g for g in value.split(":") if g]
    # "add::dec" and "a::b" are C++ scope operators, not addresses: require a digit.
    if len(groups) < 2 and value != "::1" or not any(c.isdigit() for c in value):
        return None
    if checks.ip_ok(value, keep_private=keep):
        return PiiSpan(start, end, "ip")
    # A valid address that the settings keep is consumed whole (its IPv4 tail is no address
    # of its own).
    return PiiSpan(start, end, SKIP) if checks.ip_ok(value, keep_private=False) else None


def _check_secret(m: re.Match[str], name: str, text: str, floor: int,
                  keep: bool) -> PiiSpan | None:
    if name in ("urlcred", "aws_secret"):
        return PiiSpan(m.start(f"{name}_v"), m.end(f"{name}_v"), "secret")
    start = _branch_start(m, name)
    # Vendors' documented sample keys (AWS's AKIAIOSFODNN7EXAMPLE) are not secrets.
    if "EXAMPLE" in text[start:m.end()]:
        return None
    return PiiSpan(start, m.end(), "secret")


CHECKS: dict[str, Check] = {
    "iban": _check_iban,
    "cnid_sp": _check_digits("cn_id", checks.cn_id_ok),
    "card_sep": _check_digits("credit_card", checks.card_ok),
    "run": _check_run,
    "ssn_sep": _check_digits("ssn", checks.ssn_ok),
    "ipv4": _check_ipv4,
    "grouped": _check_grouped,
    "paren": _check_grouped,
    "plus": _check_international,
    "intl00": _check_international,
    "paren_plus": _check_international,
    "email": _check_email,
    "ipv6": _check_ipv6,
}
"""The checker of each branch; every other branch is a fixed-prefix secret."""


def check(m: re.Match[str], name: str, text: str, floor: int, keep: bool) -> PiiSpan | None:
    return CHECKS.get(name, _check_secret)(m, name, text, floor, keep)

"""One combined scan that finds PII spans in a string.

Speed comes from the shape of the master regex: it starts with a single character class of
*trigger* characters (digits, ``+ ( @ : - _ A J``), so CPython's regex engine skips everything
else in C with its charset prefix search; each alternative then checks, with lookbehinds, that
the trigger starts (or sits at a fixed place in) its format. Python code runs only on the rare
candidates that have the full shape of an identifier, where check digits, valid ranges and
context words (``checks.py`` and ``_context`` below) decide.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable
from typing import NamedTuple

from dataprep.pii import checks

TYPES = ("email", "ip", "phone", "credit_card", "cn_id", "ssn", "iban", "secret")
"""Every PII type, in the fixed order of the ``pii_counts`` fields."""


class PiiSpan(NamedTuple):
    """A detected identifier: ``text[start:end]`` is of type ``kind``."""

    start: int
    end: int
    kind: str


# Guards after a consumed leading digit: the digit must start a token (not continue a word,
# a number, a dotted sequence such as an SNMP OID, or a "Product/1.2" version) ...
_START = r"(?<![0-9A-Za-z_.][0-9])(?<![0-9A-Za-z]-[0-9])(?<![A-Za-z]/[0-9])"
# ... and end one: not followed by more word characters, "@" (a QQ-style email local part),
# or a separator and another digit (a longer dotted/dashed sequence).
_END = r"(?![0-9A-Za-z_@]|[.\-/][0-9])"
_NOT_WORD_BEFORE = "(?<![0-9A-Za-z_])"

# Trigger groups: (trigger characters, a cheap guard for the whole group, branches). A branch
# is (name, the rest of the pattern after the trigger). A branch whose identifier starts before
# its trigger captures that prefix in a group named "<name>_p". Within a group the first branch
# that matches wins; when validation rejects it, the later branches of the group are tried.
_GROUPS: list[tuple[str, str, list[tuple[str, str]]]] = [
    ("0-9", "", [
        ("iban",
         r"(?<=(?P<iban_p>[A-Z]{2})[0-9])(?<![0-9A-Za-z][A-Z]{2}[0-9])[0-9]"
         r"(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,3})?(?![0-9A-Za-z])"),
    ]),
    # Every digit-led format is at least 7 characters long ("1.2.3.4").
    ("0-9", r"(?=[0-9 .\-/]{6})" + _START, [
        ("cnid_sp", r"(?<=[1-8])[0-9]{5} (?:18|19|20)[0-9]{6} [0-9]{3}[0-9Xx]" + _END),
        ("card_sep",
         r"[0-9]{3}(?P<cs>[ \-])(?:[0-9]{4}(?P=cs)[0-9]{4}(?P=cs)[0-9]{4}"
         r"(?:(?P=cs)[0-9]{1,3})?|[0-9]{6}(?P=cs)[0-9]{4,5})" + _END),
        ("run", r"[0-9]{7,18}[Xx]?" + _END),
        ("mobile_sep", r"(?<=1)[3-9][0-9](?P<ms>[ \-])[0-9]{4}(?P=ms)[0-9]{4}" + _END),
        ("ssn_sep", r"[0-9]{2}(?P<ss>[ \-])[0-9]{2}(?P=ss)[0-9]{4}" + _END),
        ("nanp1", r"(?<=1)(?P<n1>[ .\-])[2-9][0-9]{2}(?P=n1)[0-9]{3}(?P=n1)[0-9]{4}" + _END),
        ("nanp", r"[0-9]{2}[ .\-][0-9]{3}[ .\-][0-9]{4}" + _END),
        ("fr",
         r"(?<=0)[1-9](?P<fs>[ .])[0-9]{2}(?P=fs)[0-9]{2}(?P=fs)[0-9]{2}(?P=fs)[0-9]{2}" + _END),
        ("trunk", r"(?<=0)[1-9][0-9]{1,3}[ \-/][0-9]{3,8}(?:[ \-][0-9]{3,4})?" + _END),
        ("ipv4", r"[0-9]{0,2}\.[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}" + _END),
    ]),
    # "0086 139...": the international prefix written as 00.
    ("0-9", _START + r"(?<=0)0(?=[1-9])", [
        ("intl00",
         r"[1-9][0-9]{0,2}(?:[ .\-]?(?:\([0-9]{1,4}\)|[0-9]{1,5})){1,6}" + _END),
    ]),
    # International and bracketed phone numbers.
    ("+", r"(?<![0-9A-Za-z_)\]]\+)", [
        ("plus",
         r"[1-9][0-9]{0,2}(?:[ .\-]?\(0\))?(?:[ .\-]?(?:\([0-9]{1,4}\)|[0-9]{1,5})){1,6}"
         + _END),
    ]),
    ("(（", r"(?=[0-9+])(?<![0-9A-Za-z_][(（])", [
        ("paren",
         r"(?:\+[1-9][0-9]{0,2}[)）][ \-]?[0-9][0-9 \-]{6,14}[0-9]"
         r"|[0-9]{3,4}[)）][ \-]?[0-9]{3,4}[ \-]?[0-9]{4})" + _END),
    ]),
    # Email: the local part is found by scanning left in Python.
    ("@", r"(?<=[A-Za-z0-9._%+\-]@)", [
        ("email",
         r"(?:[A-Za-z0-9](?:[A-Za-z0-9\-]{0,61}[A-Za-z0-9])?\.)+"
         r"[A-Za-z]{2,24}(?![A-Za-z0-9\-]|\.[A-Za-z0-9])"),
    ]),
    # Colon: credentials in URLs; IPv6 (its first hex group is found by scanning left).
    (":", r"(?=[0-9A-Fa-f/]{0,4}[:/])", [
        ("urlcred", r"(?<=[A-Za-z0-9]:)//(?P<urlcred_v>[^\s/@:]{1,64}:[^\s/@]{1,128})@"),
        ("ipv6", r"(?=[0-9A-Fa-f]{0,4}:)"),
    ]),
    # Secrets with fixed prefixes.
    ("-", r"(?=[A-Za-z0-9\-])", [
        ("pkey",
         r"(?<!--)----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----[\s\S]{0,16384}?"
         r"-----END (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----"),
        ("glpat", r"(?<=(?P<glpat_p>" + _NOT_WORD_BEFORE + r"glpat)-)[A-Za-z0-9_\-]{20,}"),
        ("slack",
         r"(?<=(?P<slack_p>" + _NOT_WORD_BEFORE + r"xox[abprs])-)[0-9]+-[A-Za-z0-9\-]{10,}"),
        ("sk",
         r"(?<=(?P<sk_p>(?<![0-9A-Za-z_\-])sk)-)(?=[A-Za-z0-9_\-]*[0-9])[A-Za-z0-9_\-]{32,}"),
    ]),
    ("_", r"(?<=[a-z]_)(?=[A-Za-z0-9])", [
        ("github", r"(?<=(?P<github_p>" + _NOT_WORD_BEFORE + r"gh[pousr])_)[A-Za-z0-9]{36}"),
        ("github_pat",
         r"(?<=(?P<github_pat_p>" + _NOT_WORD_BEFORE + r"github)_)pat_[A-Za-z0-9_]{60,}"),
        ("stripe",
         r"(?<=(?P<stripe_p>" + _NOT_WORD_BEFORE + r"[rs]k)_)(?:live|test)_[A-Za-z0-9]{16,}"),
        ("hf",
         r"(?<=(?P<hf_p>" + _NOT_WORD_BEFORE + r"hf)_)[A-Za-z0-9]{34}(?![A-Za-z0-9])"),
        ("aws_secret",
         r"(?<=aws_)secret_access_key[\"']?\s*[:=]\s*[\"']?(?P<aws_secret_v>[A-Za-z0-9/+]{40})"
         r"(?![A-Za-z0-9/+])"),
    ]),
    ("A", r"(?<![0-9A-Za-z]A)", [
        ("aws_key", r"(?:KIA|SIA)[A-Z0-9]{16}(?![A-Za-z0-9])"),
        ("gcp_key", r"Iza[0-9A-Za-z_\-]{35}(?![A-Za-z0-9_\-])"),
    ]),
    ("J", r"(?<=eyJ)", [
        ("jwt",
         r"(?<=(?P<jwt_p>(?<![0-9A-Za-z_\-])ey)J)[A-Za-z0-9_\-]{8,}\.eyJ[A-Za-z0-9_\-]{8,}"
         r"\.[A-Za-z0-9_\-]{8,}"),
    ]),
]

# The PII types each branch can produce (a master regex includes a branch only if one of its
# types is enabled).
_BRANCH_TYPES: dict[str, frozenset[str]] = {
    "iban": frozenset({"iban"}),
    "cnid_sp": frozenset({"cn_id"}),
    "card_sep": frozenset({"credit_card"}),
    "run": frozenset({"cn_id", "credit_card", "phone", "ssn"}),
    "mobile_sep": frozenset({"phone"}),
    "ssn_sep": frozenset({"ssn"}),
    "nanp1": frozenset({"phone"}),
    "nanp": frozenset({"phone"}),
    "fr": frozenset({"phone"}),
    "trunk": frozenset({"phone"}),
    "ipv4": frozenset({"ip"}),
    "plus": frozenset({"phone"}),
    "intl00": frozenset({"phone"}),
    "paren": frozenset({"phone"}),
    "email": frozenset({"email"}),
    "ipv6": frozenset({"ip"}),
}
_SECRET = frozenset({"secret"})

_IPV6 = re.compile(
    r"[0-9A-Fa-f]{0,4}(?::[0-9A-Fa-f]{0,4}){2,7}(?:(?<=:)[0-9]{1,3}(?:\.[0-9]{1,3}){3})?"
)
_RETINA = re.compile(r"[0-9]+x")
_SCP_PATH = re.compile(r":[A-Za-z0-9~/]")
_HEX = frozenset("0123456789abcdefABCDEF")
# ASCII characters that would make an IPv6 candidate part of a longer token (Chinese text
# often has no space around an address, so str.isalnum() is too broad).
_ADDRESS_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_:.")
_LOCAL_PART = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._%+-")

# File extensions that end "name@2x.png"-style asset names and never a mail domain.
_FILE_TLDS = frozenset(
    "png jpg jpeg gif svg webp ico bmp tif tiff avif css scss js mjs cjs ts tsx jsx json html "
    "htm php asp aspx xml yaml yml toml ini cfg txt pdf zip gz tgz tar rar mp3 mp4 wav webm "
    "mov woff woff2 ttf otf eot map lock exe dll bin py rb java go rs swift kt".split()
)
# RFC 2606 / RFC 6761 reserved names: they cannot reach a person.
_RESERVED_DOMAINS = ("example.com", "example.org", "example.net")
_RESERVED_TLDS = frozenset({"example", "test", "invalid", "localhost", "local"})

# Context words, searched in the 40 characters before a numeric candidate on its line. The
# nearest one decides: a negative word (version, order number, ISBN, ...) rejects the
# candidate, a positive word for its type is required for formats too ambiguous on their own
# (10 undivided digits as a US phone, 9 as an SSN) and overrides the code-context rule.
_KEYWORDS = {
    "neg": r"version|ver|build|release|firmware|kernel|update|patch|driver|sdk|chrome|firefox"
           r"|safari|android|ios|windows|isbn|issn|doi|order|invoice|receipt|tracking|shipment"
           r"|sku|part|item|model|serial|ref|reference|ticket|oid|snmp|mib|patent|lot|batch"
           r"|chapter|section|figure|table|step|clause|article|rule|§|#|第"
           r"|版本|订单|单号|运单|快递|编号|型号|序列号|流水号|发票|工单|专利|批号|条码",
    "phone": r"phone|tel|telephone|call|mobile|cell|fax|whatsapp|contact|text me|sms|dial"
             r"|电话|手机|联系|致电|拨打|热线|传真|座机|来电",
    "credit_card": r"card|credit|debit|visa|mastercard|amex|卡号|信用卡|银行卡|储蓄卡|借记卡",
    "ssn": r"ssn|social security|ss#|社会安全号",
    "cn_id": r"身份证|证件号|公民身份|id card|identity",
    "ip": r"ip|address|server|host|from|connect|client|地址|服务器|主机",
}
_KEYWORD_RE = re.compile(
    "|".join(
        f"(?P<{name}>(?<![a-z])(?:{words})(?:e?s)?(?![a-z]))"
        for name, words in _KEYWORDS.items()
    )
)
_CONTEXT_TYPES = frozenset({"ip", "phone", "credit_card", "ssn", "cn_id"})
_CODE_LINE = re.compile(r"[=;{}]")
_CODE_BEFORE = frozenset("=([{<>+*/%,")
_CODE_AFTER = frozenset(");]}*+/%,")


def _context(text: str, start: int) -> str | None:
    """The nearest context word group before ``start`` on the same line, or ``None``."""
    lo = max(start - 40, text.rfind("\n", 0, start) + 1)
    found = list(_KEYWORD_RE.finditer(text[lo:start].lower()))
    return found[-1].lastgroup if found else None


def _code_context(text: str, start: int, end: int) -> bool:
    """A bare number used as a literal in code: on a line with ``= ; { }`` and with an
    operator, bracket or comma right next to it."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    if not _CODE_LINE.search(text, line_start, len(text) if line_end < 0 else line_end):
        return False
    before = text[max(0, start - 3):start].rstrip()
    after = text[end:end + 3].lstrip()
    return bool(before and before[-1] in _CODE_BEFORE) or bool(after and after[0] in _CODE_AFTER)


def _branch_start(m: re.Match[str], name: str) -> int:
    prefix = f"{name}_p"
    if prefix in m.re.groupindex:
        return m.start(prefix)
    return m.start()


def _classify_run(digits: str) -> tuple[str, bool] | None:
    """(type, needs a positive context word) for an undivided run of digits."""
    n = len(digits)
    if n == 18 and checks.cn_id_ok(digits):
        return "cn_id", False
    if not digits.isdigit():
        return None
    if 13 <= n <= 19 and checks.card_ok(digits):
        return "credit_card", False
    if n == 11 and checks.cn_mobile_ok(digits):
        return "phone", False
    if n == 10 and checks.nanp_ok(digits):
        return "phone", True
    if n == 9 and checks.ssn_ok(digits):
        return "ssn", True
    return None


def _phone_with_groups(value: str, valid: Callable[[str], bool]) -> int | None:
    """Length of the longest prefix of ``value`` (dropping trailing space-separated groups)
    whose digits pass ``valid``; handles "+44 20 7946 0958 2023"-style run-ons."""
    while True:
        if valid(checks.digits_of(value.replace("(0)", ""))):
            return len(value)
        cut = value.rfind(" ")
        if cut <= 0:
            return None
        value = value[:cut]


def _check(m: re.Match[str], name: str, text: str, floor: int,
           keep_private_ips: bool) -> PiiSpan | None:
    """Validate one candidate of branch ``name``: a span, or ``None`` for a look-alike."""
    start, end = _branch_start(m, name), m.end()
    value = text[start:end]
    needs_context = False
    code_sensitive = False
    if name == "run":
        classified = _classify_run(value.upper())
        if classified is None:
            return None
        kind, needs_context = classified
        code_sensitive = kind == "phone"
    elif name == "cnid_sp":
        kind = "cn_id" if checks.cn_id_ok(value.replace(" ", "").upper()) else None
    elif name == "card_sep":
        kind = "credit_card" if checks.card_ok(checks.digits_of(value)) else None
    elif name == "mobile_sep":
        kind = "phone" if checks.cn_mobile_ok(checks.digits_of(value)) else None
    elif name == "ssn_sep":
        kind = "ssn" if checks.ssn_ok(checks.digits_of(value)) else None
    elif name in ("nanp", "nanp1"):
        kind = "phone" if checks.nanp_ok(checks.digits_of(value)[-10:]) else None
    elif name in ("fr", "trunk"):
        kind = "phone" if checks.national_trunk_ok(checks.digits_of(value)) else None
    elif name == "ipv4":
        kind = "ip" if checks.ip_ok(value, keep_private=keep_private_ips) else None
    elif name in ("plus", "intl00"):
        skip = 2 if name == "intl00" else 0  # the "00" prefix is not part of the number
        length = _phone_with_groups(value[skip:], checks.e164_ok)
        if length is None:
            return None
        kind, end = "phone", start + skip + length
    elif name == "paren":
        digits = checks.digits_of(value)
        if value[1] == "+":
            length = _phone_with_groups(value, checks.e164_ok)
            if length is None:
                return None
            end = start + length
            kind = "phone"
        elif digits[0] == "0":
            kind = "phone" if checks.national_trunk_ok(digits) else None
        else:
            kind = "phone" if checks.nanp_ok(digits) else None
    elif name == "iban":
        return _check_iban(text, start, end)
    elif name == "email":
        return _check_email(text, m.start(), end, floor)
    elif name == "urlcred":
        return PiiSpan(m.start("urlcred_v"), m.end("urlcred_v"), "secret")
    elif name == "ipv6":
        return _check_ipv6(text, m.start(), floor, keep_private_ips)
    elif name == "aws_secret":
        return PiiSpan(m.start("aws_secret_v"), m.end("aws_secret_v"), "secret")
    elif "EXAMPLE" in value:
        # Vendors' documented sample keys (AWS's AKIAIOSFODNN7EXAMPLE) are not secrets.
        return None
    else:
        return PiiSpan(start, end, "secret")
    if kind is None:
        return None
    if kind in _CONTEXT_TYPES:
        context = _context(text, start)
        if context == "neg":
            return None
        if context != kind and (needs_context
                                or (code_sensitive and _code_context(text, start, end))):
            return None
    return PiiSpan(start, end, kind)


def _check_iban(text: str, start: int, end: int) -> PiiSpan | None:
    expected = checks.IBAN_LENGTHS.get(text[start:start + 2])
    if expected is None:
        return None
    # The loose pattern may run into a following code word: cut at the registered length.
    taken = 0
    cut = start
    while cut < end and taken < expected:
        if text[cut] != " ":
            taken += 1
        cut += 1
    compact = text[start:cut].replace(" ", "")
    if not checks.iban_ok(compact):
        return None
    return PiiSpan(start, cut, "iban")


def _check_email(text: str, at: int, end: int, floor: int) -> PiiSpan | None:
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


def _check_ipv6(text: str, colon: int, floor: int, keep_private_ips: bool) -> PiiSpan | None:
    start = colon
    while start > floor and colon - start < 4 and text[start - 1] in _HEX:
        start -= 1
    if start > 0 and text[start - 1] in _ADDRESS_CHARS:
        return None
    m = _IPV6.match(text, start)
    if m is None:
        return None
    end = m.end()
    value = m.group()
    after = text[end:end + 2]
    # A full stop may end the sentence; any other address character continues the token.
    if after[:1] in _ADDRESS_CHARS and not (after[:1] == "." and after[1:] not in _ADDRESS_CHARS):
        return None
    groups = [g for g in value.split(":") if g]
    # "add::dec" and "a::b" are C++ scope operators, not addresses: require a digit.
    if len(groups) < 2 and value != "::1" or not any(c.isdigit() for c in value):
        return None
    if not checks.ip_ok(value, keep_private=keep_private_ips):
        return None
    return PiiSpan(start, end, "ip")


def resolve_types(types: Iterable[str] | None) -> frozenset[str]:
    """The enabled types (all when ``None``); raises ``ValueError`` naming an unknown one."""
    if types is None:
        return frozenset(TYPES)
    if isinstance(types, str):
        types = [types]
    chosen = frozenset(types)
    unknown = sorted(chosen - set(TYPES))
    if unknown:
        raise ValueError(f"unknown PII type '{unknown[0]}' (known: {', '.join(TYPES)})")
    return chosen


class _Scanner(NamedTuple):
    master: re.Pattern[str]
    # For each branch, the branches after it that share its trigger (tried when it fails).
    fallbacks: dict[str, list[tuple[str, re.Pattern[str]]]]


@functools.lru_cache(maxsize=64)
def _scanner(enabled: frozenset[str]) -> _Scanner:
    groups = []
    for trig, guard, branches in _GROUPS:
        kept = [(name, rest) for name, rest in branches
                if _BRANCH_TYPES.get(name, _SECRET) & enabled]
        if kept:
            groups.append((trig, guard, kept))
    # Each group first checks that the consumed trigger is one of its own, then its guard.
    alternatives = "|".join(
        f"(?<=[{trig}]){guard}(?:"
        + "|".join(f"(?P<{name}>{rest})" for name, rest in branches) + ")"
        for trig, guard, branches in groups
    )
    master = re.compile(_trigger_class([trig for trig, _, _ in groups]) + f"(?:{alternatives})")
    fallbacks: dict[str, list[tuple[str, re.Pattern[str]]]] = {}
    for trig, guard, branches in groups:
        for i, (name, _) in enumerate(branches):
            fallbacks[name] = [(other, re.compile(f"[{trig}]{guard}(?:{rest})"))
                               for other, rest in branches[i + 1:]]
    return _Scanner(master, fallbacks)


def _trigger_class(triggers: list[str]) -> str:
    """One character class of all trigger characters (``"0-9"`` stands for the digits)."""
    digits = "0-9" in triggers
    chars = sorted({c for t in triggers if t != "0-9" for c in t})
    return "[" + ("0-9" if digits else "") + "".join(re.escape(c) for c in chars) + "]"


def find_pii(text: str, *, types: Iterable[str] | None = None,
             keep_private_ips: bool = True) -> list[PiiSpan]:
    """Find PII in ``text`` in one left-to-right scan; spans are sorted and never overlap.

    ``types`` restricts the search to some of ``TYPES`` (default: all). With
    ``keep_private_ips`` (default, as datatrove's ``PIIFormatter``), addresses that are not
    globally routable (RFC 1918 private, loopback, link-local, RFC 5737/3849 documentation)
    are not reported. Raises ``ValueError`` for an unknown type.
    """
    scanner = _scanner(resolve_types(types))
    search = scanner.master.search
    spans: list[PiiSpan] = []
    pos = floor = 0
    while (m := search(text, pos)) is not None:
        name = m.lastgroup
        assert name is not None
        span = _check(m, name, text, floor, keep_private_ips)
        if span is None:
            for other, pattern in scanner.fallbacks[name]:
                alt = pattern.match(text, m.start())
                if alt is not None and (span := _check(alt, other, text, floor,
                                                       keep_private_ips)) is not None:
                    break
        if span is None:
            # A rejected number is rejected whole: no part of it is tried again.
            pos = m.end() if text[m.start()].isdigit() else m.start() + 1
            continue
        spans.append(span)
        pos = floor = span.end
    return spans

"""The candidate patterns of the master regex (data; see ``scan.py`` for how they combine).

Speed comes from their shape: every group starts with a *trigger* character (digits,
``+ ( @ : - _ A J``), and each alternative checks, with lookbehinds, that the trigger starts
(or sits at a fixed place in) its format. The master is tried only where the necessary
conditions of its branches (``NEEDS``, at the end) hold, which Hyperscan finds
(``prefilter.py``); without Hyperscan, CPython's regex engine skips to the triggers with its
charset prefix search. Python runs only on candidates with the full shape of an identifier.
"""

from __future__ import annotations

import re

# Guards after a consumed leading digit: the digit must start a token (not continue a word,
# a number, a dotted sequence such as an SNMP OID, or a "Product/1.2" version) ...
_START = r"(?<![0-9A-Za-z_.][0-9])(?<![0-9A-Za-z]-[0-9])(?<![A-Za-z]/[0-9])"
# ... and end one: not followed by more word characters, "@" (a QQ-style email local part),
# or a separator and another digit (a longer dotted/dashed sequence).
_END = r"(?![0-9A-Za-z_@]|[.\-/][0-9])"
_NOT_WORD_BEFORE = "(?<![0-9A-Za-z_])"
# An IPv4 address may be followed by a CIDR prefix length ("45.33.32.156/32").
_V4_END = r"(?:(?=/(?:3[0-2]|[12]?[0-9])(?![0-9A-Za-z.]))|" + _END + ")"
# Phone digit groups: separated by one of " . - /", or a bracketed area code.
_PHONE_GROUPS = (
    r"(?:(?:[ .\-/]| ?(?=\()|(?<=\)) ?)(?:\([0-9]{1,5}\)|[0-9]{1,8})){1,6}(?<=[0-9])"
)

# What every branch of the main digit group needs after its leading digit: six more
# characters of the formats, and eight digits in a row ("run"), the "00" of an international
# prefix, or, after the digits, a separator and another group (every other branch). A
# necessary condition only, so no match changes; it saves trying seven branches at digits
# that start no candidate, such as the line numbers before code in listings.
_DIGIT_SHAPE = r"(?=[0-9 .\-/()]{6})(?=[0-9]{7}|(?<=0)0|[0-9]*+(?:[ .\-/][0-9(]|\())"
# Before the colon of an IPv6 candidate: at most four hex digits, not continuing a word
# ("Eigen::Matrix"). The same necessary condition as the left scan of ``_check_ipv6``.
_V6_LEFT = "".join(rf"(?<![G-Zg-z_:.][0-9A-Fa-f]{{{k}}}:)" for k in range(4)) + (
    r"(?<![0-9A-Za-z_:.][0-9A-Fa-f]{4}:)")

# A digit preceded by a digit, a lower-case letter, "_" or "." starts no digit-led branch (each
# group's own guards say so too); checked once before them, it rejects most digits of a text.
DIGIT_ENTRY = r"(?<![0-9a-z_.][0-9])"

# Trigger groups: (trigger characters, a cheap guard for the whole group, branches). A branch
# is (name, the rest of the pattern after the trigger). A branch whose identifier starts before
# its trigger captures that prefix in a group named "<name>_p". Within a group the first branch
# that matches wins; when validation rejects it, the later branches of the group are tried.
GROUPS: list[tuple[str, str, list[tuple[str, str]]]] = [
    ("0-9", "", [
        ("iban",
         r"(?<=(?P<iban_p>[A-Z]{2})[0-9])(?<![0-9A-Za-z][A-Z]{2}[0-9])[0-9]"
         r"(?P<ibs>[ \-]?)[A-Z0-9]{4}(?:(?P=ibs)[A-Z0-9]{4}){1,6}(?:(?P=ibs)[A-Z0-9]{1,3})?"
         r"(?![0-9A-Za-z])"),
    ]),
    ("0-9", _START + _DIGIT_SHAPE, [
        # "0086 139...": the international prefix written as 00.
        ("intl00",
         r"(?<=0)0[1-9][0-9]{0,2}(?:[ .\-]?(?:\([0-9]{1,4}\)|[0-9]{1,5})){1,6}" + _END),
        ("cnid_sp", r"(?<=[1-8])[0-9]{5} (?:18|19|20)[0-9]{6} [0-9]{3}[0-9Xx]" + _END),
        ("card_sep",
         r"(?:[0-9]{3}(?P<cs>[ \-])(?:[0-9]{4}(?P=cs)[0-9]{4}(?P=cs)[0-9]{4}"
         r"(?:(?P=cs)[0-9]{1,3})?|[0-9]{4}(?P=cs)[0-9]{5}|[0-9]{6}(?P=cs)[0-9]{4,5}"
         r"|[0-9]{5}(?P=cs)[0-9]{6})|[0-9]{5}[ \-][0-9]{13})" + _END),
        ("run", r"[0-9]{7,18}[Xx]?" + _END),
        ("ssn_sep", r"[0-9]{2}(?P<ss>[ \-.])[0-9]{2}(?P=ss)[0-9]{4}" + _END),
        ("ipv4", r"[0-9]{0,2}\.[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}" + _V4_END),
        ("grouped", r"[0-9]{0,5}" + _PHONE_GROUPS + _END),
    ]),
    # International and bracketed phone numbers.
    ("+", r"(?<![0-9A-Za-z_)\]]\+)", [
        ("plus",
         r"[1-9][0-9]{0,2}(?:[ .\-]?\(0\))?(?:[ .\-]?(?:\([0-9]{1,4}\)|[0-9]{1,5})){1,6}"
         + _END),
    ]),
    ("(（", r"(?=[0-9+])(?<![0-9A-Za-z_][(（])", [
        ("paren_plus", r"\+[1-9][0-9]{0,2}[)）][ \-]?[0-9][0-9 \-]{6,14}[0-9]" + _END),
        ("paren", r"[0-9][0-9 ]{0,5}[)）](?:[ .\-]?[0-9]{1,8})(?:[ .\-][0-9]{1,8}){0,5}" + _END),
    ]),
    # Email: the local part is found by scanning left in Python. Domains may be IDNA
    # A-labels ("xn--..."), top-level domain included.
    ("@", r"(?<=[A-Za-z0-9._%+\-]@)", [
        ("email",
         r"(?:[A-Za-z0-9](?:[A-Za-z0-9\-]{0,61}[A-Za-z0-9])?\.)+"
         r"(?:[A-Za-z]{2,24}|[Xx][Nn]--[A-Za-z0-9\-]{1,59})(?![A-Za-z0-9\-]|\.[A-Za-z0-9])"),
    ]),
    # Colon: credentials in URLs; IPv6 (its first hex group is found by scanning left).
    (":", r"(?=[0-9A-Fa-f/]{0,4}[:/])", [
        ("urlcred", r"(?<=[A-Za-z0-9]:)//(?P<urlcred_v>[^\s/@:]{1,64}:[^\s/@]{1,128})@"),
        ("ipv6", _V6_LEFT + r"(?=[0-9A-Fa-f]{0,4}:)"),
    ]),
    # Secrets with fixed prefixes.
    # The letter before "-" ends one of the prefixes (glpat, xox?, sk), or a PEM line starts.
    ("-", r"(?:(?<=[tabprsk]-)(?=[A-Za-z0-9_\-])|(?=----BEGIN))", [
        ("pkey",
         r"(?<!--)----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----[\s\S]{0,16384}?"
         r"-----END (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----"),
        ("glpat", r"(?<=(?P<glpat_p>" + _NOT_WORD_BEFORE + r"glpat)-)[A-Za-z0-9_\-]{20,}"),
        ("slack",
         r"(?<=(?P<slack_p>" + _NOT_WORD_BEFORE + r"xox[abprs])-)[0-9]+-[A-Za-z0-9\-]{10,}"),
        ("sk",
         r"(?<=(?P<sk_p>(?<![0-9A-Za-z_\-])sk)-)(?=[A-Za-z0-9_\-]*[0-9])[A-Za-z0-9_\-]{32,}"),
    ]),
    # The letter before "_" ends one of the prefixes (ghp, github, sk/rk, hf, aws).
    ("_", r"(?<=[bfkoprsu]_)(?=[A-Za-z0-9])", [
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
# types is enabled); branches not listed produce secrets.
BRANCH_TYPES: dict[str, frozenset[str]] = {
    "iban": frozenset({"iban"}),
    "cnid_sp": frozenset({"cn_id"}),
    "card_sep": frozenset({"credit_card"}),
    "run": frozenset({"cn_id", "credit_card", "phone", "ssn"}),
    "ssn_sep": frozenset({"ssn"}),
    "ipv4": frozenset({"ip"}),
    "grouped": frozenset({"phone"}),
    "plus": frozenset({"phone"}),
    "intl00": frozenset({"phone"}),
    "paren_plus": frozenset({"phone"}),
    "paren": frozenset({"phone"}),
    "email": frozenset({"email"}),
    "ipv6": frozenset({"ip"}),
}
SECRET = frozenset({"secret"})

# Necessary conditions of each branch, for the Hyperscan prefilter (``prefilter.py``), which
# finds the only positions where the master regex can match. Where a branch matches, the
# characters around its trigger match one of its conditions: (a regex for the text before
# the trigger, one character class per character from the trigger on). The classes are of
# fixed length, so where a match ends says where its trigger is. They are matched against
# the text as Latin-1 bytes, with every other character as "?" (one byte per character, so
# offsets stay the same) and a newline before the first character (as "no character" does,
# it satisfies every "not preceded by" and no "preceded by"): classes name ASCII only, and
# "?" where a trigger is not Latin-1 ("（"). A condition must never be stricter than its
# branch (``tests/test_pii_prefilter.py`` compares with a plain ``re`` search).
Need = tuple[str, tuple[str, ...]]


def _chars(literal: str) -> tuple[str, ...]:
    return tuple(re.escape(c) for c in literal)


_NOT_WORD = "[^0-9A-Za-z_]"
_SHAPE = r"[0-9 .\-/()]"
# The main digit group's guards: not after a word character or "." (``_START``), six
# characters of the formats after the digit, and then seven more digits, "00", or digits
# followed by a separator and a digit or "(", or by "(" (``_DIGIT_SHAPE``).
_DIGIT_NEEDS: list[Need] = [
    ("[^0-9A-Za-z_.]", ("[0-9]",) * 8),
    ("[^0-9A-Za-z_.]", ("0", "0") + (_SHAPE,) * 5),
    *(("[^0-9A-Za-z_.]", ("[0-9]",) * (j + 1) + after + (_SHAPE,) * max(0, 6 - j - len(after)))
      for j in range(7) for after in ((r"[ .\-/]", "[0-9(]"), (r"\(",))),
]
_V6_BEFORE = "[^0-9A-Za-z_:.][0-9A-Fa-f]{0,4}"
NEEDS: dict[str, list[Need]] = {
    "iban": [("[^0-9A-Za-z][A-Z]{2}", ("[0-9]", "[0-9]"))],
    **dict.fromkeys(("intl00", "cnid_sp", "card_sep", "run", "ssn_sep", "ipv4", "grouped"),
                    _DIGIT_NEEDS),
    "plus": [(r"[^0-9A-Za-z_)\]]", (r"\+", "[1-9]"))],
    **dict.fromkeys(("paren_plus", "paren"), [(_NOT_WORD, ("[(?]", "[0-9+]"))]),
    "email": [(r"[A-Za-z0-9._%+\-]", ("@", "[A-Za-z0-9]"))],
    "urlcred": [("[A-Za-z0-9]", _chars("://"))],
    "ipv6": [(_V6_BEFORE, (":",) + ("[0-9A-Fa-f]",) * k + (":",)) for k in range(5)],
    "pkey": [("[^-]", _chars("-----BEGIN"))],
    "glpat": [(_NOT_WORD + "glpat", ("-", r"[A-Za-z0-9_\-]"))],
    "slack": [(_NOT_WORD + "xox[abprs]", ("-", "[0-9]"))],
    "sk": [(r"[^0-9A-Za-z_\-]sk", ("-", r"[A-Za-z0-9_\-]"))],
    "github": [(_NOT_WORD + "gh[pousr]", ("_", "[A-Za-z0-9]"))],
    "github_pat": [(_NOT_WORD + "github", _chars("_pat_"))],
    "stripe": [(_NOT_WORD + "[rs]k", _chars("_live_")), (_NOT_WORD + "[rs]k", _chars("_test_"))],
    "hf": [(_NOT_WORD + "hf", ("_", "[A-Za-z0-9]"))],
    "aws_secret": [("aws", _chars("_secret_access_key"))],
    "aws_key": [("[^0-9A-Za-z]", _chars("AKIA")), ("[^0-9A-Za-z]", _chars("ASIA"))],
    "gcp_key": [("[^0-9A-Za-z]", _chars("AIza"))],
    "jwt": [(r"[^0-9A-Za-z_\-]ey", ("J", r"[A-Za-z0-9_\-]"))],
}

"""Validators that separate real identifiers from look-alikes: check digits and valid ranges.

Every function takes the matched characters (separators included) and answers with a bool, so
the scanner can keep its regexes loose and let arithmetic decide. Sources are cited per rule.
"""

from __future__ import annotations

import datetime as _dt
import functools
import ipaddress
import re

import stdnum.us.ssn
import stdnum.util
from stdnum import numdb

_NON_DIGIT = str.maketrans("", "", " -.()（）/+")


def digits_of(value: str) -> str:
    """The characters of ``value`` without the separators the scanner accepts."""
    return value.translate(_NON_DIGIT)


def luhn_ok(number: str) -> bool:
    """Luhn (ISO/IEC 7812-1 Annex B) check over a string of digits."""
    total = 0
    for i, ch in enumerate(reversed(number)):
        d = ord(ch) - 48
        if i % 2:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0


def card_ok(number: str) -> bool:
    """A payment card number: 13-19 digits, a known issuer prefix and a valid Luhn digit.

    Prefixes from ISO/IEC 7812 issuer identification ranges: Visa 4; Mastercard 51-55 and
    2221-2720; Amex 34/37; Diners 300-305/36/38/39; JCB 3528-3589; Discover 6011/644-649/65;
    UnionPay 62/81; Maestro 50/56-69; UATP 1 (15 digits); Mir 2200-2204; BORICA 2205; Troy
    9792; Humo 9860; UzCard 8600. Requiring a prefix rejects ISBN-13s (978/979...), which are
    Luhn-valid one time in ten.
    """
    n = len(number)
    if not 13 <= n <= 19 or not luhn_ok(number):
        return False
    p2, p4 = int(number[:2]), int(number[:4])
    if number[0] == "1":
        return n == 15
    if 2200 <= p4 <= 2205 or p4 in (8600, 9792, 9860):
        return n >= 16
    if number[0] == "4":
        return n in (13, 16, 19)
    if 51 <= p2 <= 55 or 2221 <= p4 <= 2720:
        return n == 16
    if p2 in (34, 37):
        return n == 15
    if 300 <= int(number[:3]) <= 305 or p2 in (36, 38, 39):
        return n >= 14
    if 3528 <= p4 <= 3589 or p4 == 6011 or 644 <= int(number[:3]) <= 649 or p2 in (62, 65, 81):
        return n >= 16
    return p2 == 50 or 56 <= p2 <= 69


# GB 11643-1999 administrative division prefixes: provinces, municipalities, regions, plus
# 71/81/82 (Taiwan, Hong Kong, Macau residence permits) and 83 (GB/T 2260 residence permits).
_CN_PROVINCES = frozenset(
    "11 12 13 14 15 21 22 23 31 32 33 34 35 36 37 41 42 43 44 45 46 "
    "50 51 52 53 54 61 62 63 64 65 71 81 82 83".split()
)
_CN_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CN_CHECK = "10X98765432"


def cn_id_ok(value: str) -> bool:
    """A PRC resident identity number (GB 11643-1999): 18 characters.

    Province prefix in the GB/T 2260 list, a real calendar birth date (1900-2099) in positions
    7-14, and the ISO 7064 MOD 11-2 check character (``X`` for 10) last.
    """
    if len(value) != 18 or not value[:17].isdigit() or value[:2] not in _CN_PROVINCES:
        return False
    try:
        born = _dt.date(int(value[6:10]), int(value[10:12]), int(value[12:14]))
    except ValueError:
        return False
    if not 1900 <= born.year <= 2099:
        return False
    total = sum(int(c) * w for c, w in zip(value, _CN_WEIGHTS, strict=False))
    return _CN_CHECK[total % 11] == value[17].upper()


def ssn_ok(number: str) -> bool:
    """A US Social Security number: SSA ranges (area 001-899 except 666, group and serial
    non-zero), then python-stdnum's ``us.ssn`` (which also knows the numbers the SSA voided
    after they were printed in advertising, such as 078-05-1120). The range test runs first
    because it is ten times faster and rejects most look-alikes."""
    if len(number) != 9 or not number.isdigit():
        return False
    area, group, serial = int(number[:3]), int(number[3:5]), int(number[5:])
    if not (0 < area < 900 and area != 666 and group > 0 and serial > 0):
        return False
    return stdnum.us.ssn.is_valid(number)


def iban_ok(value: str) -> bool:
    """An IBAN (spaces allowed): ISO 7064 MOD 97-10 == 1, then python-stdnum's registry and
    national modules: a country of the SWIFT registry, its BBAN structure and length, and the
    national check digits (and bank codes) where stdnum knows them (BE, ES, ME, NO). The same
    tests as ``stdnum.iban.is_valid``, in an order that is faster: the hand-written mod-97
    first (it rejects 96 in 97 look-alikes), the registry structure compiled once."""
    compact = value.replace(" ", "")
    if len(compact) < 15 or not compact[2:4].isdigit():
        return False
    rotated = compact[4:] + compact[:4]
    if int("".join(str(int(c, 36)) for c in rotated)) % 97 != 1:
        return False
    structure = _bban_structure(compact[:2])
    if structure is None or not structure.fullmatch(compact[4:]):
        return False
    national = _national_iban_module(compact[:2])
    return national is None or national.is_valid(compact)


@functools.cache
def _national_iban_module(country: str):
    """stdnum's national IBAN module (bank codes, national check digits), looked up once:
    the lookup tries an import, which is slow for the many countries that have none."""
    return stdnum.util.get_cc_module(country.lower(), "iban")


@functools.cache
def _bban_structure(country: str) -> re.Pattern[str] | None:
    """The BBAN format of ``country`` in stdnum's copy of the SWIFT IBAN Registry ("4!a6!n8!n":
    4 letters, 6 digits, 8 digits), compiled once (stdnum looks it up on every call)."""
    spec = numdb.get("iban").info(country)[0][1].get("bban")
    if spec is None:
        return None
    alphabet = {"n": "[0-9]", "a": "[A-Z]", "c": "[A-Za-z0-9]"}
    return re.compile("".join(f"{alphabet[kind]}{{{count}}}"
                              for count, kind in re.findall(r"([0-9]+)!([nac])", spec)))


def nanp_ok(number: str) -> bool:
    """A North American number (10 digits, country code stripped), NANP plan rules.

    Area code and exchange start with 2-9, neither is an N11 service code, area codes do not
    end ...9X (reserved for expansion), and 555-0100..0199 is the range NANPA reserves for
    fiction.
    """
    if len(number) != 10:
        return False
    area, exchange = number[:3], number[3:6]
    if area[0] in "01" or exchange[0] in "01" or area[1] == "9":
        return False
    if area[1:] == "11" or exchange[1:] == "11":
        return False
    return not (exchange == "555" and number[6:8] == "01")


# China Mobile/Unicom/Telecom/Broadnet mobile prefixes (MIIT numbering plan).
_CN_MOBILE_PREFIXES = frozenset(
    [f"13{d}" for d in "0123456789"] + [f"14{d}" for d in "5679"]
    + [f"15{d}" for d in "012356789"] + [f"16{d}" for d in "2567"]
    + [f"17{d}" for d in "012345678"] + [f"18{d}" for d in "0123456789"]
    + [f"19{d}" for d in "012356789"]
)


def cn_mobile_ok(number: str) -> bool:
    """A mainland China mobile number: 11 digits with an allocated ``1[3-9]x`` prefix."""
    return len(number) == 11 and number[:3] in _CN_MOBILE_PREFIXES


def fiction_phone(digits: str) -> bool:
    """NANPA's 555-0100..0199, reserved for fiction (and used for our pseudonyms), as the last
    seven digits of a number."""
    return len(digits) >= 7 and digits[-7:-2] == "55501"


def ip_ok(value: str, *, keep_private: bool) -> bool:
    """A syntactically valid IPv4/IPv6 address; with ``keep_private`` only globally routable
    ones count (private, loopback, link-local and documentation ranges are kept, as in
    datatrove's ``PIIFormatter(only_remove_public_ips=True)``)."""
    try:
        address = ipaddress.ip_address(value)
    except ValueError:
        return False
    if not keep_private:
        return True
    # "::ffff:a.b.c.d" (RFC 4291 IPv4-mapped) is the IPv4 address a.b.c.d.
    mapped = getattr(address, "ipv4_mapped", None)
    return (mapped or address).is_global

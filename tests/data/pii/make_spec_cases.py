"""Writes ``spec_cases.jsonl``: the second, held-out PII set (see ``README.md``; frozen).

    python tests/data/pii/make_spec_cases.py

Procedure (different from ``make_cases.py``, whose sentences were written next to the rules):
every identifier is drawn by a seeded RNG from the published structure of its format, written
out below from the public specification (cited per table), and placed in real-looking
surroundings (log lines, forms, e-mail signatures, chat, source code, CSV, config files).
Nothing here imports ``dataprep``, ``phonenumbers``, ``stdnum`` or ``ipaddress``: validity comes
only from the tables and check-digit algorithms in this file, so the set does not grade the
detector with the detector's own oracle. Hard negatives are look-alikes of the same shapes that
are not personal data (versions, build numbers, coordinates, hashes, dates, product codes,
math, private and documentation addresses under the default ``keep_private_ips``).
"""

from __future__ import annotations

import json
import random
import re
import string
from pathlib import Path

OUT = Path(__file__).with_name("spec_cases.jsonl")
rng = random.Random(15_2026)

DIGITS = string.digits


def digits(n: int) -> str:
    return "".join(rng.choice(DIGITS) for _ in range(n))


def group(number: str, sizes: list[int], sep: str) -> str:
    out, pos = [], 0
    for size in sizes:
        out.append(number[pos:pos + size])
        pos += size
    assert pos == len(number), (number, sizes)
    return sep.join(out)


# --- phone numbers -------------------------------------------------------------------------
# Per country: ITU-T E.164 country code, the national (trunk) prefix, and number ranges as
# (leading digits of the national significant number, NSN length, grouping of the NSN).
# Sources: the national numbering plans as notified to the ITU (ITU-T Operational Bulletin
# "national numbering plan" notifications) and their public summaries ("Telephone numbers in
# <country>"). Mobile ranges are the widely published ones; landlines use capital-city codes.
PLANS: dict[str, dict] = {
    "US": {"cc": "1", "trunk": "1", "ranges": []},  # NANP: drawn by nanp() below
    "GB": {"cc": "44", "trunk": "0", "ranges": [
        (["7400", "7700", "7711", "7799", "7825", "7911", "7958", "7447", "7500"], 10, [4, 6]),
        (["20 7", "20 8", "20 3"], 10, [2, 4, 4]),
        (["161 4", "131 2", "121 4"], 10, [3, 3, 4])]},
    "DE": {"cc": "49", "trunk": "0", "ranges": [
        (["151", "152", "157", "159"], 11, [3, 8]),
        (["160", "170", "171", "175"], 10, [3, 7]),
        (["176", "172", "173", "174", "177", "178", "179"], 11, [3, 8]),
        (["30 2", "30 3", "30 4", "30 6", "30 8"], 10, [2, 8]),
        (["89 2", "89 3", "89 4", "89 5"], 10, [2, 8]),
        (["40 3", "40 4", "69 2"], 10, [2, 8])]},
    "FR": {"cc": "33", "trunk": "0", "ranges": [
        (["6", "7 5", "7 6", "7 7", "7 8"], 9, [1, 2, 2, 2, 2]),
        (["1 4", "1 5", "2 4", "3 2", "4 9", "5 5"], 9, [1, 2, 2, 2, 2])]},
    "IT": {"cc": "39", "trunk": "", "ranges": [
        (["320", "328", "333", "335", "338", "340", "347", "349", "366", "380", "392"],
         10, [3, 3, 4]),
        (["06 4", "06 5", "06 8", "02 7", "02 8"], 10, [2, 4, 4])]},
    "ES": {"cc": "34", "trunk": "", "ranges": [
        (["60", "61", "62", "63", "64", "65", "66", "67", "68", "69", "71", "72"], 9,
         [3, 2, 2, 2]),
        (["91", "93", "95", "96"], 9, [2, 3, 2, 2])]},
    "NL": {"cc": "31", "trunk": "0", "ranges": [
        (["61", "62", "63", "64", "65"], 9, [1, 8]),
        (["20 5", "20 6", "10 4", "70 3"], 9, [2, 7])]},
    "BE": {"cc": "32", "trunk": "0", "ranges": [
        (["470", "471", "472", "475", "476", "477", "478", "479", "484", "485", "486",
          "487", "488", "489", "495", "496", "497", "498", "499"], 9, [3, 2, 2, 2]),
        (["2 5", "2 6", "2 7"], 8, [1, 3, 2, 2])]},
    "CH": {"cc": "41", "trunk": "0", "ranges": [
        (["75", "76", "77", "78", "79"], 9, [2, 3, 2, 2]),
        (["44 2", "44 3", "31 3", "22 7"], 9, [2, 3, 2, 2])]},
    "AT": {"cc": "43", "trunk": "0", "ranges": [
        (["664", "660", "676", "699", "650"], 10, [3, 7]),
        (["1 5", "1 4"], 8, [1, 7])]},
    "PL": {"cc": "48", "trunk": "", "ranges": [
        (["50", "51", "53", "57", "60", "66", "69", "72", "73", "78", "79", "88"], 9,
         [3, 3, 3]),
        (["22 5", "22 6", "12 4"], 9, [2, 3, 2, 2])]},
    "SE": {"cc": "46", "trunk": "0", "ranges": [
        (["70", "72", "73", "76"], 9, [2, 3, 2, 2]),
        (["8 5", "8 6", "8 7"], 9, [1, 3, 3, 2])]},
    "NO": {"cc": "47", "trunk": "", "ranges": [
        (["4", "9"], 8, [3, 2, 3]),
        (["22", "23"], 8, [2, 2, 2, 2])]},
    "DK": {"cc": "45", "trunk": "", "ranges": [
        (["20", "21", "22", "26", "28", "30", "31", "40", "50", "60", "71"], 8, [2, 2, 2, 2]),
        (["32", "33", "35", "38"], 8, [2, 2, 2, 2])]},
    "FI": {"cc": "358", "trunk": "0", "ranges": [
        (["40", "41", "44", "45", "50"], 9, [2, 3, 4]),
        (["9 6", "9 4"], 8, [1, 3, 4])]},
    "PT": {"cc": "351", "trunk": "", "ranges": [
        (["91", "92", "93", "96"], 9, [3, 3, 3]),
        (["21 3", "21 7", "22 2"], 9, [3, 3, 3])]},
    "IE": {"cc": "353", "trunk": "0", "ranges": [
        (["83", "85", "86", "87", "89"], 9, [2, 3, 4]),
        (["1 2", "1 4", "1 6", "1 8"], 8, [1, 3, 4])]},
    "GR": {"cc": "30", "trunk": "", "ranges": [
        (["690", "693", "694", "695", "697", "698", "699"], 10, [3, 3, 4]),
        (["210 3", "210 6", "210 7"], 10, [3, 3, 4])]},
    "CZ": {"cc": "420", "trunk": "", "ranges": [
        (["601", "602", "603", "604", "605", "606", "607", "608", "721", "731", "737",
          "774", "777"], 9, [3, 3, 3]),
        (["2 2", "2 3"], 9, [3, 3, 3])]},
    "HU": {"cc": "36", "trunk": "06", "ranges": [
        (["20", "30", "31", "70"], 9, [2, 3, 4]),
        (["1 2", "1 3", "1 4"], 8, [1, 3, 4])]},
    "RO": {"cc": "40", "trunk": "0", "ranges": [
        (["72", "73", "74", "75", "76", "77"], 9, [3, 3, 3]),
        (["21 3", "21 2"], 9, [2, 3, 2, 2])]},
    "TR": {"cc": "90", "trunk": "0", "ranges": [
        (["501", "505", "506", "507", "530", "532", "533", "535", "536", "537", "538",
          "539", "541", "542", "543", "544", "545", "546", "549", "551", "552", "553",
          "554", "555"], 10, [3, 3, 2, 2]),
        (["212 3", "212 5", "216 3", "312 4"], 10, [3, 3, 2, 2])]},
    "RU": {"cc": "7", "trunk": "8", "ranges": [
        (["903", "905", "909", "910", "915", "916", "917", "921", "925", "926", "929",
          "962", "977", "985", "999"], 10, [3, 3, 2, 2]),
        (["495 3", "495 6", "499 2", "812 3"], 10, [3, 3, 2, 2])]},
    "UA": {"cc": "380", "trunk": "0", "ranges": [
        (["50", "63", "66", "67", "68", "73", "93", "95", "96", "97", "98", "99"], 9,
         [2, 3, 2, 2]),
        (["44 2", "44 4"], 9, [2, 3, 2, 2])]},
    "IL": {"cc": "972", "trunk": "0", "ranges": [
        (["50", "52", "53", "54", "55", "58"], 9, [2, 3, 4]),
        (["2 6", "3 6", "4 8", "8 9", "9 7"], 8, [1, 7])]},
    "SA": {"cc": "966", "trunk": "0", "ranges": [
        (["50", "53", "54", "55", "56", "58", "59"], 9, [2, 3, 4]),
        (["11 4", "12 6"], 9, [2, 3, 4])]},
    "AE": {"cc": "971", "trunk": "0", "ranges": [
        (["50", "52", "54", "55", "56", "58"], 9, [2, 3, 4]),
        (["4 3", "4 2", "2 6"], 8, [1, 3, 4])]},
    "EG": {"cc": "20", "trunk": "0", "ranges": [
        (["10", "11", "12", "15"], 10, [2, 4, 4]),
        (["2 2", "2 3"], 9, [1, 4, 4])]},
    "NG": {"cc": "234", "trunk": "0", "ranges": [
        (["803", "806", "813", "816", "703", "706", "802", "808", "812", "701", "708",
          "805", "807", "815", "905", "809", "817", "818", "909", "908"], 10, [3, 3, 4])]},
    "ZA": {"cc": "27", "trunk": "0", "ranges": [
        (["60", "61", "62", "63", "64", "71", "72", "73", "74", "76", "78", "79", "81",
          "82", "83", "84"], 9, [2, 3, 4]),
        (["11 4", "21 4"], 9, [2, 3, 4])]},
    "KE": {"cc": "254", "trunk": "0", "ranges": [
        (["70", "71", "72", "74", "79", "11"], 9, [3, 6])]},
    "ET": {"cc": "251", "trunk": "0", "ranges": [
        (["91", "92", "93", "94"], 9, [2, 3, 4]),
        (["11 1", "11 5"], 9, [2, 3, 4])]},
    "TZ": {"cc": "255", "trunk": "0", "ranges": [
        (["71", "75", "76", "78", "65", "68"], 9, [3, 3, 3])]},
    "IN": {"cc": "91", "trunk": "0", "ranges": [
        (["98", "99", "97", "96", "95", "94", "93", "91", "90", "88", "87", "86", "85",
          "84", "81", "80", "79", "78", "77", "76", "75", "73", "72", "70", "63", "62"],
         10, [5, 5]),
        (["11 2", "11 4", "22 2", "22 6", "80 2", "80 4"], 10, [2, 4, 4])]},
    "PK": {"cc": "92", "trunk": "0", "ranges": [
        (["300", "301", "302", "303", "305", "306", "312", "313", "315", "321", "331",
          "333", "345", "346"], 10, [3, 7]),
        (["21 3", "42 3", "51 2"], 10, [2, 8])]},
    "BD": {"cc": "880", "trunk": "0", "ranges": [
        (["13", "14", "15", "16", "17", "18", "19"], 10, [4, 6])]},
    "ID": {"cc": "62", "trunk": "0", "ranges": [
        (["811", "812", "813", "821", "822", "852", "853", "856", "857", "858", "877",
          "878", "896", "897", "898", "899"], 11, [3, 4, 4]),
        (["21 5", "21 7"], 10, [2, 4, 4])]},
    "PH": {"cc": "63", "trunk": "0", "ranges": [
        (["905", "906", "915", "916", "917", "926", "927", "935", "936", "945", "917",
          "918", "919", "920", "921", "928", "929", "939", "947", "949", "998", "999"],
         10, [3, 3, 4]),
        (["2 8"], 9, [1, 4, 4])]},
    "VN": {"cc": "84", "trunk": "0", "ranges": [
        (["32", "33", "34", "35", "36", "37", "38", "39", "70", "76", "77", "78", "79",
          "81", "82", "83", "84", "85", "86", "88", "89", "90", "91", "93", "94", "96",
          "97", "98"], 9, [2, 3, 2, 2])]},
    "TH": {"cc": "66", "trunk": "0", "ranges": [
        (["61", "62", "63", "64", "65", "80", "81", "82", "83", "84", "85", "86", "87",
          "88", "89", "90", "91", "92", "93", "94", "95"], 9, [2, 3, 4]),
        (["2 2", "2 6"], 8, [1, 3, 4])]},
    "MY": {"cc": "60", "trunk": "0", "ranges": [
        (["12", "13", "16", "17", "19"], 9, [2, 3, 4]),
        (["3 2", "3 7"], 9, [1, 4, 4])]},
    "JP": {"cc": "81", "trunk": "0", "ranges": [
        (["70", "80", "90"], 10, [2, 4, 4]),
        (["3 3", "3 5", "3 6", "6 6"], 9, [1, 4, 4])]},
    "KR": {"cc": "82", "trunk": "0", "ranges": [
        (["10"], 10, [2, 4, 4]),
        (["2 2", "2 3", "2 5"], 9, [1, 4, 4])]},
    "CN": {"cc": "86", "trunk": "0", "ranges": [
        (["130", "133", "135", "136", "138", "139", "150", "152", "158", "166", "177",
          "180", "186", "189", "199"], 11, [3, 4, 4]),
        (["10 6", "10 8", "21 5", "21 6"], 10, [2, 8]),
        (["755 2", "755 8", "571 8"], 10, [3, 7])]},
    # Brazil's trunk 0 is dialled with a carrier code; numbers are written "(11) 91234-5678".
    "BR": {"cc": "55", "trunk": "", "ranges": [
        (["11 9", "21 9", "31 9", "41 9", "51 9", "61 9", "71 9", "81 9"], 11, [2, 5, 4]),
        (["11 3", "21 2", "61 3"], 10, [2, 4, 4])]},
    "MX": {"cc": "52", "trunk": "", "ranges": [
        (["55 1", "55 2", "55 5", "33 1", "33 3", "81 8"], 10, [2, 4, 4])]},
    "CO": {"cc": "57", "trunk": "", "ranges": [
        (["300", "301", "310", "311", "312", "313", "315", "316", "317", "318", "320",
          "321", "350"], 10, [3, 7])]},
    "AR": {"cc": "54", "trunk": "0", "ranges": []},  # mobiles: +54 9 and "15"; argentina()
    "CL": {"cc": "56", "trunk": "", "ranges": [(["9 5", "9 6", "9 7", "9 8", "9 9"], 9,
                                                 [1, 4, 4])]},
    "PE": {"cc": "51", "trunk": "", "ranges": [
        (["91", "92", "93", "94", "95", "96", "97", "98", "99"], 9, [3, 3, 3])]},
    "AU": {"cc": "61", "trunk": "0", "ranges": [
        (["40", "41", "42", "43", "45", "47", "48"], 9, [3, 3, 3]),
        (["2 9", "3 9", "7 3", "8 9"], 9, [1, 4, 4])]},
    "NZ": {"cc": "64", "trunk": "0", "ranges": [
        (["21", "22", "27"], 9, [2, 3, 4]),
        (["9 3", "4 4"], 8, [1, 3, 4])]},
    "CD": {"cc": "243", "trunk": "0", "ranges": [
        (["81", "82", "84", "85", "89", "97", "99"], 9, [2, 3, 4])]},
    "IR": {"cc": "98", "trunk": "0", "ranges": [
        (["912", "913", "915", "919", "901", "902", "930", "933", "935", "936", "937",
          "938", "939"], 10, [3, 3, 4]),
        (["21 8", "21 2"], 10, [2, 4, 4])]},
    "SD": {"cc": "249", "trunk": "0", "ranges": [(["91", "92", "99", "90", "96"], 9,
                                                   [2, 3, 4])]},
    "UG": {"cc": "256", "trunk": "0", "ranges": [(["70", "75", "77", "78", "76"], 9, [3, 6])]},
    "DZ": {"cc": "213", "trunk": "0", "ranges": [(["55", "66", "77", "56", "69"], 9,
                                                   [3, 2, 2, 2])]},
    "MA": {"cc": "212", "trunk": "0", "ranges": [(["61", "66", "67", "70", "77"], 9, [3, 6])]},
    "HR": {"cc": "385", "trunk": "0", "ranges": [(["91", "92", "95", "98", "99"], 9,
                                                   [2, 3, 4])]},
    "RS": {"cc": "381", "trunk": "0", "ranges": [(["60", "61", "62", "63", "64", "65", "66"],
                                                   9, [2, 3, 4])]},
    "BG": {"cc": "359", "trunk": "0", "ranges": [(["87", "88", "89"], 9, [2, 3, 4])]},
    "SK": {"cc": "421", "trunk": "0", "ranges": [(["901", "902", "903", "905", "908", "910",
                                                   "911", "915", "940", "944", "948"], 9,
                                                  [3, 3, 3])]},
    "LT": {"cc": "370", "trunk": "8", "ranges": [(["6"], 8, [3, 5])]},
    "EE": {"cc": "372", "trunk": "", "ranges": [(["5"], 8, [4, 4])]},
    "QA": {"cc": "974", "trunk": "", "ranges": [(["33", "55", "66", "77"], 8, [4, 4])]},
    "JO": {"cc": "962", "trunk": "0", "ranges": [(["77", "78", "79"], 9, [1, 4, 4])]},
}

# NANP (ATIS/NANPA numbering plan): area code NXX with N=2-9 and not N11 / N9X; central office
# code NXX not N11; 555-0100..0199 is reserved for fiction (avoided). Area codes in service
# (NANPA assignments) used where there is no phone word; plan-valid codes after one.
NANP_AREAS = ["201", "202", "203", "205", "206", "212", "213", "214", "215", "216", "217",
              "301", "302", "303", "305", "310", "312", "313", "314", "315", "404", "405",
              "407", "408", "410", "412", "415", "416", "425", "469", "503", "504", "512",
              "514", "602", "604", "612", "617", "619", "646", "702", "713", "718", "720",
              "773", "786", "805", "808", "813", "818", "832", "857", "901", "917", "929",
              "949", "972", "978"]


def nanp_nxx() -> str:
    while True:
        code = rng.choice("23456789") + digits(2)
        if code[1:] != "11":
            return code


def nanp(assigned: bool) -> str:
    """10 digits of a North American number."""
    while True:
        area = rng.choice(NANP_AREAS) if assigned else nanp_nxx()
        if area[1] == "9":
            continue
        exchange = nanp_nxx()
        line = digits(4)
        if exchange == "555" and line.startswith("01"):
            continue
        return area + exchange + line


def nanp_text(number: str, with_word: bool) -> str:
    a, e, s = number[:3], number[3:6], number[6:]
    forms = [f"({a}) {e}-{s}", f"{a}-{e}-{s}", f"{a}.{e}.{s}", f"+1 {a} {e} {s}",
             f"+1 ({a}) {e}-{s}", f"1-{a}-{e}-{s}", f"+1-{a}-{e}-{s}", f"{a} {e} {s}"]
    if with_word:
        forms.append(number)  # undivided: only after a phone word
    return rng.choice(forms)


def nsn(country: str) -> tuple[str, list[int], str]:
    """(national significant number, grouping, leading digits) of a random number."""
    leads, length, sizes = rng.choice(PLANS[country]["ranges"])
    lead = rng.choice(leads).replace(" ", "")
    return lead + digits(length - len(lead)), sizes, lead


def phone_text(country: str, with_word: bool) -> str:
    """One phone number of ``country`` written in one of the formats people use for it."""
    if country == "US":
        return nanp_text(nanp(assigned=not with_word), with_word)
    if country == "AR":
        area = rng.choice(["11", "351", "341", "261"])
        local = digits(10 - len(area))
        grouped = f"{local[:-4]}-{local[-4:]}"
        return rng.choice([f"+54 9 {area} {grouped}", f"+54 9 {area} {local}",
                           f"0{area} 15-{grouped}"])
    plan = PLANS[country]
    number, sizes, _ = nsn(country)
    cc, trunk = plan["cc"], plan["trunk"]
    sep = rng.choice([" ", " ", "-"])
    national = group(number, sizes, sep)
    first, _, rest = national.partition(sep)
    forms = [f"+{cc} {national}", f"+{cc} {group(number, sizes, ' ')}", f"+{cc}{number}",
             f"00{cc} {national}"]
    # A one-digit trunk "0" is written against the area code ("0532"), others apart ("8 916").
    glue = trunk if trunk in ("", "0") else trunk + " "
    forms += [f"{glue}{national}"] * 3
    if trunk and rest:
        forms.append(f"({glue}{first}) {rest}")
    if country in ("GB", "DE", "CH", "AT") and trunk:
        forms.append(f"+{cc} (0){national}")
    if country == "TR":
        forms.append(f"0 ({first}) {rest}")
    if country == "RU":
        forms.append(f"8 ({first}) {rest}")
        forms.append(f"+7 ({first}) {rest}")
    if country == "BR":
        forms.append(f"({first}) {rest}")
    if with_word:
        forms += [f"{glue.strip()}{number}"] * 3
    return rng.choice(forms)


PHONE_WORDS = {
    "GB": ["Tel", "Mobile", "Phone"], "US": ["Phone", "Cell", "call me at", "Tel"],
    "DE": ["Telefon", "Tel.", "Mobil", "Handy"], "FR": ["Tél.", "Téléphone", "Portable"],
    "IT": ["Tel.", "Cellulare", "Telefono"], "ES": ["Tel.", "Teléfono", "Móvil"],
    "NL": ["Tel.", "Telefoon", "Mobiel"], "BE": ["Tel.", "GSM"], "CH": ["Tel.", "Natel"],
    "AT": ["Tel.", "Mobil"], "PL": ["Tel.", "Telefon", "Kom."], "SE": ["Tel", "Mobil"],
    "NO": ["Tlf", "Mobil"], "DK": ["Tlf.", "Mobil"], "FI": ["Puh.", "Tel."],
    "PT": ["Tel.", "Telemóvel"], "IE": ["Tel", "Mobile"], "GR": ["Τηλ.", "Tel."],
    "CZ": ["Tel.", "Mobil"], "HU": ["Tel.", "Mobil"], "RO": ["Tel.", "Telefon"],
    "TR": ["Tel", "Cep", "Telefon"], "RU": ["Тел.", "Телефон", "тел"], "UA": ["Тел.", "тел."],
    "IL": ["Tel", "טלפון"], "SA": ["Tel", "جوال"], "AE": ["Tel", "Mobile"],
    "EG": ["Tel", "Mobile"], "NG": ["Tel", "Phone", "Call"], "ZA": ["Cell", "Tel"],
    "KE": ["Tel", "Phone"], "ET": ["Tel", "Phone"], "TZ": ["Simu", "Tel"],
    "IN": ["Mob.", "Phone", "Contact"], "PK": ["Cell", "Phone"], "BD": ["Mobile", "Phone"],
    "ID": ["Telp.", "HP", "No. HP"], "PH": ["Cell no.", "Mobile", "Tel. no."],
    "VN": ["ĐT", "SĐT", "Điện thoại"], "TH": ["โทร", "Tel"], "MY": ["Tel", "H/P"],
    "JP": ["電話", "TEL", "携帯"], "KR": ["전화", "Tel", "휴대폰"], "CN": ["电话", "手机", "Tel"],
    "BR": ["Tel.", "Celular", "WhatsApp"], "MX": ["Tel.", "Celular"], "CO": ["Cel.", "Tel."],
    "AR": ["Tel.", "Cel."], "CL": ["Fono", "Cel."], "PE": ["Cel.", "Teléfono"],
    "AU": ["Ph", "Mob", "Phone"], "NZ": ["Ph", "Mob"], "CD": ["Tél.", "Tel"],
    "IR": ["تلفن", "Tel"], "SD": ["Tel", "Phone"], "UG": ["Tel", "Mob"],
    "DZ": ["Tél.", "Mobile"], "MA": ["Tél.", "GSM"], "HR": ["Tel.", "Mob."],
    "RS": ["Tel.", "Mob."], "BG": ["Тел.", "Tel."], "SK": ["Tel.", "Mobil"],
    "LT": ["Tel.", "Mob."], "EE": ["Tel", "Mob"], "QA": ["Tel", "Mobile"],
    "JO": ["Tel", "Mobile"],
}


# --- payment cards --------------------------------------------------------------------------
# Issuer identification number ranges and lengths from ISO/IEC 7812-1 and the networks'
# published ranges (Visa, Mastercard incl. 2-series, Amex, Discover incl. 644-649/65, Diners,
# JCB 3528-3589, UnionPay 62, Maestro, UATP 1, Mir 2200-2204, RuPay, Troy, Verve, Humo,
# UzCard); each network's usual printed grouping. Check digit: Luhn (ISO/IEC 7812-1 Annex B).
CARD_SPECS = [
    ("Visa", ["4"], 16, [4, 4, 4, 4]), ("Visa", ["4"], 13, [4, 4, 5]),
    ("Visa", ["4"], 19, [4, 4, 4, 4, 3]),
    ("Mastercard", ["51", "52", "53", "54", "55"], 16, [4, 4, 4, 4]),
    ("Mastercard", ["2221", "2300", "2500", "2720"], 16, [4, 4, 4, 4]),
    ("Amex", ["34", "37"], 15, [4, 6, 5]),
    ("Discover", ["6011", "644", "649", "65"], 16, [4, 4, 4, 4]),
    ("Diners", ["36", "300", "305", "38"], 14, [4, 6, 4]),
    ("JCB", ["3528", "3550", "3589"], 16, [4, 4, 4, 4]),
    ("UnionPay", ["62"], 16, [4, 4, 4, 4]), ("UnionPay", ["62"], 19, [6, 13]),
    ("Maestro", ["5018", "5020", "5038", "6304", "6759", "6761"], 16, [4, 4, 4, 4]),
    ("Maestro", ["6759", "5018"], 19, [4, 4, 4, 4, 3]),
    ("UATP", ["1"], 15, [4, 5, 6]),
    ("Mir", ["2200", "2201", "2202", "2203", "2204"], 16, [4, 4, 4, 4]),
    ("RuPay", ["60", "6521", "508"], 16, [4, 4, 4, 4]),
    ("Troy", ["9792"], 16, [4, 4, 4, 4]),
    ("Verve", ["506099", "506150", "650002"], 16, [4, 4, 4, 4]),
    ("Humo", ["9860"], 16, [4, 4, 4, 4]), ("UzCard", ["8600"], 16, [4, 4, 4, 4]),
]


def luhn_complete(body: str) -> str:
    for check in DIGITS:
        total = 0
        for i, ch in enumerate(reversed(body + check)):
            d = int(ch) * (2 if i % 2 else 1)
            total += d - 9 if d > 9 else d
        if total % 10 == 0:
            return body + check
    raise AssertionError


def card_text() -> str:
    _, prefixes, length, sizes = rng.choice(CARD_SPECS)
    prefix = rng.choice(prefixes)
    number = luhn_complete(prefix + digits(length - len(prefix) - 1))
    return rng.choice([number, group(number, sizes, " "), group(number, sizes, "-"),
                       group(number, sizes, " ")])


# --- IBAN -----------------------------------------------------------------------------------
# BBAN structures from the SWIFT IBAN Registry (n = digits, a = upper-case letters,
# c = letters or digits), check digits by ISO 7064 MOD 97-10 (ISO 13616-1). National check
# digits inside the BBAN where the national standard defines them: Belgium (mod 97 of the
# first 10 digits), Spain (CCC control digits, weights 1 2 4 8 5 10 9 7 3 6 mod 11), Norway
# (mod 11, weights 5 4 3 2 7 6 5 4 3 2), Montenegro (the BBAN itself mod 97 == 1).
IBAN_BBAN = {
    "AD": "4n4n12c", "AE": "3n16n", "AL": "8n16c", "AT": "5n11n", "AZ": "4a20c", "BA": "16n",
    "BE": "12n", "BG": "4a4n2n8c", "BH": "4a14c", "BR": "8n5n10n1a1c", "BY": "4c4n16c",
    "CH": "5n12c", "CR": "18n", "CY": "3n5n16c", "CZ": "4n6n10n", "DE": "8n10n", "DK": "14n",
    "DO": "4c20n", "EE": "16n", "EG": "25n", "ES": "20n", "FI": "14n", "FO": "14n",
    "FR": "5n5n11c2n", "GB": "4a14n", "GE": "2a16n", "GI": "4a15c", "GL": "14n",
    "GR": "3n4n16c", "GT": "4c20c", "HR": "17n", "HU": "24n", "IE": "4a14n", "IL": "19n",
    "IQ": "4a15n", "IS": "22n", "IT": "1a10n12c", "JO": "4a4n18c", "KW": "4a22c",
    "KZ": "3n13c", "LB": "4n20c", "LC": "4a24c", "LI": "5n12c", "LT": "16n", "LU": "3n13c",
    "LV": "4a13c", "MC": "5n5n11c2n", "MD": "2c18c", "ME": "18n", "MK": "3n10c2n",
    "MR": "23n", "MT": "4a5n18c", "MU": "4a19n3a", "NL": "4a10n", "NO": "11n", "PK": "4a16c",
    "PL": "24n", "PS": "4a21c", "PT": "21n", "QA": "4a21c", "RO": "4a16c", "RS": "18n",
    "SA": "2n18c", "SC": "4a20n3a", "SE": "20n", "SI": "15n", "SK": "20n", "SM": "1a10n12c",
    "TN": "20n", "TR": "5n1n16c", "UA": "6n19c", "VA": "18n", "VG": "4a16n", "XK": "16n",
    # Added to the registry in recent releases.
    "BI": "23n", "DJ": "23n", "FK": "2a12n", "LY": "21n", "MN": "16n", "NI": "4a20n",
    "OM": "3n16c", "RU": "9n5n15c", "SD": "14n", "SO": "19n", "SV": "4a20n", "YE": "4a4n18c",
}
_ALPHABETS = {"n": DIGITS, "a": string.ascii_uppercase, "c": DIGITS + string.ascii_uppercase}


def bban(country: str) -> str:
    spec, out, count = IBAN_BBAN[country], [], ""
    for ch in spec:
        if ch.isdigit():
            count += ch
        else:
            # Mostly digits even where letters are allowed, as real account numbers are.
            alphabet = _ALPHABETS[ch] if ch != "c" or rng.random() < 0.3 else DIGITS
            out.append("".join(rng.choice(alphabet) for _ in range(int(count))))
            count = ""
    body = "".join(out)
    if country == "BE":
        check = int(body[:10]) % 97 or 97
        body = body[:10] + f"{check:02d}"
    elif country == "ES":
        body = body[:8] + spanish_ccc(body[:8], body[10:]) + body[10:]
    elif country == "NO":
        weights = (5, 4, 3, 2, 7, 6, 5, 4, 3, 2)
        check = 11 - sum(int(d) * w for d, w in zip(body, weights, strict=False)) % 11
        if check == 10:
            return bban(country)
        body = body[:10] + str(check % 11)
    elif country == "ME":
        body = body[:16] + f"{98 - int(body[:16]) * 100 % 97:02d}"
    return body


def spanish_ccc(bank_branch: str, account: str) -> str:
    weights = (1, 2, 4, 8, 5, 10, 9, 7, 3, 6)

    def control(ten: str) -> str:
        d = 11 - sum(int(c) * w for c, w in zip(ten, weights, strict=True)) % 11
        return str({11: 0, 10: 1}.get(d, d))

    return control("00" + bank_branch) + control(account)


def iban_compact(country: str) -> str:
    body = bban(country)
    numeric = "".join(str(int(c, 36)) for c in body + country + "00")
    return f"{country}{98 - int(numeric) % 97:02d}{body}"


def iban_text(country: str) -> str:
    compact = iban_compact(country)
    spaced = " ".join(compact[i:i + 4] for i in range(0, len(compact), 4))
    return rng.choice([compact, spaced, spaced, spaced.replace(" ", "-")])


# --- US SSN, PRC resident ID ----------------------------------------------------------------
# SSA: area 001-899 except 666, group 01-99, serial 0001-9999 (SSA POMS RM 10201.060);
# 078-05-1120 and 219-09-9999 were voided (advertising), so they are avoided.
def ssn_text(with_word: bool) -> str:
    while True:
        area = rng.randint(1, 899)
        number = f"{area:03d}{rng.randint(1, 99):02d}{rng.randint(1, 9999):04d}"
        if area != 666 and number not in ("078051120", "219099999"):
            break
    a, g, s = number[:3], number[3:5], number[5:]
    forms = [f"{a}-{g}-{s}", f"{a}-{g}-{s}", f"{a} {g} {s}", f"{a}.{g}.{s}"]
    if with_word:
        forms.append(number)
    return rng.choice(forms)


# GB 11643-1999: 6-digit administrative division code (GB/T 2260; province in the first two),
# birth date YYYYMMDD, 3-digit sequence, ISO 7064 MOD 11-2 check character (X = 10).
CN_DIVISIONS = ["110101", "110105", "120103", "130102", "140105", "210102", "220102",
                "310104", "310115", "320102", "330106", "340104", "350203", "360102",
                "370102", "410105", "420106", "430104", "440106", "440305", "450103",
                "500103", "510107", "520102", "530102", "610113", "620102", "650102"]


def cn_id_text() -> str:
    year = rng.randint(1940, 2008)
    month = rng.randint(1, 12)
    day = rng.randint(1, 28)
    body = f"{rng.choice(CN_DIVISIONS)}{year}{month:02d}{day:02d}{digits(3)}"
    weights = [2 ** (17 - i) % 11 for i in range(17)]
    check = "10X98765432"[sum(int(c) * w for c, w in zip(body, weights, strict=True)) % 11]
    number = body + check
    return rng.choice([number, number, f"{number[:6]} {number[6:14]} {number[14:]}"])


# --- e-mail ---------------------------------------------------------------------------------
# RFC 5322 dot-atom local parts (letters, digits, . _ % + -), RFC 1035 labels, IDNA 2008
# A-labels (RFC 5890: "xn--" + punycode) in domains and TLDs, new gTLDs from the IANA root.
LOCALS = ["maria.garcia", "j.smith", "info", "ahmed.k", "priya_sharma", "o.petrenko",
          "kim.minjun", "nguyen.van.an", "t.yamada", "lars+newsletter", "anna-lena.weber",
          "support", "m.rossi84", "chen.wei", "fatima.zahra", "joao.silva", "sales-team",
          "ops.oncall", "dr.ozturk", "e.kowalski", "sven_l", "contact", "hr", "billing+eu",
          "Andre.Dubois", "K.Nakamura", "olu.adeyemi", "a.cohen", "peter.novak", "ivan.ivanov"]
DOMAINS = ["gmail.com", "outlook.com", "yahoo.co.jp", "web.de", "gmx.at", "orange.fr",
           "libero.it", "telefonica.es", "ziggo.nl", "bluewin.ch", "wp.pl", "seznam.cz",
           "mail.ru", "yandex.ru", "ukr.net", "naver.com", "qq.com", "163.com", "rediffmail.com",
           "uol.com.br", "hotmail.com.ar", "mail.uni-heidelberg.de", "cs.ox.ac.uk",
           "health.gov.au", "acme-corp.io", "studio.photography", "firm.legal",
           "xn--80ak6aa92e.com",
           "xn--mller-kva.de", "xn--bcher-kva.ch", "shop.xn--p1ai", "xn--e1afmkfd.xn--p1ai",
           "post.xn--fiqs8s", "xn--9dbq2a.xn--4dbrk0ce", "firma.com.tr", "company.co.za",
           "startup.ng", "bank.co.ke", "ngo.org.in", "gov.ph", "university.edu.vn", "company.co.th"]


def email_text() -> str:
    local = rng.choice(LOCALS)
    domain = rng.choice(DOMAINS)
    if rng.random() < 0.1:
        local, domain = local.upper(), domain.upper()
    return f"{local}@{domain}"


# --- IP addresses ---------------------------------------------------------------------------
# Not globally reachable per the IANA IPv4/IPv6 Special-Purpose Address Registries (RFC 6890
# and updates): such addresses are kept under the default keep_private_ips and are negatives.
V4_SPECIAL = [("0.0.0.0", 8), ("10.0.0.0", 8), ("100.64.0.0", 10), ("127.0.0.0", 8),
              ("169.254.0.0", 16), ("172.16.0.0", 12), ("192.0.0.0", 24), ("192.0.2.0", 24),
              ("192.88.99.0", 24), ("192.168.0.0", 16), ("198.18.0.0", 15),
              ("198.51.100.0", 24), ("203.0.113.0", 24), ("224.0.0.0", 4), ("240.0.0.0", 4)]


def _v4_int(text: str) -> int:
    a, b, c, d = (int(p) for p in text.split("."))
    return a << 24 | b << 16 | c << 8 | d


def v4_special(value: int) -> bool:
    return any(value >> (32 - bits) == _v4_int(net) >> (32 - bits) for net, bits in V4_SPECIAL)


def public_v4() -> str:
    while True:
        value = rng.getrandbits(32)
        if not v4_special(value):
            return ".".join(str(value >> s & 255) for s in (24, 16, 8, 0))


def private_v4() -> str:
    return rng.choice([f"10.{rng.randint(0, 255)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}",
                       f"192.168.{rng.randint(0, 255)}.{rng.randint(1, 254)}",
                       f"172.{rng.randint(16, 31)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}",
                       f"127.0.0.{rng.randint(1, 9)}", f"203.0.113.{rng.randint(1, 254)}",
                       f"198.51.100.{rng.randint(1, 254)}", f"192.0.2.{rng.randint(1, 254)}"])


# Global unicast 2000::/3 as allocated to the RIRs (IANA IPv6 unicast address assignments):
# APNIC 2400::/12, ARIN 2600::/12, LACNIC 2800::/12, RIPE 2a00::/12, AFRINIC 2c00::/12.
V6_RIR_STEMS = ["240", "260", "280", "2a0", "2c0"]


def public_v6() -> str:
    groups = [rng.choice(V6_RIR_STEMS) + rng.choice("0123456789abcdef")]
    groups += [f"{rng.getrandbits(16):x}" for _ in range(7)]
    style = rng.randrange(4)
    if style == 0:
        return ":".join(groups)
    if style == 1:  # compressed run of zero groups
        return ":".join(groups[:3]) + "::" + ":".join(groups[6:])
    if style == 2:  # embedded IPv4 tail (RFC 4291 2.2 form 3)
        return ":".join(groups[:2]) + "::" + public_v4()
    return ":".join(groups[:4]) + "::" + groups[7]


def ip_text() -> str:
    r = rng.random()
    if r < 0.12:
        return "::ffff:" + public_v4()  # IPv4-mapped: it reveals a public IPv4 address
    return public_v4() if r < 0.7 else public_v6()


# --- secrets --------------------------------------------------------------------------------
# Token formats as their vendors document them.
ALNUM = string.ascii_letters + DIGITS


def rand(alphabet: str, n: int) -> str:
    return "".join(rng.choice(alphabet) for _ in range(n))


def secret_text() -> str:
    kind = rng.randrange(10)
    if kind == 0:  # AWS access key id: AKIA + 16 base32 characters
        return "AKIA" + rand(string.ascii_uppercase + "234567", 16)
    if kind == 1:  # GitHub classic tokens: ghp_/gho_/ghu_/ghs_/ghr_ + 36
        return rng.choice(["ghp_", "gho_", "ghs_", "ghu_"]) + rand(ALNUM, 36)
    if kind == 2:  # GitHub fine-grained: github_pat_ + 22 + _ + 59
        return "github_pat_" + rand(ALNUM, 22) + "_" + rand(ALNUM, 59)
    if kind == 3:  # GitLab personal access token
        return "glpat-" + rand(ALNUM + "_-", 20)
    if kind == 4:  # Slack bot/user tokens
        return (rng.choice(["xoxb-", "xoxp-"]) + digits(12) + "-" + digits(13) + "-"
                + rand(ALNUM, 24))
    if kind == 5:  # Stripe secret / restricted keys
        return rng.choice(["sk_live_", "rk_live_"]) + rand(ALNUM, 24)
    if kind == 6:  # Google API key
        return "AIza" + rand(ALNUM + "_-", 35)
    if kind == 7:  # Hugging Face user access token
        return "hf_" + rand(ALNUM, 34)
    if kind == 8:  # OpenAI project key
        return "sk-proj-" + rand(ALNUM + "_-", 40) + rand(DIGITS, 2) + rand(ALNUM, 20)
    # JWT (RFC 7519): base64url header.payload.signature; the header is {"alg":...
    return ("eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJ" + rand(ALNUM, 40) + "."
            + rand(ALNUM + "_-", 43))


def private_key_block() -> str:
    """A PEM private key block (RFC 7468 labels)."""
    label = rng.choice(["RSA PRIVATE KEY", "PRIVATE KEY", "EC PRIVATE KEY",
                        "OPENSSH PRIVATE KEY"])
    return (f"-----BEGIN {label}-----\n" + "\n".join(
        rand(ALNUM + "+/", 64) for _ in range(4)) + f"\n-----END {label}-----")


# --- contexts -------------------------------------------------------------------------------
# Each template yields a text with {fields}; a field is (value, kind) and becomes a span.
def fill(template: str, fields: dict[str, tuple[str, str | None]]) -> tuple[str, list]:
    """The text of ``template`` with its fields filled, and the spans of the labelled ones.
    ``{{`` and ``}}`` stand for literal braces, as in ``str.format``."""
    parts, spans, length = [], [], 0
    for literal, name in _FIELD.findall(template):
        if literal:
            text = literal.replace("{{", "{").replace("}}", "}")
            kind = None
        else:
            text, kind = fields[name]
        if kind is not None:
            spans.append([length, length + len(text), kind])
        parts.append(text)
        length += len(text)
    return "".join(parts), spans


_FIELD = re.compile(r"((?:[^{}]|\{\{|\}\})+)|\{(\w+)\}")


PHONE_TEMPLATES = [
    "{word}: {phone}",
    "{name}\nSenior Engineer\n{word}: {phone}\n{email}",
    "--\nBest regards,\n{name} | Sales\n{word} {phone}",
    "[{hh}:{mm}] {nick}: you can reach me on {phone} after 6",
    "[{hh}:{mm}] {nick}: {word} {phone}",
    "Kontakt / contact: {name}, {word} {phone}, {email}",
    '{{"name": "{name}", "phone": "{phone}", "email": "{email}"}}',
    "name,phone,city\n{name},{phone},{city}",
    "contact:\n  name: {name}\n  phone: \"{phone}\"",
    "<td>{name}</td><td>{phone}</td>",
    "{date} 10:{mm}:02 INFO sms.gateway sent OTP to {phone} status=delivered",
    "INSERT INTO customers (name, phone) VALUES ('{name}', '{phone}');",
    "For reservations, {word} {phone} (Mon-Fri 9-17).",
    "{word}: {phone} | {word2}: {phone2}",
]
GENERIC_TEMPLATES = {
    "email": ["Contact: {email}", "From: {name} <{email}>\nTo: team@{company}.com",
              "[{hh}:{mm}] {nick}: mail me at {email} pls",
              "{date} 09:{mm}:11 WARN auth failed for user={email} attempts=3",
              '{{"user": "{email}", "role": "admin"}}', "<a href=\"mailto:{email}\">write us</a>",
              "Reply-To: {email}", "Signed-off-by: {name} <{email}>",
              "name,email\n{name},{email}", "- maintainer: {email}"],
    "ip": ["{date} 12:{mm}:07 sshd[2211]: Failed password for root from {ip} port 52144 ssh2",
           '{ip} - - [12/Mar/2024:10:{mm}:41 +0000] "GET /index.html HTTP/1.1" 200 5120',
           "allow {ip};", "server_ip = \"{ip}\"", "Connected to {ip}.",
           "client {ip} requested /api/v1/users", "X-Forwarded-For: {ip}",
           "[{hh}:{mm}] {nick}: my public IP is {ip}, can you whitelist it?",
           "iptables -A INPUT -s {ip} -j DROP", "ban {ip} for 3600s"],
    "credit_card": ["Card number: {card}", "card: {card}  exp 08/27",
                    "[{hh}:{mm}] {nick}: my card is {card}, the payment keeps failing",
                    "{date} 14:{mm}:55 ERROR payment declined pan={card} code=05",
                    '{{"card_number": "{card}", "cvv": "***"}}', "Pay with {card} on file."],
    "iban": ["IBAN: {iban}", "Please transfer the deposit to {iban} (account holder {name}).",
             "Bankverbindung: {iban}, BIC DEUTDEFFXXX", "iban,amount\n{iban},120.00",
             '{{"iban": "{iban}", "currency": "EUR"}}', "[{hh}:{mm}] {nick}: send it to {iban}"],
    "ssn": ["SSN: {ssn}", "Social Security Number: {ssn}", "ssn={ssn}",
            "Employee {name}, SSN {ssn}, start date {date}", '{{"ssn": "{ssn}"}}'],
    "cn_id": ["身份证号：{cnid}", "公民身份号码 {cnid}", "id card: {cnid}",
              "姓名：张伟  身份证：{cnid}  电话：{phone}"],
    "secret": ["export TOKEN={secret}", "api_key: \"{secret}\"", "Authorization: Bearer {secret}",
               "# leaked in .env\nAPI_KEY={secret}", "curl -H 'X-Api-Key: {secret}' https://api",
               "{secret}"],
}
NAMES = ["Maria Garcia", "John Smith", "Ahmed Karim", "Priya Sharma", "Olena Petrenko",
         "Kim Minjun", "Nguyen Van An", "Taro Yamada", "Lars Nilsson", "Anna Weber",
         "Marco Rossi", "Chen Wei", "Fatima Zahra", "Joao Silva", "Emre Ozturk", "Ewa Kowalska",
         "Olu Adeyemi", "Avi Cohen", "Petr Novak", "Ivan Ivanov"]
NICKS = ["alex", "sam_k", "mehmet", "jun", "dev42", "rosa", "kofi", "lena"]
CITIES = ["Berlin", "Lagos", "Istanbul", "Manila", "Sao Paulo", "Mumbai", "Hanoi", "Lima"]


def common_fields() -> dict[str, tuple[str, str | None]]:
    return {"name": (rng.choice(NAMES), None), "nick": (rng.choice(NICKS), None),
            "hh": (f"{rng.randint(0, 23):02d}", None), "mm": (f"{rng.randint(0, 59):02d}", None),
            "city": (rng.choice(CITIES), None), "company": (rng.choice(["acme", "globex"]), None),
            "date": (f"2024-0{rng.randint(1, 9)}-{rng.randint(10, 28)}", None)}


def phone_case(country: str) -> tuple[str, list]:
    template = rng.choice(PHONE_TEMPLATES)
    words = PHONE_WORDS[country]
    # A phone word right before the number: the undivided national form is then plausible.
    word_before = "{word}" in template
    fields = common_fields()
    fields |= {"word": (rng.choice(words), None), "word2": (rng.choice(words), None),
               "phone": (phone_text(country, with_word=word_before), "phone"),
               "phone2": (phone_text(country, with_word=word_before), "phone"),
               "email": (email_text(), "email")}
    return fill(template, fields)


def generic_case(kind: str) -> tuple[str, list]:
    template = rng.choice(GENERIC_TEMPLATES[kind])
    fields = common_fields()
    fields |= {"email": (email_text(), "email"), "ip": (ip_text(), "ip"),
               "card": (card_text(), "credit_card"),
               "iban": (iban_text(rng.choice(sorted(IBAN_BBAN))), "iban"),
               "ssn": (ssn_text(with_word=True), "ssn"), "cnid": (cn_id_text(), "cn_id"),
               "phone": (phone_text("CN", with_word=True), "phone"),
               "secret": (secret_text(), "secret")}
    return fill(template, fields)


def ip_special_case() -> tuple[str, list]:
    """The issue's IP shapes: CIDR suffixes, ports, brackets (the address alone is the span)."""
    v4, v6 = public_v4(), public_v6()
    fields = common_fields() | {"v4": (v4, "ip"), "v6": (v6, "ip"),
                                "bits": (str(rng.choice([32, 24, 16, 28])), None),
                                "port": (str(rng.choice([22, 443, 8080, 5432])), None)}
    template = rng.choice(["route add {v4}/{bits} via gateway", "allow from {v4}/{bits}",
                           "nmap -sV {v4}/{bits}", "curl http://{v4}:{port}/health",
                           "listen [{v6}]:{port}", "ssh -p {port} admin@[{v6}]",
                           "AAAA record: {v6}", "peer {v6} is up", "{v6}/64 announced"])
    return fill(template, fields)


# --- hard negatives -------------------------------------------------------------------------
def hex_string(n: int) -> str:
    return rand("0123456789abcdef", n)


def ean13() -> str:
    body = rng.choice(["400", "500", "760", "890", "690"]) + digits(9)
    total = sum(int(d) * (3 if i % 2 else 1) for i, d in enumerate(body))
    return body + str(-total % 10)


def isbn13() -> str:
    body = rng.choice(["978", "979"]) + digits(9)
    total = sum(int(d) * (3 if i % 2 else 1) for i, d in enumerate(body))
    return body + str(-total % 10)


def imei() -> str:
    return luhn_complete(rng.choice(["35", "86", "01"]) + digits(12))


def negative_text() -> tuple[str, str]:
    """(tag, text) of a look-alike that is not personal data."""
    v = [rng.randint(0, 30) for _ in range(4)]
    a, b, c, d = v
    choices = [
        ("version", f"see CHANGELOG for {a + 1}.{b}.{c}.{d + 10}"),
        ("version", f"Upgraded libfoo from {a}.{b}.{c} to {a}.{b}.{c + 1}"),
        ("version", f"Chrome/{rng.randint(100, 130)}.0.{rng.randint(4000, 6999)}."
                    f"{rng.randint(10, 250)} Safari/537.36"),
        ("version", f"firmware {a + 1}.{b}.{c}.{rng.randint(100, 9999)} released"),
        ("version", f"pip install numpy=={a + 1}.{b}.{c}"),
        ("version", f"\"version\": \"{a}.{b}.{c}-rc.{d}+build.{rng.randint(1000, 9999)}\""),
        ("build", f"Build {rng.randint(2019, 2026)}{rng.randint(1, 12):02d}"
                  f"{rng.randint(1, 28):02d}.{rng.randint(1000, 9999)}"),
        ("build", f"build #{rng.randint(1000000, 99999999)} passed in 4m12s"),
        ("build", f"Windows 10.0.{rng.randint(10000, 22631)}.{rng.randint(100, 3000)}"),
        ("coordinates", f"lat {rng.uniform(-80, 80):.6f}, lon {rng.uniform(-170, 170):.6f}"),
        ("coordinates", f"\"coordinates\": [{rng.uniform(-170, 170):.5f}, "
                        f"{rng.uniform(-80, 80):.5f}]"),
        ("coordinates", f"{rng.randint(0, 89)}°{rng.randint(0, 59)}′{rng.randint(0, 59)}″N "
                        f"{rng.randint(0, 179)}°{rng.randint(0, 59)}′{rng.randint(0, 59)}″E"),
        ("hash", f"commit {hex_string(40)}"), ("hash", f"sha256:{hex_string(64)}"),
        ("hash", f"md5sum {hex_string(32)}  archive.tar.gz"),
        ("hash", f"uuid {hex_string(8)}-{hex_string(4)}-4{hex_string(3)}-a{hex_string(3)}-"
                 f"{hex_string(12)}"),
        ("hash", f"git checkout {hex_string(7)}"),
        ("date", f"{rng.randint(2000, 2030)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
                 f"T{rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}:00Z"),
        ("date", f"{rng.randint(1, 28):02d}.{rng.randint(1, 12):02d}.{rng.randint(1990, 2030)}"),
        ("date", f"timestamp={rng.randint(1500000000, 1800000000)}{digits(3)}"),
        ("date", f"Last modified {rng.randint(1, 12)}/{rng.randint(1, 28)}/"
                 f"{rng.randint(2000, 2030)} {rng.randint(1, 12)}:{rng.randint(10, 59)} PM"),
        ("product", f"EAN {ean13()}"), ("product", f"ISBN {isbn13()}"),
        ("product", f"ISBN {isbn13()[:3]}-{digits(1)}-{digits(3)}-{digits(5)}-{digits(1)}"),
        ("product", f"Part No. {digits(4)}-{digits(4)}-{digits(2)}"),
        ("product", f"IMEI {imei()}"),
        ("product", f"Order #{digits(10)} shipped"),
        ("product", f"tracking number 1Z{rand(string.ascii_uppercase + DIGITS, 16)}"),
        ("product", f"SKU {rand(string.ascii_uppercase, 3)}-{digits(6)}"),
        ("math", f"{rng.random() * 100:.12f}"),
        ("math", "2^31 - 1 = 2147483647 and 2^32 = 4294967296"),
        ("math", f"x = {rng.randint(1000, 9999)} * {rng.randint(100000, 999999)} + "
                 f"{rng.randint(1, 99)};"),
        ("math", "pi ≈ 3.14159265358979323846, e ≈ 2.71828182845904523536"),
        ("math", f"matrix [[{a}, {b}], [{c}, {d}]] has determinant {a * d - b * c}"),
        ("math", f"{rng.randint(10, 99)} {digits(3)} {digits(3)} {digits(3)} grains of sand"),
        ("private_ip", f"gateway {private_v4()}"),
        ("private_ip", f"listen {private_v4()}:8080"),
        ("private_ip", "inet6 fe80::1ff:fe23:4567:890a%eth0 scopeid 0x20"),
        ("private_ip", f"docs example: 2001:db8::{hex_string(4)}"),
        ("oid", f"OID 1.3.6.1.4.1.{rng.randint(1000, 60000)}.{a}.{b}"),
        ("mac", f"ether {hex_string(2)}:{hex_string(2)}:{hex_string(2)}:{hex_string(2)}:"
                f"{hex_string(2)}:{hex_string(2)}"),
        ("time", f"{rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}:{rng.randint(0, 59):02d}."
                 f"{digits(3)}"),
        ("email_like", f"icon@{rng.choice(['2x', '3x'])}.png"),
        ("email_like", f"npm install @babel/core@7.{a}.{b}"),
        ("email_like", f"@media (max-width: {rng.randint(300, 1200)}px)"),
        ("email_like", "user@example.com"), ("email_like", "git@github.com:org/repo.git"),
        ("email_like", "mail to jane@localhost for testing"),
        ("cpp", f"std::vector<int> v; v.push_back({a});"),
        ("money", f"Revenue: ${rng.randint(1, 999)},{digits(3)},{digits(3)}.00"),
        ("money", f"€ {rng.randint(1, 999)} {digits(3)} {digits(3)},00"),
        ("phone_like", f"Population: {rng.randint(1, 999)},{digits(3)},{digits(3)}"),
        ("phone_like", f"port {rng.randint(1024, 65535)} and pid {rng.randint(1000, 99999)}"),
        ("phone_like", f"page {rng.randint(1, 999)} of {rng.randint(1000, 9999)}"),
        ("phone_like", f"line {digits(2)}, column {digits(2)}: unexpected token"),
        ("phone_like", f"ZIP {digits(5)}-{digits(4)}"),
        ("phone_like", f"resolution {rng.choice([1920, 2560, 3840])}x{rng.choice([1080, 1440])}"),
        ("phone_like", f"elapsed {rng.randint(100000, 9999999)} ns"),
    ]
    return rng.choice(choices)


def main() -> None:
    rows = []

    def add(tag: str, country: str, text_spans: tuple[str, list]) -> None:
        text, spans = text_spans
        rows.append({"id": f"s{len(rows):04d}", "country": country, "tag": tag, "text": text,
                     "spans": spans, "hard_negative": not spans})

    countries = sorted(PLANS)
    for country in countries:
        for _ in range(8 if country != "US" else 20):
            add("phone", country, phone_case(country))
    for kind, n in (("email", 110), ("ip", 90), ("credit_card", 120), ("ssn", 70),
                    ("cn_id", 45), ("secret", 80)):
        for _ in range(n):
            add(kind, {"ssn": "US", "cn_id": "CN"}.get(kind, "-"), generic_case(kind))
    for _ in range(40):
        add("ip", "-", ip_special_case())
    for _ in range(12):
        block = private_key_block()
        template = rng.choice(["deploy_key: |\n{key}", "{key}\n", "cat id_rsa\n{key}"])
        add("secret", "-", fill(template, {"key": (block, "secret")}))
    for country in sorted(IBAN_BBAN):
        for _ in range(2):
            fields = common_fields() | {"iban": (iban_text(country), "iban")}
            add("iban", country, fill(rng.choice(GENERIC_TEMPLATES["iban"]), fields))
    seen = set()
    while sum(r["hard_negative"] for r in rows) < 360:
        tag, text = negative_text()
        if text not in seen:
            seen.add(text)
            add(tag, "-", (text, []))
    tmp = OUT.with_suffix(".tmp")
    with tmp.open("w", encoding="utf-8") as f:
        for row in rows:
            f.write(json.dumps(row, ensure_ascii=False) + "\n")
    tmp.replace(OUT)
    spans = sum(len(r["spans"]) for r in rows)
    print(f"{len(rows)} cases, {spans} spans, {len(seen)} hard negatives -> {OUT}")


if __name__ == "__main__":
    main()

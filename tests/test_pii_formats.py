"""The classes of misses of issue 15, each with the formats people write, and the
validators behind them (phonenumbers, python-stdnum)."""

from __future__ import annotations

import pytest
from phonenumbers import PhoneMetadata
from stdnum import numdb

from dataprep.pii import find_pii, phones, scrub_pii
from dataprep.pii.checks import card_ok, iban_ok, ssn_ok
from dataprep.pii.regions import IBAN_COUNTRIES, MOST_POPULOUS, NATIONAL_REGIONS


def found(text: str, **kwargs) -> list[tuple[str, str]]:
    return [(text[s.start:s.end], s.kind) for s in find_pii(text, **kwargs)]


@pytest.mark.parametrize("text, number", [
    # National numbers without separators right after a phone word.
    ("call 07911123456 tonight", "07911123456"),
    ("Tel: 05321234567", "05321234567"),
    ("mobile 09171234567", "09171234567"),
    ("Handy 015112345678", "015112345678"),
    # Turkish, Philippine and Israeli national groupings, with and without a word.
    ("Ofis: 0532 123 45 67", "0532 123 45 67"),
    ("Bize ulaşın 0 (532) 123 45 67", "0 (532) 123 45 67"),
    ("Globe: 0917 123 4567", "0917 123 4567"),
    ("טלפון 09-7625400", "09-7625400"),
    # "+" country codes in national groupings.
    ("WhatsApp +90 532 123 45 67", "+90 532 123 45 67"),
    ("reach me on +63 917 123 4567", "+63 917 123 4567"),
    ("+972 9-762-5400 (office)", "+972 9-762-5400"),
    ("+7 (916) 123-45-67", "+7 (916) 123-45-67"),
    ("+44 (0)20 7946 0958", "+44 (0)20 7946 0958"),
    # North American number with an area code not in service, after "call me at".
    ("call me at 399-555-1234", "399-555-1234"),
    # National formats of populous countries.
    ("Contact: 98765 43210", "98765 43210"),
    ("Telp. 0812-3456-7890", "0812-3456-7890"),
    ("Celular (11) 91234-5678", "(11) 91234-5678"),
    ("Тел.: 8 (916) 123-45-67", "8 (916) 123-45-67"),
    ("電話 090-1234-5678", "090-1234-5678"),
    ("전화 010-1234-5678", "010-1234-5678"),
    ("Tel. 0803 123 4567", "0803 123 4567"),
    # Argentine mobiles dialled nationally with the "15" token (libphonenumber's transform
    # rule: 0 + area code + 15 + number is +54 9 + area code + number), and internationally.
    ("Celular: 011 15-2345-6789", "011 15-2345-6789"),
    ("Escribime al 011 15-2345-6789 o al mail", "011 15-2345-6789"),
    ("Llamame al 0351 15-412-3456", "0351 15-412-3456"),
    ("WhatsApp +54 9 11 2345-6789", "+54 9 11 2345-6789"),
])
def test_phone_formats(text, number):
    assert found(text) == [(number, "phone")]


@pytest.mark.parametrize("text", [
    "call me at 555-0123",                   # NANPA's fiction range, our own pseudonyms
    "Tel +1 (099) 555-1234",                 # area codes never start with 0
    "200 5120",                              # HTTP status and size in an access log line
    "2024-01-14 12:54:07",                   # a date and a time
    "years 2019-2023",
    "€ 123 456 789,00",
    "12 345 678 901 grains",
    "Fake SSN 666-12-3456",
    "see CHANGELOG for 11.12.10.75",
    # Seen on the real corpus: the FSF's address in license headers, section numbers of
    # translated manuals.
    "Fifth Floor, Boston, MA  02110-1301, USA",
    "siehe Abschnitt 6.3.6.2, „Software“",
    "vegeu Secció\xa06.3.4.2, «Fer»",
    "Δείτε την ενότητα Τμήμα 6.3.6.2",
])
def test_phone_and_ip_look_alikes(text):
    assert found(text) == []


@pytest.mark.parametrize("text, value", [
    ("nmap -sV 45.33.32.156/32", "45.33.32.156"),
    ("X-Forwarded-For: ::ffff:8.8.8.8", "::ffff:8.8.8.8"),
    ("peer 2a02:1205::5.6.7.8 is up", "2a02:1205::5.6.7.8"),
    ("Connected to ::ffff:111.98.250.38.", "::ffff:111.98.250.38"),
    ("listen [2a00:1450:4001:82a::200e]:443", "2a00:1450:4001:82a::200e"),
])
def test_ip_forms(text, value):
    assert found(text) == [(value, "ip")]


def test_ipv6_with_ipv4_tail_is_one_address_or_none():
    text = "docs 2001:db8::10.0.0.1 and ::ffff:192.0.2.1"
    assert found(text) == []
    assert found(text, keep_private_ips=False) == [("2001:db8::10.0.0.1", "ip"),
                                                   ("::ffff:192.0.2.1", "ip")]


@pytest.mark.parametrize("text, value, kind", [
    ("IBAN GB82-WEST-1234-5698-7654-32", "GB82-WEST-1234-5698-7654-32", "iban"),
    ("IBAN: BI13 2000 1100 0100 0012 3456 789", "BI13 2000 1100 0100 0012 3456 789", "iban"),
    ("UATP 1100 00000 000007", "1100 00000 000007", "credit_card"),
    ("Mir 2200 0000 0000 0004", "2200 0000 0000 0004", "credit_card"),
    ("mail info@xn--mller-kva.de", "info@xn--mller-kva.de", "email"),
    ("почта support@xn--e1afmkfd.xn--p1ai", "support@xn--e1afmkfd.xn--p1ai", "email"),
    ("SSN 123.45.6789", "123.45.6789", "ssn"),
])
def test_issue_classes(text, value, kind):
    assert found(text) == [(value, kind)]


def test_argentine_15_token_is_rewritten_as_the_mobile_number():
    # Valid only through the rewrite (Buenos Aires mobile 9 11 2345 6789); grouped otherwise
    # than the national format ("011 1523-456789"), it is not taken without a phone word.
    assert phones.national_ok("01115" + "23456789", frozenset({3, 5, 9}))
    assert not phones.national_ok("01115" + "23456789", frozenset({3, 7}))
    assert found("011 1523-456789") == []


def test_validators():
    assert iban_ok("BE71 0961 2345 6769") and not iban_ok("BE71 0961 2345 6768")
    assert not iban_ok("BE05 3788 9973 5877")  # mod 97 fine, Belgian check digits wrong
    assert card_ok("110000000000007") and not card_ok("110000000000008")
    assert ssn_ok("123456789") and not ssn_ok("219099999")  # voided by the SSA


def test_national_regions_cover_the_populous_and_every_iban_country():
    assert len(MOST_POPULOUS) >= 30
    registry = {cc for cc, info in (numdb.get("iban").info(a + b + "00")[0]
                                    for a in map(chr, range(65, 91))
                                    for b in map(chr, range(65, 91))) if info}
    assert registry == set(IBAN_COUNTRIES)
    missing = [r for r in (*MOST_POPULOUS[:30], *IBAN_COUNTRIES) if r not in NATIONAL_REGIONS]
    assert missing == []
    # Each has numbering-plan metadata (XK, Kosovo, too since libphonenumber 8.x).
    assert [r for r in NATIONAL_REGIONS if PhoneMetadata.metadata_for_region(r) is None] == []


def test_scrubbing_pseudonyms_again_changes_nothing():
    text = "Tel 0532 123 45 67, +63 917 123 4567, IBAN GB82-WEST-1234-5698-7654-32"
    out, counts = scrub_pii(text, mode="pseudonym")
    assert counts["phone"] == 2 and counts["iban"] == 1
    again, again_counts = scrub_pii(out)
    assert again == out and not any(again_counts.values())


@pytest.mark.parametrize("text, expected", [
    # Section numbers of real manuals: headings, references by title, a section word after.
    ("Intro.\n6.6.3.4. Default\nThis field", []),
    ("see 6.3.9.2 – „Using the shell“", []),
    ("Consultați Secțiune 6.3.4.2, „Partiționarea ghidată”", []),
    ("자세한 정보는 6.3.6.2절. “소프트웨어 선택", []),
    ("Connect to 8.8.8.8. Then wait.", [("8.8.8.8", "ip")]),
    ("nameserver 8.8.8.8.\n", [("8.8.8.8", "ip")]),
    ("DNS „8.8.4.4“ ok", [("8.8.4.4", "ip")]),
    # Hex byte dumps and tables of numbers in code and documentation.
    ("// Prints: <Buffer 88 13 70 17>", []),
    ("<Buffer 00 71 00 77 00 68 00 67 00 61 00 64 00 73 00>", []),
    ("     P 23646 45190  50333  55166 56271", []),
    ("Female       89  17 202 131  94  24", []),
    ("Ring 88 13 70 17 today", [("88 13 70 17", "phone")]),
    ("Tel.  0532 123 45 67  (office)", [("0532 123 45 67", "phone")]),
])
def test_numbers_of_real_pages(text, expected):
    assert found(text) == expected

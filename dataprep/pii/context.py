"""Context rules: words before a candidate on its line, code literals, amounts, dates."""

from __future__ import annotations

import re

# Context words, searched in the 40 characters before a numeric candidate on its line. The
# nearest one decides: a negative word (version, order number, ISBN, ...) rejects the
# candidate, a positive word for its type is required for formats too ambiguous on their own
# (undivided national numbers, 9 undivided digits as an SSN) and overrides the code-context
# rule. Phone words are in the languages of the national formats recognised.
_KEYWORDS = {
    "neg": r"version|ver|build|release|changelog|firmware|kernel|update|patch|driver|sdk"
           r"|chrome|firefox|safari|android|ios|windows|isbn|issn|doi|ean|upc|gtin|imei|zip"
           r"|score|order|invoice|receipt|tracking|shipment|sku|part|item|model|serial|ref"
           r"|reference|ticket|oid|snmp|mib|patent|lot|batch|pid|uid"
           r"|chapter|section|figure|table|step|clause|article|rule|§|#|第"
           # Section and chapter in the languages of translated manuals ("Abschnitt 6.3.6.2").
           r"|paragraph|abschnitt|kapitel|afsnit|avsnitt|hoofdstuk|sectie|chapitre|paragraphe"
           r"|sección|capítulo|secció|capítol|seção|sezione|capitolo|kapitola|kapitole|rozdział"
           r"|secção|část|části|paragraaf|bagian|bölüm|sekcja|τμήμα|ενότητα|κεφάλαιο|раздел|глава"
           r"|розділ"
           r"|版本|订单|单号|运单|快递|编号|型号|序列号|流水号|发票|工单|专利|批号|条码",
    "phone": r"phone|tel|telephone|call|mobile|mob|cell|fax|whatsapp|contact|text me|sms|dial"
             r"|ph|telefon|telefono|teléfono|telefone|téléphone|tél|telefoon|tlf|puh|mobil"
             r"|mobiel|handy|natel|gsm|cel|celular|cellulare|móvil|telemóvel|portable|kom"
             r"|fono|cep|simu|telp|hp|h/p|no\. hp|sđt|đt|điện thoại|โทร|тел|телефон|τηλ"
             r"|טלפון|جوال|تلفن|電話|携帯|전화|휴대폰"
             r"|电话|手机|联系|致电|拨打|热线|传真|座机|来电",
    "credit_card": r"card|credit|debit|visa|mastercard|amex|pan|卡号|信用卡|银行卡|储蓄卡|借记卡",
    "ssn": r"ssn|social security|ss#|社会安全号",
    "cn_id": r"身份证|证件号|公民身份|id card|identity",
    "ip": r"ip|address|server|host|from|connect|client|地址|服务器|主机",
}


def _trie(words: list[str]) -> str:
    """An alternation of ``words`` as a prefix tree, so the engine checks one branch per
    character instead of every word at every position (a flat alternation of ~170 words made
    each look-up ~100 us)."""
    tree: dict = {}
    for word in words:
        node = tree
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}
    return _trie_pattern(tree)


def _trie_pattern(node: dict) -> str:
    ends = "" in node
    branches = [re.escape(ch) + _trie_pattern(child) for ch, child in sorted(node.items()) if ch]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    return f"(?:{body})?" if ends else body


# Word -> its group; a word of two groups is not allowed (the nearest word decides one type).
_WORD_GROUP = {word.replace("\\", ""): name for name, words in _KEYWORDS.items()
               for word in words.split("|")}
_KEYWORD_RE = re.compile(
    "(?<![a-z])(" + _trie(sorted(_WORD_GROUP)) + ")(?:e?s)?(?![a-z])"
)
CONTEXT_TYPES = frozenset({"ip", "phone", "credit_card", "ssn", "cn_id"})
_CODE_LINE = re.compile(r"[=;{}]")
_CODE_BEFORE = frozenset("=([{<>+*/%,")
_CODE_AFTER = frozenset(");]}*+/%,")
_CURRENCY = frozenset("$€£¥₹₽₩")
# A US ZIP+4 code after its state's two capitals ("Boston, MA 02110-1301"): nine digits in
# 5-4 groups, which libphonenumber accepts as a national number of several countries.
_ZIP4 = re.compile(r"[0-9]{5}-[0-9]{4}")
_STATE_BEFORE = re.compile(r"(?<![A-Za-z])[A-Z]{2}[ \xa0]{1,2}$")
_CENTS = re.compile(r"[.,][0-9]{2}(?![0-9])")
_DATE = re.compile(
    r"(?:0?[1-9]|[12][0-9]|3[01])[./\-](?:0?[1-9]|1[0-2])[./\-](?:19|20)[0-9]{2}"
    r"|(?:0?[1-9]|1[0-2])[./\-](?:0?[1-9]|[12][0-9]|3[01])[./\-](?:19|20)[0-9]{2}"
    r"|(?:19|20)[0-9]{2}[./\-](?:0?[1-9]|1[0-2])[./\-](?:0?[1-9]|[12][0-9]|3[01])"
    r"|(?:19|20)[0-9]{2} ?[\-/] ?(?:19|20)[0-9]{2}"
)


def context(text: str, start: int) -> str | None:
    """The nearest context word group before ``start`` on the same line, or ``None``."""
    lo = max(start - 40, text.rfind("\n", 0, start) + 1)
    found = _KEYWORD_RE.findall(text[lo:start].lower())
    return _WORD_GROUP[found[-1]] if found else None


def code_context(text: str, start: int, end: int) -> bool:
    """A bare number used as a literal in code: on a line with ``= ; { }`` and with an
    operator, bracket or comma right next to it."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    if not _CODE_LINE.search(text, line_start, len(text) if line_end < 0 else line_end):
        return False
    before = text[max(0, start - 3):start].rstrip()
    after = text[end:end + 3].lstrip()
    return bool(before and before[-1] in _CODE_BEFORE) or bool(after and after[0] in _CODE_AFTER)


def amount_or_date(text: str, start: int, end: int) -> bool:
    """Digit groups that are an amount of money ("€ 123 456 789,00"), a number in thousands
    groups ("12 345 678 901"), a date ("15.03.2024") or a year range ("2019-2023")."""
    value = text[start:end]
    # A date may be followed by the hour ("2024-01-14 12:54:07").
    if _DATE.match(value) or _CENTS.match(text, end) or text.startswith(":", end):
        return True
    if any(c in _CURRENCY for c in text[max(0, start - 2):start]):
        return True
    groups = re.split(r"[ .,]", value)
    return len(groups) >= 4 and all(len(g) == 3 for g in groups[1:]) and len(groups[0]) <= 3


def us_zip_code(text: str, start: int, end: int) -> bool:
    """``text[start:end]`` is a ZIP+4 code written after a state code."""
    return bool(_ZIP4.fullmatch(text, start, end)
                and _STATE_BEFORE.search(text, max(0, start - 4), start))


# A dotted number that heads its line before ". Title" ("6.6.3.4. Default"), that is followed
# by the title it refers to ("6.3.1.1, “Title”", "6.3.9.2 – „Title“"), or by a section word
# written after the number (Korean 절, Japanese/Chinese 節 章 节): a section number.
_HEADING_AFTER = re.compile(r"\.[ \xa0]\S")
_TITLE_AFTER = re.compile(r"(?:,[ \xa0]|[ \xa0][–—-][ \xa0])[„“«「『]")
_SECTION_AFTER = frozenset("절장節章节")


def section_number(text: str, start: int, end: int) -> bool:
    """``text[start:end]``, a dotted number, numbers a section (a heading or a reference)."""
    if text[end:end + 1] in _SECTION_AFTER or _TITLE_AFTER.match(text, end):
        return True
    line_start = text.rfind("\n", 0, start) + 1
    return not text[line_start:start].strip() and bool(_HEADING_AFTER.match(text, end))


# Without a phone word, digit groups that are cells of a table of numbers (another number on
# the line two spaces or a tab away), or bytes of a hex dump (groups of two, next to another
# hex byte or inside "<Buffer 88 13 70 17>"), are no phone numbers.
_CELL_BEFORE = re.compile(r"[0-9](?: {2,}|\t)$")
_CELL_AFTER = re.compile(r"(?: {2,}|\t)[0-9]")
_BYTE_BEFORE = re.compile(r"(?:^|[\s<])[0-9A-Fa-f]{2} $|<[A-Za-z]+ $")
_BYTE_AFTER = re.compile(r">| [0-9A-Fa-f]{2}(?![0-9A-Za-z])")


def number_table(text: str, start: int, end: int) -> bool:
    """``text[start:end]`` is a cell of a table of numbers or part of a hex byte dump."""
    if _CELL_BEFORE.search(text, max(0, start - 8), start) or _CELL_AFTER.match(text, end):
        return True
    groups = text[start:end].split(" ")
    return (len(groups) >= 3 and all(len(g) == 2 for g in groups)
            and bool(_BYTE_BEFORE.search(text, max(0, start - 9), start)
                     or _BYTE_AFTER.match(text, end)))

"""Decoding bytes of unknown encoding: HTML pages (header, <meta>, detection) and legacy text.

Detection uses charset-normalizer. Two corrections on top of it:

* GBK and GB2312 are decoded as GB18030 and Big5 as Big5-HKSCS, their supersets (labelled
  files often contain characters of the superset, and decoding never gets worse);
* among equally plausible single-byte Western code pages, windows-1252 wins: it is what the
  WHATWG Encoding Standard uses for ``latin1``/``iso-8859-1`` labels and by far the most common
  legacy Western encoding, while charset-normalizer often ranks cp1250 first on short samples.
"""

from __future__ import annotations

import codecs
import re

import charset_normalizer

# Bytes looked at for detection: enough for a stable guess, bounded for long books.
_DETECT_SAMPLE = 256 << 10
# <meta charset> must appear in the first 1024 bytes per the HTML standard; pages in the
# wild put it later, so look a little further.
_META_WINDOW = 4096
_META_CHARSET = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([a-zA-Z0-9_\-:.]+)""", re.IGNORECASE
)
_HEADER_CHARSET = re.compile(r"""charset\s*=\s*["']?([a-zA-Z0-9_\-:.]+)""", re.IGNORECASE)
# C0 controls other than tab, newlines, vertical tab, form feed and carriage return.
_CONTROL_BYTES = bytes(b for b in range(32) if b < 9 or 13 < b)
_NOT_WEB_ENCODINGS = frozenset({"punycode", "idna", "raw_unicode_escape", "unicode_escape",
                                "utf_7"})
_SUPERSETS = {"gbk": "gb18030", "gb2312": "gb18030", "big5": "big5hkscs",
              "latin_1": "cp1252", "iso8859_1": "cp1252"}


def codec_name(label: str | None) -> str | None:
    """Python's canonical codec name for an encoding label, widened to its superset."""
    if not label:
        return None
    try:
        name = codecs.lookup(label.strip().lower()).name.replace("-", "_")
    except LookupError:
        return None
    return _SUPERSETS.get(name, name)


def header_charset(content_type: str | None) -> str | None:
    """The charset parameter of an HTTP ``Content-Type`` header, if it names a known codec."""
    if not content_type:
        return None
    match = _HEADER_CHARSET.search(content_type)
    return codec_name(match.group(1)) if match else None


def meta_charset(html: bytes) -> str | None:
    """The charset declared by ``<meta charset>`` or ``<meta http-equiv>`` near the top.

    As in the HTML standard, a UTF-16/32 label there means UTF-8 (a page whose ``<meta>``
    could be read as ASCII is not UTF-16), and labels of codecs that are no web encoding
    (``punycode``, ``idna``, ...) are ignored.
    """
    match = _META_CHARSET.search(html[:_META_WINDOW])
    name = codec_name(match.group(1).decode("ascii")) if match else None
    if name and name.startswith(("utf_16", "utf_32")):
        return "utf_8"
    return None if name in _NOT_WEB_ENCODINGS else name


def detect_charset(data: bytes) -> str | None:
    """Best guess of the encoding of ``data`` (see the module docstring), or None."""
    results = charset_normalizer.from_bytes(data[:_DETECT_SAMPLE])
    best = results.best()
    if best is None:
        return None
    for match in results:
        if match.chaos <= best.chaos and "cp1252" in match.could_be_from_charset:
            return "cp1252"
    return codec_name(best.encoding)


def _bom(data: bytes) -> str | None:
    if data.startswith(codecs.BOM_UTF8):
        return "utf_8_sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf_16"
    return None


def decode(data: bytes, declared: tuple[tuple[str | None, str], ...] = ()) -> tuple[str, str, str]:
    """Decode ``data``: byte-order mark, declared charsets in order, UTF-8, then detection.

    ``declared`` holds ``(codec, where)`` pairs such as ``(header_charset(ct), "header")``.
    A declared charset that does not decode the bytes is skipped (pages lie about their
    charset). Returns ``(text, encoding, source)`` where ``source`` is ``bom``, a ``where``
    of ``declared``, ``utf8``, ``detected`` or ``lossy`` (nothing decoded cleanly: UTF-8 with
    replacement characters).
    """
    bom = _bom(data)
    candidates: list[tuple[str | None, str]] = [(bom, "bom"), *declared, ("utf_8", "utf8")]
    for encoding, source in candidates:
        if not encoding:
            continue
        try:
            return data.decode(encoding), encoding, source
        except (UnicodeError, LookupError):  # UnicodeError: codecs such as punycode
            continue
    detected = detect_charset(data)
    if detected:
        try:
            return data.decode(detected), detected, "detected"
        except (UnicodeError, LookupError):
            # The sample looked like `detected` but later bytes do not: keep that guess.
            return data.decode(detected, errors="replace"), detected, "lossy"
    return data.decode("utf-8", errors="replace"), "utf_8", "lossy"


def decode_html(body: bytes, content_type: str | None = None) -> tuple[str, str, str]:
    """Decode an HTML page: HTTP header charset, then ``<meta>`` charset, then detection."""
    return decode(body, ((header_charset(content_type), "header"),
                         (meta_charset(body), "meta")))


def looks_binary(head: bytes) -> bool:
    """True for data that is not text in any encoding we read (NUL bytes, control chars)."""
    if not head or _bom(head) == "utf_16":
        return False
    if b"\0" in head:
        return True
    control = len(head) - len(head.translate(None, _CONTROL_BYTES))
    return control > len(head) // 20

"""Three books: a hard-wrapped English novel with e-text front and back matter, a GBK Chinese
novel with a credit header and 目录, and a cp1252 ``.txt.gz`` with curly quotes."""

from __future__ import annotations

import gzip
import random
from pathlib import Path

from . import texts_book as tb
from .common import fill, pick, sub_rng

ROMAN = "I II III IV V VI VII VIII IX X".split()
WOMEN = ["Nell", "Nell", "Nell Farrow", "Hester"]
MEN = ["Amos", "Uncle Tobias", "old Quarrie", "the ferryman", "Mr. Lendrum"]
PLACES = ["Dunmere", "the harbour", "the village", "Carrow Head", "the salt marsh"]

HEADER = """The Open Shelf eText of {title}, by {author}

This eText may be read, copied and shared by anyone, anywhere, at no
cost and with almost no restrictions. You may give it away or reuse
it under the terms of the Open Shelf Licence printed at the end of
this file. If you do not live where this book is free of copyright,
check the laws of your country before using it.

Title: {title}
Author: {author}
Release Date: March 3, 2011 [eText #40217]
Most recently updated: January 9, 2024
Language: English
Character set encoding: UTF-8

Produced by volunteers of the Open Shelf proofreading circle from
page images of the 1911 first edition.

*** START OF THE OPEN SHELF ETEXT {upper} ***




[Transcriber's Note: Obvious printing errors have been corrected
without comment. Variant spellings and inconsistent hyphenation are
kept as printed. Page numbers and running heads are retained.]



"""

FOOTER = """


*** END OF THE OPEN SHELF ETEXT {upper} ***

Updated editions will replace the previous one, and the old editions
will be given new names.

THE OPEN SHELF LICENCE
(Please read this before you share or reuse this work)

1. The texts in this collection are prepared by volunteers from books
that are no longer protected by copyright where the volunteers live.
Nobody owns the right to stop you from copying them there.

2. You may copy, print, give away and change this file. If you share
a changed copy, please remove the name "Open Shelf" so that readers
are not misled about where the changes came from.

3. The volunteers make no promise that this file is free of errors,
and they accept no responsibility for any loss that may come from
using it. It is offered as is.

4. Donations help us keep the collection online, but they are never
required. Most of our work is done by people who simply love books.

End of the Open Shelf eText of {title}, by {author}
"""

TITLE_PAGE = [
    "THE SALT ROAD", "", "A NOVEL", "", "BY", "MARGARET ELLERY", "",
    'AUTHOR OF "THE WINTER ORCHARD"', "", "", "LONDON", "HARTWELL & SONS, PUBLISHERS", "1911",
]


def _sentence(rng: random.Random, template: str, openers: list[str]) -> str:
    slots = dict(a=rng.choice(WOMEN), b=rng.choice(MEN), place=rng.choice(PLACES))
    text = fill(template, slots)
    if openers and rng.random() < 0.4:
        return f"{openers.pop()} {text}"
    return text[0].upper() + text[1:]


def _chapter(rng: random.Random, quotes: tuple[str, str], apostrophe: str) -> list[str]:
    """Paragraphs of one chapter; narration sentences do not repeat inside a chapter."""
    openers = pick(rng, tb.OPENERS, len(tb.OPENERS))
    sentences = [_sentence(rng, t, openers) for t in pick(rng, tb.NARRATION, 42)]
    lines = pick(rng, tb.DIALOGUE, 7)
    paras = []
    while sentences:
        n = rng.randint(3, 5)
        paras.append(" ".join(sentences[:n]))
        sentences = sentences[n:]
        if lines and rng.random() < 0.6:
            tag = fill(rng.choice(tb.TAGS), dict(a=rng.choice(WOMEN), b=rng.choice(MEN)))
            line = lines.pop()
            paras.append(f"{quotes[0]}{line[:-1]},{quotes[1]} {tag}."
                         if line.endswith(".") else f"{quotes[0]}{line}{quotes[1]} {tag}.")
    return [p.replace("'", apostrophe) for p in paras]


def _wrap(rng: random.Random, text: str, width: int = 70) -> list[str]:
    """Greedy wrap that sometimes breaks a long word with a hyphen, as typesetters did."""
    lines, line = [], ""
    words = text.split()
    i = 0
    while i < len(words):
        word = words[i]
        room = width - len(line) - (1 if line else 0)
        if len(word) <= room:
            line = f"{line} {word}" if line else word
            i += 1
            continue
        cut = min(room - 1, len(word) - 3)
        if cut >= 3 and word[: cut + 2].isalpha() and rng.random() < 0.2:
            lines.append(f"{line} {word[:cut]}-" if line else f"{word[:cut]}-")
            words[i] = word[cut:]
        else:
            lines.append(line)
        line = ""
    if line:
        lines.append(line)
    return lines


def english_novel(seed: int) -> str:
    rng = sub_rng(seed, "novel")
    title, author = "The Salt Road", "Margaret Ellery"
    body: list[tuple[str, str | None]] = []  # (line, chapter title when a heading starts)
    for number, name in enumerate(tb.CHAPTERS):
        body += [("", None), ("", None), (f"CHAPTER {ROMAN[number]}", name), ("", None),
                 (name.upper(), None), ("", None)]
        paras = _chapter(rng, ('"', '"'), "'")
        for k, para in enumerate(paras):
            body += [(line, None) for line in _wrap(rng, para)] + [("", None)]
            if number == 2 and k == 3:
                body += [("    " + v, None) for v in tb.VERSE.splitlines()] + [("", None)]
    # Pages of 44 lines, each opened by a form feed and a running head with the page number.
    out, pages, chapter, page = [], {}, "", 1
    for i, (line, heading) in enumerate(body):
        if heading:
            chapter = heading
            pages[heading] = page
        if i and i % 44 == 0:
            page += 1
            head = (f"{page:<10}{title.upper():^50}" if page % 2 == 0
                    else f"{chapter.upper():^60}{page:>10}")
            out += ["", "\f" + head.rstrip(), ""]
        out.append(line)
    contents = ["CONTENTS", ""] + [
        f"{'CHAPTER ' + ROMAN[n] + '.':<14}{name} {'.' * (44 - len(name))} {pages[name]:>3}"
        for n, name in enumerate(tb.CHAPTERS)]
    front = [line.center(70).rstrip() for line in TITLE_PAGE] + ["", "", ""]
    front += ["        " + line for line in contents] + ["", "", ""]
    slots = dict(title=title, author=author, upper=title.upper())
    return (HEADER.format(**slots) + "\n".join(front + out) + "\n"
            + FOOTER.format(**slots))


def chinese_novel(seed: int) -> str:
    rng = sub_rng(seed, "zh-novel")
    a_names, b_names = ["秀芝", "秀芝", "阿兰"], ["老周", "陈伯", "船工老许", "舅舅"]
    numerals = "一 二 三 四 五 六 七 八 九 十 十一 十二".split()
    rule = "-" * 44
    lines = ["【青灯书屋】整理制作",
             "本电子书仅供个人学习与交流，请于下载后二十四小时内删除，不得用于任何商业用途。",
             "版权归原作者所有，如有侵权，请联系我们删除。", rule, "书名：江边的灯", "作者：林秋白",
             "字数：约一万五千字", "整理：青灯书屋志愿者", rule, "", "目录", ""]
    lines += [f"第{numerals[i]}章　{name}" for i, name in enumerate(tb.ZH_CHAPTERS)]
    lines += ["", ""]
    for i, name in enumerate(tb.ZH_CHAPTERS):
        lines += [f"第{numerals[i]}章　{name}", ""]
        openers = pick(rng, tb.ZH_OPENERS, len(tb.ZH_OPENERS))
        sentences = [(openers.pop() if openers and rng.random() < 0.4 else "")
                     + fill(t, dict(a=rng.choice(a_names), b=rng.choice(b_names)))
                     for t in pick(rng, tb.ZH_NARRATION, 48)]
        while sentences:
            n = rng.randint(2, 4)
            lines.append("　　" + "".join(sentences[:n]))
            sentences = sentences[n:]
        lines.append("")
    lines += ["（全书完）", "", rule, "更多好书请访问青灯书屋：www.qingdeng-shuwu.example",
              "欢迎推荐给您的朋友。", rule]
    return "\r\n".join(lines) + "\r\n"


def cp1252_book(seed: int) -> str:
    rng = sub_rng(seed, "cp1252-book")
    lines = ["THE LANTERN YEAR", "", "by Edith Marlowe", "",
             "Transcribed from the 1923 edition published by Greyfriars Press.", "", ""]
    for n, name in enumerate(["A House on the Causeway", "Winter Lamps", "The Return"]):
        lines += [f"CHAPTER {ROMAN[n]}", "", f"— {name} —", ""]
        lines += [p.replace("...", "…") for p in _chapter(rng, ("“", "”"), "’")]
        lines.append("")
    lines += ["", "THE END"]
    return "\r\n".join(lines) + "\r\n"


def write_books(out: Path, seed: int) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    files = {
        "the-salt-road.txt": english_novel(seed).encode("utf-8"),
        "jiangbian-de-deng.gbk.txt": chinese_novel(seed).encode("gbk"),
        "the-lantern-year.cp1252.txt.gz": gzip.compress(cp1252_book(seed).encode("cp1252"),
                                                        compresslevel=9, mtime=0),
    }
    for name, data in files.items():
        (out / name).write_bytes(data)
    return [out / name for name in files]

"""Books: pure text functions on strings, and the reader on encoded files."""

from __future__ import annotations

import gzip
import textwrap

import pytest

from dataprep.readers import InputSpec, list_units, read_unit
from dataprep.readers.books import (
    book_metadata,
    reflow,
    split_book,
    strip_book_boilerplate,
)
from dataprep.schema import meta_of

PARAGRAPHS = [
    "The harbour was quiet in the grey hour before dawn, and the fishing boats lay against "
    "the stone wall like tired animals, their ropes creaking softly whenever the tide moved "
    "beneath them and the gulls waited on the roofs of the sheds.",
    "Marta walked down the steps with her lantern held low, counting the boats as her "
    "father had taught her, one for every family in the village, and she found that the "
    "blue one, the Saint Anne, was missing from its place by the crane.",
    "She stood for a long time looking at the empty water, thinking of the storm warnings "
    "on the radio and of her brother, who never listened to anybody, least of all to the "
    "old men who mended nets by the chapel and talked about the weather.",
]
VERSE = ("The tide comes in, the tide goes out,\n  And no one asks it why;\n"
         "The boats go where the boats are sent\n  Beneath a borrowed sky.")


def wrapped_book(width: int = 68) -> str:
    """A hard-wrapped English book with a Gutenberg-style licence, TOC, verse and index."""
    chapters = []
    for number, title in (("I", "The Harbour"), ("II", "The Storm"), ("III", "The Return")):
        body = "\n\n".join(textwrap.fill(p, width) for p in PARAGRAPHS)
        chapters.append(f"CHAPTER {number}.\n{title.upper()}\n\n{body}")
    chapters[1] += "\n\n" + VERSE
    toc = "CONTENTS\n\n" + "\n".join(
        f"Chapter {n}. {t} {'.' * 10} {p}"
        for n, t, p in (("I", "The Harbour", 1), ("II", "The Storm", 14), ("III", "The Return",
                                                                             27)))
    index = "INDEX\n\nAnne, Saint, the boat, 3, 17\nBrother, 5-6\nChapel, 9, 12, 30\nStorm, 14-22\n"
    return (
        "The Project Gutenberg eBook of The Silent Harbour\n\n"
        "This ebook is for the use of anyone anywhere at no cost. You may copy it under the\n"
        "terms of the Project Gutenberg License included with this ebook.\n\n"
        "Title: The Silent Harbour\n\nAuthor: Jane Whitlock\n\nLanguage: English\n\n"
        "*** START OF THE PROJECT GUTENBERG EBOOK THE SILENT HARBOUR ***\n\n"
        "Produced by Volunteer Proofreaders and the Online Distributed\n"
        "Proofreading Team.\n\n\n"
        "THE SILENT HARBOUR\n\nby Jane Whitlock\n\n\n"
        f"{toc}\n\n\n" + "\n\n\n".join(chapters) + f"\n\n\n{index}\n"
        "*** END OF THE PROJECT GUTENBERG EBOOK THE SILENT HARBOUR ***\n\n"
        "Updated editions will replace the previous one. Section 1. General Terms of Use\n"
    ).replace("\n", "\r\n")


def test_strip_removes_licence_toc_credits_and_index_but_keeps_chapters():
    text = strip_book_boilerplate(wrapped_book())
    for gone in ("Gutenberg", "Proofreading", "CONTENTS", "....", "INDEX", "Brother, 5-6",
                 "Terms of Use", "Title:", "\r"):
        assert gone not in text
    for kept in ("THE SILENT HARBOUR", "CHAPTER I.\nTHE HARBOUR", "CHAPTER III.",
                 "borrowed sky."):
        assert kept in text
    assert text.startswith("THE SILENT HARBOUR")
    assert text.count("CHAPTER II.") == 1


def test_reflow_joins_wrapped_paragraphs_and_keeps_verse_and_headings():
    text = reflow(strip_book_boilerplate(wrapped_book()))
    paragraphs = text.split("\n\n")
    assert PARAGRAPHS[0] in paragraphs
    assert paragraphs.count(PARAGRAPHS[2]) == 3
    assert VERSE in paragraphs  # short lines keep their breaks and indentation
    assert "CHAPTER I.\nTHE HARBOUR" in paragraphs


def test_reflow_hyphenation_and_indented_paragraphs():
    wrapped = ("The lighthouse keeper wrote in his log every evening without\n"
               "fail, a habit that his predecessor had found entirely unnec-\n"
               "essary and slightly ridiculous.\n"
               "    Nobody read the log, of course, except the inspector who\n"
               "came once a year in a black car and drank too much tea.")
    assert reflow(wrapped).split("\n\n") == [
        "The lighthouse keeper wrote in his log every evening without fail, a habit that his "
        "predecessor had found entirely unnecessary and slightly ridiculous.",
        "Nobody read the log, of course, except the inspector who came once a year in a "
        "black car and drank too much tea."]


def test_page_numbers_and_running_heads_are_removed_and_pages_joined():
    pages = []
    sentence = ("the keeper climbed the stairs again and again through the long winter "
                "nights while the storm beat on the glass")
    for n in range(1, 6):
        head = f"THE SILENT HARBOUR{' ' * 20}{n}" if n % 2 else f"{n}{' ' * 20}THE SILENT HARBOUR"
        pages.append(f"{head}\n\nand {sentence},\n{sentence}\n\n- {n} -")
    text = strip_book_boilerplate("\f".join(pages))
    assert "SILENT HARBOUR" not in text and "- 3 -" not in text
    # a sentence running over the page break is one paragraph again
    assert f"{sentence}\nand {sentence}" in text


def test_chinese_licence_lines_and_toc():
    book = ("本书由「清风书屋」整理，版权归原作者所有，仅供交流学习使用\n"
            "更多精彩电子书请访问 www.example.cn\n"
            "------------------------------\n书名：山中岁月\n作者：李明\n"
            "------------------------------\n\n目录\n第一章 山中\n第二章 归来\n\n"
            "第一章 山中\n\n　　清晨的雾气笼罩着整座山谷，老人推开木门。\n\n"
            "第二章 归来\n\n　　他想起了年轻时候的事情。\n\n（全书完）\n\n"
            "本书由「清风书屋」整理 请勿用于商业用途\n")
    assert book_metadata(book) == {"title": "山中岁月", "author": "李明"}
    text = strip_book_boilerplate(book)
    assert text.startswith("第一章 山中\n\n")
    assert text.endswith("（全书完）")
    assert "目录" not in text and "www" not in text and text.count("第二章 归来") == 1


def test_reflow_chinese_hard_wrapped_with_fullwidth_indent():
    line = "清晨的雾气笼罩着整座山谷老人推开木门望向远处的田野"
    text = f"　　{line}\n{line}\n{line[:8]}。\n　　{line}\n{line[:5]}。"
    assert reflow(text).split("\n\n") == [f"{line}{line}{line[:8]}。", f"{line}{line[:5]}。"]


def test_split_book_prefers_chapters_then_paragraphs():
    chapter = "\n\n".join(PARAGRAPHS)
    book = "\n\n".join(f"CHAPTER {n}\n\n{chapter}" for n in ("I", "II", "III", "IV"))
    parts = split_book(book, max_chars=len(chapter) * 2 + 40)
    assert "\n\n".join(parts) == book
    assert all(p.startswith("CHAPTER") for p in parts) and len(parts) == 2
    small = split_book(book, max_chars=300)
    assert all(len(p) <= 300 for p in small)
    assert " ".join(" ".join(small).split()) == " ".join(book.split())
    assert split_book("short", max_chars=10) == ["short"]


def _read(tmp_path, name: str, data: bytes, **options):
    (tmp_path / name).write_bytes(data)
    spec = InputSpec("books", (str(tmp_path),), "books", options=options)
    units = list_units([spec], str(tmp_path))
    tables = [t for u in units for t in read_unit(u, spec, str(tmp_path))]
    return [row for t in tables for row in t.to_pylist()], [m for t in tables for m in meta_of(t)]


def test_reader_gbk_chinese_book_with_licence(tmp_path):
    book = ("本书由「清风书屋」整理，版权归原作者所有\n书名：山中岁月\n作者：李明\n\n"
            "第一章 山中\n\n　　清晨的雾气笼罩着整座山谷，老人推开木门，望向远处的田野。"
            "他想起了年轻时候的事情，那时候村子里还有很多人，孩子们在河边奔跑。\n")
    rows, metas = _read(tmp_path, "shan.txt", book.encode("gbk"))
    assert [r["id"] for r in rows] == ["books/shan.txt#0"]
    assert rows[0]["drop_reason"] is None
    assert rows[0]["text"].startswith("第一章 山中\n\n清晨的雾气")
    assert "清风书屋" not in rows[0]["text"]
    assert metas[0]["encoding"] == "gb18030" and metas[0]["charset_source"] == "detected"
    assert metas[0]["title"] == "山中岁月" and (metas[0]["part"], metas[0]["parts"]) == (0, 1)


@pytest.mark.parametrize("encoding, expected", [("big5", "big5hkscs"), ("cp1252", "cp1252"),
                                                 ("utf-8", "utf_8")])
def test_reader_detects_legacy_encodings(tmp_path, encoding, expected):
    text = {"big5": "第一章 山中\n\n清晨的霧氣籠罩著整座山谷，老人推開木門，望向遠處的田野。"
                    "他想起了年輕時候的事情，那時候村子裡還有很多人。",
            "cp1252": "CHAPTER I\n\nThe café on the quay was closed — “naïve” visitors waited "
                      "outside while the señora counted coins: 5€ or £4 for coffee.",
            "utf-8": "CHAPTER I\n\nPlain text, déjà vu."}[encoding]
    rows, metas = _read(tmp_path, "book.txt.gz", gzip.compress(text.encode(encoding)))
    assert rows[0]["text"] == text and metas[0]["encoding"] == expected


def test_reader_splits_long_book_into_parts(tmp_path):
    book = wrapped_book().encode("utf-8")
    rows, metas = _read(tmp_path, "harbour.txt", book, max_chars=1200)
    assert len(rows) > 2
    assert [m["part"] for m in metas] == list(range(len(rows)))
    assert {m["parts"] for m in metas} == {len(rows)} and metas[0]["author"] == "Jane Whitlock"
    assert all(len(r["text"]) <= 1200 for r in rows)
    assert [r["id"] for r in rows][:2] == ["books/harbour.txt#0", "books/harbour.txt#1"]


def test_reader_bad_files_are_rejected_rows(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "empty.txt").write_bytes(b"")
    (tmp_path / "sub" / "binary.txt").write_bytes(bytes(range(256)) * 8)
    (tmp_path / "sub" / "cut.txt.gz").write_bytes(gzip.compress(b"CHAPTER I\n\nWords " * 500)[:-40])
    spec = InputSpec("books", ("sub",), "books")
    units = list_units([spec], str(tmp_path))
    reasons = {u.path.rsplit("/", 1)[1]: [r["drop_reason"] for t in read_unit(u, spec,
                                                                             str(tmp_path))
                                          for r in t.to_pylist()] for u in units}
    assert reasons == {"binary.txt": ["read:binary_file"], "cut.txt.gz": ["read:truncated"],
                       "empty.txt": ["read:empty_file"]}


def test_reflow_leaves_poetry_alone_and_splits_indented_paragraph_lines():
    poem = "Shall the harbour keep\n  what the river brings?\nAsk the grey gulls\n  on their wings."
    assert reflow(poem + "\n\n" + poem) == poem + "\n\n" + poem
    line = "清晨的雾气笼罩着整座山谷，老人推开木门，望向远处的田野和河边的渡船。"
    book = f"　　{line}\n　　{line}{line}\n　　{line[:12]}。"
    assert reflow(book).split("\n\n") == [line, line + line, f"{line[:12]}。"]


def test_reflow_joins_an_indented_wrapped_quotation():
    body = "\n\n".join(textwrap.fill(p, 68) for p in PARAGRAPHS)
    quote = textwrap.indent(textwrap.fill(PARAGRAPHS[1], 64), "    ")
    assert reflow(f"{body}\n\n{quote}\n\n{body}").split("\n\n")[3] == PARAGRAPHS[1]

"""Dialogue: conversations in the shapes people have, rendered to training text.

Shapes (option ``shape``; ``auto`` decides per JSONL record, and reads other files as logs):

* ``messages`` — ``{"messages": [{"role", "content", "name"?}]}`` (OpenAI chat style);
* ``sharegpt`` — ``{"conversations": [{"from", "value"}]}``;
* ``irc`` — flat utterance logs, one line per utterance with a time, a speaker and the text
  (``[12:01] <alice> hi``, ``2019-03-02 12:01:33 <alice> hi``, or tab-separated
  ``time<TAB>speaker[<TAB>addressee]<TAB>text`` as in the Ubuntu Dialogue Corpus); a silence
  longer than ``gap_minutes`` starts a new conversation; joins, parts and actions are dropped;
* ``comments`` — forum/Reddit comment rows (``id``, ``parent_id``, ``author``, ``body``), one
  per JSONL line, linearised into every root-to-leaf thread (Reddit ``t1_``/``t3_`` prefixes
  are understood; a comment whose parent is absent is a root).

Deleted/removed turns and bot turns are dropped; conversations left with fewer than
``min_turns`` turns are rejected with ``read:too_few_turns``. Speakers are anonymised by
default (``A``, ``B`` ... in order of appearance, and their names inside the turns replaced
too); ``speakers: role`` uses chat roles, ``speakers: name`` the real names. Meta holds the
shape, ``turns`` and ``participants`` counts; never the names. A conversation without an ``id``
is ``<source>/<path>#<where>``: the byte offset of its JSONL line (of its leaf comment for a
thread), its index in a ``.json`` array, or its number in a log.
"""

from __future__ import annotations

import re
import string
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, Field

from dataprep.readers.jsonl import json_objects
from dataprep.readers.paths import FileRange
from dataprep.readers.rows import Row, bad_row
from dataprep.readers.text import TextOptions, decode_text, read_whole

SHAPES = ("auto", "messages", "sharegpt", "irc", "comments")
SPEAKER_MODES = ("anonymous", "role", "name")
DEFAULT_TEMPLATE = "{speaker}: {text}"
DEFAULT_SEPARATOR = "\n"
DEFAULT_GAP_MINUTES = 30
# Comments kept of one root-to-leaf path (the ones nearest the leaf): Reddit threads rarely
# pass 20 levels; deeper chains are mostly bots and reply games.
MAX_THREAD_TURNS = 64
# Well-known bots of Reddit and Ubuntu's IRC channels; names like "FooBot", "foo-bot" and
# "foo[bot]" are recognised by pattern.
DEFAULT_BOTS = ("automoderator", "ubottu", "ubotu", "chanserv", "nickserv")
_BOT_NAME = re.compile(r"(?:[-_ ]bot|\[bot\]|[a-z0-9]Bot)$")
_DELETED = frozenset({"", "[deleted]", "[removed]", "[deleted by user]",
                      "[removed by reddit]", "[ removed by reddit ]"})
_ROLE_LABELS = {"user": "User", "human": "User", "assistant": "Assistant", "gpt": "Assistant",
                "bot": "Assistant", "model": "Assistant", "chatgpt": "Assistant",
                "system": "System", "tool": "Tool", "function": "Tool"}
_IRC_LINE = re.compile(
    r"^\s*\[?(?P<date>\d{4}-\d{2}-\d{2})?[T ]?(?P<time>\d{1,2}:\d{2}(?::\d{2})?)\]?\s+"
    r"(?:<[@+%~&]?(?P<nick>[^>\s]+)>\s?(?P<text>.*)|(?P<system>[*=-].*))$")


def _template(value: str) -> str:
    try:
        names = {name for _, name, _, _ in string.Formatter().parse(value) if name is not None}
    except ValueError as exc:
        raise ValueError(f"not a valid template ({exc})") from None
    if "text" not in names or not names <= {"speaker", "text"}:
        raise ValueError("must contain {text} and no placeholder other than {speaker}")
    return value


@dataclass(frozen=True)
class DialogueOptions(TextOptions):
    """Options of ``dialogue`` (module docstring): each turn is ``template`` with ``{speaker}``
    and ``{text}``, turns are joined by ``separator``."""

    shape: Literal[SHAPES] = "auto"
    speakers: Literal[SPEAKER_MODES] = "anonymous"
    template: Annotated[str, AfterValidator(_template)] = DEFAULT_TEMPLATE
    separator: str = DEFAULT_SEPARATOR
    min_turns: Annotated[int, Field(ge=0)] = 2
    gap_minutes: Annotated[float, Field(gt=0)] = DEFAULT_GAP_MINUTES
    bots: Sequence[str] = DEFAULT_BOTS


@dataclass(frozen=True)
class Turn:
    """One utterance: who said it (name or chat role) and what."""

    speaker: str
    text: str
    role: str | None = None


def is_bot(name: str, bots: Iterable[str] = DEFAULT_BOTS) -> bool:
    return name.lower() in {b.lower() for b in bots} or bool(_BOT_NAME.search(name))


def keep_turns(turns: Sequence[Turn], *, bots: Iterable[str] = DEFAULT_BOTS) -> list[Turn]:
    """Drop deleted/removed turns and turns by bots."""
    bots = tuple(bots)
    return [t for t in turns
            if t.text.strip().lower() not in _DELETED and not is_bot(t.speaker, bots)]


def _labels(turns: Sequence[Turn], speakers: str) -> dict[str, str]:
    labels: dict[str, str] = {}
    for turn in turns:
        if turn.speaker in labels:
            continue
        if speakers == "name":
            labels[turn.speaker] = turn.speaker
        elif speakers == "role" and turn.role:
            labels[turn.speaker] = _ROLE_LABELS.get(turn.role.lower(), turn.role.title())
        else:
            n = len(set(labels.values()) - set(_ROLE_LABELS.values()))
            labels[turn.speaker] = chr(ord("A") + n) if n < 26 else f"Speaker{n + 1}"
    return labels


def _hide_names(text: str, labels: dict[str, str]) -> str:
    """Replace participants' names (also as @name and u/name) by their labels."""
    for name, label in sorted(labels.items(), key=lambda kv: -len(kv[0])):
        if len(name) < 2 or name == label:
            continue
        text = re.sub(rf"(?<![\w@/])(?:@|/?u/)?{re.escape(name)}(?!\w)", label, text,
                      flags=re.IGNORECASE)
    return text


def render_dialogue(turns: Sequence[Turn], *, speakers: str = "anonymous",
                    template: str = DEFAULT_TEMPLATE, separator: str = DEFAULT_SEPARATOR) -> str:
    """Render turns as training text, one ``template`` per turn joined by ``separator``.

    ``speakers``: ``anonymous`` labels speakers ``A``, ``B`` ... by first appearance and
    replaces their names inside the turns, so usernames do not leak; ``role`` uses chat roles
    (``User``/``Assistant``/``System``) and falls back to anonymous labels for turns without
    a role; ``name`` keeps the names as given.
    """
    labels = _labels(turns, speakers)
    # Chat roles ("user") are not names: only real names are hidden inside the turns.
    names = {t.speaker: labels[t.speaker] for t in turns if t.speaker != t.role}
    out = []
    for turn in turns:
        text = _hide_names(turn.text, names) if speakers != "name" else turn.text
        out.append(template.format(speaker=labels[turn.speaker], text=text.strip()))
    return separator.join(out)


def _content(value: Any) -> str | None:
    if isinstance(value, str):
        return value
    if isinstance(value, list):  # multimodal chat content: keep the text parts
        parts = [p.get("text") for p in value if isinstance(p, dict)]
        return "\n".join(p for p in parts if isinstance(p, str))
    return None


def turns_from_messages(messages: Any) -> list[Turn] | None:
    """Turns of ``[{"role", "content", "name"?}]``, or None when the shape does not fit."""
    if not isinstance(messages, list):
        return None
    turns = []
    for m in messages:
        if not isinstance(m, dict) or not isinstance(m.get("role"), str):
            return None
        text = _content(m.get("content"))
        if text is None:
            if m.get("content") is None:
                continue  # e.g. an assistant message that only calls a tool
            return None
        name = m.get("name") if isinstance(m.get("name"), str) else m["role"]
        turns.append(Turn(name, text, m["role"]))
    return turns


def turns_from_sharegpt(conversations: Any) -> list[Turn] | None:
    """Turns of ShareGPT ``[{"from", "value"}]``, or None when the shape does not fit."""
    if not isinstance(conversations, list):
        return None
    turns = []
    for m in conversations:
        if not isinstance(m, dict) or not isinstance(m.get("from"), str) \
                or not isinstance(m.get("value"), str):
            return None
        turns.append(Turn(m["from"], m["value"], m["from"]))
    return turns


def _minutes(date: str | None, time: str) -> float | None:
    """Minutes since year 1 of a line's stamp; None for an impossible date (2024-13-45)."""
    parts = [int(p) for p in time.split(":")]
    seconds = parts[0] * 3600 + parts[1] * 60 + (parts[2] if len(parts) > 2 else 0)
    try:
        days = datetime.strptime(date, "%Y-%m-%d").toordinal() if date else 0
    except ValueError:
        return None
    return days * 1440 + seconds / 60


def _parse_irc_line(line: str) -> tuple[float | None, str, str] | None:
    """(minutes, speaker, text) of an utterance; None for system lines and noise."""
    if "\t" in line:
        fields = line.rstrip("\n").split("\t")
        if len(fields) in (3, 4):
            stamp = re.match(r"(\d{4}-\d{2}-\d{2})?[T ]?(\d{1,2}:\d{2}(?::\d{2})?)", fields[0])
            if stamp and fields[1]:
                return _minutes(stamp.group(1), stamp.group(2)), fields[1], fields[-1]
        return None
    match = _IRC_LINE.match(line)
    if not match or match.group("nick") is None:
        return None
    return _minutes(match.group("date"), match.group("time")), match.group("nick"), \
        match.group("text")


def parse_irc_log(lines: Iterable[str], *,
                  gap_minutes: float = DEFAULT_GAP_MINUTES) -> list[list[Turn]]:
    """Split a chat log into conversations at silences longer than ``gap_minutes``.

    Logs without dates that pass midnight are handled (a clock going backwards is the next
    day). Consecutive lines of one speaker stay separate turns, as they were said.
    """
    conversations: list[list[Turn]] = []
    last: float | None = None
    day = 0.0
    for line in lines:
        parsed = _parse_irc_line(line)
        if parsed is None:
            continue
        minute, speaker, text = parsed
        if minute is None:  # a stamp that cannot be: said at the time of the line before
            minute = last if last is not None else 0.0
        else:
            minute += day
        if last is not None and minute < last:
            day += 1440
            minute += 1440
        if last is None or minute - last > gap_minutes:
            conversations.append([])
        conversations[-1].append(Turn(speaker, text))
        last = minute
    return conversations


def _comment_id(value: Any) -> str | None:
    if value is None or value == "":
        return None
    value = str(value)
    return value.split("_", 1)[1] if re.match(r"^t\d_", value) else value


def comment_threads(comments: Sequence[dict[str, Any]], *,
                    max_turns: int = MAX_THREAD_TURNS) -> list[list[dict[str, Any]]]:
    """Every root-to-leaf path of a comment forest, in input order, each cut to its last
    ``max_turns`` comments (so the output grows with leaves x ``max_turns``, not with
    leaves x depth: a 3,000-deep chain with 3,000 leaves would be 9 million turns).

    Comments need ``id`` and ``parent_id`` (``t1_``/``t3_`` prefixes stripped); a comment
    whose parent is not in ``comments`` (the post itself, or a missing comment) is a root.
    Parent links that form a cycle are cut at the cycle's first comment in input order, which
    becomes a root, so every comment is in some path. Deleted comments stay in the paths
    (their replies still belong to the thread); turns are filtered when the thread is rendered.
    """
    ids = [_comment_id(c.get("id")) for c in comments]
    by_id = {key: i for i, key in enumerate(ids)}
    parent: list[int | None] = []
    for i, comment in enumerate(comments):
        up = by_id.get(_comment_id(comment.get("parent_id")))
        parent.append(up if up is not None and up != i else None)
    _cut_cycles(parent)
    children: list[list[int]] = [[] for _ in comments]
    for i, up in enumerate(parent):
        if up is not None:
            children[up].append(i)
    threads = []
    stack = [i for i in reversed(range(len(comments))) if parent[i] is None]
    while stack:
        node = stack.pop()
        if not children[node]:
            path = [node]
            while len(path) < max_turns and parent[path[-1]] is not None:
                path.append(parent[path[-1]])
            threads.append([comments[i] for i in reversed(path)])
        stack.extend(reversed(children[node]))
    return threads


def _cut_cycles(parent: list[int | None]) -> None:
    """Make the first comment of every parent cycle (in input order) a root."""
    state = [0] * len(parent)  # 0 unseen, 1 on the current walk, 2 reaches a root
    for start in range(len(parent)):
        walk = []
        node: int | None = start
        while node is not None and state[node] == 0:
            state[node] = 1
            walk.append(node)
            node = parent[node]
        if node is not None and state[node] == 1:
            cycle = walk[walk.index(node):]
            parent[min(cycle)] = None
        for visited in walk:
            state[visited] = 2


def _comment_turn(comment: dict[str, Any]) -> Turn:
    body = comment.get("body")
    author = comment.get("author")
    return Turn(str(author) if author else "[unknown]", body if isinstance(body, str) else "")


def _conversation_row(turns: list[Turn], doc_id: str, src: FileRange,
                      meta: dict[str, Any]) -> Row:
    opts = src.options
    kept = keep_turns(turns, bots=opts.bots)
    meta = {**meta, "turns": len(kept), "participants": len({t.speaker for t in kept})}
    if len(kept) < opts.min_turns:
        return bad_row(doc_id, "too_few_turns", meta=meta)
    text = render_dialogue(kept, speakers=opts.speakers, template=opts.template,
                           separator=opts.separator)
    return Row(doc_id, text, None, meta)


def _is_json_file(path: str) -> bool:
    return re.search(r"\.jsonl?(\.gz|\.zst|\.zstd)?$", path) is not None


def read_dialogue(src: FileRange) -> Iterator[Row]:
    """Rows of one dialogue file, one per conversation (see the module docstring)."""
    shape = src.options.shape
    if shape == "irc" or (shape == "auto" and not _is_json_file(src.path)):
        yield from _read_log(src)
        return
    comments: list[tuple[int, dict[str, Any]]] = []
    for n, item in json_objects(src):
        if isinstance(item, Row):
            yield item
            continue
        record_shape = shape if shape != "auto" else _shape_of(item)
        if record_shape == "comments":
            comments.append((n, item))
            continue
        field = "messages" if record_shape == "messages" else "conversations"
        raw_id = item.get("id")
        doc_id = str(raw_id) if raw_id not in (None, "") else src.doc_id(n)
        turns = (turns_from_messages if record_shape == "messages" else turns_from_sharegpt)(
            item.get(field))
        if turns is None:
            yield bad_row(doc_id, "unknown_shape", offset=n, keys=sorted(item))
            continue
        extra = {k: v for k, v in item.items() if k not in ("id", field)}
        yield _conversation_row(turns, doc_id, src, {**extra, "shape": record_shape})
    if comments:
        yield from _comment_rows(comments, src)


def _shape_of(record: dict[str, Any]) -> str | None:
    if "messages" in record:
        return "messages"
    if "conversations" in record:
        return "sharegpt"
    if "body" in record and "id" in record:
        return "comments"
    return None


def _comment_rows(comments: list[tuple[int, dict[str, Any]]], src: FileRange) -> Iterator[Row]:
    offset_of = {id(c): n for n, c in comments}
    for path in comment_threads([c for _, c in comments]):
        leaf = path[-1]
        meta = {"shape": "comments", "root_id": _comment_id(path[0].get("id")),
                "leaf_id": _comment_id(leaf.get("id"))}
        yield _conversation_row([_comment_turn(c) for c in path],
                                src.doc_id(offset_of[id(leaf)]), src, meta)


def _read_log(src: FileRange) -> Iterator[Row]:
    whole = read_whole(src)
    if isinstance(whole, Row):
        yield whole
        return
    data, problem = whole
    text, _, _ = decode_text(data, src.options.encoding)
    conversations = parse_irc_log(text.splitlines(), gap_minutes=src.options.gap_minutes)
    if not conversations:
        yield bad_row(src.doc_id(0), problem or "unknown_shape", path=src.path)
        return
    for i, turns in enumerate(conversations):
        row = _conversation_row(turns, src.doc_id(i), src, {"shape": "irc"})
        if problem and i == len(conversations) - 1:
            row = bad_row(row.id, problem, text=row.text, meta=row.meta)
        yield row

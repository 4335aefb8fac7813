"""Dialogue samples in four shapes: chat messages, ShareGPT, Reddit-style comments, IRC logs."""

from __future__ import annotations

import json
from pathlib import Path

from . import texts_dialogue as td
from .common import record_uuid, sub_rng

ROLES = {"S": "system", "U": "user", "A": "assistant"}
SHAREGPT_FROM = {"S": "system", "U": "human", "A": "gpt"}
BASE_UTC = 1708300800  # 2024-02-19T00:00:00Z


def parse_turns(block: str) -> list[tuple[str, str]]:
    """``[(speaker letter, text)]`` from a ``U:``/``A:``/``S:`` block (``\\n`` = line break)."""
    turns: list[tuple[str, str]] = []
    for line in block.splitlines():
        if line[:2] in ("S:", "U:", "A:"):
            turns.append((line[0], line[3:]))
        else:
            turns[-1] = (turns[-1][0], turns[-1][1] + "\n" + line)
    return [(who, text.replace("\\n", "\n")) for who, text in turns]


def _jsonl(rows: list[dict]) -> bytes:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows).encode("utf-8")


def write_dialogue(out: Path, seed: int) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    (out / "irc").mkdir(exist_ok=True)
    files: dict[str, bytes] = {}

    chats = [{"id": f"chat-{record_uuid(seed, 'chat', i)[:8]}",
              "messages": [{"role": ROLES[w], "content": t} for w, t in parse_turns(block)]}
             for i, block in enumerate(td.CHATS)]
    # An exact duplicate conversation, as happens when two exports are concatenated.
    chats.insert(7, dict(chats[0], id=f"chat-{record_uuid(seed, 'chat', 'dup')[:8]}"))
    files["messages.jsonl"] = _jsonl(chats)

    share = [{"id": f"sg-{record_uuid(seed, 'sharegpt', i)[:12]}",
              "conversations": [{"from": SHAREGPT_FROM[w], "value": t}
                                for w, t in parse_turns(block)]}
             for i, block in enumerate(td.SHAREGPT)]
    share.append(dict(share[1], id=f"sg-{record_uuid(seed, 'sharegpt', 'dup')[:12]}"))
    files["sharegpt.jsonl"] = _jsonl(share)

    rng = sub_rng(seed, "comments")
    rows = []
    clock = BASE_UTC
    for t, thread in enumerate(td.THREADS):
        post_id = f"t3_{record_uuid(seed, 'post', t)[:6]}"
        clock += rng.randint(3000, 20000)
        rows.append(dict(id=post_id, parent_id=None, author=thread["op"], title=thread["title"],
                         body=thread["body"], subreddit=thread["subreddit"],
                         created_utc=clock, score=rng.randint(5, 900)))
        ids = []
        for c, (author, parent, body) in enumerate(thread["comments"]):
            cid = f"t1_{record_uuid(seed, 'comment', t, c)[:7]}"
            ids.append(cid)
            clock += rng.randint(60, 4000)
            rows.append(dict(id=cid, parent_id=post_id if parent is None else ids[parent],
                             link_id=post_id, author=author, body=body,
                             subreddit=thread["subreddit"], created_utc=clock,
                             score=rng.randint(-3, 250)))
    files["comments.jsonl"] = _jsonl(rows)

    for channel, day, lines in td.IRC:
        text = [f"=== Logs for {channel} on {day} ==="]
        joined: set[str] = set()
        for hhmm, nick, msg in lines:
            if nick not in joined:
                joined.add(nick)
                text.append(f"[{hhmm}] * {nick} has joined {channel}")
            text.append(f"[{hhmm}] <{nick}> {msg}")
        files[f"irc/{channel}-{day}.log"] = ("\n".join(text) + "\n").encode("utf-8")

    for name, data in files.items():
        (out / name).write_bytes(data)
    return [out / name for name in files]

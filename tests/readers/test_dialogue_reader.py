"""Dialogue: shapes, rendering, privacy, turn filtering, comment trees, IRC logs."""

from __future__ import annotations

import json

import pytest

from dataprep.errors import ConfigError
from dataprep.readers import InputSpec, list_units, read_unit, validate_spec
from dataprep.readers.dialogue import (
    Turn,
    comment_threads,
    keep_turns,
    parse_irc_log,
    render_dialogue,
)
from dataprep.schema import meta_of


def _read(tmp_path, name: str, content: str, **options):
    (tmp_path / name).write_text(content, encoding="utf-8")
    spec = InputSpec("dialogue", (name,), "chat", options=options)
    validate_spec(spec, "inputs[0]")
    tables = [t for u in list_units([spec], str(tmp_path)) for t in read_unit(u, spec,
                                                                              str(tmp_path))]
    return [r for t in tables for r in t.to_pylist()], [m for t in tables for m in meta_of(t)]


def _line_offsets(content: str) -> list[int]:
    """Byte offset of each line: the id of a record without an ``id`` field."""
    lines = content.encode().splitlines(keepends=True)
    return [sum(len(line) for line in lines[:i]) for i in range(len(lines))]


def _jsonl(*records) -> str:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)


def test_render_anonymises_speakers_and_their_mentions():
    turns = [Turn("marta_k", "anyone know why apt hangs?"),
             Turn("deb_guru", "marta_k: check /var/lib/dpkg/lock, @marta_k"),
             Turn("marta_k", "thanks deb_guru, that was it")]
    assert render_dialogue(turns) == ("A: anyone know why apt hangs?\n"
                                      "B: A: check /var/lib/dpkg/lock, A\n"
                                      "A: thanks B, that was it")
    named = render_dialogue(turns, speakers="name", template="<{speaker}> {text}",
                            separator="\n\n")
    assert named.startswith("<marta_k> anyone") and "\n\n<deb_guru> marta_k:" in named


def test_render_roles_keep_role_words_in_text():
    turns = [Turn("user", "What does a user group do?", "user"),
             Turn("assistant", "It gives a set of users the same permissions.", "assistant")]
    assert render_dialogue(turns, speakers="role") == (
        "User: What does a user group do?\n"
        "Assistant: It gives a set of users the same permissions.")
    assert render_dialogue(turns).startswith("A: What does a user group do?\nB: It gives")


def test_keep_turns_drops_deleted_removed_and_bots():
    turns = [Turn("a", "hello"), Turn("b", "[deleted]"), Turn("c", " [removed] "),
             Turn("AutoModerator", "Please read the rules."), Turn("ci-bot", "build passed"),
             Turn("dependabot[bot]", "bump"), Turn("Talbot", "real person")]
    assert [t.speaker for t in keep_turns(turns)] == ["a", "Talbot"]


def test_messages_and_sharegpt_shapes(tmp_path):
    content = _jsonl(
        {"id": "conv-1", "messages": [
            {"role": "system", "content": "You are terse."},
            {"role": "user", "content": "Capital of Peru?"},
            {"role": "assistant", "content": [{"type": "text", "text": "Lima."}]}],
         "lang": "en"},
        {"conversations": [{"from": "human", "value": "Translate 'tide'"},
                           {"from": "gpt", "value": "marea"}]},
        {"messages": [{"role": "user", "content": "only one turn"}]},
        {"prompt": "not a dialogue"},
    )
    rows, metas = _read(tmp_path, "chat.jsonl", content, speakers="role")
    offsets = _line_offsets(content)
    assert [r["id"] for r in rows] == ["conv-1"] + [f"chat/chat.jsonl#{offsets[i]}"
                                                    for i in (1, 2, 3)]
    assert rows[0]["text"] == "System: You are terse.\nUser: Capital of Peru?\nAssistant: Lima."
    assert metas[0] == {"lang": "en", "shape": "messages", "turns": 3, "participants": 3}
    assert rows[1]["text"] == "User: Translate 'tide'\nAssistant: marea"
    assert metas[1]["shape"] == "sharegpt"
    assert [r["drop_reason"] for r in rows] == [None, None, "read:too_few_turns",
                                                "read:unknown_shape"]


def test_comment_tree_with_deleted_comments(tmp_path):
    comments = [
        {"id": "t3_post", "parent_id": None, "author": "op_user",
         "body": "Which lighthouse should I visit in Galicia?"},
        {"id": "c1", "parent_id": "t3_post", "author": "sailor22",
         "body": "Cabo Vilán, hands down."},
        {"id": "c2", "parent_id": "t1_c1", "author": "[deleted]", "body": "[deleted]"},
        {"id": "c3", "parent_id": "t1_c2", "author": "op_user",
         "body": "sailor22 thanks, booked it!"},
        {"id": "c4", "parent_id": "t3_post", "author": "AutoModerator",
         "body": "Your post was approved."},
        {"id": "c5", "parent_id": "t1_c1", "author": "lena_m", "body": "[removed]"},
    ]
    threads = comment_threads(comments)
    assert [[c["id"] for c in t] for t in threads] == [
        ["t3_post", "c1", "c2", "c3"], ["t3_post", "c1", "c5"], ["t3_post", "c4"]]
    content = _jsonl(*comments)
    rows, metas = _read(tmp_path, "thread.jsonl", content)
    assert rows[0]["text"] == ("A: Which lighthouse should I visit in Galicia?\n"
                               "B: Cabo Vilán, hands down.\nA: B thanks, booked it!")
    assert rows[0]["id"] == f"chat/thread.jsonl#{_line_offsets(content)[3]}"  # the leaf, c3
    assert metas[0] == {"shape": "comments", "root_id": "post", "leaf_id": "c3", "turns": 3,
                        "participants": 2}
    assert [r["drop_reason"] for r in rows] == [None, None, "read:too_few_turns"]
    assert not any("op_user" in (r["text"] or "") or "sailor22" in (r["text"] or "")
                   for r in rows)


IRC = """\
[09:58] * ChanServ sets mode +o admin
[10:01] <marta> is anyone using zfs on 22.04?
[10:02] <deb_guru> marta: yes, works fine with the hwe kernel
[10:02] <ubottu> zfs is a filesystem, see https://wiki.example.org/zfs
=== lena joined #ubuntu
[10:03] <marta> great, thanks
[11:30] <lena> how do I change the default editor?
[11:31] <deb_guru> sudo update-alternatives --config editor
[23:59] <night_owl> hello?
[00:01] <deb_guru> hi night_owl
"""


def test_parse_irc_log_splits_on_gaps_and_midnight():
    conversations = parse_irc_log(IRC.splitlines(), gap_minutes=30)
    assert [[t.speaker for t in c] for c in conversations] == [
        ["marta", "deb_guru", "ubottu", "marta"], ["lena", "deb_guru"],
        ["night_owl", "deb_guru"]]
    tsv = ["2004-11-23T11:49:00.000Z\tstefan\t\tcan someone help with xorg?",
           "2004-11-23T11:50:00.000Z\tmike\tstefan\twhat is the error?"]
    assert [t.text for t in parse_irc_log(tsv)[0]] == ["can someone help with xorg?",
                                                       "what is the error?"]


def test_irc_log_file(tmp_path):
    rows, metas = _read(tmp_path, "ubuntu.log", IRC)
    assert [r["text"] for r in rows] == [
        "A: is anyone using zfs on 22.04?\nB: A: yes, works fine with the hwe kernel\n"
        "A: great, thanks",
        "A: how do I change the default editor?\nB: sudo update-alternatives --config editor",
        "A: hello?\nB: hi A"]
    assert [m["participants"] for m in metas] == [2, 2, 2]
    assert rows[0]["id"] == "chat/ubuntu.log#0"


def test_min_turns_and_template_options(tmp_path):
    rows, _ = _read(tmp_path, "c.jsonl", _jsonl(
        {"messages": [{"role": "user", "content": "hi"}, {"role": "assistant",
                                                          "content": "hello"}]}),
        min_turns=3, template="[{speaker}] {text}")
    assert rows[0]["drop_reason"] == "read:too_few_turns"
    rows, _ = _read(tmp_path, "d.jsonl", _jsonl(
        {"messages": [{"role": "user", "content": "hi"}, {"role": "assistant",
                                                          "content": "hello"}]}),
        template="[{speaker}] {text}", separator=" | ")
    assert rows[0]["text"] == "[A] hi | [B] hello"


@pytest.mark.parametrize("options, key", [
    ({"template": "{who}: {text}"}, "template"), ({"shape": "forum"}, "shape"),
    ({"min_turns": "2"}, "min_turns"), ({"speaker": "name"}, "speaker")])
def test_invalid_options_name_the_key(options, key):
    spec = InputSpec("dialogue", ("x.jsonl",), "chat", options=options)
    with pytest.raises(ConfigError, match=rf"^inputs\[2\]\.{key}: "):
        validate_spec(spec, "inputs[2]")


def test_sharegpt_json_array_file(tmp_path):
    content = json.dumps([
        {"id": "sg-1", "conversations": [{"from": "human", "value": "Hi there"},
                                         {"from": "gpt", "value": "Hello!"}]},
        "not a record"], indent=2)
    rows, metas = _read(tmp_path, "sharegpt.json", content)
    assert [r["id"] for r in rows] == ["sg-1", "chat/sharegpt.json#1"]
    assert rows[0]["text"] == "A: Hi there\nB: Hello!" and metas[0]["shape"] == "sharegpt"
    assert rows[1]["drop_reason"] == "read:not_an_object"

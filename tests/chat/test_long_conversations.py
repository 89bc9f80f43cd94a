"""A conversation grows without limit: messages are items of their own (one transcript item
broke at DynamoDB's 400 KB after ~93 turns), and the model's context stays bounded."""

from __future__ import annotations

from typing import Any

from tests.chat.support import dynamodb_calls, scan
from tests.conftest import ALICE
from tests.fakes.scripted_provider import Say

LONG = "Where is my order? " * 210  # ~4,000 characters


def test_150_turns_of_4000_characters_are_all_answered_and_kept(
    app, client, auth, raw_dynamodb, thread
) -> None:
    tid = thread()
    for n in range(150):
        body = {"threadId": tid, "message": f"{n} {LONG}"[:4000]}
        resp = client.post("/api/ai/message", headers=auth(ALICE), json=body)
        assert resp.status_code == 200, (n, resp.json)
    history = client.get(f"/api/ai/conversations/{tid}", headers=auth(ALICE)).json
    messages = history["messages"]
    assert len(messages) == 300 and [m["role"] for m in messages[:2]] == ["user", "assistant"]
    assert [m["text"].split()[0] for m in messages[::2]] == [str(n) for n in range(150)]
    [conversation] = [c for c in scan(raw_dynamodb, app, "conversations") if c["id"]["S"] == tid]
    assert len(str(conversation)) < 10_000  # the conversation item itself stays small


def test_a_conversation_of_an_earlier_version_keeps_its_transcript(
    app, client, auth, raw_dynamodb, thread, say
) -> None:
    tid = thread()
    table = app.extensions["cloudmart"].settings.table_name("conversations")
    old: list[dict[str, Any]] = [
        {"M": {"role": {"S": "user"}, "text": {"S": "hello from before"}, "at": {"S": "t1"}}},
        {"M": {"role": {"S": "assistant"}, "text": {"S": "hi, earlier"}, "at": {"S": "t1"}}},
    ]
    raw_dynamodb.update_item(
        TableName=table,
        Key={"id": {"S": tid}},
        UpdateExpression="SET transcript = :t",
        ExpressionAttributeValues={":t": {"L": old}},
    )
    say(tid, "show my orders")
    messages = client.get(f"/api/ai/conversations/{tid}", headers=auth(ALICE)).json["messages"]
    assert [m["text"] for m in messages[:2]] == ["hello from before", "hi, earlier"]
    assert [m["text"] for m in messages[2:3]] == ["show my orders"] and len(messages) == 4


def test_a_turn_reads_an_earlier_versions_transcript_from_the_record_it_already_read(
    app, raw_dynamodb, thread
) -> None:
    """The history of a turn takes the earlier entries from the conversation read at its start:
    one GetItem of the conversation per turn, not a second one for the transcript."""
    tid = thread()
    table = app.extensions["cloudmart"].settings.table_name("conversations")
    old = [{"M": {"role": {"S": "user"}, "text": {"S": "hello from before"}, "at": {"S": "t1"}}}]
    raw_dynamodb.update_item(
        TableName=table,
        Key={"id": {"S": tid}},
        UpdateExpression="SET transcript = :t",
        ExpressionAttributeValues={":t": {"L": old}},
    )
    conversations = app.extensions["cloudmart"].chat.conversations
    conv = conversations.get(tid)
    assert conv is not None and [e["text"] for e in conv.transcript] == ["hello from before"]
    reads: list[str] = []

    def count(**kwargs: Any) -> None:
        reads.append(kwargs["model"].name)

    events = conversations._client.meta.events
    events.register("before-call.dynamodb.GetItem", count)
    try:
        entries = conversations.messages(tid, newest=20, legacy=conv.transcript)
    finally:
        events.unregister("before-call.dynamodb.GetItem", count)
    assert [e["text"] for e in entries] == ["hello from before"] and reads == []
    assert [e["text"] for e in conversations.messages(tid, newest=20)] == ["hello from before"]


def test_the_first_turn_reads_no_history_and_a_later_one_does(app, thread, say, script) -> None:
    provider = script([Say("one")], [Say("two")])
    tid = thread()
    with dynamodb_calls(app) as first:
        say(tid, "first")
    with dynamodb_calls(app) as second:
        say(tid, "second")
    assert "Query" not in first and second.count("Query") == 1
    assert provider.requests[0].history == ()
    assert [m.content for m in provider.requests[1].history] == ["first", "one"]


def test_a_provider_that_keeps_the_conversation_is_sent_no_history_and_none_is_read(
    app, thread, say, script
) -> None:
    provider = script([Say("one")], [Say("two")])
    provider.needs_history = lambda state: False  # type: ignore[method-assign]
    tid = thread()
    say(tid, "first")
    with dynamodb_calls(app) as made:
        say(tid, "second")
    assert "Query" not in made and provider.requests[1].history == ()


def test_entries_an_earlier_version_keyed_by_time_are_still_the_models_history(
    app, raw_dynamodb, thread, say, script
) -> None:
    """Before entries were numbered, each was keyed by its time and the conversation carried no
    lastSeq; its version went up with every write, as it still does."""
    provider = script([Say("now")])
    tid = thread()
    settings = app.extensions["cloudmart"].settings
    raw_dynamodb.put_item(
        TableName=settings.table_name("messages"),
        Item={
            "conversationId": {"S": tid},
            "seq": {"S": "2026-11-01T10:00:00+00:00#ab12cd34#0"},
            "role": {"S": "user"},
            "text": {"S": "hello from before"},
            "at": {"S": "2026-11-01T10:00:00+00:00"},
        },
    )
    raw_dynamodb.update_item(
        TableName=settings.table_name("conversations"),
        Key={"id": {"S": tid}},
        UpdateExpression="SET version = :two REMOVE lastSeq",
        ExpressionAttributeValues={":two": {"N": "2"}},
    )
    say(tid, "and now?")
    assert [m.content for m in provider.requests[0].history] == ["hello from before"]

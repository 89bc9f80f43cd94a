"""ConversationRepository: a conversation (owner, provider, mode, notes) and its sequenced entries.

Every entry written since the human side (issue 19) carries a number, one after another per
conversation: the conversation's `lastSeq` moves in the same transaction that adds the entries,
under the condition that nobody moved it first. Entries therefore commit in their numbers' order,
and a live stream that has delivered entry n has missed none before it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from botocore.exceptions import ClientError

from cloudmart.errors import ConflictError, NotFoundError
from cloudmart.records import Conversation
from cloudmart.repositories.base import (
    KeyRead,
    cancellation_reasons,
    from_item,
    read_together,
    record_from,
    to_item,
    to_value,
)

SEQ_PREFIX = "s"  # sorts after the ISO timestamps that keyed entries of earlier versions
MAX_RETRIES = 8  # writers racing on one conversation (a turn, a button, an agent) retry this often
LIVE = "lastSeq, #m, heldBy, ticketId"  # what a live stream polls


def seq_key(seq: int) -> str:
    return f"{SEQ_PREFIX}{seq:012d}"


@dataclass(frozen=True)
class Change:
    """What one write does to a conversation besides adding entries: attributes to set or
    remove, a condition they need (a ConditionExpression over the conversation with its own
    names and values), and other items that commit with it (a ticket's put or update)."""

    set: dict[str, Any] = field(default_factory=dict)
    remove: tuple[str, ...] = ()
    require: str = ""
    names: dict[str, str] = field(default_factory=dict)
    values: dict[str, Any] = field(default_factory=dict)
    also: Sequence[dict[str, Any]] = ()
    refused: str = "the conversation changed"


class ConversationRepository:
    def __init__(self, client: Any, table: str, messages_table: str) -> None:
        self._client = client
        self.table = table
        self.messages_table = messages_table

    def get(self, conversation_id: str) -> Conversation | None:
        item = self._client.get_item(
            TableName=self.table, Key={"id": {"S": conversation_id}}, ConsistentRead=True
        ).get("Item")
        return _conversation(item) if item else None

    def get_with(
        self, conversation_id: str, others: Sequence[KeyRead]
    ) -> tuple[Conversation | None, list[dict[str, Any] | None]]:
        """The conversation, and the items of `others` (a profile, counters) read in the same
        round trip."""
        item, *rest = read_together(self._client, [KeyRead(self.table, conversation_id), *others])
        return (_conversation(item) if item else None), rest

    def live(self, conversation_id: str) -> dict[str, Any] | None:
        """What a live stream watches: the last entry's number, the mode, who holds it."""
        item = self._client.get_item(
            TableName=self.table,
            Key={"id": {"S": conversation_id}},
            ConsistentRead=True,
            ProjectionExpression=LIVE,
            ExpressionAttributeNames={"#m": "mode"},
        ).get("Item")
        if item is None:
            return None
        data = from_item(item)
        return {
            "lastSeq": int(data.get("lastSeq", 0)),
            "mode": data.get("mode", "assistant"),
            "heldBy": data.get("heldBy"),
            "ticketId": data.get("ticketId"),
        }

    def create(self, conversation: Conversation) -> Conversation:
        self._client.put_item(
            TableName=self.table,
            Item=to_item(asdict(conversation)),
            ConditionExpression="attribute_not_exists(id)",
        )
        return conversation

    def record(
        self,
        conversation_id: str,
        entries: list[dict[str, Any]],
        at: str,
        *,
        notes: list[str] | None = None,
        add_note: str | None = None,
        state: dict[str, Any] | None = None,
        change: Change | None = None,
        last_seq: int | None = None,
    ) -> list[dict[str, Any]]:
        """Add the entries (one item each, numbered after the conversation's last) and update
        the conversation in the same transaction: writers at once (a turn, a button press, an
        agent's reply) never lose each other's entries. Optionally replace the notes for the
        next turn, add one, replace the provider state, or apply a `change`. `last_seq` is the
        number the caller last saw (read again if someone wrote since). The entries, numbered."""
        change = change or Change()
        known = last_seq
        for _ in range(MAX_RETRIES):
            if known is None:
                known = self._last_seq(conversation_id)
            numbered = [{**e, "seq": known + n} for n, e in enumerate(entries, 1)]
            update = self._update(conversation_id, at, known, len(entries), change)
            update = _with_notes_and_state(update, notes, add_note, state)
            puts = [self._put(conversation_id, entry) for entry in numbered]
            try:
                self._client.transact_write_items(
                    TransactItems=[{"Update": update}, *puts, *change.also]
                )
                return numbered
            except ClientError as exc:
                reasons = cancellation_reasons(exc)
                if not reasons:
                    raise
                if reasons[0] == "ConditionalCheckFailed":
                    seen = self._last_seq(conversation_id)
                    if seen != known:
                        known = seen  # another writer came first: number after theirs
                        continue
                    raise ConflictError(change.refused) from None
                if any(r == "ConditionalCheckFailed" for r in reasons[1:]):
                    raise ConflictError(change.refused) from None
                raise
        raise ConflictError("the conversation is too busy; try again")

    def _last_seq(self, conversation_id: str) -> int:
        live = self.live(conversation_id)
        if live is None:
            raise NotFoundError(f"conversation {conversation_id} not found")
        return int(live["lastSeq"])

    def _update(
        self, conversation_id: str, at: str, known: int, added: int, change: Change
    ) -> dict[str, Any]:
        names = {"#u": "updatedAt", "#v": "version", "#q": "lastSeq", **change.names}
        values = {
            ":at": to_value(at),
            ":one": {"N": "1"},
            ":zero": {"N": "0"},
            ":known": {"N": str(known)},
            ":seq": {"N": str(known + added)},
            **{k: to_value(v) for k, v in change.values.items()},
        }
        sets = ["#u = :at", "#v = if_not_exists(#v, :zero) + :one", "#q = :seq"]
        for n, (attr, value) in enumerate(change.set.items()):
            names[f"#c{n}"], values[f":c{n}"] = attr, to_value(value)
            sets.append(f"#c{n} = :c{n}")
        expression = "SET " + ", ".join(sets)
        if change.remove:
            removes = {f"#r{n}": attr for n, attr in enumerate(change.remove)}
            names |= removes
            expression += " REMOVE " + ", ".join(removes)
        seen = "(#q = :known OR (attribute_not_exists(#q) AND :known = :zero))"
        condition = f"attribute_exists(id) AND {seen}"
        if change.require:
            condition += f" AND ({change.require})"
        return {
            "TableName": self.table,
            "Key": {"id": {"S": conversation_id}},
            "UpdateExpression": expression,
            "ConditionExpression": condition,
            "ExpressionAttributeNames": names,
            "ExpressionAttributeValues": values,
        }

    def _put(self, conversation_id: str, entry: dict[str, Any]) -> dict[str, Any]:
        item = {**entry, "conversationId": conversation_id, "seq": seq_key(entry["seq"])}
        return {"Put": {"TableName": self.messages_table, "Item": to_item(item)}}

    def messages(
        self,
        conversation_id: str,
        newest: int | None = None,
        legacy: list[dict[str, Any]] | None = None,
    ) -> list[dict[str, Any]]:
        """The conversation's entries in order: all of them, or the `newest` few. Entries an
        earlier version kept inside the conversation item come first (`legacy`: those of a
        record just read, which spares reading the item again)."""
        found = self._query(conversation_id, None, newest)
        if newest is None or len(found) < newest:
            legacy = (
                self._legacy_transcript(conversation_id)
                if legacy is None
                else [_entry(e) for e in legacy]
            )
            found = (
                legacy[-(newest - len(found)) :] + found if newest and legacy else legacy + found
            )
        return found

    def messages_after(self, conversation_id: str, after: int) -> list[dict[str, Any]]:
        """The numbered entries after entry `after`, in order (what a live stream sends)."""
        return self._query(conversation_id, after, None)

    def _query(
        self, conversation_id: str, after: int | None, newest: int | None
    ) -> list[dict[str, Any]]:
        condition, values = "conversationId = :c", {":c": {"S": conversation_id}}
        if after is not None:
            condition += " AND seq > :after"
            values[":after"] = {"S": seq_key(after)}
        args: dict[str, Any] = {
            "TableName": self.messages_table,
            "KeyConditionExpression": condition,
            "ExpressionAttributeValues": values,
            "ConsistentRead": True,
        }
        if newest is not None:
            args |= {"ScanIndexForward": False, "Limit": newest}
        found: list[dict[str, Any]] = []
        while True:
            resp = self._client.query(**args)
            found += [_entry(from_item(i)) for i in resp.get("Items", [])]
            if newest is not None or "LastEvaluatedKey" not in resp:
                break
            args["ExclusiveStartKey"] = resp["LastEvaluatedKey"]
        if newest is not None:
            found.reverse()
        return found

    def _legacy_transcript(self, conversation_id: str) -> list[dict[str, Any]]:
        item = self._client.get_item(
            TableName=self.table,
            Key={"id": {"S": conversation_id}},
            ProjectionExpression="transcript",
        ).get("Item")
        return [_entry(e) for e in from_item(item).get("transcript", [])] if item else []


def _with_notes_and_state(
    update: dict[str, Any],
    notes: list[str] | None,
    add_note: str | None,
    state: dict[str, Any] | None,
) -> dict[str, Any]:
    names, values = update["ExpressionAttributeNames"], update["ExpressionAttributeValues"]
    sets = []
    if notes is not None:
        names["#n"], values[":notes"] = "notes", to_value(notes)
        sets.append("#n = :notes")
    elif add_note is not None:
        names["#n"] = "notes"
        values[":note"], values[":empty"] = to_value([add_note]), {"L": []}
        sets.append("#n = list_append(if_not_exists(#n, :empty), :note)")
    if state is not None:
        names["#s"], values[":state"] = "providerState", to_value(state)
        sets.append("#s = :state")
    if sets:
        head, sep, tail = update["UpdateExpression"].partition(" REMOVE ")
        update["UpdateExpression"] = head + ", " + ", ".join(sets) + sep + tail
    return update


def _conversation(item: dict[str, Any]) -> Conversation:
    data = from_item(item)
    data["version"] = int(data.get("version", 1))
    data["lastSeq"] = int(data.get("lastSeq", 0))
    # An earlier version's entries stay on the record, so messages() need not read it again
    return record_from(Conversation, data)


AUTHORS = {"user": "customer", "assistant": "assistant"}


def _entry(data: dict[str, Any]) -> dict[str, Any]:
    """An entry as the app reads it: its number (none for entries of earlier versions) and
    its author kind (entries of earlier versions name only a role)."""
    entry = {k: v for k, v in data.items() if k not in ("conversationId", "seq")}
    seq = data.get("seq")
    if isinstance(seq, str) and seq.startswith(SEQ_PREFIX):
        entry["seq"] = int(seq[len(SEQ_PREFIX) :])
    entry.setdefault("author", AUTHORS.get(str(entry.get("role")), str(entry.get("role"))))
    return entry

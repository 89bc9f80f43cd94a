"""Races on DynamoDB Local: owners cancel, an admin moves orders along, and pending actions are
confirmed (by button, several times at once, and by a typed "yes"), all at the same moment on
the same fresh orders; while other customers race for the last units of a product.

Afterwards the database must tell one consistent story:
- every order is in one legal status, reached by a legal path, with version == len(history);
- every product's stock is its initial stock minus the live (not canceled) orders' quantities;
- every pending action ran at most once, and what the audit says ran is what happened;
- no order was canceled twice, and every cancellation has exactly one author.
"""

from __future__ import annotations

import itertools
import random
import threading
import time
import warnings
from collections import Counter, defaultdict
from typing import Any

import pytest
from flask import Flask

from cloudmart.models import ORDER_STATUSES, TRANSITIONS
from tests.conftest import ADMIN, ALICE, BOB, CAROL
from tests.fakes.scripted_provider import Calls, Say
from tests.reliability.support import (
    ADDRESS,
    PatientScriptedProvider,
    headers,
    raw_client,
    scan,
    stocks,
)

THREADS = 8
ORDERS_PER_OWNER = 8  # alice and bob: 16 orders raced on
PRODUCTS = ("P-1003", "P-1009", "P-1012")  # big stock: the orders themselves never run out
SCARCE = "P-1018"  # 5 in stock: 10 orders of bob and carol race for them
SCARCE_ATTEMPTS = 10
CONFIRMS_PER_ACTION = 3
RACE_DEADLINE = 120.0  # seconds for the whole race; each thread stops when it is over
RANDOM_SEED = 7  # the same schedule of operations on every run
WALK = ("processing", "shipped", "delivered", "return_requested", "returned")
ADMIN_MOVES = ("processing", "shipped", "canceled")  # single moves, beside one walk per order


def place_orders(app: Flask, rng: random.Random) -> dict[str, dict[str, Any]]:
    """Fresh pending orders of alice and bob (through the API: stock moves are real)."""
    client = app.test_client()
    orders = {}
    for owner in (ALICE, BOB):
        for _ in range(ORDERS_PER_OWNER):
            lines = [
                {"productId": pid, "quantity": rng.randint(1, 3)}
                for pid in rng.sample(PRODUCTS, rng.randint(1, 2))
            ]
            resp = client.post(
                "/api/orders",
                headers=headers(app, owner),
                json={"items": lines, "shippingAddress": ADDRESS},
            )
            assert resp.status_code == 201, resp.json
            orders[resp.json["id"]] = resp.json
    return orders


def hold_cancels(app: Flask, orders: dict[str, dict[str, Any]]) -> tuple[dict, dict]:
    """Pending cancel_pending_order actions through the scripted model: for each owner's
    orders taken two by two, one conversation holding both (two action ids confirmed at once in one
    conversation) and one conversation per order holding only it (answerable by "yes").
    Returns ({action id: (owner, order id)}, {thread id: owner} of the one-action threads)."""
    client = app.test_client()
    model = PatientScriptedProvider(turns=[])
    app.extensions["cloudmart"].chat.providers.install("local", model)
    actions: dict[str, tuple[str, str]] = {}
    single: dict[str, str] = {}
    by_owner = defaultdict(list)
    for oid, order in orders.items():
        by_owner[order["userEmail"]].append(oid)
    for owner, ids in by_owner.items():
        pairs = [ids[i : i + 2] for i in range(0, len(ids), 2)]
        for group in [*pairs, *([oid] for oid in ids)]:
            calls = [
                ("cancel_pending_order", {"order_id": oid, "reason": "no longer needed"})
                for oid in group
            ]
            model.turns.append([Calls(calls), Say("Shall I?")])
            h = headers(app, owner)
            thread = client.post("/api/ai/start", headers=h).json["threadId"]
            turn = client.post(
                "/api/ai/message", headers=h, json={"threadId": thread, "message": "cancel them"}
            )
            assert turn.status_code == 200 and turn.json["pendingAction"], turn.json
            held = client.get(f"/api/ai/conversations/{thread}", headers=h).json["pendingActions"]
            assert sorted(a["arguments"]["order_id"] for a in held) == sorted(group), held
            actions |= {a["id"]: (owner, a["arguments"]["order_id"]) for a in held}
            if len(group) == 1:
                single[thread] = owner
    model.assert_all_used()
    return actions, single


def schedule(
    orders: dict[str, dict[str, Any]],
    actions: dict[str, tuple[str, str]],
    single: dict[str, str],
    rng: random.Random,
) -> list[tuple[Any, ...]]:
    ops: list[tuple[Any, ...]] = []
    for oid, order in orders.items():
        ops += [("cancel", order["userEmail"], oid)] * 2
        ops += [("status", ADMIN, oid, status) for status in ADMIN_MOVES]
    for action_id, (owner, _) in actions.items():
        ops += [("confirm", owner, action_id)] * CONFIRMS_PER_ACTION
    for thread, owner in single.items():
        ops += [("yes", owner, thread)] * 2
    ops += [("create", CAROL if i % 2 else BOB, SCARCE) for i in range(SCARCE_ATTEMPTS)]
    # The admin walks each order all the way to returned, one step after another: half of
    # the walks start each thread (racing the first cancels and confirms), half come later.
    walks = [("walk", ADMIN, oid) for oid in orders]
    ops += walks[1::2]
    rng.shuffle(ops)
    return walks[::2] + ops


def send(client: Any, app: Flask, op: tuple[Any, ...]) -> list[tuple[tuple[Any, ...], Any]]:
    """[(op, response)]: one, or for a walk each step the admin took along the machine."""
    if op[0] != "walk":
        return [(op, send_one(client, app, op))]
    steps = []
    for status in WALK:
        step = ("status", *op[1:], status)
        steps.append((step, send_one(client, app, step)))
        if steps[-1][1].status_code != 200:
            break
    return steps


def send_one(client: Any, app: Flask, op: tuple[Any, ...]) -> Any:
    kind, who, target, *rest = op
    h = headers(app, who)
    if kind == "cancel":
        return client.post(
            f"/api/orders/{target}/cancel", headers=h, json={"reason": "no longer needed"}
        )
    if kind == "status":
        return client.put(f"/api/orders/{target}", headers=h, json={"status": rest[0]})
    if kind == "confirm":
        return client.post(f"/api/ai/actions/{target}/confirm", headers=h)
    if kind == "yes":
        return client.post(
            "/api/ai/message", headers=h, json={"threadId": target, "message": "yes"}
        )
    assert kind == "create"
    body = {"items": [{"productId": target, "quantity": 1}], "shippingAddress": ADDRESS}
    return client.post("/api/orders", headers=h, json=body)


def race(app: Flask, ops: list[tuple[Any, ...]]) -> list[tuple[tuple[Any, ...], int, Any]]:
    """Run `ops` from THREADS threads that start together; (op, status, body) of each."""
    barrier = threading.Barrier(THREADS)
    results: list[tuple[tuple[Any, ...], int, Any]] = []
    lock = threading.Lock()
    deadline = time.monotonic() + RACE_DEADLINE
    errors: list[BaseException] = []

    def worker(mine: list[tuple[Any, ...]]) -> None:
        client = app.test_client()
        try:
            barrier.wait(timeout=30)
            for op in mine:
                if time.monotonic() > deadline:
                    return
                for done, resp in send(client, app, op):
                    with lock:
                        results.append((done, resp.status_code, resp.get_json(silent=True)))
        except BaseException as exc:  # reported by the main thread
            errors.append(exc)

    threads = [
        threading.Thread(target=worker, args=(ops[i::THREADS],), daemon=True)
        for i in range(THREADS)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=RACE_DEADLINE + 30)
    assert not any(t.is_alive() for t in threads), "a racing thread did not finish in time"
    assert not errors, errors
    return results


def assert_legal_path(order: dict[str, Any]) -> None:
    history = [h["status"] for h in order.get("statusHistory", [])]
    assert order["status"] in ORDER_STATUSES, order
    assert history and history[0] == "pending", order
    for before, after in itertools.pairwise(history):
        assert after in TRANSITIONS[before], f"{order['id']}: illegal {before} -> {after}"
    assert history[-1] == order["status"], order
    assert int(order["version"]) == len(history), order


@pytest.mark.integration
@pytest.mark.timeout(240)
def test_racing_cancels_moves_and_confirms_leave_one_consistent_story(local_app):
    app, raw, rng = local_app, raw_client(local_app), random.Random(RANDOM_SEED)
    initial = stocks(raw, app)
    orders = place_orders(app, rng)
    actions, single = hold_cancels(app, orders)
    assert len(actions) == 2 * len(orders) and len(single) == len(orders)
    ops = schedule(orders, actions, single, rng)

    results = race(app, ops)
    sent = len(ops) - sum(op[0] == "walk" for op in ops)
    assert len(results) >= sent, f"only {len(results)} of {len(ops)} ran before the deadline"

    # Every answer is one the API documents for a lost race: never a 5xx.
    allowed = {"cancel": {200, 409}, "status": {200, 409}, "confirm": {200, 404, 409}}
    allowed |= {"yes": {200, 409}, "create": {201, 409}}
    wrong = [(op, status, body) for op, status, body in results if status not in allowed[op[0]]]
    assert not wrong, wrong[:5]

    final_orders = {o["id"]: o for o in scan(raw, app, "orders")}
    created = [body["id"] for op, status, body in results if op[0] == "create" and status == 201]
    raced = {**{oid: final_orders[oid] for oid in orders}, **{o: final_orders[o] for o in created}}

    # 1. One legal status per order, reached by a legal path, version == len(history).
    for order in raced.values():
        assert_legal_path(order)

    # 2. Stock: initial minus every live order's quantities (returned orders keep it out).
    final = stocks(raw, app)
    taken: Counter[str] = Counter()
    for order in raced.values():
        if order["status"] != "canceled":
            for item in order["items"]:
                taken[item["productId"]] += int(item["quantity"])
    for pid in {*PRODUCTS, SCARCE}:
        assert final[pid] == initial[pid] - taken[pid], (pid, initial[pid], final[pid], taken)
    assert final[SCARCE] >= 0 and len(created) == initial[SCARCE] - final[SCARCE]
    assert len(created) <= initial[SCARCE] < SCARCE_ATTEMPTS

    # 3. Each pending action ran at most once: at most one 200 among its confirms and typed yeses.
    ran: Counter[str] = Counter()
    for op, status, body in results:
        if op[0] == "confirm" and status == 200:
            ran[op[2]] += 1
        if op[0] == "yes" and status == 200:
            ran.update(a["id"] for a in body["actions"] if a["status"] == "succeeded")
    assert all(n <= 1 for n in ran.values()), [a for a, n in ran.items() if n > 1]

    # 4. The audit matches the final state.
    records = scan(raw, app, "agent-actions")
    pending = {r["id"]: r for r in records if r["kind"] == "pending"}
    executions = [r for r in records if r["kind"] == "execution"]
    assert set(actions) <= set(pending)
    per_action = Counter(r["actionId"] for r in executions)
    assert all(n == 1 for n in per_action.values()), per_action
    succeeded = [r for r in executions if r["status"] == "succeeded"]
    assert all(r["tool"] == "cancel_pending_order" for r in succeeded)
    canceled_by_assistant = Counter(r["arguments"]["order_id"] for r in succeeded)
    for r in executions:
        action = pending[r["actionId"]]
        assert r["status"] in ("succeeded", "failed"), r  # nothing left half-way ("running")
        assert action["status"] == ("executed" if r["status"] == "succeeded" else "failed"), (
            r,
            action,
        )
    for action_id, action in pending.items():
        if action_id not in per_action:  # never claimed: still pending (or expired)
            assert action["status"] == "pending", action
    assert set(ran) <= {r["actionId"] for r in succeeded}, "a 200 without an execution"
    unreported = {r["actionId"] for r in succeeded} - set(ran)
    if unreported:  # the bug test_a_confirm_that_ran_is_not_reported_as_a_conflict pins down
        warnings.warn(
            f"{len(unreported)} action(s) ran but every confirm of them answered an error",
            stacklevel=1,
        )

    # 5. Every canceled order was canceled exactly once, by exactly one of: its owner's cancel,
    # the admin's status change, or one executed action; a live order by none of them.
    direct: Counter[str] = Counter()
    for op, status, _ in results:
        if status == 200 and (op[0] == "cancel" or (op[0] == "status" and op[3] == "canceled")):
            direct[op[2]] += 1
    for oid, order in raced.items():
        cancels = [h for h in order["statusHistory"] if h["status"] == "canceled"]
        authors = direct[oid] + canceled_by_assistant[oid]
        expected = 1 if order["status"] == "canceled" else 0
        assert len(cancels) == expected and authors == expected, (oid, order["status"], authors)

    # The race did race: duplicates lost, and orders both moved along and got canceled.
    outcomes = Counter((op[0], status) for op, status, _ in results)
    assert outcomes[("confirm", 409)] and outcomes[("status", 409)], outcomes
    assert outcomes[("status", 200)] and any(o["status"] == "canceled" for o in raced.values())


# --- one interleaving, forced: a confirm whose conversation is saved meanwhile --------------


def save_meanwhile(app: Flask, thread_id: str) -> list[bool]:
    """Right before the request writes the conversation, write it once more, as a message
    answered at that moment in another tab (or a second confirm) would."""
    table = app.extensions["cloudmart"].settings.table_name("conversations")
    other = raw_client(app)  # a client of its own: its calls do not come back to this hook
    fired: list[bool] = []

    def before_write(params: dict[str, Any], **_: Any) -> None:
        items = [next(iter(i.values())) for i in params.get("TransactItems", [])]
        tables = {params.get("TableName"), *(item["TableName"] for item in items)}
        if fired or table not in tables:
            return
        fired.append(True)
        other.update_item(
            TableName=table,
            Key={"id": {"S": thread_id}},
            UpdateExpression="SET #v = #v + :one",
            ExpressionAttributeNames={"#v": "version"},
            ExpressionAttributeValues={":one": {"N": "1"}},
        )

    client = app.extensions["cloudmart"].dynamodb.get()
    for operation in ("PutItem", "UpdateItem", "TransactWriteItems"):
        client.meta.events.register(f"provide-client-params.dynamodb.{operation}", before_write)
    return fired


def precondition(ok: bool, what: str) -> None:
    """A broken set-up must fail the test, not count as the expected failure (AssertionError)."""
    if not ok:
        raise RuntimeError(what)


@pytest.mark.parametrize("how", ["button", "typed yes"])
def test_a_confirm_that_ran_is_not_reported_as_a_conflict(moto_app, how):
    app, client = moto_app, moto_app.test_client()
    h = headers(app, ALICE)
    model = PatientScriptedProvider(
        turns=[
            [
                Calls(
                    [
                        (
                            "cancel_pending_order",
                            {"order_id": "CM-7890", "reason": "no longer needed"},
                        )
                    ]
                ),
                Say("Shall I?"),
            ]
        ]
    )
    app.extensions["cloudmart"].chat.providers.install("local", model)
    thread = client.post("/api/ai/start", headers=h).json["threadId"]
    turn = client.post("/api/ai/message", headers=h, json={"threadId": thread, "message": "x"})
    precondition(turn.status_code == 200 and turn.json["pendingAction"], str(turn.json))
    action_id = turn.json["pendingAction"]["id"]

    fired = save_meanwhile(app, thread)
    if how == "button":
        resp = client.post(f"/api/ai/actions/{action_id}/confirm", headers=h)
    else:
        resp = client.post(
            "/api/ai/message", headers=h, json={"threadId": thread, "message": "yes"}
        )
    order = client.get("/api/orders/CM-7890", headers=h).json
    precondition(bool(fired), "the concurrent save was not injected")
    precondition(order["status"] == "canceled", f"the action did not run: {order['status']}")

    # The order was canceled by this request: the customer must be told so.
    assert resp.status_code == 200, (resp.status_code, resp.json)

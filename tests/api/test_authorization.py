"""Who may call what: every endpoint for anonymous, the owner, another customer and an admin."""

from __future__ import annotations

import time
from typing import Any

import jwt
import pytest

from tests.api.support import assert_error_body, data_snapshot, headers_for
from tests.conftest import ALICE, BOB, SECRET
from tests.shop import build_app

pytestmark = pytest.mark.shared_shop  # one seeded shop per module (tests/shop.py)

ADDRESS = {
    "name": "Alice Johnson",
    "street": "1 Elm Street",
    "city": "Seattle",
    "postalCode": "98101",
    "country": "US",
}
ORDER = {"items": [{"productId": "P-1003", "quantity": 1}], "shippingAddress": ADDRESS}
ORDER_FOR_ALICE = {**ORDER, "userEmail": ALICE}
PRODUCT = {"name": "Field Notes Journal", "price": 9.5, "category": "books", "stock": 3}
ALICES = "/api/orders/CM-7890"

# (method, path, body, who, expected status); "alice" owns CM-7890, "bob" is another customer.
MATRIX = [
    ("GET", "/api/orders", None, "anon", 401),
    ("GET", "/api/orders", None, "alice", 403),
    ("GET", "/api/orders", None, "bob", 403),
    ("GET", "/api/orders", None, "admin", 200),
    ("POST", "/api/orders", ORDER, "anon", 401),
    ("POST", "/api/orders", ORDER, "alice", 201),
    ("POST", "/api/orders", ORDER, "bob", 201),
    ("POST", "/api/orders", ORDER_FOR_ALICE, "alice", 201),
    ("POST", "/api/orders", ORDER_FOR_ALICE, "bob", 403),
    ("POST", "/api/orders", ORDER_FOR_ALICE, "admin", 201),
    ("GET", f"/api/orders/user?email={ALICE}", None, "anon", 401),
    ("GET", f"/api/orders/user?email={ALICE}", None, "alice", 200),
    ("GET", f"/api/orders/user?email={ALICE}", None, "bob", 403),
    ("GET", f"/api/orders/user?email={ALICE}", None, "admin", 200),
    ("GET", ALICES, None, "anon", 401),
    ("GET", ALICES, None, "alice", 200),
    ("GET", ALICES, None, "bob", 404),
    ("GET", ALICES, None, "admin", 200),
    ("GET", "/api/orders/CM-0001", None, "alice", 404),
    ("PUT", ALICES, {"shippingAddress": ADDRESS}, "anon", 401),
    ("PUT", ALICES, {"shippingAddress": ADDRESS}, "alice", 200),
    ("PUT", ALICES, {"shippingAddress": ADDRESS}, "bob", 404),
    ("PUT", ALICES, {"shippingAddress": ADDRESS}, "admin", 200),
    ("PUT", ALICES, {"status": "processing"}, "anon", 401),
    ("PUT", ALICES, {"status": "processing"}, "alice", 403),
    ("PUT", ALICES, {"status": "processing"}, "bob", 403),
    ("PUT", ALICES, {"status": "processing"}, "admin", 200),
    ("DELETE", ALICES, None, "anon", 401),
    ("DELETE", ALICES, None, "alice", 403),
    ("DELETE", ALICES, None, "bob", 403),
    ("DELETE", ALICES, None, "admin", 204),
    ("POST", f"{ALICES}/cancel", {}, "anon", 401),
    ("POST", f"{ALICES}/cancel", {}, "alice", 200),
    ("POST", f"{ALICES}/cancel", {}, "bob", 404),
    ("POST", f"{ALICES}/cancel", {}, "admin", 200),
    ("GET", "/api/products", None, "anon", 200),
    ("GET", "/api/products", None, "bob", 200),
    ("POST", "/api/products", PRODUCT, "anon", 401),
    ("POST", "/api/products", PRODUCT, "alice", 403),
    ("POST", "/api/products", PRODUCT, "bob", 403),
    ("POST", "/api/products", PRODUCT, "admin", 201),
    ("GET", "/api/products/P-1001", None, "anon", 200),
    ("GET", "/api/products/P-1001", None, "bob", 200),
    ("PUT", "/api/products/P-1001", {"price": 5}, "anon", 401),
    ("PUT", "/api/products/P-1001", {"price": 5}, "alice", 403),
    ("PUT", "/api/products/P-1001", {"price": 5}, "bob", 403),
    ("PUT", "/api/products/P-1001", {"price": 5}, "admin", 200),
    ("DELETE", "/api/products/P-1001", None, "anon", 401),
    ("DELETE", "/api/products/P-1001", None, "alice", 403),
    ("DELETE", "/api/products/P-1001", None, "bob", 403),
    ("DELETE", "/api/products/P-1001", None, "admin", 204),
    ("GET", "/api/auth/me", None, "anon", 401),
    ("GET", "/api/auth/me", None, "alice", 200),
    ("GET", "/api/auth/me", None, "admin", 200),
]


def matrix_id(row: tuple[Any, ...]) -> str:
    method, path, body, who, status = row
    what = "+".join(sorted(body)) if body else ""
    return "-".join(part for part in (who, method, path, what, str(status)) if part)


@pytest.mark.parametrize(
    ("method", "path", "body", "who", "expected"), MATRIX, ids=[matrix_id(r) for r in MATRIX]
)
def test_authorization_matrix(app, client, raw_dynamodb, shop, method, path, body, who, expected):
    resp = client.open(path, method=method, json=body, headers=headers_for(app, who))
    if expected >= 400:
        assert_error_body(resp, expected)
        assert data_snapshot(raw_dynamodb, app) == shop.seed_state, "a refused request wrote"
    else:
        assert resp.status_code == expected, resp.get_json()
    if expected == 401:
        assert resp.headers["WWW-Authenticate"].startswith("Bearer")
    if expected == 200 and path.startswith("/api/orders/CM-"):
        assert resp.json["userEmail"] == ALICE


def test_me_names_the_principal(client, app):
    me = client.get("/api/auth/me", headers=headers_for(app, "admin")).json
    assert me == {
        "email": "admin@cloudmart.example",
        "customerId": "admin@cloudmart.example",
        "roles": ["admin"],
        "name": "Admin",  # the token names none: the email's local part
    }


def token(**changes: Any) -> str:
    """A token like TokenService.issue's for alice, with `changes` (None drops a claim)."""
    now = int(time.time())
    claims = {
        "sub": ALICE,
        "email": ALICE,
        "email_verified": True,
        "roles": ["customer"],
        "iss": "cloudmart-local",
        "aud": "cloudmart",
        "iat": now,
        "exp": now + 600,
    }
    secret = changes.pop("secret", SECRET)
    algorithm = changes.pop("algorithm", "HS256")
    claims.update(changes)
    claims = {k: v for k, v in claims.items() if v is not None}
    return jwt.encode(claims, secret if algorithm != "none" else None, algorithm=algorithm)


@pytest.mark.parametrize(
    "authorization",
    [
        pytest.param(f"Bearer {token(exp=int(time.time()) - 60)}", id="expired"),
        pytest.param(
            f"Bearer {token(secret='another-secret-that-is-long-enough-for-hs256')}",
            id="other-secret",
        ),
        pytest.param(f"Bearer {token(aud='someone-else')}", id="wrong-audience"),
        pytest.param(f"Bearer {token(iss='https://evil.example')}", id="wrong-issuer"),
        pytest.param(f"Bearer {token(exp=None)}", id="no-expiry"),
        pytest.param(f"Bearer {token(email=None)}", id="no-email"),
        pytest.param(f"Bearer {token(algorithm='none')}", id="alg-none"),
        pytest.param(f"Bearer {token(roles=['admin'], secret='x' * 40)}", id="forged-admin"),
        pytest.param(f"Bearer {token(roles=123)}", id="roles-a-number"),
        pytest.param(f"Bearer {token(roles={'admin': 1})}", id="roles-an-object"),
        pytest.param(f"Bearer {token(roles=['admin', 'root'])}", id="roles-unknown"),
        pytest.param(f"Bearer {token(roles=[])}", id="roles-empty"),
        pytest.param("Bearer", id="bearer-without-token"),
        pytest.param("Bearer    ", id="bearer-blank"),
        pytest.param("Bearer not.a.jwt", id="garbage"),
        pytest.param(f"Basic {token()}", id="basic-scheme"),
        pytest.param(token(), id="no-scheme"),
    ],
)
def test_a_bad_token_is_401_with_a_challenge(client, authorization):
    for path in (ALICES, "/api/auth/me"):
        resp = client.get(path, headers={"Authorization": authorization})
        assert_error_body(resp, 401)
        assert resp.headers["WWW-Authenticate"] == 'Bearer realm="cloudmart"'


def test_a_well_made_token_is_accepted(client):
    """The control for the table above: the same maker's unchanged token works."""
    assert client.get(ALICES, headers={"Authorization": f"Bearer {token()}"}).status_code == 200


def test_an_unverified_email_is_nobodys(client):
    """Identity is the subject: an email the issuer did not verify grants nothing keyed by it
    (a user who may set their own email must not become alice by it)."""
    for claim in ({"email_verified": False}, {"email_verified": None}):
        bearer = {"Authorization": f"Bearer {token(sub='mallory-123', **claim)}"}
        assert_error_body(client.get(ALICES, headers=bearer), 404)
        assert_error_body(client.get("/api/me", headers=bearer), 404)
        me = client.get("/api/auth/me", headers=bearer).json
        assert me["email"].endswith("@unverified.invalid") and me["customerId"] == "mallory-123"
    # alice's own subject, even with an unverified email, is alice: identity is the subject
    own = {"Authorization": f"Bearer {token(sub='alice_johnson_1001', email_verified=False)}"}
    assert client.get(ALICES, headers=own).status_code == 200
    assert client.get("/api/me", headers=own).json["email"] == ALICE


def test_demo_login_gives_a_working_customer_token(client):
    resp = client.post("/api/auth/demo-login", json={"email": "Alice@Example.com"})
    assert resp.status_code == 200
    assert (resp.json["email"], resp.json["name"]) == (ALICE, "Alice Johnson")
    headers = {"Authorization": f"Bearer {resp.json['token']}"}
    assert client.get(ALICES, headers=headers).json["id"] == "CM-7890"
    assert client.get("/api/auth/me", headers=headers).json["roles"] == ["customer"]
    assert_error_body(client.get("/api/orders", headers=headers), 403)
    bobs = client.post("/api/auth/demo-login", json={"email": BOB}).json["token"]
    assert_error_body(client.get(ALICES, headers={"Authorization": f"Bearer {bobs}"}), 404)


@pytest.mark.parametrize("email", ["nobody@example.com", "admin@cloudmart.example"])
def test_demo_login_refuses_anyone_but_a_demo_customer(client, email):
    body = assert_error_body(client.post("/api/auth/demo-login", json={"email": email}), 422)
    assert "email" in body["errors"]["json"]


def test_demo_login_is_404_when_it_is_off(engine):
    off = build_app(engine, seeded=False, demo_login=False).test_client()
    assert_error_body(off.post("/api/auth/demo-login", json={"email": ALICE}), 404)
    assert_error_body(off.get("/api/auth/demo-customers"), 404)


def test_a_record_that_names_a_customer_id_is_owned_by_that_id_alone(client, app):
    """Bob's subject with alice's verified email (an issuer that lets two accounts share a
    verified email) is bob: alice's orders, conversation, pending action and profile stay hers."""
    alice = headers_for(app, "alice")
    bob_as_alice = {"Authorization": f"Bearer {token(sub='bob_smith_1002')}"}
    thread = client.post("/api/ai/start", headers=alice).json["threadId"]
    said = client.post(
        "/api/ai/message", headers=alice, json={"threadId": thread, "message": "cancel CM-7890"}
    ).json
    action = said["pendingAction"]["id"]

    assert_error_body(client.get(ALICES, headers=bob_as_alice), 404)
    listed = client.get(f"/api/orders/user?email={ALICE}", headers=bob_as_alice)
    assert listed.status_code == 200 and listed.json == []
    assert_error_body(client.get(f"/api/ai/conversations/{thread}", headers=bob_as_alice), 404)
    assert_error_body(client.post(f"/api/ai/actions/{action}/confirm", headers=bob_as_alice), 404)
    assert client.get("/api/me/agent-actions", headers=bob_as_alice).json == []
    assert client.get("/api/me", headers=bob_as_alice).json["email"] == BOB
    assert client.get("/api/auth/me", headers=bob_as_alice).json["customerId"] == "bob_smith_1002"
    # the control: alice herself still reads and decides all of it
    assert client.get(ALICES, headers=alice).status_code == 200
    assert client.post(f"/api/ai/actions/{action}/decline", headers=alice).status_code == 200


def test_a_first_sign_in_links_to_the_customer_of_its_verified_email(client):
    """A subject that is no customer id, with a verified email: that customer (the local
    `make -s token` and an OIDC user's first sign-in), owning what names their id."""
    first = {"Authorization": f"Bearer {token(sub='oidc|new-subject-1')}"}
    assert client.get("/api/auth/me", headers=first).json["customerId"] == "alice_johnson_1001"
    assert client.get(ALICES, headers=first).json["customerId"] == "alice_johnson_1001"


def test_a_token_accepted_before_is_refused_once_it_expires(client):
    """A verified token is remembered (its signature is not checked on every request), never
    past its expiry."""
    expires = int(time.time()) + 2
    headers = {"Authorization": f"Bearer {token(exp=expires)}"}
    assert client.get(ALICES, headers=headers).status_code == 200
    while time.time() <= expires:
        time.sleep(0.1)
    assert_error_body(client.get(ALICES, headers=headers), 401)

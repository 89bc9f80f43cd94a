from tests.conftest import ALICE


def test_alice_sees_cm_7890_pending(client, auth):
    resp = client.get("/api/orders/CM-7890", headers=auth(ALICE))
    assert resp.status_code == 200
    assert resp.json["status"] == "pending"

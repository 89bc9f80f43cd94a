"""Who the tests act as: the demo shop's people, and the secret their tokens are signed with."""

SECRET = "test-secret-that-is-long-enough-for-hs256"
ALICE, BOB, CAROL, ADMIN = (
    "alice@example.com",
    "bob@example.com",
    "carol@example.com",
    "admin@cloudmart.example",
)

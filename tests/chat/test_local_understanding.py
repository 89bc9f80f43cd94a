"""The offline assistant understands shoppers in en/es/fr/de, end to end through the chat API:
each intent in three phrasings not in the corpus; changes are proposed, never done, and a
look-up never proposes one. Answers are English until the catalogues land: the non-English
cases assert the tools and the pending action, not the wording."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import numpy as np
import pytest

from i18n import Translator, speaking
from providers import local_intents as intents
from providers import local_nlu
from providers.local_nlu import HANDLER
from providers.nlu import corpus, model
from providers.nlu.masking import mask
from providers.nlu.model import Guess
from providers.nlu.reader import Reader
from tests.chat.understanding_cases import ADDR, CASES
from tests.fakes.one_of_each import proposals

pytestmark = pytest.mark.shared_shop

# A change: the tool held for confirmation and the order it names.
PROPOSES = {
    "cancel_order": ("cancel_pending_order", "CM-7890"),
    "change_order_address": ("modify_pending_order_address", "CM-7890"),
    "return_items": ("return_delivered_order_items", "CM-7712"),
    "exchange_items": ("exchange_delivered_order_items", "CM-7712"),
    "change_payment": ("modify_pending_order_payment", "CM-7890"),
    "change_default_address": ("modify_user_address", None),
}
# A look-up: the tool it reads with.
LOOKS_UP = {
    "list_orders": {"list_my_orders"},
    "order_status": {"get_order_details"},
    "profile": {"get_my_profile"},
    "gift_card_balance": {"get_my_profile"},
    "products": {"search_products", "recommend_products"},
    "handoff": {"transfer_to_human_agents"},
}
ENGLISH = {  # today's English answers to the conversational intents
    "yes": "nothing waiting for your confirmation",
    "no": "nothing waiting for your confirmation",
    "greeting": "Hello!",
    "thanks": ("You're welcome", "Goodbye"),
    "help": "I can",
    "out_of_scope": "didn't understand",
}
# Five requests the first learned model misread, restored in their own words (not in the corpus).
RESTORED = [
    ("fr", "cancel_order", "je ne veux plus la commande CM-7890"),
    ("fr", "exchange_items", "échangez la bottle de la CM-7712 contre une rouge"),
    ("es", "handoff", "que alguien me llame por el pedido CM-7855"),
    ("de", "products", "empfiehl mir was fürs Campen"),
    ("en", "change_order_address", f"the parcel CM-7890 should be sent to {ADDR}"),
]
CASE_LIST = [
    pytest.param(lang, intent, text, id=f"{lang}-{intent}-{n}")
    for lang, table in CASES.items()
    for intent, texts in table.items()
    for n, text in enumerate(texts)
] + [pytest.param(*case, id=f"{case[0]}-{case[1]}-restored") for case in RESTORED]


@pytest.mark.parametrize(("lang", "intent", "text"), CASE_LIST)
def test_each_intent_in_each_language(
    thread: Any, say: Any, lang: str, intent: str, text: str
) -> None:
    assert local_nlu.read(text).intent == HANDLER[intent]
    turn = say(thread(), text)
    tools = {action["tool"] for action in turn["actions"]}
    if intent in PROPOSES:
        tool, order = PROPOSES[intent]
        action = turn["pendingAction"]
        assert action is not None and action["tool"] == tool, turn["response"]
        assert order is None or action["arguments"]["order_id"] == order
    elif intent in LOOKS_UP:
        assert turn["pendingAction"] is None and tools & LOOKS_UP[intent], turn["response"]
    else:
        assert turn["pendingAction"] is None and not tools
        if lang == "en":
            said = ENGLISH[intent]
            assert any(s in turn["response"] for s in ([said] if isinstance(said, str) else said))


@pytest.mark.parametrize(
    "text",
    [
        "return only one item from CM-7712",
        "quiero devolver solo un artículo del CM-7712",
        "je veux retourner un seul article de la CM-7712",
        "ich möchte nur einen Artikel aus CM-7712 zurückschicken",
        # one, unnamed: the shopper's only delivered order has three units
        "Return an item",
        "Devolver un artículo",
        "Retourner un article",
        "Einen Artikel zurückgeben",
    ],
)
def test_only_one_of_several_items_asks_which(thread: Any, say: Any, text: str) -> None:
    tid = thread()
    turn = say(tid, text)
    assert turn["pendingAction"] is None
    boots, bottle = turn["quickReplies"]  # one per product of the order, named
    assert "Hiking Boots" in boots and "Bottle" in bottle and "CM-7712" in boots
    chosen = say(tid, turn["quickReplies"][0])["pendingAction"]
    assert chosen["tool"] == "return_delivered_order_items"
    assert chosen["arguments"]["item_ids"] == ["P-1013"]  # the boots alone, never all three


@pytest.mark.parametrize(
    "text",
    [
        "was my order CM-7890 canceled?",
        "which address is CM-7890 going to",
        "me cancelaron el pedido CM-7890?",
        "est-ce qu'on a annulé ma commande CM-7890 ?",
        "wurde meine Bestellung CM-7890 storniert?",
        "has my return for CM-7712 gone through",
        "did my cancellation for CM-7890 go through",
        "still no refund for CM-7712",
        "do you deliver hiking boots to canada",
        "I just want to see my saved address, not change it",
        "new arrivals in jackets?",
        "¿ya me hicieron el cambio de talla del CM-7712?",
        "ich möchte mir nur die Zahlungsarten in meinem Konto ansehen",
        # a question wrapped in a polite request is still a question (the final review's finds)
        "puedes decirme si cancelaron el pedido CM-7890?",
        "can you confirm my address change on CM-7890 worked?",
        "could you tell me whether CM-7890 was canceled",
        "pouvez-vous me dire si ma commande CM-7890 a été annulée ?",
        "kannst du mir sagen, ob CM-7890 storniert wurde?",
        # still waiting, wanting to know, buying, the order's number: never a change
        "no me han devuelto el dinero del CM-7712 todavía",
        "I haven't had the refund for CM-7712 yet",
        "je souhaiterais connaître la date de livraison de la commande CM-7890",
        "can I buy the red one of the boots in CM-7712",
        "I need my order number for CM-7890",
        # an unaccented "que" asking, "purchase" as the order's name: look-ups all the same
        "que paso con mi pedido CM-7890?",
        "¿que se sabe de mi pedido CM-7890?",
        "did my purchase CM-7890 get cancelled?",
        "what's the order number of my last purchase",
        "me cancelaron el pedido CM-7890, por favor",  # what was done, and no wish after it
        # whether what was asked before was done, asked after it
        "cancel request for CM-7890 from yesterday, did it happen",
        "you told me you'd cancel order CM-7890, is it done",
        "the bot said it would cancel my order. did that happen",
    ],
)
def test_a_look_up_never_proposes_a_change(thread: Any, say: Any, text: str) -> None:
    turn = say(thread(), text)
    assert turn["pendingAction"] is None, turn["response"]
    assert all(not a.get("held") for a in turn["actions"])


# A change named in words the cue lists once lacked ("void", "deshaz", "effacez", "rückgängig"),
# an order named "my purchase", "pedido número CM-...", a wish put as "que se cancele": each was
# asked back ("unsure") although the model read the cancellation; now it is proposed.
NAMED_CHANGES = [
    ("en", "please void order CM-7890, I ordered it twice"),
    ("en", "i'd like to call off my purchase CM-7890, found it cheaper"),
    ("en", "abort CM-7890 before it leaves the warehouse"),
    ("en", "get rid of order CM-7890 for me please"),
    ("es", "que se cancele el pedido CM-7890, ya no lo necesito"),
    ("es", "deshaz la compra CM-7890 porfa"),
    ("es", "anula el pedido número CM-7890"),
    ("fr", "effacez la commande CM-7890, je l'ai passée deux fois"),
    ("fr", "arrêtez la commande CM-7890 s'il vous plaît"),
    ("de", "CM-7890 bitte rückgängig machen, hab mich verklickt"),
]
# What was done, told as the reason for a request ("me enviaron otro color ..., quiero ..."),
# with no "?": the request, not a question about what was done.
DONE_THEN_ASKED = [
    ("es", "me enviaron otro color en el CM-7712, quiero cambiarlo por el negro"),
]


# A refund promised and late, told as what was promised or how long it has been: a question about
# a return already made, never a new one (the model reads a return in them). Beside them, a return
# the shopper was told they could make, asked for: still proposed.
PROMISED_AND_LATE = [
    "i was promised a refund for my headphones last week",
    "return of my headphones accepted, it's been two weeks",
    "i sent the headphones back and was told i'd be refunded, it's been ten days",
]
TOLD_THEN_ASKED = [
    "i was told i could return the headphones, please do it",
    "return the headphones, they were told to be noise cancelling",
]


@pytest.mark.parametrize("text", PROMISED_AND_LATE)
def test_a_late_refund_is_not_a_new_return(text: str) -> None:
    assert proposals(text) == []


@pytest.mark.parametrize("text", TOLD_THEN_ASKED)
def test_a_return_asked_for_after_what_was_told_is_proposed(text: str) -> None:
    assert proposals(text) == ["return_delivered_order_items"]


@pytest.mark.parametrize(("language", "text"), NAMED_CHANGES)
def test_a_change_named_in_other_words_is_proposed(language: str, text: str) -> None:
    assert proposals(text, language) == ["cancel_pending_order"]


@pytest.mark.parametrize(("language", "text"), DONE_THEN_ASKED)
def test_what_was_done_then_a_request_is_the_request(language: str, text: str) -> None:
    assert proposals(text, language) == ["exchange_delivered_order_items"]


def test_the_named_changes_are_not_in_the_corpus() -> None:
    texts = [text for _, text in NAMED_CHANGES + DONE_THEN_ASKED]
    texts += PROMISED_AND_LATE + TOLD_THEN_ASKED
    nearest = corpus.nearest([e.text for e in corpus.load()], texts)
    assert [(t, round(n, 2)) for t, n in zip(texts, nearest, strict=True) if n >= corpus.NEAR] == []


def test_the_end_to_end_phrasings_are_not_in_the_corpus() -> None:
    """The issue's "three phrasings that are not in the corpus": none is a line of it or a
    near-copy of one (what `bench nlu` counts as a near-duplicate)."""
    texts = [text for _, _, text in (p.values for p in CASE_LIST)]
    nearest = corpus.nearest([e.text for e in corpus.load()], texts)
    assert [(t, round(n, 2)) for t, n in zip(texts, nearest, strict=True) if n >= corpus.NEAR] == []


def test_no_look_up_of_the_corpus_is_proposed_as_a_change() -> None:
    """The issue's bar on the held-out part (never trained on), for a customer with one order
    of each kind, where a change needs the least to be proposed: no write call is made."""
    held = [e for e in corpus.load() if e.held_out and e.intent in corpus.LOOKUPS]
    assert len(held) > 500 and {e.language for e in held} == set(corpus.LANGUAGES)
    proposed = [(e.text, p) for e in held if (p := proposals(e.text, e.language))]
    assert proposed == []
    assert proposals("cancel my order") == ["cancel_pending_order"]  # the shop can propose


def test_a_question_is_never_proposed_as_the_runner_up_change() -> None:
    """The grammar and the model's runner-up may agree on a change; asked as a question about
    how things are, it is still asked back (the model's first guess being a look-up)."""
    reading = intents.read("did you cancel my order CM-7890?")
    guess = Guess("order_status", 0.25, "cancel_order", 0.2)
    assert local_nlu._decide(replace(reading, intent="cancel"), guess).intent != "cancel"


def test_an_unsure_reading_asks_back_with_quick_replies(thread: Any, say: Any) -> None:
    tid = thread()
    text = "please have CM-7890 go to 5 Main St, Springfield, IL 62701, US rather than my house"
    reading = local_nlu.read(text)
    assert reading.intent == "unsure"
    turn = say(tid, text)
    assert turn["pendingAction"] is None and turn["actions"] == []
    assert turn["quickReplies"] == [
        "Ship order CM-7890 to another address",
        "Where is order CM-7890?",
    ]
    follow = say(tid, turn["quickReplies"][1])
    assert {a["tool"] for a in follow["actions"]} == {"get_order_details"}


HOW_TO = {
    "en": (
        "how do I return an item?",
        "how can i send something back?",
        "how to cancel an order that hasnt shipped?",
    ),
    "es": (
        "¿cómo puedo devolver un producto?",
        "¿es posible cancelar un pedido?",
        "¿cómo devuelvo unas zapatillas que me quedan chicas?",
    ),
    "fr": (
        "comment je fais pour retourner un article ?",
        "comment on fait pour annuler une commande passée hier ?",
        "comment échanger une taille trop petite ?",
    ),
    "de": (
        "wie kann ich einen Artikel zurückgeben?",
        "ist es möglich, eine Bestellung nachträglich zu stornieren?",
        "wie tausche ich Schuhe gegen eine größere Nummer um?",
    ),
}


@pytest.mark.parametrize("language", corpus.LANGUAGES)
def test_how_a_change_is_done_is_asked_back_not_proposed(language: str) -> None:
    """A question about how a change is done names no order: even when only one order could take
    it (one pending, one delivered), nothing is proposed; the change is offered as a quick reply.
    Naming the order, or asking for it ("can I ..."), makes it a request."""
    for text in HOW_TO[language]:
        reading = local_nlu.read(text)
        assert (reading.intent, proposals(text, language)) == ("unsure", []), text
        assert reading.options[0] in local_nlu.WRITES
    assert proposals("can I return the headphones from CM-7712?") == [
        "return_delivered_order_items"
    ]
    assert proposals("can I cancel my order please?") == ["cancel_pending_order"]


@pytest.mark.parametrize("language", corpus.LANGUAGES)
def test_every_quick_reply_reads_back_as_its_request(language: str) -> None:
    """The quick replies of an unsure reading are in the conversation's language, and clicked
    (sent as the shopper's message) each reads as the request it offers, with or without an id."""
    words = Translator(language)
    for handler, (with_id, without) in local_nlu.OFFERS.items():
        for text in (words._(with_id, id="CM-7890"), words._(without)):
            assert language == "en" or text not in (with_id.format(id="CM-7890"), without)
            reading = local_nlu.read(text)
            assert reading.intent == handler, (text, reading.intent)


def test_a_quick_reply_is_offered_only_for_a_request() -> None:
    """An unsure reading's other candidate may be help or a yes: nothing to click for it."""
    reading = replace(local_nlu.read("return CM-7712"), options=("return_order", "help"))
    with speaking("es"):
        assert local_nlu.offers(reading) == ["Devolver artículos del pedido CM-7712"]


# The reply to a how-to question, in the conversation's language.
HOW_TO_REPLY = {"en": "right here", "es": "aquí mismo", "fr": "ici même", "de": "direkt hier"}


@pytest.mark.parametrize("language", corpus.LANGUAGES)
def test_a_how_to_question_is_told_the_change_is_done_here(
    language: str, thread: Any, say: Any
) -> None:
    """Asked how a change is done, the assistant says it does it here and offers it as a quick
    reply; nothing is proposed before the shopper chooses."""
    for text in HOW_TO[language]:
        turn = say(thread(), text)
        assert turn["pendingAction"] is None and turn["actions"] == [], text
        assert HOW_TO_REPLY[language] in turn["response"], (text, turn["response"])
        assert turn["quickReplies"], turn["response"]


def test_the_reader_gives_the_pipelines_probabilities() -> None:
    """The fast path reads the fitted pipeline's arithmetic: the same figures, any message."""
    pipeline = model.train([e for e in corpus.load() if not e.held_out][::4])
    reader = Reader.of(pipeline)
    held = [e.text for e in corpus.load() if e.held_out][::97]  # and ~130 never trained on
    for text in ("cancel CM-7890", "wo bleibt mein Paket?", "", "??", "Return the boots", *held):
        masked = mask(text)
        assert list(reader.classes) == list(pipeline.classes_)
        assert np.allclose(reader.proba(masked), pipeline.predict_proba([masked])[0])

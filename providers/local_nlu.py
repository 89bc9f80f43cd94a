"""The local provider's reading with the learned intent model: the model names the request, the
rules keep the entities exact, and an unsure reading asks back instead of guessing a change."""

from __future__ import annotations

import re
from dataclasses import replace

from providers import local_intents as intents
from providers.local_intents import Reading
from providers.nlu.model import classify

THRESHOLD = 0.5  # below it the model's guess alone picks no handler
WRITE_THRESHOLD = 0.8  # a change needs more: a look-up read as a write is the costly mistake

# The model's intents (the corpus's file names) -> the local provider's handlers.
HANDLER = {
    "list_orders": "list_orders",
    "order_status": "order_status",
    "cancel_order": "cancel",
    "change_order_address": "address",
    "return_items": "return_order",
    "exchange_items": "swap",
    "change_payment": "pay_with",
    "change_default_address": "default_address",
    "profile": "profile",
    "gift_card_balance": "gift_card",
    "products": "products",
    "handoff": "escalate",
    "yes": "yes_no",
    "no": "yes_no",
    "greeting": "greeting",
    "thanks": "thanks",
    "help": "help",
    "out_of_scope": "unknown",
}
WRITES = frozenset({"cancel", "address", "return_order", "swap", "pay_with", "default_address"})
# What a quick reply says for each handler: words the model reads back with confidence.
OFFERS = {
    "cancel": ("Cancel order {id}", "Cancel an order"),
    "address": ("Ship order {id} to another address", "Ship an order to another address"),
    "return_order": ("Return items from order {id}", "Return an item"),
    "swap": ("Exchange an item in order {id}", "Exchange an item"),
    "pay_with": ("Pay order {id} another way", "Pay an order another way"),
    "default_address": ("Change my default address", "Change my default address"),
    "order_status": ("Where is order {id}?", "Where is my order?"),
    "list_orders": ("Show my orders", "Show my orders"),
    "profile": ("Show my profile", "Show my profile"),
    "gift_card": ("Gift card balance", "Gift card balance"),
    "products": ("Show me products", "Show me products"),
    "escalate": ("Talk to a person", "Talk to a person"),
}
# The words that name each change, per language: with one of them a change needs THRESHOLD,
# without one WRITE_THRESHOLD (the model alone, however phrased, rarely reaches it by mistake).
CUES = {
    "cancel": r"cancel|anul|annul|stop|call off|no longer|don'?t want|storn|widerruf|ya no"
    r"|ne veux plus|nicht mehr|arrepent|zur[uü]ckziehen",
    "address": r"ad+res|direcci|domicilio|ship|send|deliver|envi|envoy|manda|schick",
    "return_order": r"return|refund|send .{0,30}back|money back|devol|reembols|retourn|rembours"
    r"|renvo|zur[uü]ck|r[uü]cksend|erstatt|geld",
    "swap": r"exchange|swap|switch|trade|replace|change|size|colou?r|cambi|camb|talla|[ée]chang"
    r"|taille|couleur|tausch|gr[oö](ss|ß)e|farbe",
    "pay_with": r"pay|paypal|charge|bill|card|pag|cobr|tarjeta|pai|carte|r[ée]gl|zahl|bezahl"
    r"|karte|buch",
    "default_address": r"default|profile|account|home|saved|file|predetermin|perfil|cuenta"
    r"|d[ée]faut|profil|compte|standard|konto",
}
_CUE = {handler: re.compile(words, re.I) for handler, words in CUES.items()}  # "umtauschen"
# A question about how things are ("which address is it going to?", "me cancelaron el pedido?")
# is a look-up's shape: a change asked that way needs WRITE_THRESHOLD too.
_ASKING = re.compile(
    r"^\W*(which|what|where|when|was|were|did|has|have|is|qu[eé]|cu[aá]l|d[oó]nde|cu[aá]ndo"
    r"|quel(le)?s?|o[uù]|quand|welche[rsmn]?|wo|wann|wurde)\b|\b(a|an|en) (qu[eé]|welche\w*)\b"
    r"|^\W*(me|se|nos) \w+ron\b|est-ce qu'on a\b"
)
_ONLY_ENTITY = re.compile(r"^\W*(order\W*)?(#w\d+|cm\W{0,2}\d+|\d+)\W*$")


def read(text: object) -> Reading:
    """The message read: the model's intent where it is sure, the rules' entities always."""
    reading = intents.read(text)
    if reading.intent in ("yes_no", "help", "product") or _ONLY_ENTITY.match(reading.norm):
        return reading  # the server's yes/no, an empty message, a product id, a bare order id
    guess = classify(reading.norm)
    learned = HANDLER[guess.intent]
    if learned == "default_address" and reading.intent == "address":
        learned = "address"  # "my address" without profile/account/default words: the order's
    bar = THRESHOLD if learned not in WRITES or _cued(learned, reading.norm) else WRITE_THRESHOLD
    if guess.confidence >= bar or (learned == reading.intent and guess.confidence >= THRESHOLD):
        return replace(reading, intent=learned)
    ruled = reading.intent  # unsure, and the rules know no better: "I didn't understand"
    if ruled in WRITES and ruled == HANDLER[guess.second] and _cued(ruled, reading.norm):
        return replace(reading, intent=ruled)  # the grammar and the runner-up agree on a change
    if learned in WRITES or ruled in WRITES:
        other = ruled if ruled != "unknown" else HANDLER[guess.second]
        return replace(reading, intent="unsure", options=(learned, other))
    return reading


def _cued(handler: str, norm: str) -> bool:
    """The message names this change, and is not shaped like a question about how things are."""
    return bool(
        _CUE[handler].search(norm) and not _ASKING.search(norm) and not intents.LOOKING.search(norm)
    )


def offers(reading: Reading) -> list[str]:
    """The quick replies that settle an unsure reading: one per candidate request."""
    said = []
    for handler in dict.fromkeys(reading.options):
        with_id, without = OFFERS.get(handler, ("", ""))
        text = with_id.format(id=reading.order_id) if reading.order_id else without
        if text:
            said.append(text)
    return said

"""What the local provider reads in a message: the grammar's intent, its ids, a reason."""

from __future__ import annotations

import re
from dataclasses import dataclass

from providers import local_search as search
from providers.local_ids import EMAIL, ORDER_ID, PRODUCT_ID, order_id, product_id
from providers.wording import plain_answer

MAX_TEXT = 4000  # longer messages are read up to here: every pattern stays linear and cheap

_TYPOS = """
cancle=cancel cancell=cancel cancl=cancel cansel=cancel adress=address addres=address
adresss=address adres=address oder=order ordr=order odrer=order oders=orders ordrs=orders
retrun=return retun=return returm=return recomend=recommend reccomend=recommend
recommand=recommend sugest=suggest staus=status stauts=status shiped=shipped wher=where
whats=what's wheres=where's prodcut=product prodcuts=products recieve=receive helo=hello
hellp=help thnx=thanks thanx=thanks pls=please
"""
TYPOS = dict(pair.split("=") for pair in _TYPOS.split())  # misspelling -> word


_HUMAN = r"(human|person|agent|representative|rep|operator|somebody|someone|manager|supervisor)"
_ESCALATE = (
    rf"\b(talk|speak|chat|connect|transfer|put)\b.{{0,30}}\b{_HUMAN}\b"
    rf"|\b(need|want|get)\s+(a|an|to|me)?\s*(real\s+|live\s+)?{_HUMAN}\b"
    rf"|\b(real|live)\s+(person|human|agent)\b|^\W*{_HUMAN}(\s+please)?\W*$"
    r"|\buseless\b|\bescalate\b|\bnot helping\b|\bcustomer (service|support)\b"
)
_ADDRESS = (
    r"\b(change|update|correct|fix|edit|modify|new|wrong|different)\b.{0,40}\baddress\b"
    r"|\baddress\b.{0,40}\b(to|is)\b\s*:?\s*\d|\baddress\s*:|\bi moved\b"
    r"|\b(ship|deliver|send)\b.{0,60}?\bto\s+(\d|[^,\d]{1,40},\s*\d)"
)
_GIFT_CARD = (
    r"\bgift ?cards?\b.{0,40}\b(balance|left|worth|remaining|how much)\b"
    r"|\b(balance|how much|what'?s left)\b.{0,40}\bgift ?cards?\b"
)
_PAY_WITH = (
    r"\b(pay|paying|payment|charge|bill)\b.{0,60}\b(gift ?card|paypal|card ending|credit card"
    r"|visa|mastercard|other card|another card)\b"
    r"|\buse\b.{0,20}\b(gift ?card|paypal|card ending \d{4})\b.{0,30}\b(for|on|to pay)\b"
)
_DEFAULT_ADDRESS = (
    r"\b(default|profile|account|home|billing)\s+address\b|\baddress on my (profile|account)\b"
)
_SWAP = (
    r"\b(exchange|swap|switch|trade)\b"
    r"|\bchange\b.{0,50}\b(for|to|into)\b.{0,40}\b(size|colou?r|one|version|model|variant)\b"
)
_CANCEL = (
    r"\bcancel\b|\bcancell?ation\b|\bcall off\b|\bstop\b.{0,20}\border\b"
    # the other languages' plain verbs, until the learned model (providers/nlu) reads them
    r"|\bcancel(a|ar|e|en|er|ez)\b|\bannul(e|er|ez)\b|\bstorn(o|iere|ieren|ierung)\b"
)
_RETURN = (
    r"\breturn\b(?!\s+requested)|\bsend\b.{0,40}\bback\b"
    r"|\b(want|like|need|request|get me)\s+(a\s+)?refund\b"
)
_LIST = (
    r"\b(orders|purchases|pedidos|compras|commandes|achats|bestellungen|einkaufe)\b|"
    r"\border history\b|\bwhat (did|have) i (order|ordered|buy"
    r"|bought|purchase|purchased)\b|\bwhat i (ordered|bought)\b"
)
_STATUS = (
    r"\b(where|track|tracking|status|shipped|arrive|arriving|delivery|delivered"
    r"|when will)\b.{0,40}\b(order|package|parcel)\b|\b(order|package|parcel)\b.{0,40}"
    r"\b(where|track|status|shipped|arrive|arrived|come|coming|delivered)\b"
)
_RECOMMEND = (
    r"\b(recommend|recommendation|recommendations|suggest|suggestion|suggestions|gift"
    r"|gifts|present|ideas?|what should i (buy|get)|best|popular)\b"
)
_PRODUCTS = (
    rf"{_RECOMMEND}|\b(find|search|look(ing)? for|do you (have|sell|carry|stock)"
    r"|show me|products?|catalog(ue)?|browse|shop(ping)? for|in stock|sell|price"
    r"|cost|(want|like|need) to (order|buy|get))\b"
)
_GREETING = r"^\W*(hi|hello|hey|hiya|howdy|greetings|yo|good (morning|afternoon|evening|day))\b"
_THANKS = (
    r"\b(thanks|thank you|thank u|thx|ty|cheers|bye|goodbye|good bye|see you|that'?s all"
    r"|have a (nice|good|great) day)\b"
)
_HELP = (
    r"\b(help|what can you do|what do you do|how does this work|options|menu|commands"
    r"|who are you|what are you)\b"
)


STATUS_FILTERS = (
    (re.compile(r"\breturn(s| requested)\b"), "return_requested"),
    (re.compile(r"\bpending\b"), "pending"),
    (re.compile(r"\bprocessing\b"), "processing"),
    (re.compile(r"\bshipped\b"), "shipped"),
    (re.compile(r"\bdelivered\b"), "delivered"),
    (re.compile(r"\breturned\b"), "returned"),
    (re.compile(r"\bcancell?ed\b"), "canceled"),
)


# The intent table: tried in order, the first pattern that matches names the handler.
INTENTS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern) if isinstance(pattern, str) else pattern, name)
    for pattern, name in (
        (_ESCALATE, "escalate"),
        (_GIFT_CARD, "gift_card"),
        (_DEFAULT_ADDRESS, "default_address"),
        (_PAY_WITH, "pay_with"),
        (_ADDRESS, "address"),
        (_SWAP, "swap"),
        (_CANCEL, "cancel"),
        (_RETURN, "return_order"),
        (PRODUCT_ID, "product"),
        (ORDER_ID, "order_status"),
        (_LIST, "list_orders"),
        (_STATUS, "order_status"),
        (_PRODUCTS, "products"),
        (search.CATEGORY, "products"),
        (search.BETWEEN, "products"),
        (search.MAX, "products"),
        (search.MIN, "products"),
        (search.CHEAP, "products"),
        (_GREETING, "greeting"),
        (_THANKS, "thanks"),
        (_HELP, "help"),
    )
)
RECOMMEND = re.compile(_RECOMMEND)
LOOKING = re.compile(f"{_STATUS}|{_LIST}|{_GIFT_CARD}")  # the grammar's own look-up phrases


_REASON = re.compile(
    r"\b(?:because|cause|cuz|since|due to|reason(?: is)?)\b[\s:,-]*(.+)", re.I | re.S
)


@dataclass(frozen=True)
class Reading:
    """One customer message, read: the text as typed and a normalised copy for matching."""

    text: str
    norm: str
    intent: str
    order_id: str | None = None
    product_id: str | None = None
    options: tuple[str, ...] = ()  # an unsure reading's candidate handlers, best first


def normalise(text: str) -> str:
    """Lower case, straight quotes, one space between words, common typos fixed."""
    text = text.lower().replace("\u2019", "'").replace("\u2018", "'")
    text = re.sub(r"\s+", " ", text).strip()
    return re.sub(r"[a-z]+", lambda m: TYPOS.get(m.group(0), m.group(0)), text)


def read(text: object) -> Reading:
    """Read a message: its intent and the order or product it names."""
    raw = text[:MAX_TEXT] if isinstance(text, str) else ""
    raw = "".join(ch for ch in raw if ch.isprintable() or ch in "\n\t")
    norm = normalise(raw)
    intent = next((name for pattern, name in INTENTS if pattern.search(norm)), "unknown")
    if plain_answer(norm):  # the server's own vocabulary: one source for what is a yes or no
        intent = "yes_no"
    if not norm:
        intent = "help"
    return Reading(raw, norm, intent, order_id(norm), product_id(norm))


def status_filter(norm: str) -> str | None:
    return next((status for pattern, status in STATUS_FILTERS if pattern.search(norm)), None)


def reason(text: str, limit: int = 200) -> str | None:
    """What follows "because ..." (emails left out), or None."""
    match = _REASON.search(text)
    if not match:
        return None
    found = EMAIL.sub("", match.group(1))
    found = re.sub(r"\s+", " ", found).strip(" .!?,;")[:limit].strip()
    return found or None


MISTAKE = re.compile(
    r"\b(mistake|mistaken|wrong|accident|accidentally|by error|por error|equivocad[oa]|sin querer"
    r"|par erreur|erreur|trompée?|versehentlich|aus versehen|falsch)\b"
)
CANCEL_REASONS = ("no longer needed", "ordered by mistake")  # the cancel rule's two reasons


def cancel_reason(text: str) -> str:
    """The cancel rule's reason for the customer's words: ordered by mistake when they say so,
    else no longer needed."""
    return CANCEL_REASONS[1] if MISTAKE.search(text.lower()) else CANCEL_REASONS[0]


def redact(text: str, limit: int = 300) -> str:
    """The message for a summary: emails left out, one line, bounded."""
    return re.sub(r"\s+", " ", EMAIL.sub("[email]", text)).strip()[:limit].strip()

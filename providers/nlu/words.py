"""The words that differ by language for the entity rules: option values, a gift card, the
catalogue's things as shoppers write them, and a thing taken out of an order by name."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Set as AbstractSet

# Option values as es/fr/de shoppers write them -> the catalogue's (English) values.
_OPTION_WORDS = """
roja=red rojo=red rouge=red rot=red rote=red roten=red azul=blue bleu=blue bleue=blue blau=blue
blaue=blue negro=black negra=black noir=black noire=black schwarz=black schwarze=black
blanco=white blanca=white blanc=white blanche=white weiss=white weiß=white weisse=white
verde=green vert=green verte=green grün=green gruen=green gris=grey grau=grey
grande=large groß=large gross=large pequeño=small pequeña=small petit=small petite=small klein=small
"""
OPTION_WORDS = dict(pair.split("=") for pair in _OPTION_WORDS.split())

# A gift card named as a payment method, in each language.
GIFT_CARD = re.compile(
    r"\bgift ?card\b|\btarjeta (de )?regalo\b|\bcarte[ -]cadeau\b|\bgeschenk ?karte\b"
    r"|\bgeschenkgutschein|\bgutschein(karte)?\b|\b(bon|ch[eè]que)[ -]cadeau\b"
)

# The things the catalogue's names end with, as es/fr/de shoppers name them (accents folded, "_"
# a space) -> the English words of the names ("la botella" names the Water Bottle); read only
# when the catalogue's own words name nothing, and words that are English too ("pull", "box",
# "matte") or mean something else ("ampoules": blisters) only with an article or not at all.
# A word that means two things names both ("casque": headphones or a helmet): the order decides.
_ITEM_WORDS = """
botellas?=bottle botellas?_de_agua=bottle termos?=bottle botas?=boots
auriculares=headphones,earbuds audifonos=headphones,earbuds cascos?=headphones,helmet
altavo(z|ces)=speaker bocinas?=speaker parlantes?=speaker camaras?=camera,webcam webcams?=webcam
teclados?=keyboard ratons?=mouse prensas?_francesas?=press cafeteras?=press,coffee
lamparas?=lamp,headlamp linternas?=headlamp frontales?=headlamp almohadas?=pillow cojin(es)?=pillow
ollas?=oven cacerolas?=oven purificador(es)?=purifier tazas?=mug platillos?=saucer
tiendas?_de_campana=tent carpas?=tent sacos?_de_dormir=sleeping,bag bolsas?_de_dormir=sleeping,bag
kayaks?=kayak jerse(y|is)=sweater suete(r|res)=sweater chaquetas?=jacket chamarras?=jacket
chaquetones?=jacket impermeables?=jacket camisetas?=shirt playeras?=shirt remeras?=shirt
camisas?=shirt vaqueros=jeans tejanos=jeans zapatillas?=shoes,sneakers zapatos=shoes,boots
tenis=shoes,sneakers libros?=book reloj(es)?(_inteligentes?)?=smartwatch,watch,wristwatch,clock
baterias?_externas?=bank cargador(es)?=charger,bank mochilas?=backpack bicicletas?=bicycle
bicis?=bicycle bouteilles?=bottle gourdes?=bottle bottes=boots ecouteurs=headphones,earbuds
casques?=headphones,helmet enceintes?=speaker cameras?=camera,webcam claviers?=keyboard
souris=mouse cafetieres?=press,coffee lampes?=lamp,headlamp lampes?_frontales?=headlamp
oreillers?=pillow coussins?=pillow cocottes?=oven purificateurs?=purifier tasses?=mug
soucoupes?=saucer tentes?=tent sacs?_de_couchage=sleeping,bag chandails?=sweater vestes?=jacket
blousons?=jacket impers?=jacket tee-?shirts?=shirt chemises?=shirt jeans=jeans
chaussures?=shoes,boots baskets=shoes,sneakers livres?=book horloges?=clock
batteries?_externes?=bank chargeurs?=charger,bank sacs?_a_dos=backpack velos?=bicycle
flaschen?=bottle trinkflaschen?=bottle thermosflaschen?=bottle stiefel(?:n)?=boots
wanderschuhe=boots
kopfho(e)?rer=headphones ohrho(e)?rer=earbuds lautsprecher=speaker kameras?=camera,webcam
mause?=mouse maus=mouse kaffeepressen?=press lampen?=lamp,headlamp stirnlampen?=headlamp
(kopf)?kissen=pillow topfe?=oven brater=oven luftreiniger=purifier becher=mug tassen?=mug
untertassen?=saucer zelte?=tent schlafsacke?=sleeping,bag kajaks?=kayak pullover=sweater
pullis?=sweater jacken?=jacket regenjacken?=jacket t-?shirts?=shirt laufschuhe=shoes
schuhe=shoes,boots buch=book bucher=book powerbanks?=bank ladegerate?=charger,bank
rucksacke?=backpack fahrrad(er)?=bicycle helme?=helmet hervidor(es)?=kettle teteras?=kettle
bouilloires?=kettle wasserkocher=kettle sillas?=chair chaises?=chair fauteuils?=chair stuhle?=chair
burostuhle?=chair ordinateurs?_portables?=laptop laptops?=laptop movil(es)?=smartphone
celular(es)?=smartphone telefonos?=smartphone telephones?=smartphone handys?=smartphone
tabletas?=tablet tablettes?=tablet aspiradoras?=vacuum,cleaner aspirateurs?=vacuum,cleaner
staubsauger=vacuum,cleaner gafas(_de_sol)?=sunglasses lentes(_de_sol)?=sunglasses
lunettes(_de_soleil)?=sunglasses sonnenbrillen?=sunglasses rompecabezas=puzzle puzzles?=puzzle
puzles?=puzzle mangueras?=hose tuyaux?(_d'arrosage)?=hose gartenschlauche?=hose schlauche?=hose
parrillas?=grill barbacoas?=grill barbecues?=grill grills?=grill perfumes?=perfume parfums?=perfume
esterillas?=mat tapis(_de_yoga)?=mat yogamatten?=mat maquillaje=makeup maquillage=makeup
schminksets?=makeup,kit cuadernos?=notebook libretas?=notebook cahiers?=notebook carnets?=notebook
notizbucher=notebook,book notizbuch=notebook,book maletas?=luggage valises?=luggage koffer=luggage
camas?_para_mascotas=pet,bed paniers?=pet,bed hundebett(en)?=pet,bed tierbett(en)?=pet,bed
estanterias?=bookshelf etageres?=bookshelf bucherregale?=bookshelf mancuernas?=dumbbell
halteres=dumbbell hanteln?=dumbbell sombrillas?=umbrella parasols?=umbrella sonnenschirme?=umbrella
paraguas=umbrella parapluies?=umbrella regenschirme?=umbrella cepillos?(_de_dientes)?=toothbrush
brosses?_a_dents=toothbrush zahnburste(n)?=toothbrush cafeteras?_expres=espresso,machine
machines?_a_(expresso|espresso|cafe)=espresso,machine,coffee espressomaschinen?=espresso,machine
kaffeemaschinen?=coffee,maker,machine lector(es)?(_electronicos?)?=reader liseuses?=reader
e-?readers?=reader termostatos?=thermostat thermostats?=thermostat thermostate?=thermostat
bombillas?=bulb focos?=bulb gluhbirnen?=bulb lampchen=bulb purificateurs?_d'air=purifier
patinetas?=skateboard monopatin(es)?=skateboard skates?=skateboard
ordenador(es)?_portatil(es)?=laptop computadoras?_portatil(es)?=laptop
(un|le|mon|ton|ce|les|mes|tes|des|du)_pulls?=sweater
(une|la|ma|ta|cette|les|mes|tes|des)_montres?(_connectees?)?=smartwatch,watch,wristwatch
tastatur(en)?=keyboard hemd(en)?=shirt (armband)?uhr(en)?=smartwatch,watch,wristwatch,clock
ampoules?_led=bulb
"""
_ITEMS = [
    (re.compile(rf"\b{pattern.replace('_', ' ')}\b"), frozenset(english.split(",")))
    for pattern, english in (pair.split("=") for pair in _ITEM_WORDS.split())
]
# A pattern's singular: its optional plural endings left out ("botellas?" -> "botella", "zelte?"
# -> "zelt"); a word whose plural is the same ("Stiefel", "gafas") has none, and says no number.
_PLURAL_ENDING = re.compile(r"(?:s|x|n|e|\((?:es|en|er|n)\))\?")
_SINGULARS = [
    (pattern, re.compile(singular), english)
    for pattern, singular, english in (
        (pattern, _PLURAL_ENDING.sub("", pattern.pattern[2:-2]), english)
        for pattern, english in _ITEMS
    )
    if singular != pattern.pattern[2:-2]
]


def item_words(norm: str) -> set[str]:
    """The English words of the catalogue's names that the es/fr/de words of a message stand for
    ("devolver la botella" -> {"bottle"})."""
    folded = _folded(norm)
    return {word for pattern, english in _ITEMS if pattern.search(folded) for word in english}


def _folded(norm: str) -> str:
    folded = unicodedata.normalize("NFKD", norm.lower())
    return "".join(c for c in folded if not unicodedata.combining(c))


def named_once(norm: str, of: AbstractSet[str] | None = None) -> bool:
    """A thing is named in the singular ("la botella", "die Flasche"), none in the plural; with
    `of`, only the words for those English ones count ("la botella y las botas": the bottle
    once, the boots not)."""
    forms = [
        singular.fullmatch(found.group(0)) is not None
        for pattern, singular, english in _SINGULARS
        if of is None or english & of
        for found in pattern.finditer(_folded(norm))
    ]
    return any(forms) and all(forms)


# "the corkscrew from CM-7712", "el sacacorchos del CM-7712", "den Korkenzieher aus CM-7712": a
# thing taken out of the order by name (the masked text: the id is "xid"), read even when no
# lookup table knows the word, so that it is asked about rather than taken for every unit.
THING_FROM_ORDER = re.compile(
    r"(?:\b(?:the|this|that|these|those|my|el|la|los|las|le|les|mi|mis|mon|ma|mes|der|die|das"
    r"|den|dem|mein|meine|meinen)\s+|\bl')((?:[\w'-]+\s+){0,2}?[\w'-]+)\s+"
    r"(?:from|in|of|on|del|de la|de l'|du|des|de|en|aus|von|vom|im|in der)\s+"
    r"(?:(?:the|my|mi|ma|mon|la|le|el|meiner|der|die|meinem|dem)\s+)?"
    r"(?:(?:order|pedido|orden|commande|bestellung|compra|purchase)\s+)?xid\b"
)
# Words that name the order, its units in general, the request itself or a count, not a thing
# (and articles: the local reading may put "the" before "los productos").
_NOT_A_THING = """
order orders pedido pedidos orden commande commandes bestellung compra compras purchase achat kauf
items item products product stuff things thing rest lot whole entire everything articulos articulo
productos producto cosas cosa resto todo articles article produits produit choses chose reste tout
artikel produkte produkt sachen sache alles ware waren package parcel paquete colis paket box caja
delivery shipment envio livraison lieferung return refund exchange reembolso devolucion cambio
remboursement retour echange erstattung ruckgabe rucksendung umtausch goods merchandise mercancia
marchandise contents contenido contenu inhalt gift gifts regalo regalos cadeau cadeaux geschenk
geschenke one ones uno una un une d'un d'une eins ein eine two both dos deux zwei 0 first second
last other primero primera segundo ultimo ultima otro otra premier premiere dernier derniere autre
erste ersten letzte letzten andere anderen same mismo misma meme it them lo the el la los las le
les l' der die das den dem des du de my mi mis mon ma mes mein meine meinen xid artikeln
money cash geld kohle betrag plata dinero argent whole entire full complete latest recent previous
ganze ganzen gesamte gesamten komplette kompletten entiere entier complete completo completa entero
entera toda todos todas reciente recibido recibida received mine mien mienne miens miennes meins
mio mia ding envio sendung einkauf achat
"""
NOT_A_THING = frozenset(_NOT_A_THING.split())
# A clause, not a thing: "the stuff that came in CM-7712", "lo que pedí".
_CLAUSE = "i you we they he she yo je j' nous vous ich du wir sie que qui which that who dass was"
CLAUSE = frozenset(_CLAUSE.split())


# "return the zither", "je renvoie la cithare", "send the zither back", "die Zither zurückgeben":
# words right after a return verb (before it in German), up to a stop word, the order read from
# the conversation rather than from "from <order id>".
_DET = (
    r"(?:(?:the|this|that|these|those|my|el|la|los|las|este|esta|estos|estas|ese|esa|esos|esas|mi"
    r"|mis|le|les|ce|cet|cette|ces|mon|ma|mes|der|die|das|den|dem|diese|diesen|dieses|mein|meine"
    r"|meinen)\s+|l')"
)
THING_RETURNED = (
    re.compile(
        r"\b(?:return|returning|refund|devolver|devuelvo|devolvere|regresar|regreso|retornar"
        r"|renvoyer|renvoie|retourner|retourne|rendre|rends|rapporter|rembourser|cancel|cancelar"
        r"|cancela|annuler|annule|stornieren|storniere)\s+"
        rf"{_DET}((?:[\w'-]+[,.;:!?)]*\s*){{1,4}})"
    ),
    re.compile(rf"\bsend(?:ing)?\s+(?:back\s+)?{_DET}((?:[\w'-]+[,.;:!?)]*\s*){{1,4}})"),
    re.compile(rf"{_DET}((?:[\w'-]+\s+){{1,3}})(?:zuruck\w*|retournieren|erstatten|storn\w*)\b"),
)
# Where a thing's name ends: a reason, a request, a conjunction, a preposition, a verb.
_STOP = """
please pls plz because cause since as for it its it's they them and or with to back xgoods
por porque pues ya favor porfa y o con para que a nada mas s'il svp stp car parce et ou avec pour
bitte weil da denn und oder mit fur gegen zuruck from in of on del de du des en aus von vom im
geht gehn gehen will muss kann soll mochte mocht schick schicke schicken gebe geben gib kommt wird
sofort noch hier am besten auch jetzt dann doch mal gleich lieber einfach wieder
"""
STOP = frozenset(_STOP.split()) | CLAUSE


def _returned(masked: str) -> list[list[str]]:
    """The words each return verb of the text takes as its thing (one to three, else none)."""
    found = []
    for pattern in THING_RETURNED:
        for match in pattern.finditer(masked):
            if words := _name(match.group(1)):
                found.append(words)
    return found


def _name(text: str) -> list[str]:
    """The one to three words a thing's name starts a text with, up to a stop word or a
    punctuation mark (none when more follow: a clause, not a name)."""
    words: list[str] = []
    for token in text.split():
        word = token.rstrip(",.;:!?)")
        if not word or word in STOP:
            break
        words.append(word)
        if word != token:  # punctuation ends the name
            break
    return words if 1 <= len(words) <= 3 else []


def things(masked: str) -> list[list[str]]:
    """The things a return (or a cancel) takes out of the order by a name of its own ("the
    zither from CM-7712", "return the zither", "cancel the zither"), each as its words, as
    opposed to the order, its items in general or a count."""
    from_order = [
        words
        for words in (match.group(1).split() for match in THING_FROM_ORDER.finditer(masked))
        if not set(words) & CLAUSE
    ]
    return [words for words in from_order + _returned(masked) if set(words) - NOT_A_THING]


def names_a_thing(masked: str) -> bool:
    return bool(things(masked))


# A part of a return kept back ("everything except the boots", "the bottle but keep the boots",
# "la gourde, pas les bottes", "todo menos las botas", "alles außer den Stiefeln"): the marker,
# then the words it keeps back, up to a punctuation mark or a return verb ("keep the boots and
# return the bottle"); in German also the words before "behalten" ("die Stiefel behalte ich").
_UNTIL = (
    r"(?=[,.;!?]|\b(?:return|send|refund|devolver|devuelvo|renvoyer|renvoie|retourner|retourne"
    r"|rendre|zur[uü]ck\w*)\b|$)"
)
_ARTICLE = (
    r"(?:the|this|that|these|those|my|el|la|los|las|este|esta|estos|estas|mi|mis|le|les|ce|cette"
    r"|ces|mon|ma|mes|der|die|das|den|dem|diese|diesen|dieses|mein|meine|meinen)\b|l'"
)
KEPT_BACK = (
    # markers that keep back whatever follows them
    re.compile(
        r"\b(?:except(?: for)?|apart from|other than|all but|excepto|salvo|(?<!al )menos|sauf"
        rf"|except[ée]e?s?|[àa] part|hormis|au(?:ß|ss)er|bis auf)\b(.{{0,80}}?){_UNTIL}"
    ),
    # a negation or a keeping, when a thing follows ("not the boots", "keep the boots", ", pas
    # les bottes"; "je ne veux pas les bottes" is no keeping back, "no me queda bien" neither)
    re.compile(
        r"(?:\b(?:(?:but )?not|pero no|y no|mais pas|et pas|non pas|aber nicht|und nicht|nicht"
        r"|(?:but )?keep(?:ing)?|quedarme(?: con)?|me quedo(?: con)?|garder|je garde|behalte"
        r"|behalten)"
        r"|(?<=, )(?:no|pas))\s+"
        rf"(?=(?:{_ARTICLE}))(.{{0,80}}?){_UNTIL}"
    ),
    # German, the thing before "nicht": "alles zurück, nur die Stiefel nicht" ("ich will die
    # Stiefel nicht" is no keeping back: it says why they go)
    re.compile(rf"\b(?:nur|aber|blo(?:ß|ss))\s+((?:{_ARTICLE})\s*[^,.;!?]{{1,40}}?)\s+nicht\b"),
)
# German, the thing before the verb: "die Stiefel behalte ich" (the clause before it, read back
# from the verb). Each part at most 80 characters: a message of 4,000 is read in linear time.
_BEHALTEN = re.compile(r"\bbehalten?\b")
_CLAUSE_END = re.compile(r"[,.;!?]|\bund\b|zur[uü]ck\w*")
# "can't keep", "no puedo quedarme con", "ne peux pas garder", "nicht behalten": not kept back.
_NEGATED = re.compile(r"(?:\b(?:not|no|cannot|ne|pas|nicht|kein\w*)|n't)\W+(?:\w+\W+){0,2}$")


def kept_back(norm: str) -> tuple[list[str], str]:
    """The parts of a return request that are kept back, and the request without them."""
    parts, spans = [], []
    for pattern in KEPT_BACK:
        for match in pattern.finditer(norm):
            part = match.group(1)
            negated = pattern is KEPT_BACK[1] and _NEGATED.search(norm[: match.start()])
            if part.strip() and not negated:  # "can't keep the boots" keeps nothing back
                parts.append(part)
                spans.append(match.span())
    for verb in _BEHALTEN.finditer(norm):
        part = _CLAUSE_END.split(norm[max(0, verb.start() - 80) : verb.start()])[-1]
        if part.strip() and not _NEGATED.search(part):  # "die Stiefel nicht behalten"
            parts.append(part)
            spans.append((verb.start() - len(part), verb.end()))
    gone = {i for begin, end in spans for i in range(begin, end)}  # spans may overlap
    return parts, "".join(" " if i in gone else c for i, c in enumerate(norm))


def thing_kept(masked: str) -> bool:
    """A part kept back names a thing by a name of its own ("the zither"), not the order's."""
    lead = re.match(rf"\s*(?:{_ARTICLE})\s*", masked)
    return bool(lead) and bool(set(_name(masked[lead.end() :])) - NOT_A_THING)


# Every unit but those kept back: "all", "todo", "tout", "alles", "the rest".
ALL_OF = re.compile(
    r"\b(?:everything|all|rest|todo|todos|todas|resto|tout|tous|toutes|alles|alle)\b"
)
# Some units, none named: "some of the items", "a few things", "algunos artículos", "quelques
# articles", "ein paar Sachen", "half of it".
SOME = re.compile(
    r"\b(?:some|a few|a couple|several|half|algun[oa]s|varios|varias|la mitad|unos cuantos"
    r"|unas cuantas|quelques|certains|certaines|plusieurs|la moiti[ée]|une partie|ein paar|einige"
    r"|manche|mehrere|die h[äa]lfte|einen teil)\b"
)
# One unit described, not named: "the thing that broke", "el que se rompió", "celui qui fuit",
# "das Teil, das kaputt ist".
THE_ONE = re.compile(
    r"\b(?:(?:the (?:thing|item|product|article|one)|el (?:art[íi]culo|producto)|la cosa|le truc"
    r"|l'article|le produit|das teil|das ding|den artikel|das produkt|der artikel)\s*,?\s+"
    r"(?:that|which|i|we|que|qui|das|der|den|die)|el que|la que|celui|celle)\b"
)

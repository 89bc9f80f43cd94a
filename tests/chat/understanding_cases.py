"""Shoppers' requests in four languages, none of them in the corpus: three per intent."""

from __future__ import annotations

ADDR = "5 Main St, Springfield, IL 62701, US"

CASES: dict[str, dict[str, tuple[str, str, str]]] = {
    "en": {
        "list_orders": (
            "could you pull up everything I've ordered so far",
            "what have I been ordering from you lately?",
            "show me a list of my past orders",
        ),
        "order_status": (
            "has CM-7855 left the warehouse yet?",
            "any idea when order CM-7855 gets here",
            "what's happening with my parcel CM-7855",
        ),
        "cancel_order": (
            "I don't want order CM-7890 anymore",
            "please call off CM-7890, I bought it by accident",
            "i'd like CM-7890 cancelled before it goes out",
        ),
        "change_order_address": (
            f"ship CM-7890 to my office at {ADDR} please, not home",
            f"deliver my pending order CM-7890 to {ADDR} instead",
            f"I need CM-7890 shipped to my new flat at {ADDR}",
        ),
        "return_items": (
            "can I get a refund for CM-7712? it doesn't fit",
            "the stuff in CM-7712 is not what was described, i want to send it back",
            "i want my money back for CM-7712, the boots came damaged",
        ),
        "exchange_items": (
            "please swap the water bottles from CM-7712 for red ones",
            "could I trade the bottle in CM-7712 for the red version",
            "the bottle in CM-7712 should be red instead, can you exchange it",
        ),
        "change_payment": (
            "can CM-7890 be paid with paypal instead",
            "charge my gift card for CM-7890 instead",
            "I'd like to settle CM-7890 using my paypal",
        ),
        "change_default_address": (
            f"my default address should be {ADDR} from now on",
            f"the address saved on my account should now be {ADDR}",
            f"update the home address on my profile: {ADDR}",
        ),
        "profile": (
            "which payment methods do I have on file",
            "what details do you have saved for my account",
            "could you show me the profile you hold for me",
        ),
        "gift_card_balance": (
            "what's still on my gift cards",
            "how much gift card money do I have left to spend",
            "tell me the remaining balance of my gift card please",
        ),
        "products": (
            "I'm after a good pair of headphones",
            "what kind of lamps do you carry",
            "any camping gear under $80?",
        ),
        "handoff": (
            "can someone call me about CM-7855",
            "I'd really like a human to deal with this",
            "put me in touch with one of your staff please",
        ),
        "yes": ("yes, please go ahead", "sure thing, do that", "yep, sounds right"),
        "no": ("no, leave it", "nah, not that", "nah, let's leave things as they are"),
        "greeting": (
            "hey there, good morning",
            "hello, anyone around?",
            "hey there, hope your day is going well",
        ),
        "thanks": ("thanks, that's all I needed", "cheers for the help", "great, thank you, bye"),
        "help": (
            "what sort of things can you help with",
            "how do I use this assistant",
            "I'm new here, what sort of things can you handle?",
        ),
        "out_of_scope": (
            "what's the forecast for tomorrow",
            "tell me a funny story",
            "who won the world cup",
        ),
    },
    "es": {
        "list_orders": (
            "¿me sacas un listado de mis compras de este año?",
            "quiero ver la lista de mis compras",
            "necesito el historial completo de mis pedidos",
        ),
        "order_status": (
            "dónde anda mi pedido CM-7855?",
            "¿por dónde anda el paquete CM-7855?",
            "en qué estado está el pedido CM-7855",
        ),
        "cancel_order": (
            "ya no quiero el pedido CM-7890, anúlalo",
            "cancela el CM-7890 por favor, me equivoqué",
            "olvidaos del pedido CM-7890, ya no me hace falta",
        ),
        "change_order_address": (
            f"manda el pedido CM-7890 a otra dirección: {ADDR}",
            f"cambia la dirección de envío del CM-7890 a esta: {ADDR}",
            f"el pedido CM-7890 tiene que ir a otra dirección: {ADDR}",
        ),
        "return_items": (
            "quiero devolver el pedido CM-7712, no me queda bien",
            "me pueden reembolsar el CM-7712? llegó roto",
            "devolución del CM-7712 por favor, no es lo que pedí",
        ),
        "exchange_items": (
            "quiero cambiar la water bottle del CM-7712 por una roja",
            "me cambias la bottle del pedido CM-7712 por la roja?",
            "cambio de la water bottle en CM-7712 por una roja por favor",
        ),
        "change_payment": (
            "prefiero abonar el CM-7890 mediante paypal",
            "cambia el método de pago del CM-7890 a paypal",
            "cobra el CM-7890 a mi paypal en vez de la tarjeta",
        ),
        "change_default_address": (
            f"cambia mi dirección predeterminada a esta: {ADDR}",
            f"mi dirección de la cuenta ahora es: {ADDR}",
            f"actualiza la dirección de mi perfil: {ADDR}",
        ),
        "profile": (
            "¿qué datos tenéis de mí en la cuenta?",
            "muéstrame los datos de mi cuenta",
            "quiero ver mi perfil",
        ),
        "gift_card_balance": (
            "¿me queda algo de saldo en el cheque regalo?",
            "saldo de mi tarjeta de regalo?",
            "consulta el saldo disponible de mi tarjeta de regalo, porfa",
        ),
        "products": (
            "busco unos auriculares buenos",
            "tienen lámparas de escritorio?",
            "recomiéndame algo para acampar",
        ),
        "handoff": (
            "prefiero hablar con una persona de verdad",
            "necesito que una persona me llame, es por el CM-7855",
            "pásame con un agente humano",
        ),
        "yes": ("sí, adelante con eso", "venga, sí, procede", "sí, así está perfecto"),
        "no": ("no, déjalo como está", "no gracias, mejor no", "uy no, déjalo estar"),
        "greeting": (
            "hola, buenos días a todos",
            "buenas tardes, ¿hay alguien?",
            "¡muy buenas tardes!",
        ),
        "thanks": (
            "muchas gracias, eso es todo",
            "gracias por toda la ayuda",
            "genial, gracias, adiós",
        ),
        "help": (
            "¿en qué cosas me puedes echar una mano?",
            "cómo funciona este asistente",
            "necesito ayuda, qué opciones hay",
        ),
        "out_of_scope": (
            "qué tiempo hará mañana",
            "inventa un chiste sobre gatos",
            "quién ganó el partido ayer",
        ),
    },
    "fr": {
        "list_orders": (
            "montre-moi toutes mes commandes",
            "qu'est-ce que j'ai commandé jusqu'ici ?",
            "la liste de mes achats svp",
        ),
        "order_status": (
            "elle en est où, la commande CM-7855 ?",
            "quand est-ce que la CM-7855 arrive",
            "elle en est où, la CM-7855 ?",
        ),
        "cancel_order": (
            "je ne veux plus de la commande CM-7890, annulez-la",
            "annulez la CM-7890 s'il vous plaît",
            "je voudrais annuler ma commande CM-7890, erreur de ma part",
        ),
        "change_order_address": (
            f"envoyez la commande CM-7890 à une autre adresse : {ADDR}",
            f"changer l'adresse de livraison de la CM-7890 : {ADDR}",
            f"la commande CM-7890 doit partir à cette adresse : {ADDR}",
        ),
        "return_items": (
            "je veux retourner la commande CM-7712, ça ne me va pas",
            "remboursement pour la CM-7712, c'est arrivé cassé",
            "je souhaite renvoyer la commande CM-7712",
        ),
        "exchange_items": (
            "je veux échanger la water bottle de la CM-7712 contre une rouge",
            "je voudrais échanger la bottle de la CM-7712 contre la rouge",
            "est-ce que je peux échanger la water bottle CM-7712 pour une rouge ?",
        ),
        "change_payment": (
            "je préfère régler la CM-7890 par paypal",
            "changez le moyen de paiement de la CM-7890 pour paypal",
            "réglez la CM-7890 par paypal plutôt que par carte",
        ),
        "change_default_address": (
            f"changez mon adresse par défaut : {ADDR}",
            f"la nouvelle adresse de mon compte est : {ADDR}",
            f"mettez à jour l'adresse de mon profil : {ADDR}",
        ),
        "profile": (
            "quels moyens de paiement ai-je enregistrés",
            "affiche toutes les infos de mon compte",
            "je veux voir mon profil",
        ),
        "gift_card_balance": (
            "il me reste quel montant sur mon bon cadeau ?",
            "tu peux vérifier ce qu'il y a encore sur ma carte cadeau ?",
            "il me reste combien sur ma carte cadeau, svp",
        ),
        "products": (
            "je cherche un casque audio",
            "vous vendez des lampes de bureau ?",
            "conseillez-moi quelque chose pour le camping",
        ),
        "handoff": (
            "je veux parler à quelqu'un de chez vous",
            "qu'un conseiller me rappelle pour la CM-7855",
            "passez-moi un humain s'il vous plaît",
        ),
        "yes": ("oui, allez-y", "d'accord, faites-le", "oui, c'est bon pour moi"),
        "no": ("non, laissez tomber", "non merci, pas ça", "non, surtout pas ça"),
        "greeting": (
            "coucou l'équipe, comment allez-vous ce matin ?",
            "bonsoir à toute l'équipe",
            "bonsoir, madame ou monsieur",
        ),
        "thanks": (
            "merci beaucoup, c'est tout",
            "merci pour votre aide précieuse",
            "super merci, au revoir",
        ),
        "help": (
            "que pouvez-vous faire pour moi",
            "quelles sont tes fonctionnalités ?",
            "aide, quelles options ?",
        ),
        "out_of_scope": (
            "quel temps fera-t-il demain",
            "raconte-moi une blague drôle",
            "combien de kilomètres entre Paris et Lyon ?",
        ),
    },
    "de": {
        "list_orders": (
            "was habe ich in den letzten Monaten alles bei euch bestellt?",
            "was habe ich bisher bei euch bestellt?",
            "ich hätte gern eine Übersicht über meine bisherigen Käufe",
        ),
        "order_status": (
            "wo bleibt denn die Bestellung CM-7855?",
            "wann kommt CM-7855 bei mir an",
            "ist die Bestellung CM-7855 schon verschickt?",
        ),
        "cancel_order": (
            "die CM-7890 brauche ich nicht mehr, weg damit",
            "die CM-7890 bitte canceln",
            "storniert mir CM-7890, hab mich vertan",
        ),
        "change_order_address": (
            f"schickt die Bestellung CM-7890 an eine andere Adresse: {ADDR}",
            f"Lieferadresse von CM-7890 ändern: {ADDR}",
            f"die Bestellung CM-7890 soll an diese Adresse gehen: {ADDR}",
        ),
        "return_items": (
            "ich möchte die Bestellung CM-7712 zurückschicken, passt nicht",
            "Geld zurück für CM-7712 bitte, kam kaputt an",
            "Rücksendung für CM-7712, ist nicht wie beschrieben",
        ),
        "exchange_items": (
            "ich will die Water Bottle aus CM-7712 gegen eine rote umtauschen",
            "tauscht die Bottle der Bestellung CM-7712 gegen die rote",
            "kann ich die Water Bottle in CM-7712 gegen eine rote tauschen?",
        ),
        "change_payment": (
            "ich will die Bestellung CM-7890 mit PayPal bezahlen",
            "Zahlungsart von CM-7890 auf PayPal ändern",
            "bucht CM-7890 lieber über mein PayPal ab statt über die Karte",
        ),
        "change_default_address": (
            f"ändert meine Standardadresse: {ADDR}",
            f"die neue Adresse in meinem Konto ist: {ADDR}",
            f"bitte die Adresse in meinem Profil aktualisieren: {ADDR}",
        ),
        "profile": (
            "welche Zahlungsmethoden habe ich hinterlegt",
            "zeig mir meine Kontodaten",
            "ich möchte mein Profil sehen",
        ),
        "gift_card_balance": (
            "wie viel ist noch auf meinem Geschenkgutschein",
            "wie viel ist auf meinem Gutschein noch übrig?",
            "kannst du den Stand meiner Geschenkkarte abfragen?",
        ),
        "products": (
            "ich suche gute Kopfhörer",
            "ich suche eine gute Leselampe für den Schreibtisch",
            "habt ihr Zelte zum Campen?",
        ),
        "handoff": (
            "ich will jetzt mit einem Menschen sprechen",
            "kann mich jemand wegen CM-7855 anrufen",
            "verbinden Sie mich bitte mit einem Mitarbeiter",
        ),
        "yes": ("jo, leg los", "ja gerne, los", "ja, passt so"),
        "no": ("nein, lass es bitte", "nein danke, lieber nicht", "nein, auf keinen Fall"),
        "greeting": ("guten Morgen euch allen", "hallo, wie geht's dir?", "servus, jemand da?"),
        "thanks": (
            "vielen Dank, das war alles",
            "danke dir für deine Hilfe heute",
            "super danke, tschüss",
        ),
        "help": (
            "wobei kannst du mir überhaupt helfen?",
            "wie funktioniert dieser Assistent",
            "Hilfe, welche Optionen gibt es?",
        ),
        "out_of_scope": (
            "wie wird das Wetter morgen",
            "wie wird das Wetter morgen in Hamburg?",
            "kannst du mir ein Rezept für Apfelstrudel geben?",
        ),
    },
}

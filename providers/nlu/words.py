"""The words that differ by language for the entity rules: option values as shoppers write them."""

from __future__ import annotations

# Option values as es/fr/de shoppers write them -> the catalogue's (English) values.
_OPTION_WORDS = """
roja=red rojo=red rouge=red rot=red rote=red roten=red azul=blue bleu=blue bleue=blue blau=blue
blaue=blue negro=black negra=black noir=black noire=black schwarz=black schwarze=black
blanco=white blanca=white blanc=white blanche=white weiss=white weiß=white weisse=white
verde=green vert=green verte=green grün=green gruen=green gris=grey grau=grey
grande=large groß=large gross=large pequeño=small pequeña=small petit=small petite=small klein=small
"""
OPTION_WORDS = dict(pair.split("=") for pair in _OPTION_WORDS.split())

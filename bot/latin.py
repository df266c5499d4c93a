"""Names in Latin script, for claimants the digest shows: 'Володимир Зеленський' ->
'Volodymyr Zelenskyi'.

Pure. Ukrainian follows the country's official transliteration (Cabinet of Ministers, 2010),
the one its passports and its English-language press use; other scripts go through anyascii,
without the apostrophes it writes for soft and hard signs.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from anyascii import anyascii

# The official Ukrainian table: a letter's form at the start of a word, then elsewhere
_UK: dict[str, tuple[str, str]] = {
    "а": ("a", "a"), "б": ("b", "b"), "в": ("v", "v"), "г": ("h", "h"), "ґ": ("g", "g"),
    "д": ("d", "d"), "е": ("e", "e"), "є": ("ye", "ie"), "ж": ("zh", "zh"), "з": ("z", "z"),
    "и": ("y", "y"), "і": ("i", "i"), "ї": ("yi", "i"), "й": ("y", "i"), "к": ("k", "k"),
    "л": ("l", "l"), "м": ("m", "m"), "н": ("n", "n"), "о": ("o", "o"), "п": ("p", "p"),
    "р": ("r", "r"), "с": ("s", "s"), "т": ("t", "t"), "у": ("u", "u"), "ф": ("f", "f"),
    "х": ("kh", "kh"), "ц": ("ts", "ts"), "ч": ("ch", "ch"), "ш": ("sh", "sh"),
    "щ": ("shch", "shch"), "ь": ("", ""), "ю": ("yu", "iu"), "я": ("ya", "ia"),
    "'": ("", ""), "’": ("", ""), "ʼ": ("", ""),
}  # fmt: skip
_SIGNS = re.compile(r"['’ʼ]")


@lru_cache(maxsize=8192)
def latin_name(name: str, lang: str) -> str:
    """A name in Latin script; a name already in it comes back as written."""
    if all(not c.isalpha() or c.isascii() or "LATIN" in unicodedata.name(c, "") for c in name):
        return name
    if lang == "uk":
        return " ".join(_ukrainian(word) for word in name.split(" "))
    return _SIGNS.sub("", anyascii(name))


def _ukrainian(word: str) -> str:
    out: list[str] = []
    start = True
    low = word.lower()
    for k, char in enumerate(word):
        forms = _UK.get(low[k])
        if forms is None:
            out.append(anyascii(char))
            start = not char.isalpha()  # "Шрі-Ланка": a hyphen starts a new word
            continue
        form = forms[0] if start else forms[1]
        if low[k] == "г" and k and low[k - 1] == "з":
            form = "gh"  # "зг" is "zgh", so it is not read as "zh"
        if char.isupper() and form:
            form = form[0].upper() + form[1:]
        out.append(form)
        start = False
    return "".join(out)

"""What an item has said so far, for the claims stage: the people it named, the speakers it
heard and the country it is most about, read sentence by sentence (bot/claims.py) and used to
resolve a claimant (bot/claimants.py). Pure."""

from __future__ import annotations

from dataclasses import dataclass, field
from difflib import SequenceMatcher

from bot.world import Country


@dataclass
class Context:
    """What the item has said so far: people named, speakers heard, its own country."""

    country: Country | None = None  # the country the item is most about
    setting: frozenset[str] = frozenset()  # codes of the countries every item is set in
    sentence: str = ""  # the sentence being read
    text: str = ""  # the whole item, for a referent it names only later
    people: list[tuple[str, str]] = field(default_factory=list)  # (full name, role)
    speakers: list[tuple[str, str]] = field(default_factory=list)  # (claimant, kind)
    group: str = ""  # the last group named: "the two captured fighters"
    subjects: list[str] = field(default_factory=list)  # the first person each sentence named
    filed_in: Country | None = None  # the dateline's country ("MOSCOW, June 12 -")

    def remember_person(self, name: str, role: str) -> None:
        for k, (known, known_role) in enumerate(self.people):
            if known == name:
                self.people[k] = (known, known_role or role)
                return
        self.people.append((name, role))

    def text_before(self) -> str:
        """The item's text before the sentence being read (all of it when the sentence is
        not in it as written; nothing when no sentence is being read)."""
        return self.text.split(self.sentence)[0] if self.sentence else ""

    def text_through(self) -> str:
        """The item's text up to the end of the sentence being read."""
        if self.sentence and self.sentence in self.text:
            return self.text[: self.text.index(self.sentence) + len(self.sentence)]
        return self.text

    def known_words(self) -> frozenset[str]:
        return frozenset(w.lower() for name, _ in self.people for w in name.split())

    def person(self, word: str) -> tuple[str, str] | None:
        """The person a surname (or first name, or a variant spelling) refers to."""
        low = word.lower()
        for name, role in reversed(self.people):
            parts = name.lower().split()
            if low in parts or (len(low) >= 5 and any(similar_names(low, p) for p in parts)):
                return name, role
        return None

    def last_speaker(self, kind: str) -> str:
        for claimant, known in reversed(self.speakers):
            if known == kind:
                return claimant
        return ""


def similar_names(a: str, b: str) -> bool:
    """Transliteration variants of one name: Zelensky / Zelenskyy / Zelenskiy."""
    if a == b:
        return True
    if min(len(a), len(b)) < 5 or a[:4] != b[:4]:
        return False
    return SequenceMatcher(None, a, b).ratio() >= 0.7

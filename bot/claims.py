"""Claims stage: an item's text -> its claims (assertion, claimant, figures). Pure.

Works on news prose in general: reporting verbs ("X said that ..."), "according to X",
quotes with attribution, pronouns and definite descriptions ("the president") resolved
to the last matching person, titles and bodies stripped into "Name (Role)".
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from bot.figures import extract_figures
from bot.models import Claim, Item
from bot.text import split_sentences

_VERBS = (
    "said|says|say|told|tells|stated|states|claimed|claims|claim|alleged|alleges|announced|"
    "announces|accused|accuses|denied|denies|deny|insisted|insists|warned|warns|reported|reports|"
    "disclosed|revealed|reveals|estimated|estimates|asserted|asserts|argued|argues|dismissed|"
    "dismisses|rejected|rejects|confirmed|confirms|added|adds|noted|notes|stressed|stresses|"
    "emphasized|emphasised|emphasizes|explained|admitted|admits|acknowledged|urged|urges|"
    "suggested|suggests|indicated|indicates|believes|believed|wrote|writes|posted|tweeted|"
    "declared|declares|charged|maintained|maintains|assured|reiterated|reiterates|highlighted|"
    "remarked|expressed|denounced|recalled|mentioned|described|commented|underscored|labeled|"
    "labelled|condemned|condemns|contended|conceded|cautioned|predicted|testified|advised|vowed|"
    "pledged|promised|threatened|blamed|welcomed|criticized|criticised|called for|called on|"
    "was convinced|is convinced|expressed his belief|expressed her belief|made a .{0,20}claim|"
    "has said|have said|has claimed|has denied|has rejected|has warned|has accused|have denied"
)
_SPEECH = re.compile(
    r"^(?:said|says|say|stated|states|claimed|claims|told|tells|added|adds|noted|notes|"
    r"estimated|estimates|believes|believed|insisted|insists|warned|warns|stressed|argued|"
    r"indicated|indicates|reported|reports|revealed|disclosed|asserted|admitted|explained|"
    r"confirmed|suggested|maintained|reiterated|assured|wrote|declared|alleged|alleges|"
    r"was convinced|is convinced|expressed his belief|expressed her belief|has said|have said|"
    r"has claimed|announced|mentioned|remarked|highlighted|underscored|emphasized|emphasised)$",
    re.IGNORECASE,
)
_VERB_RE = re.compile(rf"\b(?:{_VERBS})\b", re.IGNORECASE)
_ACCORDING = re.compile(r"\baccording to ([^,.;]+?)(?:,|\.|;|$)", re.IGNORECASE)
_QUOTE_AFTER = re.compile(
    r"^[\"“](?P<quote>.+?)[,.!?]?[\"”],?\s+(?:(?P<verb1>said|says|added|told)\s+(?P<who1>[^,.]+)"
    r"|(?P<who2>[^,.]+?)\s+(?P<verb2>said|says|added|told))",
    re.IGNORECASE,
)
_TAIL_ATTRIB = re.compile(
    r"^(?P<claim>.{25,}?),\s+(?:(?P<who1>[^,]{2,60}?)\s+(?:said|says|told \w+|added|claimed|warned)"
    r"|(?:said|says|added)\s+(?P<who2>[^,]{2,60}?))\s*(?:,[^.]*)?\.?$",
)
_PRONOUNS = {"he", "she", "him", "her", "they", "them"}
_TITLES = {
    "president", "prime", "minister", "foreign", "defence", "defense", "spokesman", "spokeswoman",
    "spokesperson", "spokespeople", "secretary", "general", "gen", "col", "colonel", "lt", "mr",
    "mrs", "ms", "dr", "chief", "commander", "head", "deputy", "ambassador", "envoy", "official",
    "senator", "sen", "rep", "representative", "governor", "mayor", "chancellor", "king", "queen",
    "leader", "director", "adviser", "advisor", "ombudsman", "state", "press", "vice", "former",
    "national", "security", "council", "department", "ministry", "office", "intelligence",
    "military", "army", "navy", "newspaper", "agency", "kremlin", "presidential", "chairman",
    "lawmaker", "mp", "analyst", "expert", "professor", "journalist", "correspondent", "editor",
}
_PERSON_TITLES = {
    "president", "minister", "spokesman", "spokeswoman", "spokesperson", "leader", "official",
    "secretary", "chief", "commander", "ambassador", "envoy", "governor", "mayor", "chancellor",
    "premier", "head", "general", "adviser", "advisor", "diplomat", "ombudsman",
}
_ORG_HEADS = (
    "intelligence|government|authorities|officials|military sources|military|ministry|"
    "foreign ministry|defen[cs]e ministry|army|armed forces|forces|embassy|prosecutors|police|"
    "media|sources|security service|border guards?|general staff|parliament|state department|"
    "pentagon|kremlin|white house|foreign office|ombudsman|commissioner|investigators"
)
_ORG_RE = re.compile(
    rf"\b(?:[Tt]he\s+)?((?:(?:[A-Z][\w.'’-]*|of|for|and)\s+){{0,4}}(?i:{_ORG_HEADS}))\b"
)
_METONYMS = {"kremlin", "beijing", "moscow", "kyiv", "kiev", "washington", "pyongyang",
             "seoul", "new delhi", "kathmandu", "brussels", "nato", "the kremlin"}
_NOT_NAMES = {
    "the", "a", "an", "in", "on", "at", "for", "of", "and", "but", "this", "that", "these", "it",
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january",
    "february", "march", "april", "may", "june", "july", "august", "september", "october",
    "november", "december", "according", "however", "meanwhile", "earlier", "later", "after",
    "while", "since", "when", "as", "some", "one", "two", "he", "she", "they", "we", "i", "his",
    "her", "their", "its", "additional", "previous", "official", "russian", "ukrainian", "chinese",
    "nonetheless", "nevertheless", "moreover", "furthermore", "additionally", "instead", "still",
    "yet", "also", "despite", "although", "though", "consequently", "thus", "then", "now",
}
_BOILERPLATE = re.compile(
    r"^(related sources|total comments|for extended details|read more|advertisement|"
    r"subscribe|sign up|follow us|share this|credited from|key takeaways|\d+ (?:days?|hours?) ago)",
    re.IGNORECASE,
)
_SPLIT_AND = re.compile(
    r",? and (?=(?:(?:he|she|they|it)\s+)?(?:had|has|have|was|were|is|are|did|would|could|will|"
    r"that)\b)",
    re.IGNORECASE,
)
_GROUP_RE = re.compile(
    r"\bthe\s+(?:two|three|four|five|six|\d+)\s+(?:[\w-]+\s+){0,3}?(?:fighters|soldiers|men|women|"
    r"captives|prisoners|detainees|citizens|nationals|recruits|POWs|mercenaries|volunteers)\b"
)
_NAME_RE = re.compile(r"\b([A-Z][a-z'’-]+(?:\s+(?:[A-Z][a-z'’-]+|[A-Z]\.)){0,5})")
_PLACES = {
    "united", "states", "kingdom", "nations", "union", "europe", "european", "russia", "ukraine",
    "china", "korea", "kyiv", "kiev", "moscow", "beijing", "donbas", "donetsk", "luhansk",
    "lugansk", "kursk", "washington", "twitter", "tiktok", "douyin", "telegram", "mandarin",
    "west", "east", "north", "south", "india", "nepal", "america", "africa", "asia", "nato",
    "oblast", "region", "republic", "crimea", "kharkiv", "pyongyang", "seoul", "x", "facebook",
    "youtube", "instagram", "amid", "fighting", "nationals", "citizens", "soldiers", "troops",
}
_ADVERBS = {"further", "also", "later", "then", "again", "previously", "earlier", "repeatedly",
            "reportedly", "allegedly", "once", "even", "had", "has", "have", "himself", "herself"}


@dataclass
class _Context:
    """People named so far in the item, for resolving 'he' and 'the president'."""

    people: list[tuple[str, str]] = field(default_factory=list)  # (name, role)
    group: str = ""  # the last group of people mentioned: "the two captured Chinese fighters"

    def remember(self, name: str, role: str) -> None:
        self.people.append((name, role.lower()))

    def knows(self, name: str) -> bool:
        last = name.split()[-1].lower()
        return any(last in known.lower().split() for known, _ in self.people)

    def full_name(self, name: str) -> str:
        last = name.split()[-1].lower()
        for known, _ in reversed(self.people):
            parts = known.lower().split()
            if parts[-1] == last or parts[0] == last or (
                len(name.split()) == 1 and similar_names(parts[-1], last)
            ):
                return known if len(known) > len(name) else name
        return name

    def resolve(self, phrase: str) -> str:
        words = phrase.lower().split()
        if not self.people:
            return ""
        if words and words[-1] in _PRONOUNS:
            return self.people[-1][0]
        if words and words[0] == "the" and words[-1] in _PERSON_TITLES:
            for name, role in reversed(self.people):
                if role and set(role.split()) & _TITLES:
                    return name
        role_words = {w for w in words if w not in ("the", "a", "this") and not _is_demonym(w)
                      and w not in ("ukrainian", "russian", "former")}
        for name, role in reversed(self.people):
            if role_words and role_words & set(role.split()):
                return name
        return ""


def similar_names(a: str, b: str) -> bool:
    """Transliteration variants: Zelensky / Zelenskyy / Zelenskiy (and the odd typo)."""
    a, b = a.lower(), b.lower()
    if a == b:
        return True
    if min(len(a), len(b)) < 5 or a[:4] != b[:4]:
        return False
    return SequenceMatcher(None, a, b).ratio() >= 0.7


def _names(phrase: str) -> list[tuple[str, str]]:
    """(person name, role) pairs from a phrase like 'Foreign Ministry spokesman Lin Jian'."""
    out: list[tuple[str, str]] = []
    for match in _NAME_RE.finditer(phrase):
        words = match.group(1).split()
        role: list[str] = []
        while len(words) > 2 and (words[0].lower().strip(".") in _TITLES
                                  or words[0].lower() in _NOT_NAMES or _is_demonym(words[0])):
            role.append(words.pop(0))
        if len(words) == 2 and (words[0].lower().strip(".") in _TITLES or _is_demonym(words[0])
                                or words[0].lower() in _NOT_NAMES):
            role.append(words.pop(0))
        if not words or (len(words) == 1 and words[0].lower() in _NOT_NAMES):
            continue
        if any(w.lower() in _TITLES or w.lower() in _PLACES for w in words):
            continue
        before: list[str] = []
        for word in reversed(phrase[: match.start()].split()[-4:]):
            if word.lower().strip(",") in _TITLES or _is_demonym(word):
                before.insert(0, word)
            else:
                break
        full_role = " ".join(before + role).strip(" ,")
        out.append((" ".join(words), full_role))
    return out


_DEMONYMS = {
    "korean", "american", "african", "cuban", "mexican", "venezuelan", "colombian", "nepali",
    "iraqi", "pakistani", "bangladeshi", "yemeni", "somali", "thai", "israeli", "saudi", "chinese",
    "japanese", "vietnamese", "taiwanese", "british", "polish", "irish", "french", "dutch",
    "u.s", "us", "uk", "eu", "un", "german", "european", "western", "north", "south",
}


def _is_demonym(word: str) -> bool:
    w = word.lower().strip(".,")
    return w in _DEMONYMS or (w.endswith("ian") and len(w) > 6 and word[:1].isupper())


def _org(phrase: str) -> str:
    match = _ORG_RE.search(phrase)
    if match:
        org = re.sub(r"^(?:the|a|an)\s+", "", match.group(1).strip(), flags=re.IGNORECASE)
        org = re.sub(r"^(?:some|many|several|other|two|three|senior|top)\s+", "", org, flags=re.I)
        return org[0].upper() + org[1:]
    for word in _METONYMS:
        if re.search(rf"\b{re.escape(word)}\b", phrase, re.IGNORECASE):
            return word.title().replace("The ", "")
    return ""


def _role_org(role: str) -> str:
    """'Chinese Foreign Ministry spokesman' -> 'Chinese Foreign Ministry'."""
    words = [w for w in role.split() if w.lower() not in {"spokesman", "spokeswoman",
                                                         "spokesperson", "former", "the"}]
    text = " ".join(words)
    return text if _ORG_RE.search(text) or "minister" in text.lower() else text


def find_claimant(phrase: str, context: _Context, *, inverted: bool = False) -> str:
    """The person or body named in an attribution phrase; '' when none is found.

    inverted: the phrase follows the verb ('said X when asked ...'), so X comes first.
    """
    phrase = re.split(r"\s+(?:when|who|as|after|while|because|in an?|during)\s+", phrase)[0]
    phrase = phrase.strip(" ,.;:\"“”")
    if phrase.lower() in ("one", "another", "the other", "the second", "the first") and context.group:
        return f"{phrase} of {context.group}"
    words = phrase.split()
    while words and words[-1].lower() in _ADVERBS:
        words.pop()
    phrase = " ".join(words)
    if not phrase:
        return ""
    lower = phrase.lower()
    names = [
        (n, r) for n, r in _names(phrase)
        if len(n.split()) >= 2 or context.knows(n) or lower.endswith(n.lower())
    ]
    if names:
        name, role = names[0] if inverted else names[-1]
        name = context.full_name(name)
        org = "" if role else _org(phrase)
        context.remember(name, role or org)
        label = (_role_org(role) or org).strip(" ,")
        return f"{name} ({label})" if label else name
    lwords = lower.split()
    if lwords and (lwords[-1] in _PRONOUNS or lwords[0] in ("the", "this")):
        resolved = context.resolve(phrase)
        if resolved:
            return resolved
    org = _org(phrase)
    if org:
        return org
    for country in _COUNTRIES:
        if len(lwords) <= 4 and re.search(rf"\b{country}\b", lower):
            return country.title().replace("The ", "the ").replace("Eu", "EU")
    plain = not set(lwords) & {"concerning", "about", "regarding", "from", "on", "in", "with"}
    if 1 <= len(lwords) <= 10 and lwords[0] in _DETERMINERS and _AGENT_NOUNS & set(lwords) \
            and plain:
        descriptive = phrase[0].upper() + phrase[1:]
        context.remember(descriptive, " ".join(lwords))
        return descriptive
    return ""


_COUNTRIES = (
    "united states", "european union", "united nations", "south korea", "north korea", "china",
    "russia", "ukraine", "india", "nepal", "japan", "germany", "france", "britain", "poland",
    "taiwan", "cuba", "kenya", "sri lanka", "nato",
)
_AGENT_NOUNS = {
    "spokesperson", "spokesman", "spokeswoman", "official", "officials", "captive", "captives",
    "prisoner", "pow", "soldier", "soldiers", "fighter", "fighters", "detainee", "man", "woman",
    "men", "women", "resident", "residents", "witness", "witnesses", "source", "sources", "expert",
    "experts", "analyst", "analysts", "one", "other", "citizen", "citizens", "national",
    "nationals", "recruit", "recruits", "commander", "report", "reports", "mother", "father",
    "wife", "relative", "relatives", "family", "lawyer", "volunteer", "volunteers", "mercenary",
    "investigation", "investigators", "journalist", "journalists", "diplomat", "diplomats",
}


_DETERMINERS = {"a", "an", "one", "the", "two", "some", "several", "many", "another", "officials",
                "reports", "experts", "analysts", "witnesses", "residents", "sources", "relatives"}


def _with_spokesperson(claimant: str, sentence: str, context: _Context) -> str:
    """'The Kremlin dismissed ..., with spokesperson Dmitry Peskov saying ...' -> both."""
    if "(" in claimant or " " in claimant.strip() and claimant[0].isupper() and not _org(claimant):
        return claimant
    match = re.search(r"spokes(?:man|woman|person)\s+((?:[A-Z][a-z'’-]+\s?){2,3})", sentence)
    if match:
        name = match.group(1).strip()
        context.remember(name, f"{claimant} spokesperson")
        return f"{name} ({claimant})"
    return claimant


def _finish(text: str) -> str:
    text = re.sub(r"\s+([,.;:])", r"\1", re.sub(r"\s{2,}", " ", text))
    text = re.sub(r",\s*,", ",", text).strip(" ,;:–—-\"“”'")
    text = re.sub(r"^(?:that|on \w+day,?|on \w+day that)\s+", "", text, flags=re.IGNORECASE)
    if not text:
        return ""
    text = text[0].upper() + text[1:]
    return text if text[-1] in ".!?" else text + "."


def _complement(verb: str, rest: str, sentence: str) -> str:
    """What the claimant asserts: the clause after 'said (that)', else the whole sentence."""
    head = " ".join(rest.split()[:10])
    that = re.search(r"\bthat\b", head)
    if that and _SPEECH.match(verb.lower()):
        return rest[rest.index("that", 0) + 4 :] if "that" in rest else rest
    if verb.lower() in _PURE_SPEECH:
        rest = re.sub(
            r"^\s*(?:(?:on )?\w+day|in a [\w ]{0,30}?|during [^,]+?|to [A-Z][^,]+?)?,?\s*", "", rest
        )
        rest = rest.strip(" ,\"“”")
        first = rest.split()[0].lower() if rest.split() else ""
        if len(rest.split()) >= 4 and first not in ("of", "to", "for", "by", "with", "about"):
            return rest
    return sentence


_NOUN_BEFORE = {
    "the", "a", "an", "these", "those", "this", "that", "previous", "his", "her", "their", "its",
    "such", "of", "from", "and", "media", "recent", "earlier", "new", "unconfirmed", "some",
    "about", "many", "other", "press", "news", "to", "several", "widely",
}
_PARTICIPLES = {"alleged", "reported", "claimed", "estimated", "declared", "confirmed", "suspected"}
_PURE_SPEECH = {"said", "says", "say", "told", "tells", "stated", "states", "added", "adds",
                "commented", "wrote", "writes", "claimed", "claims", "insisted", "warned"}


def _find_verb(sentence: str) -> re.Match[str] | None:
    """The first reporting verb that is a verb: not 'these claims', 'previous reports', 'States'."""
    for match in _VERB_RE.finditer(sentence):
        before = sentence[: match.start()].split()
        prev = before[-1].lower().strip(",\"“") if before else ""
        if prev in _NOUN_BEFORE:
            continue
        if match.group(0).lower() in _PARTICIPLES and prev in ("one", "two", "three", "some"):
            continue  # "one alleged Chinese captive": an adjective
        if match.group(0)[0].isupper() and match.start() > 0:
            continue
        return match
    return None


def _attribute(sentence: str, context: _Context) -> tuple[str, str]:
    """(claimant, claim text) for one sentence; claimant '' when the outlet says it itself."""
    quote = _QUOTE_AFTER.match(sentence)
    if quote:
        who = quote.group("who1") or quote.group("who2") or ""
        claimant = find_claimant(who, context, inverted=bool(quote.group("who1")))
        if claimant:
            return claimant, _finish(quote.group("quote"))
    according = _ACCORDING.search(sentence)
    if according:
        claimant = find_claimant(according.group(1), context)
        if claimant:
            rest = (sentence[: according.start()] + " " + sentence[according.end() :]).strip()
            return claimant, _finish(rest)
    verb = _find_verb(sentence)
    lead = sentence[: verb.start()] if verb else ""
    if verb and len(lead.split()) > 16 and len(lead.rsplit(",", 1)[-1].split()) <= 6:
        lead = lead.rsplit(",", 1)[-1]  # "Among the two captured soldiers, ..., Wang disclosed"
    if verb and len(lead.split()) <= 16:
        subject = re.split(r",\s*(?:which|who)\s*$", lead)[0]
        subject = re.sub(r"^.*?,\s+(?=\S+\s+\S+)", "", subject) if subject.count(",") == 1 \
            and not re.search(r",\s*[A-Z][a-z]+ [A-Z][a-z]+,?\s*$", subject) else subject
        claimant = find_claimant(subject, context)
        if claimant:
            claimant = _with_spokesperson(claimant, sentence, context)
            return claimant, _finish(_complement(verb.group(0), sentence[verb.end() :], sentence))
    tail = _TAIL_ATTRIB.match(sentence)
    if tail:
        who = tail.group("who1") or tail.group("who2") or ""
        claimant = find_claimant(who, context, inverted=bool(tail.group("who2")))
        if claimant:
            return claimant, _finish(tail.group("claim"))
    for name, role in _names(sentence):
        if len(name.split()) >= 2:
            context.remember(context.full_name(name), role)
    return "", _finish(sentence)


def _clauses(text: str) -> list[str]:
    """'He had never fired a gun and had paid a broker' -> two claims, each with its subject."""
    parts = _SPLIT_AND.split(text)
    if len(parts) < 2 or any(len(p.split()) < 5 for p in parts):
        return [text]
    subject = re.match(r"^(\w+(?:\s+\w+)?)\s+(?:had|has|have|was|were|is|are|did|would)\b",
                       parts[0], re.IGNORECASE)
    pronoun_led = all(re.match(r"(?:he|she|they|that)\b", p.strip(), re.I) for p in parts[1:])
    if not subject and not pronoun_led:
        return [text]
    out = [_finish(parts[0])]
    for part in parts[1:]:
        part = part.strip()
        if subject and not part.lower().startswith("that"):
            part = f"{subject.group(1)} {part}"
        out.append(_finish(re.sub(r"^that\s+", "", part, flags=re.IGNORECASE)))
    return out


def extract_claims(item: Item, *, max_sentences: int = 60) -> list[Claim]:
    """The item's claims in reading order; the outlet is the claimant of unattributed ones."""
    context = _Context()
    claims: list[Claim] = []
    sentences = split_sentences(item.text)[:max_sentences]
    for position, sentence in enumerate(sentences):
        words = sentence.split()
        if len(words) < 6 or _BOILERPLATE.match(sentence) or sentence.endswith((":", "?")):
            continue
        group = _GROUP_RE.search(sentence)
        if group:
            context.group = group.group(0)
        claimant, text = _attribute(sentence, context)
        for clause in _clauses(text):
            if len(clause.split()) < 5:
                continue
            claims.append(
                Claim(
                    text=clause,
                    claimant=claimant or item.outlet,
                    item_id=item.id,
                    figures=extract_figures(clause),
                    position=position,
                    attributed=bool(claimant),
                )
            )
    return claims

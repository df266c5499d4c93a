"""Claims stage: an item's text -> its claims (assertion, claimant, figures). Pure.

Works on news prose in general: reporting verbs ("X said that ..."), "according to X",
quotes with attribution, pronouns and definite descriptions ("the president") resolved
to the last matching person, titles and bodies stripped into "Name (Role)".
"""

from __future__ import annotations

import re

from bot.claimants import Context, find_claimant, names_in, with_spokesperson
from bot.figures import extract_figures
from bot.models import Claim, Item
from bot.text import split_sentences, word_set

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
    "asked|asks|demanded|demands|requested|appealed|found|finds|concluded|showed|shows|"
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
    r"^(?P<claim>.{25,}?),\s+(?:(?P<who1>[^,]{2,60}?)\s+(?:said|says|told(?: the)? \w+|added|"
    r"claimed|warned|found|concluded|showed)"
    r"|(?:said|says|added)\s+(?P<who2>[^,]{2,60}?))\s*(?:,[^.]*)?\.?$",
)
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


# compiled once: these run on every sentence of every on-topic item
_SPACES = re.compile(r"\s{2,}")
_SPACE_BEFORE_MARK = re.compile(r"\s+([,.;:])")
_DOUBLE_COMMA = re.compile(r",\s*,")
_LEADING_THAT_OR_DAY = re.compile(r"^(?:that|on \w+day,?|on \w+day that)\s+", re.IGNORECASE)
_LEADING_THAT = re.compile(r"^that\s+", re.IGNORECASE)
_THAT = re.compile(r"\bthat\b")
_TRAILING_RELATIVE = re.compile(r",\s*(?:which|who)\s*$")
_COMMA_SPACE = re.compile(r",\s")
_UP_TO_LAST_COMMA = re.compile(r"^.*,\s+(?=\S+\s+\S+)")
_ENDS_WITH_NAME = re.compile(r",\s*[A-Z][a-z]+ [A-Z][a-z]+,?\s*$")
_SUBJECT_AUX = re.compile(
    r"^(\w+(?:\s+\w+)?)\s+(?:had|has|have|was|were|is|are|did|would)\b", re.IGNORECASE
)
_PRONOUN_LED = re.compile(r"(?:he|she|they|that)\b", re.IGNORECASE)


def _finish(text: str) -> str:
    text = _SPACE_BEFORE_MARK.sub(r"\1", _SPACES.sub(" ", text))
    text = _DOUBLE_COMMA.sub(",", text).strip(" ,;:–—-\"“”'")
    text = _LEADING_THAT_OR_DAY.sub("", text)
    if not text:
        return ""
    text = text[0].upper() + text[1:]
    return text if text[-1] in ".!?" else text + "."


def _complement(verb: str, rest: str, sentence: str) -> str:
    """What the claimant asserts: the clause after 'said (that)', else the whole sentence."""
    head = " ".join(rest.split()[:10])
    that = _THAT.search(head)
    if that and _SPEECH.match(verb.lower()):
        return rest[rest.index("that", 0) + 4 :] if "that" in rest else rest
    if verb.lower() in _PURE_SPEECH:
        rest = re.sub(
            r"^\s*(?:(?:on )?\w+day|in a [\w ]{0,30}?|during [^,]+?|to [A-Z][^,]+?)?,?\s*", "", rest
        )
        rest = rest.strip(' ,"“”')
        first = rest.split()[0].lower() if rest.split() else ""
        if len(rest.split()) >= 4 and first not in ("of", "to", "for", "by", "with", "about"):
            return rest
    return sentence


_NOUN_BEFORE = word_set(
    """
    the a an these those this that previous his her their its such of from and media recent
    earlier new unconfirmed some about many other press news to several widely
    """
)
_PARTICIPLES = word_set(
    """
    alleged reported claimed estimated declared confirmed suspected
    """
)
_PURE_SPEECH = word_set(
    """
    said says say told tells stated states added adds commented wrote writes claimed claims
    insisted warned
    """
)


def _find_verb(sentence: str) -> re.Match[str] | None:
    """The first reporting verb that is a verb: not 'these claims', 'previous reports', 'States'."""
    for match in _VERB_RE.finditer(sentence):
        before = sentence[: match.start()].split()
        prev = before[-1].lower().strip(',"“') if before else ""
        if prev in _NOUN_BEFORE:
            continue
        if match.group(0).lower() in _PARTICIPLES and prev in ("one", "two", "three", "some"):
            continue  # "one alleged Chinese captive": an adjective
        if match.group(0)[0].isupper() and match.start() > 0:
            continue
        return match
    return None


def _speaker(match: re.Match[str] | None, context: Context, *, inverted_group: str) -> str:
    """The claimant named in a quote or tail attribution ('…,' said X / X said)."""
    if match is None:
        return ""
    who = match.group("who1") or match.group("who2") or ""
    return find_claimant(who, context, inverted=bool(match.group(inverted_group)))


def _attribute(sentence: str, context: Context) -> tuple[str, str]:
    """(claimant, claim text) for one sentence; claimant '' when the outlet says it itself."""
    quote = _QUOTE_AFTER.match(sentence)
    claimant = _speaker(quote, context, inverted_group="who1")
    if quote and claimant:
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
        subject = _TRAILING_RELATIVE.split(lead)[0]
        clause_commas = len(_COMMA_SPACE.findall(subject))
        subject = (
            _UP_TO_LAST_COMMA.sub("", subject)
            if clause_commas == 1 and not _ENDS_WITH_NAME.search(subject)
            else subject
        )
        claimant = find_claimant(subject, context)
        if claimant:
            claimant = with_spokesperson(claimant, sentence, context)
            rest = sentence[verb.end() :]
            before = lead[: len(lead) - len(subject.rstrip()) - 1].rstrip(" ,")
            if len(rest.split()) < 4 and len(before.split()) >= 5:
                return claimant, _finish(before)  # "…, one of the men told the BBC."
            return claimant, _finish(_complement(verb.group(0), rest, sentence))
    tail = _TAIL_ATTRIB.match(sentence)
    claimant = _speaker(tail, context, inverted_group="who2")
    if tail and claimant:
        return claimant, _finish(tail.group("claim"))
    for name, role in names_in(sentence):
        if len(name.split()) >= 2:
            context.remember(context.full_name(name), role)
    return "", _finish(sentence)


def _clauses(text: str) -> list[str]:
    """'He had never fired a gun and had paid a broker' -> two claims, each with its subject."""
    parts = _SPLIT_AND.split(text)
    if len(parts) < 2 or any(len(p.split()) < 5 for p in parts):
        return [text]
    subject = _SUBJECT_AUX.match(parts[0])
    pronoun_led = all(_PRONOUN_LED.match(p.strip()) for p in parts[1:])
    if not subject and not pronoun_led:
        return [text]
    out = [_finish(parts[0])]
    for part in parts[1:]:
        part = part.strip()
        if subject and not part.lower().startswith("that"):
            part = f"{subject.group(1)} {part}"
        out.append(_finish(_LEADING_THAT.sub("", part)))
    return out


def extract_claims(item: Item, *, max_sentences: int = 60) -> list[Claim]:
    """The item's claims in reading order; the outlet is the claimant of unattributed ones."""
    context = Context()
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

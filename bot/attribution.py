"""Attribution, for the claims stage: who a sentence says is speaking, and what they assert.

Pure. Follows how news prose attributes: a quote and its speaker, "according to X",
a tail attribution ("..., the ministry said."), or the grammatical subject of a reporting
verb ("X said on Friday that ...", "X was quoted by local media as saying ...", "X urged
..."). The speaker comes back as written; bot/claimants.py turns it into a claimant.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from bot.clauses import (
    AGE_AFTER,
    DETERMINERS,
    INTRO,
    NOUN_BEFORE,
    NOUN_MAKERS,
    PREPOSITIONS,
    complement,
    has_finite,
    has_predicate,
    is_clause,
    lead_subject,
    speaker_like,
    without_asides,
    words_of,
)
from bot.reporting import Reporting

# (with the marks of other languages too: «...», „...“)
_QUOTE_FIRST = re.compile(r"^[\"“«„](?P<q>[^\"“”«»„]{12,}?)[,.!?]?[\"”»“],?\s+(?P<rest>.+)$")


# the end of a quotation whose first sentences went before: '... accountable," he said.'
_QUOTE_END = re.compile(r"^(?P<q>[^\"“”«»„]{12,}?)(?:[,.!?]?[\"”»]|[,.!?]['’]),?\s+(?P<rest>.+)$")


# a closing single mark: after the quotation's last mark, before a space or the end ("... a
# rifle,' she said"); an apostrophe inside a word is followed by a letter
_SINGLE_CLOSE = re.compile(r"[,.!?]['’](?=\s|$)")


# a quotation in single marks, as British and Commonwealth papers write them: "'We were
# tricked,' he said", "He said: 'We were tricked.'"
_SINGLE_QUOTED = re.compile(
    r"^(?P<lead>(?:[^'‘’\"“”]{0,140}?[:,]\s*)?)['‘](?P<q>[^\"“”]{12,}?[,.!?])['’](?=\s|$)"
)


_CITED_AFTER = re.compile(r"^(?P<who>[^,;:]{2,80}?)\s+(?:was|were)\s+(?:quoted|cited)\b")


_OPENING_MARK = re.compile(r"(?:^|\s)[\"“«„]")


# "X said: "..."", "X commented, "..."": the quote after the speaker and verb
_COLON_QUOTE = re.compile(
    r"^(?P<who>[^\"“«„:]{3,140}?)[:,]\s*[\"“«„](?P<q>[^\"”»“]{12,}?)[,.]?[\"”»“]?"
    r"(?:,?\s+[a-z]+ing\b[^\"“”]*)?\.?$"  # '..., "...," pushing back against ...'
)


_COMMA = re.compile(r",\s")


# verbs that name a listener before what is said: "told reporters that", "assured them"
_TELL_VERBS = frozenset(
    "told tells tell informed informs inform assured assures assure reminded reminds remind "
    "briefed briefs brief warned warns warn advised advises advise".split()
)


_WHICH = re.compile(r",\s+(?:which|who)\s*$")


# "Cited on Wednesday by X, at least 155 ...": X speaks
_CITED = re.compile(
    r"^(?:as\s+)?(?:cited|quoted|reported)\s+(?:[\w ]{0,20}?\s)?by\s+(?P<who>[^,]{3,80}),\s*"
    r"(?P<q>.{15,})$",
    re.IGNORECASE,
)


# when the speaker spoke, closing what they said: "..., hours after Russia announced ..."
_WHEN_SAID = re.compile(
    r",\s+(?:(?:only|just|shortly|barely)\s+)?(?:hours|days|weeks|minutes|a day|a week|"
    r"two days|three days|a few days|a month)\s+(?:after|before)\s+[^,;]+[.!]?$"
    # "..., after Moscow announced a partial mobilisation": when the speaker spoke
    r"|,\s+after\s+(?-i:[A-Z])[\w'’.-]*(?:\s+(?-i:[A-Z])[\w'’.-]*){0,3}\s+(?:announced|ordered|"
    r"declared|began|launched|launching)\b[^,;]*[.!]?$",
    re.IGNORECASE,
)


# "said seven had died and that ...": a first clause, not an aside, before "that"
_AND_THAT = re.compile(r"\s(?:and|but)\s+that\s$", re.IGNORECASE)


# "said A and urged B": a second act of the speaker's, never one of A's subject
_AND_ACT = re.compile(
    r",?\s+and\s+(?P<act>(?:urged|called\s+on|called\s+for|warned|appealed|vowed|pledged|"
    r"demanded|criticised|criticized|condemned|thanked|expressed|welcomed)\s)"
)


_JOINED_THAT = re.compile(r"\s+(and|but)\s+that\s+", re.IGNORECASE)


# a reported clause's second claim, by the same speaker
_SECOND_CLAIM = re.compile(
    r"(?:,\s+and\s+that|,\s+(?:adding|saying|noting|warning|stressing|insisting)(?:\s+that)?)\s+",
    re.IGNORECASE,
)


# participles that assert a clause of the speaker's, "that" or not: "..., claiming the man had"
_ASSERTING = "claiming|arguing|asserting|alleging"
_ADDING = re.compile(
    r"^,\s+(?:adding|saying|noting|warning|stressing|insisting|explaining|confirming|"
    rf"{_ASSERTING})"
    r"\s+(?:that\s+)?",
    re.IGNORECASE,
)


_CITED_TAIL = re.compile(
    r",\s+(?P<who>[^,;]{3,80}?)\s+(?:was|were)\s+(?:quoted|cited)\s+(?:by\s+[^,;]+?\s+)?"
    r"as\s+saying(?:\s+by\s+[^,;]+?)?\s*[.]?$"
)


_NAMING_HIM = re.compile(
    r"^,\s+(?:identifying|naming)\s+(?:him|her|them|the\s+\w+)\s+as\s+(?P<who>[^;]+)$", re.I
)


_CITING_ASIDE = re.compile(r"^,\s+(?:citing|quoting)\s+[^,;]{2,60},\s+(?=that\s)")


# a noun the "that" clause belongs to: what is denied, reported or alleged is no one's claim
_DENIAL = re.compile(
    r"\b(?:denials?|rejections?|dismissals?|refutations?|reports|claims|allegations|rumou?rs|"
    r"accusations|suggestions|assertions)\s+(?:\w+\s+){0,2}that\s*$",
    re.IGNORECASE,
)


_ADDING_AFTER = re.compile(
    r",\s+(?:(?:adding|noting|stressing|insisting|explaining|saying)\s+that\s+"
    # "..., claiming the man had joined of his own free will": a clause, "that" or not
    rf"|(?:{_ASSERTING})\s+(?:that\s+)?"
    r"(?=(?:the|a|an|he|she|they|it|his|her|their|[A-Z0-9])\S*\s))(?=\S+\s+\S+\s+\S)"
)


# "..., the ministry said, urging citizens to ...": what the speaker did besides, not a claim
_URGING = re.compile(
    r"^,\s+(?:urging|calling|describing|accusing|identifying|naming)\b", re.IGNORECASE
)


_URGED_PAST = {
    "urging": "urged",
    "calling on": "called on",
    "calling for": "called for",
    "appealing to": "appealed to",
}
_URGED = re.compile(
    r"^,\s+(?P<verb>"
    + "|".join(v.replace(" ", r"\s+") for v in _URGED_PAST)
    + r")\s+(?P<rest>.{12,})$",
    re.IGNORECASE,
)


_NOUN_VERBS: dict[str, frozenset[str]] = {
    **dict.fromkeys(("claim", "claims", "report", "reports", "post", "posts"), PREPOSITIONS),
    **dict.fromkeys(("note", "notes", "comment", "comments"), PREPOSITIONS),
}


# "called his mother", "called home": whom a person telephoned
_PHONED = re.compile(
    r"\s+(?:home\b|(?:his|her|their|my|our)\s+(?:mother|father|wife|husband|sister|brother|son|"
    r"daughter|family|parents|relatives|girlfriend|boyfriend|friend)s?\b)",
    re.IGNORECASE,
)


_SOURCE_EXTRA = re.compile(r"^,\s+(?:citing|according to|as|speaking)\b", re.IGNORECASE)


_THAT_ANYWHERE = re.compile(r"^[^,.;]{0,60}?\bthat\s", re.IGNORECASE)
_RELATIVE_WORD = re.compile(r"\b(?:who|whose|which)\b")


@dataclass(frozen=True, slots=True)
class Attribution:
    speaker: str  # the phrase naming who speaks, as written; '' when no one is named
    claim: str  # what is asserted
    kind: str  # quote | according | tail | lead | act | none
    more: str = ""  # a second claim of the same speaker: "..., X said, adding that ..."


# verbs whose past is their bare form: "a spokesman put the figure at ..." is a predicate
_SAME_IN_PAST = frozenset("put set cut hit let cast spread read bid".split())


# participles that say who someone is: "a man identified as ..." is no predicate
_NAMING = frozenset("identified named known listed registered described introduced".split())


def _quote(sentence: str, lang: Reporting, known: frozenset[str]) -> Attribution | None:
    match = _QUOTE_FIRST.match(sentence)
    if match is None and not _OPENING_MARK.search(sentence):
        match = _QUOTE_END.match(sentence)  # the last sentence of a quotation: no opening
    if match:
        rest = match.group("rest").rstrip(" .")
        cited = _CITED_AFTER.match(rest)  # '"...," al-Saadi was quoted as saying by INA'
        if cited and speaker_like(cited.group("who"), lang, known=known):
            return Attribution(without_asides(cited.group("who"), lang), match.group("q"), "quote")
        verbs = lang.verbs_in(rest)
        if verbs and lang.is_speech(verbs[0][2]):
            # ", – заявив X": the dash other languages put between quote and verb
            before, after = rest[: verbs[0][0]].strip(" ,–—"), rest[verbs[0][1] :].strip(" ,")
            # "'...,' he said, adding that 18 others were missing": a second claim of theirs
            tail = rest[verbs[0][1] :]
            adding = _ADDING_AFTER.search(tail) if lang.lang == "en" else None
            more = tail[adding.end() :].strip(" .") if adding else ""
            after = re.split(
                r",?\s+(?:who|whose|adding|saying|as|when|after|while|before)\b", after
            )[0]
            after = AGE_AFTER.sub("", after)  # "said Sita Gurung, 52": her name
            if lang.lang != "en":
                after = name_ends(after, lang)  # "— заявил Песков журналистам"
                pronoun = _VERB_PRONOUN.search(verbs[0][2])
                after = after or (pronoun.group(1) if pronoun else "")  # "», a-t-il déclaré"
            if not before and after and speaker_like(after, lang, known=known):
                return Attribution(without_asides(after, lang), match.group("q"), "quote", more)
            if before and speaker_like(before, lang, known=known):
                return Attribution(without_asides(before, lang), match.group("q"), "quote", more)
    colon = _COLON_QUOTE.match(sentence)
    if colon:
        lead = colon.group("who")
        verbs = lang.verbs_in(lead)
        if verbs:
            who = lead_subject(lead[: verbs[-1][0]], lang, known).lstrip("@")
            if who:
                return Attribution(who, colon.group("q"), "quote")
    return None


_APPOSITION = re.compile(r"\s*(?P<role>[^,.;]{3,80}),\s+")


def _is_role(phrase: str, lang: Reporting) -> bool:
    """'commander of the Georgian Legion', 'a spokesman for the ministry': what a speaker is,
    no verb of its own."""
    ws = phrase.split()
    head = ws[1] if ws[0] in ("a", "an", "the") and len(ws) > 1 else ws[0]
    return (
        head.islower()
        and head in lang.titles  # ("the defendants, identified as ...": who it is about)
        and not any(w.lower() in lang.finite for w in ws)
    )


# "the ministry's figures", "the group's own count": who keeps the record is the source
_TALLY = re.compile(
    r"^(?:(?P<owner>.+?)['’]s?|(?:an?|the)\s+(?P<maker>[A-Z][^,;:]+?))\s+"
    r"(?:own\s+|latest\s+|official\s+)?(?:count|counts|figures|"
    r"tally|data|records|estimate|estimates|statistics|numbers|calculations)$",
)


def _according(sentence: str, lang: Reporting, known: frozenset[str]) -> Attribution | None:
    cited = _CITED.match(sentence)
    if cited and speaker_like(cited.group("who"), lang, known=known):
        return Attribution(without_asides(cited.group("who"), lang), cited.group("q"), "according")
    match = lang.according_re.search(sentence)
    if not match:
        return None
    who_end = re.search(r"[,.;]|\s(?:which|who|that)\s|\s[–—-]\s|$", sentence[match.end() :])
    assert who_end is not None
    who = sentence[match.end() : match.end() + who_end.start()].strip()
    after = sentence[match.end() + who_end.end() :]
    if who_end.group(0).strip() in ("which", "who", "that"):
        # "..., according to a news agency that saw them.": the relative clause is the
        # speaker's, up to its comma; the claim resumes after it, if at all
        relative = re.search(r"[,;]|$", after)
        assert relative is not None
        after = after[relative.end() :]
    if lang.lang != "en" and match.start() == 0 and who_end.group(0) in ("", "."):
        # "Laut dem Ministerium sind rund 20 ...": with no comma, the speaker ends at the
        # verb, which stands before its subject; the whole sentence is the claim
        words = who.split()
        verb = next((k for k, w in enumerate(words) if w.lower() in lang.finite), 0)
        who = " ".join(words[:verb])
        if who and speaker_like(who, lang, known=known):
            return Attribution(without_asides(who, lang), sentence, "according")
    tally = _TALLY.match(who)
    if tally:
        # "according to the battalion's count", "according to a Reuters tally": who counts
        who = tally.group("owner") or tally.group("maker")
    document = bool(re.fullmatch(r"(?:the|a|an|its|their)\s+[a-z]+", who))  # "the indictment"
    if not who or not (speaker_like(who, lang, known=known) or document):
        return None
    role = _APPOSITION.match(after) if who_end.group(0) == "," else None
    if role and _is_role(role.group("role"), lang):
        # "According to X, commander of the Y, 48 have died": the role is the speaker's
        who, after = f"{who}, {role.group('role')}", after[role.end() :]
    rest = (sentence[: match.start()] + " " + after).strip()
    rest = re.sub(r"\s*,\s*(?=[.,]|$)", "", rest).strip(" ,.")
    if not is_clause(rest, lang):
        return None
    return Attribution(without_asides(who, lang), rest, "according")


def _without_tail(text: str, lang: Reporting) -> str:
    """A reported clause without the attribution that closes the sentence around it."""
    commas = [m.start() for m in _COMMA.finditer(text)][-2:]
    for pos in commas:
        tail = lang.tail_re.match(text, pos)
        if tail and is_conduit(tail.group("who"), lang):  # only a channel's, not a speaker's
            return text[:pos]
        source = lang.according_re.match(text, pos + 2)
        if source and is_conduit(text[source.end() :].strip(" ."), lang):
            return text[:pos]  # "..., according to a video the brigade posted": the channel
    return text


def _tail(sentence: str, lang: Reporting, known: frozenset[str]) -> Attribution | None:
    # tried from the last few commas only: a search from every position backtracks a lot
    commas = [m.start() for m in _COMMA.finditer(sentence)][-4:]
    match = next(
        (m for pos in commas if (m := lang.tail_re.match(sentence, pos)) is not None), None
    )
    if not match:
        cited = _CITED_TAIL.search(sentence) if " as saying" in sentence else None
        if cited and is_clause(sentence[: cited.start()], lang):
            # "..., X was quoted as saying by the news agency": X speaks, through the agency
            who = cited.group("who")
            if speaker_like(who, lang, known=known):
                return Attribution(without_asides(who, lang), sentence[: cited.start()], "tail")
        return _inverted_tail(sentence, lang, known)
    who, after = match.group("who"), match.group("after") or ""
    if lang.according_re.match(who):
        return None  # "..., according to a video the brigade posted": no tail, a source
    claim = sentence[: match.start()].strip(" ,")
    if has_finite(after, lang) or len(words_of(after)) > 8:
        return None
    short = words_of(claim)
    # "He pleaded guilty, they said": three words whose pronoun the item names later
    # ("Restrepo pleaded guilty"); a claim still has to be whole once it is resolved
    claim_ok = is_clause(claim, lang) or (
        len(short) == 3 and short[0] in ("he", "she", "they") and short[1] not in NOUN_BEFORE
    )
    # "the Dniester Company, a unit formed by exiles,": the name before its description
    named = who.split(",")[0] if "," in who else who
    if not claim_ok or not (
        speaker_like(who, lang, known=known) or speaker_like(named, lang, known=known)
    ):
        return None
    extra = match.group("extra") or ""
    adding = _ADDING.match(extra)
    more = extra[adding.end() :].strip(" .") if adding else ""
    urged = _URGED.match(extra) if extra and not more and lang.lang == "en" else None
    if urged and not lang.pronoun_kind.get(who.lower()):
        # "..., the ministry said, urging families to report ...": the ministry's own call,
        # written with the ministry as its subject
        done = _URGED_PAST[" ".join(urged.group("verb").lower().split())]
        more = f"{who} {done} {urged.group('rest').strip(' .')}"
    named = _NAMING_HIM.match(extra) if extra else None
    if named:
        # "..., the unit said, identifying him as X": who the claim is about
        claim = f"{claim}, identified as {named.group('who').rstrip(' .')}"
    elif extra and not adding and not _SOURCE_EXTRA.match(extra) and not _URGING.match(extra):
        claim = claim + extra.rstrip(" .")  # the claim goes on after its tail
    return Attribution(without_asides(who, lang), claim, "tail", more=more)


# "The department, he said, had filed charges", "X trained as a nurse and, friends say,
# spent ...": the attribution inside the clause it reports, after any of its commas
_PARENTHETICAL = re.compile(r",\s+(?P<who>[^,;:]{2,60}?)\s+(?P<verb>\w+),\s+(?P<b>.+)$")


def _parenthetical(sentence: str, lang: Reporting, known: frozenset[str]) -> Attribution | None:
    for comma in _COMMA.finditer(sentence):
        if not 3 <= comma.start() <= 200:
            continue
        found = _PARENTHETICAL.match(sentence, comma.start())
        if found is not None and found.group("verb").lower() in lang.said_forms:
            return _inside(sentence[: comma.start()], found, lang, known)
    return None


def _inside(
    before: str, found: re.Match[str], lang: Reporting, known: frozenset[str]
) -> Attribution | None:
    after = found.group("b")
    predicate = has_predicate(after, lang)
    # "X docked on Friday, the ministry said, the largest shipment ...": an apposition keeps
    # its comma; a predicate ("trained as a nurse and, friends say, had been ...") none
    who, claim = found.group("who"), f"{before}{' ' if predicate else ', '}{after}"
    if ";" in before or ":" in before:
        return None
    if lang.verbs_in(before) or words_of(before)[-1:] in (["who"], ["which"], ["that"]):
        return None  # "X said it was ... nationals who, it said, had ...": X's, whole
    verb = words_of(after)[:1]
    if (
        not verb
        or verb[0].endswith("ing")
        or verb[0] in PREPOSITIONS
        or verb[0] in lang.subordinators
        or not (predicate or has_predicate(claim, lang, whole=True))
    ):
        return None  # the clause goes on with its verb ("had filed"), not "urging families"
    if not speaker_like(who, lang, known=known):
        return None
    return Attribution(without_asides(who, lang), claim.rstrip(" ."), "tail")


def name_ends(who: str, lang: Reporting) -> str:
    """An inverted speaker up to where its name ends: 'Mwangi am Montag in Nairobi' ->
    'Mwangi', 'Песков журналистам' -> 'Песков' (a small word or a listener after a name)."""
    words = who.split()
    small = frozenset(str(w) for w in (lang.figures or {}).get("stop", []))  # type: ignore[attr-defined]
    for k in range(1, len(words)):
        if words[k - 1][:1].isupper() and (
            words[k] in small or lang.listeners_re.match(" ".join(words[k:]))
        ):
            return " ".join(words[:k])
    return who


# "a-t-il déclaré": the speaker is the pronoun inside the verb
_VERB_PRONOUN = re.compile(r"-t-(il|elle|ils|elles)\b", re.IGNORECASE)


def _inverted_tail(sentence: str, lang: Reporting, known: frozenset[str]) -> Attribution | None:
    """'..., – заявив Зеленський.', '..., dijo Pérez.', '..., a-t-il déclaré.', '..., said
    Mark Hensley, a fellow volunteer.': a tail whose verb stands before its speaker."""
    if lang.inverted_tail_re is None:
        return None
    # after the last few commas or dashes, as for the tail above
    marks = [m.start() for m in re.finditer(r",\s|\s[–—]\s", sentence)][-4:]
    match = next(
        (m for pos in marks if (m := lang.inverted_tail_re.match(sentence, pos)) is not None),
        None,
    )
    if not match:
        return None
    who = lang.listeners_re.sub("", match.group("who") or "").strip(" ,")  # "dijo a la prensa X"
    who = name_ends(who, lang)
    if lang.subject_first and who and not (who[:1].isupper() or who.lower().startswith("the ")):
        return None  # "..., said to be the largest": no speaker after the verb
    pronoun = _VERB_PRONOUN.search(match.group("verb"))
    if not who and pronoun:
        who = pronoun.group(1)
    claim = sentence[: match.start()].strip(' ,–—"“”«»„')
    if not who or not is_clause(claim, lang) or not speaker_like(who, lang, known=known):
        return None
    if match.group("role"):
        who = f"{who}{match.group('role')}"  # "Mark Hensley, a fellow volunteer"
    extra = match.group("extra") or ""
    that = lang.that_re.match(extra) if extra and lang.that_re else None
    more = extra[that.end() :].strip(" .") if that else ""  # "..., додав він, що ..."
    return Attribution(without_asides(who, lang), claim, "tail", more=more)


def _lead(
    sentence: str, lang: Reporting, known: frozenset[str], verbs: list[tuple[int, int, str]]
) -> Attribution | None:
    quoted = (
        lang.quoted_re.search(sentence) if " quoted " in sentence or " cited " in sentence else None
    )
    matches: list[tuple[int, int, str]] = []
    if quoted:
        matches.append((quoted.start(), quoted.end(), "was quoted as saying"))
    matches += verbs
    for start, end, verb in sorted(matches):
        lead = sentence[:start]
        if not lead.strip() or len(words_of(lead)) > 24:
            continue
        if verb[:1].isupper():
            continue  # "Says" opening a headline, "Found" as a name: not the predicate
        before = words_of(lead)
        if (
            before
            and before[-1] in NOUN_MAKERS
            and not (len(before) > 1 and before[-2] in ("had", "has", "have", "was", "were"))
        ):
            continue  # "media reports that", "the claims": a noun ("had earlier found": a verb)
        if before and before[-1] in ("who", "which") and any(m[0] > end for m in matches):
            # "the man, who identified himself as X, said": the relative's verb, when the
            # sentence's own comes later ("reports from X, which indicated ...": X speaks)
            continue
        aside = lead.rsplit(", ", 1)[-1] if ", " in lead else ""
        if aside and _RELATIVE_WORD.search(aside) and any(m[0] > end for m in matches):
            # "Relatives of X, the man whose death was confirmed by ..., say": the verb of a
            # relative clause inside the subject, when the sentence's own comes later
            continue
        if (
            len(before) >= 2
            and before[-2] in ("a", "an")
            and lang.lang == "en"
            and not verb.lower().endswith(("s", "ed"))
            and verb.lower() not in lang.said_forms
            and verb.lower() not in lang.irregular
            and verb.lower() not in _SAME_IN_PAST
        ):
            continue  # "In a Telegram post, X said": after "a" and a noun, a bare verb is a noun
        after = words_of(sentence[end : end + 12])[:1]
        if after and (after[0] in lang.speech or after[0] in lang.act) and after[0] != "that":
            continue  # "media reports said": a noun before the verb
        low_verb = verb.lower()
        if low_verb in ("call", "calls", "called") and _PHONED.match(sentence, end):
            continue  # "called his mother", "called home": a telephone call, not words
        if low_verb in _NOUN_VERBS and after and after[0] in _NOUN_VERBS[low_verb]:
            continue  # "face claims over", "claims of abuse": a noun, not the verb
        if low_verb in ("state", "states") and (not after or after[0] != "that"):
            continue  # "state media", "the United States", "the German state": "state that"
        if (
            lead.rstrip().endswith(",")
            and verb.endswith("ed")
            and after
            and after[0]
            in (
                "as",
                "by",
            )
        ):
            continue  # ", identified as ...", ", quoted by ...": a participle, not the predicate
        if (
            verb.lower() in ("named", "called")
            and lang.lang == "en"
            and sentence[end : end + 2].strip()[:1].isupper()
            and before
            and before[-1] not in lang.finite
            and any(m[0] > end for m in matches)
        ):
            continue  # "A Nepali man called Ram Thapa said": who he is, not what he did
        if (
            after in (["by"], ["as"])
            and verb.endswith("ed")
            and before
            and before[-1] not in lang.finite
            and (INTRO.match(lead) or (after == ["as"] and verb.lower() in _NAMING))
            and any(m[0] > end for m in matches)
        ):
            # "In a video released by the unit, the man says", "a man identified as a Nepali
            # citizen says": a participle, whose verb comes later
            continue
        relative = _WHICH.search(lead)
        who = ""
        if relative:
            # "previous reports from the newspaper X, which indicated ...": X speaks
            head = lead[: relative.start()]
            parts = re.split(r"\b(?:from|by|of|in)\s+", head)
            if len(parts) > 1 and speaker_like(parts[-1], lang, known=known):
                who = parts[-1].strip()
        if not who:
            who = lead_subject(lead, lang, known)
        if who.startswith("@"):
            # a speaker inside "after X told ...": only when X's words follow ("that ...")
            who = who[1:] if _THAT_ANYWHERE.match(sentence[end:]) else ""
        if not who and relative:
            head = lead[: relative.start()]
            who = head.strip() if speaker_like(head, lang, known=known) else ""
        if not who:
            continue
        rest = sentence[end:]
        if lang.lang == "en" and rest.startswith(","):
            rest = _CITING_ASIDE.sub(" ", rest, count=1)  # "said, citing sources, that ..."
        if lang.is_speech(verb) or verb == "was quoted as saying":
            that = (lang.that_re or _THAT_ANYWHERE).match(rest)  # "that", "що", "que", "dass"
            if that and _AND_THAT.search(that.group(0)):
                # "said seven had died and that ...": the first clause is no aside before "that"
                that = None
            if that and _DENIAL.search(that.group(0)):
                # "repeated Tehran's denial that it had sent drones": the clause is what is
                # denied, never the claim; the whole sentence is
                return Attribution(who, sentence[len(lead) - len(lead.lstrip()) :], "act")
            tell = verb.lower() in _TELL_VERBS
            said = rest[that.end() :].strip(" ,") if that else complement(rest, lang, tell=tell)
            said = _without_tail(said, lang)  # "X said A, the agency reported": A
            bare = " ".join(verb.lower().split()) in lang.bare or verb == "was quoted as saying"
            explicit = bool(that)
            # another language's "що", "que", "dass" (or a bare verb's comma, "sagte, die
            # Verträge seien ...") opens a clause, whose verb its endings may not show
            clause = lang.lang != "en" and (explicit or (bare and rest.startswith(",")))
            if (
                is_clause(said, lang)
                and (bare or explicit)
                and (clause or has_predicate(said, lang, whole=explicit))
            ):
                if lang.lang == "en":
                    said = _WHEN_SAID.sub("", said)  # "..., hours after Russia announced ..."
                second = _SECOND_CLAIM.search(said) if lang.lang == "en" else None
                if not second:
                    # "said [that] A and that B": one claim, "A and B", that reads as a sentence
                    said = _JOINED_THAT.sub(lambda m: f" {m.group(1)} ", said)
                if second and is_clause(said[second.end() :], lang):
                    # "X said A, adding that B", "X said A, and that B": two claims of X's
                    return Attribution(who, said[: second.start()], "lead", said[second.end() :])
                act = _AND_ACT.search(said) if lang.lang == "en" else None
                if act and is_clause(said[: act.start()], lang):
                    # "X said A and urged B": B is what X did, not what A's subject did; the
                    # act is X's own claim, written with X as its subject
                    done = said[act.start("act") :]
                    named = not lang.pronoun_kind.get(who.lower())
                    more = f"{who} {done}" if named and is_clause(f"{who} {done}", lang) else ""
                    return Attribution(who, said[: act.start()], "lead", more)
                return Attribution(who, said, "lead")
        whole = sentence[len(lead) - len(lead.lstrip()) :]
        return Attribution(who, whole, "act")
    return None


def double_quoted(sentence: str) -> str:
    """The sentence with a quotation in single marks put in double ones."""
    if "'" not in sentence and "‘" not in sentence:
        return sentence
    found = _SINGLE_QUOTED.match(sentence)
    if not found:
        return sentence
    return f"{found.group('lead')}“{found.group('q')}”{sentence[found.end() :]}"


def opens_quotation(sentence: str) -> bool:
    """A sentence that opens a quotation and does not close it."""
    if sentence[:1] == "“":
        return "”" not in sentence
    if sentence[:1] in "'‘":
        return not _SINGLE_CLOSE.search(sentence)
    return sentence[:1] == '"' and sentence.count('"') == 1


def find_attribution(
    sentence: str,
    lang: Reporting,
    *,
    known: frozenset[str] = frozenset(),
    conduits: frozenset[str] = frozenset(),
) -> Attribution:
    """Who the sentence says is speaking and what they assert; kind 'none' when the outlet
    states it itself."""
    return _find_attribution(sentence, lang, known, conduits)


# pure in its inputs: a sentence that recurs (wire copy in several outlets, a feed's stock
# background lines) is read once for the same names in view
@lru_cache(maxsize=65536)
def _find_attribution(
    sentence: str, lang: Reporting, known: frozenset[str], conduits: frozenset[str]
) -> Attribution:
    # each pattern only where its marks are, and only until a speaker who is not a mere
    # channel is found: most sentences have few marks, and the first fitting pattern wins
    verbs = lang.verbs_in(sentence)
    low = sentence.lower()
    # (« » and „ “ in other languages; a closing mark alone ends a quotation begun before)
    quoted = sentence[:1] in '"“«„' or ": " in sentence or "”" in sentence or '," ' in sentence
    quoted = quoted or bool(_SINGLE_CLOSE.search(sentence))

    def patterns() -> Iterator[Attribution | None]:
        yield _quote(sentence, lang, known) if quoted and verbs else None
        yield _parenthetical(sentence, lang, known) if sentence.count(", ") >= 2 else None
        # "за словами", "según": languages with their own "that" list their "according" forms
        if "accord" in low or " by " in low or lang.that_re is not None:
            yield _according(sentence, lang, known)
        yield _tail(sentence, lang, known) if ", " in sentence and verbs else None
        yield _lead(sentence, lang, known, verbs) if verbs or " quoted " in low else None

    # The outer speaker is the claimant ("Russian authorities told us X, the minister said":
    # the minister), unless it is only the channel the claim came through ("X said ..., the
    # agency reported", "..., according to the newspaper"): then the speaker inside it.
    first: Attribution | None = None
    for attribution in patterns():
        if attribution is None or not attribution.speaker:
            continue
        if attribution.kind == "act" and first is not None:
            break  # an action's subject does not outrank a channel that reports it
        if not is_conduit(attribution.speaker, lang, conduits):
            return attribution
        first = first or attribution
    return first or Attribution("", sentence, "none")


def is_conduit(speaker: str, lang: Reporting, named: frozenset[str] = frozenset()) -> bool:
    """A channel a claim passes through (a newspaper, a news agency, media reports), not its
    source; `named` holds the lower-case names of known news agencies and outlets."""
    ws = words_of(speaker)
    bare = " ".join(w for w in ws if w not in ("the", "a", "an"))
    if len(ws) > 1 and ws[0] in DETERMINERS and ws[1] in lang.recordings:
        return True  # "according to a video the brigade posted": the man in it speaks
    return bool(ws) and (ws[-1] in lang.conduits or bare in named)

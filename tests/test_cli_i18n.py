"""A mixed-language story end to end through the CLI: an English, a Ukrainian and a Spanish
report of one invented event, served by a local feed server, grouped by `digest --json` into
one story whose claims keep their language."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from html import escape
from pathlib import Path

import yaml

from tests.conftest import ROOT
from tests.fakes.feed_server import Route
from tests.test_cli import db_env, run

# One invented event, reported in three languages in these tests' own words
REPORTS = {
    "en": (
        "Harbour Gazette",
        "Nepal says 23 of its citizens recruited by Russia were killed near Pokrovsk",
        "Nepal's Foreign Minister Kamal Thapa said on Tuesday that 23 Nepali men recruited by "
        "the Russian army had been killed near Pokrovsk since August. Thapa said the ministry "
        "had asked Moscow to send the bodies home and to stop recruiting Nepali citizens.",
    ),
    "uk": (
        "Дніпровий вісник",
        "Непал заявив про загибель 23 своїх громадян, завербованих Росією під Покровськом",
        "Міністр закордонних справ Непалу Камал Тхапа заявив, що 23 непальці, яких завербувала "
        "російська армія, загинули під Покровськом з серпня. За словами міністра, Катманду "
        "просить Москву повернути тіла загиблих додому.",
    ),
    "es": (
        "Diario del Puerto",
        "Nepal afirma que 23 de sus ciudadanos reclutados por Rusia murieron cerca de Pokrovsk",
        "El ministro de Asuntos Exteriores de Nepal, Kamal Thapa, afirmó que 23 nepalíes "
        "reclutados por el ejército ruso murieron cerca de Pokrovsk desde agosto. Según la "
        "cancillería nepalí, el Gobierno pidió a Moscú que devuelva los cuerpos a sus familias.",
    ),
}


def feed(lang: str, when: datetime) -> bytes:
    outlet, title, body = REPORTS[lang]
    return f"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>{escape(outlet)}</title><link>https://{lang}.example/</link>
<description>news</description><language>{lang}</language>
<item><title>{escape(title)}</title><link>https://{lang}.example/nepal-23</link>
<guid>https://{lang}.example/nepal-23</guid><pubDate>{format_datetime(when)}</pubDate>
<description>{escape(body)}</description></item>
</channel></rss>""".encode()


def config(tmp_path: Path, feed_server) -> Path:
    when = datetime.now(UTC) - timedelta(hours=2)
    data = yaml.safe_load((ROOT / "feeds.yaml").read_text(encoding="utf-8"))
    data["feeds"] = []
    for lang, (outlet, _, _) in REPORTS.items():
        feed_server.routes[f"/{lang}.xml"] = Route(body=feed(lang, when))
        url = feed_server.url(f"/{lang}.xml")
        data["feeds"].append({"name": outlet, "url": url, "language": lang})
    path = tmp_path / "feeds.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def test_a_story_in_three_languages_is_one_story_with_each_claim_in_its_language(
    tmp_path, feed_server
):
    path = config(tmp_path, feed_server)
    proc = run("digest", "--config", str(path), "--json", "--all", env=db_env(tmp_path))
    assert proc.returncode == 0, proc.stderr
    stories = json.loads(proc.stdout)["stories"]
    outlets = {outlet for outlet, _, _ in REPORTS.values()}
    [story] = [s for s in stories if set(s["outlets"]) & outlets]
    assert set(story["outlets"]) == outlets, story["outlets"]  # grouped across languages
    langs = {c["lang"] for c in story["claims"]}
    assert "en" in langs and langs & {"uk", "es"}, story["claims"]
    for claim in story["claims"]:
        if claim["lang"] == "uk":
            assert any("а" <= c <= "я" for c in claim["text"].lower())  # its own words
            assert claim["claimant"].isascii() or "(" in claim["claimant"]  # Latin name
    # the plain-text digest marks the claims in another language
    text = run("digest", "--config", str(path), "--all", env=db_env(tmp_path))
    assert "[uk] " in text.stdout or "[es] " in text.stdout, text.stdout

"""The needs assessment's executive summary and the place's own words."""

from __future__ import annotations

import re
from pathlib import Path

from atr.publish.dataset import PublishedData
from atr.publish.report import render_report_html

SNAKE = re.compile(r"\b[a-z]+_[a-z0-9_]+\b")


def _text(html: str) -> str:
    body = html.split("<body>", 1)[1]
    return re.sub(r"<[^>]+>", " ", body)


def test_summary_has_key_messages_every_indicator_and_a_glossary(published_data: PublishedData) -> None:
    html, _ = render_report_html(published_data, "Leeds")
    assert "Executive summary" in html and "Every indicator at a glance" in html and "Glossary" in html
    table = html.split('<table class="summary-table">', 1)[1].split("</table>", 1)[0]
    rows = re.findall(r'<tr><th scope="row">([^<]+)</th><td>', table)
    titles = [m.title for m in published_data.indicators if not m.is_network]
    assert rows == titles  # every indicator once, in catalogue order
    assert "No recommendations have been written for Leeds yet" in html
    assert not SNAKE.findall(_text(html).replace("recommendations.md", "")), SNAKE.findall(_text(html))[:5]


def test_a_places_own_words_are_merged_and_cannot_inject_markup(
    published_data: PublishedData, tmp_path: Path
) -> None:
    folder = tmp_path / "narrative" / "leeds"
    folder.mkdir(parents=True)
    (folder / "recommendations.md").write_text(
        "1. Fund **family hubs** in the wards with the widest gaps.\n2. <script>alert(1)</script> Review.\n",
        encoding="utf-8",
    )
    (folder / "introduction.md").write_text("Leeds is a *Child Friendly City*.\n", encoding="utf-8")
    html, _ = render_report_html(published_data, "Leeds", narrative_dir=tmp_path / "narrative")
    assert "<strong>family hubs</strong>" in html and "<em>Child Friendly City</em>" in html
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;" in html
    assert "No recommendations have been written" not in html
    bradford, _ = render_report_html(published_data, "Bradford", narrative_dir=tmp_path / "narrative")
    assert "family hubs" not in bradford  # each place's words stay in its own report

"""Key messages: chosen by the rules file, worded by its templates, each backed by a figure."""

from __future__ import annotations

import pytest

from atr.errors import InputFileError
from atr.publish.dataset import PublishedData
from atr.publish.key_messages import key_messages, load_rules


def _href(meta: object) -> str:
    return f"indicators/{meta.slug}.html"  # type: ignore[attr-defined]


def test_region_messages_follow_the_rules_order_and_limits(published_data: PublishedData) -> None:
    rules = load_rules()
    messages = key_messages(published_data, published_data.region, _href, rules)
    assert 1 <= len(messages) <= rules.max_messages
    assert len({m.indicator_id for m in messages}) == len(messages)  # one message per indicator
    for m in messages:
        assert m.evidence in m.text and m.href.endswith(".html")
        assert "_" not in m.text  # no internal codes


def test_a_district_worse_than_the_region_leads_its_page(published_data: PublishedData) -> None:
    rules = load_rules(
        "version: 1\nmax_messages: 3\nrules:\n"
        "  - kind: worse_than_comparator\n    max: 3\n"
        "    template: '{title} worse in {place} than {comparator}: {value} against {comparator_value}.'\n"
    )
    found = {d.name: key_messages(published_data, d, _href, rules) for d in published_data.districts}
    assert any(found.values()), "the sample data has districts significantly worse than the region"
    for name, messages in found.items():
        for m in messages:
            assert m.text.startswith(tuple(meta.title for meta in published_data.indicators))
            assert f"worse in {name} than West Yorkshire" in m.text


def test_a_template_naming_what_its_kind_cannot_give_is_refused() -> None:
    bad = "version: 1\nrules:\n  - kind: trend_worse\n    template: '{title} against {comparator}'\n"
    with pytest.raises(InputFileError, match=r"key_messages\.yaml.*comparator"):
        load_rules(bad)
    with pytest.raises(InputFileError, match="kind"):
        load_rules("version: 1\nrules:\n  - kind: biggest_number\n    template: x\n")

"""The linkage quality report as HTML: a ``<section>`` other pages can embed, and a page around it.

Splink's model charts are Vega-Lite specifications; they are rendered to static SVG with
``vl-convert`` (already a project dependency), so the report needs no JavaScript, no network
and no Altair.
"""

from __future__ import annotations

from typing import Any

import vl_convert
from jinja2 import Environment, select_autoescape
from markupsafe import Markup

CHART_TITLES = {
    "match_weights": "Match weights: how much each level of each comparison moves the score",
    "m_u_parameters": "m and u probabilities of each comparison level",
    "parameter_estimates": "m estimates from each training session (stability check)",
}

_SECTION = """
<section id="link-quality" class="link-quality">
  <h2>Linkage quality</h2>
  <p>{{ r.records.total | num }} identity records from {{ r.records.by_dataset | length }} datasets were linked into
  <strong>{{ r.clusters.entities | num }}</strong> people ({{ r.clusters.records_per_entity }} records per person).
  Records are clustered when Splink's match probability is at least {{ r.settings.match_threshold }}
  or they share a valid {{ r.settings.deterministic_identifiers | join(", ") }}.</p>
  {% if r.truth %}
  <h3>Against the ground truth</h3>
  <table><thead><tr><th>measure</th><th>precision</th><th>recall</th><th>F1</th></tr></thead><tbody>
    <tr><td>People, pairwise</td><td>{{ r.truth.people.pairwise_precision | pct }}</td>
        <td>{{ r.truth.people.pairwise_recall | pct }}</td><td>{{ r.truth.people.pairwise_f1 | pct }}</td></tr>
    <tr><td>People, whole clusters</td><td>{{ r.truth.people.cluster_precision | pct }}</td>
        <td>{{ r.truth.people.cluster_recall | pct }}</td><td>{{ r.truth.people.cluster_f1 | pct }}</td></tr>
    {% if r.truth.households %}
    <tr><td>Household links (usable)</td><td>{{ r.truth.households.precision | pct }}</td>
        <td>{{ r.truth.households.recall | pct }}</td><td>{{ r.truth.households.f1 | pct }}</td></tr>
    {% endif %}
  </tbody></table>
  <p>{{ r.truth.people.clusters | num }} clusters for {{ r.truth.people.true_people | num }} true people
  (ratio {{ r.truth.people.clusters_per_true_person }}): under-linking inflates the number of people and
  deflates multi-service counts.</p>
  {% if r.truth.threshold_sweep %}
  <h4>Choosing the cluster threshold</h4>
  <table><thead><tr><th>threshold</th><th>pairwise precision</th><th>pairwise recall</th><th>F1</th>
    <th>clusters</th></tr></thead><tbody>
  {% for s in r.truth.threshold_sweep %}
    <tr><td>{{ s.threshold }}</td><td>{{ s.pairwise_precision | pct }}</td><td>{{ s.pairwise_recall | pct }}</td>
        <td>{{ s.pairwise_f1 | pct }}</td><td>{{ s.clusters | num }}</td></tr>
  {% endfor %}</tbody></table>
  {% endif %}
  {% if r.truth.households_by_type %}
  <h4>Household links by type</h4>
  <table><thead><tr><th>type</th><th>links</th><th>precision (all)</th><th>usable</th><th>precision (usable)</th></tr></thead><tbody>
  {% for t, v in r.truth.households_by_type.items() %}
    <tr><td>{{ t }}</td><td>{{ v.links | num }}</td><td>{{ v.precision_all_links | pct }}</td>
        <td>{{ v.usable_links | num }}</td><td>{{ v.precision | pct }}</td></tr>
  {% endfor %}</tbody></table>
  {% endif %}
  {% endif %}
  <h3>Records</h3>
  <table><thead><tr><th>dataset</th><th>records</th></tr></thead><tbody>
  {% for d, n in r.records.by_dataset.items() %}<tr><td>{{ d }}</td><td>{{ n | num }}</td></tr>{% endfor %}
  </tbody></table>
  <table><thead><tr><th>evidence</th><th>records holding it</th></tr></thead><tbody>
  {% for c, n in r.records.completeness.items() %}
    <tr><td>{{ c }}</td><td>{{ (n / r.records.total) | pct }}</td></tr>{% endfor %}
  </tbody></table>
  <h3>Pairs</h3>
  <p>Deterministic links: {% for k, v in r.deterministic.edges.items() %}{{ k }} {{ v | num }}{% if not loop.last %}, {% endif %}{% endfor %}.
  Identifier values ignored as placeholders: {% for k, v in r.deterministic.placeholder_values_ignored.items() %}{{ k }} {{ v | num }}{% if not loop.last %}, {% endif %}{% endfor %}.</p>
  <table><thead><tr><th>blocking rule (keys that must be equal)</th><th>pairs it generates</th>
    <th>records in blocks over {{ r.settings.max_block_size }} (skipped)</th><th>used</th></tr></thead><tbody>
  {% for b in r.pairs.blocking %}
    <tr><td><code>{{ b.blocking_rule }}</code></td><td>{{ b.pairs | num }}</td><td>{{ b.records_in_skipped_blocks | num }}</td>
        <td>{{ "yes" if b.used else "no: over the pair budget" }}</td></tr>{% endfor %}
  </tbody></table>
  <p>Rules overlap, so the pairs Splink actually scores are at most {{ r.pairs.blocked_upper_bound | num }}.</p>
  <p>Pairs kept at or above each match probability:
  {% for t, n in r.pairs.at_or_above.items() %}{{ t }}: {{ n | num }}{% if not loop.last %}; {% endif %}{% endfor %}.</p>
  <h3>Clusters</h3>
  <table><thead><tr><th>records in the person</th>{% for b in r.clusters.size_distribution %}<th>{{ b }}</th>{% endfor %}</tr></thead>
  <tbody><tr><td>people</td>{% for b, n in r.clusters.size_distribution.items() %}<td>{{ n | num }}</td>{% endfor %}</tr></tbody></table>
  <table><thead><tr><th>datasets the person is seen in</th><th>people</th></tr></thead><tbody>
  {% for k, n in r.clusters.people_by_number_of_datasets.items() %}<tr><td>{{ k }}</td><td>{{ n | num }}</td></tr>{% endfor %}
  </tbody></table>
  <p>Splink links not applied because they would have given one person two different valid NHS numbers,
  UPNs or PNC ids: {{ r.clusters.merges_refused_conflicting_identifiers | num }}. Records without surname or date
  of birth left on their own because they matched two different people:
  {{ r.clusters.thin_records_matching_two_people | num }}.</p>
  <h4>Suspicious clusters (to review)</h4>
  <table><thead><tr><th>problem</th><th>clusters</th><th>examples (entity ids)</th></tr></thead><tbody>
  {% for k, v in r.clusters.suspicious.items() %}
    <tr><td>{{ k | replace("_", " ") }}</td><td>{{ v.count | num }}</td><td>{{ v.examples[:5] | join(", ") }}</td></tr>{% endfor %}
  </tbody></table>
  <h3>Household links</h3>
  <table><thead><tr><th>type</th><th>evidence rows</th><th>links</th><th>usable (confidence ≥ {{ r.settings.household_confidence_threshold }})</th></tr></thead><tbody>
  {% for t, v in r.households.links.items() %}
    <tr><td>{{ t }}</td><td>{{ r.households.evidence_rows.get(t, 0) | num }}</td><td>{{ v.links | num }}</td><td>{{ v.usable | num }}</td></tr>{% endfor %}
  </tbody></table>
  {% if r.households.sources_missing %}<p>Not available in this warehouse: {{ r.households.sources_missing | join("; ") }}.</p>{% endif %}
  <h3>The model</h3>
  <p>Prior probability that two random records match: {{ r.model.probability_two_random_records_match }}.
  {% if not r.model.trained %}The model was loaded from a saved file, not retrained.{% endif %}</p>
  {% for name, svg in charts.items() %}<figure><figcaption>{{ titles.get(name, name) }}</figcaption>{{ svg }}</figure>{% endfor %}
  {% if r.model.warnings %}<h4>Splink's warnings</h4><ul>{% for w in r.model.warnings %}<li>{{ w }}</li>{% endfor %}</ul>{% endif %}
  <p>Time (seconds): {% for k, v in r.seconds.items() %}{{ k }} {{ v }}{% if not loop.last %}, {% endif %}{% endfor %}.</p>
</section>
"""

_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Linkage quality</title>
<style>body{font-family:Arial,sans-serif;max-width:1100px;margin:2em auto;color:#0b0c0c}
table{border-collapse:collapse;margin:1em 0}td,th{border-bottom:1px solid #b1b4b6;padding:4px 10px;text-align:left}
figure{margin:1em 0}figcaption{font-weight:bold}code{font-size:0.85em}</style></head>
<body>{{ section }}</body></html>
"""


def _pct(value: object) -> str:
    return f"{100 * value:.2f}%" if isinstance(value, int | float) else "–"


def _num(value: object) -> str:
    return f"{value:,}" if isinstance(value, int | float) else "–"


def _environment() -> Environment:
    env = Environment(autoescape=select_autoescape(default=True, default_for_string=True))
    env.filters["pct"] = _pct
    env.filters["num"] = _num
    return env


def chart_svgs(charts: dict[str, dict[str, Any]]) -> dict[str, Markup]:
    """Render Vega-Lite specs to inline SVG (a chart that fails to render is left out)."""
    rendered = {}
    for name, spec in charts.items():
        try:
            svg = vl_convert.vegalite_to_svg(spec)
        except Exception:  # a broken chart must not cost the report
            continue
        rendered[name] = Markup(svg)
    return rendered


def render_section(report: dict[str, Any], charts: dict[str, dict[str, Any]]) -> str:
    """The ``<section id="link-quality">`` fragment."""
    template = _environment().from_string(_SECTION)
    return template.render(r=report, charts=chart_svgs(charts), titles=CHART_TITLES)


def render_html(report: dict[str, Any], charts: dict[str, dict[str, Any]]) -> str:
    """A standalone page holding the section."""
    return _environment().from_string(_PAGE).render(section=Markup(render_section(report, charts)))

"""An algorithmic transparency record for the linkage and derivation rules.

Sections and fields follow the UK Algorithmic Transparency Recording Standard (ATRS, v3.0 template
of the Central Digital and Data Office): Tier 1 (an overview for the public), then Tier 2's five
sections (owner and responsibility; description and rationale; decision-making process; tool
specification, with its models and data; risks, mitigations and impact assessments). Values
come from the project file, the link settings and the derivation rules; what only the project
can state comes from ``[governance]`` and is marked "to complete" when missing.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from atr.governance.records import GovernanceDocument, given, table, used_datasets
from atr.mapping_rules import load_mapping_rules
from atr.project import ProjectConfig


def _fields(rows: list[tuple[str, str]]) -> str:
    return table(["field", "value"], [[name, value] for name, value in rows])


def transparency_record(config: ProjectConfig, loaded: list[dict[str, Any]]) -> GovernanceDocument:
    g = config.governance
    link = config.link
    rules = load_mapping_rules().all_rules()
    tiers = Counter(str(r.tier) for r in rules)
    datasets = used_datasets(config, loaded)
    rule_rows = [[r.rule_id, r.category, str(r.tier), str(r.whose), r.description] for r in rules]
    tier1 = _fields(
        [
            ("Name", f"{config.name}: record linkage and adversity derivation"),
            (
                "Description",
                "Links records about the same person across partner services (children's social care, "
                "schools, police, health, housing, justice) and derives, by published rules, which "
                "children and adults show signs of adverse experiences. The results are counted by area "
                "and year, with disclosure control, to plan trauma-informed services. No decision about "
                "an individual is made by the tool.",
            ),
            ("Website URL", given(g.website, "website")),
            ("Contact email", given(g.contact_email, "contact_email")),
        ]
    )
    owner = _fields(
        [
            ("Organisation or department", given(g.organisation, "organisation")),
            ("Team", given(g.team, "team")),
            ("Senior responsible owner", given(g.senior_responsible_owner, "senior_responsible_owner")),
            ("External supplier involvement", "No: open-source software run by the project itself."),
            ("Data access terms", given(g.data_sharing_agreement, "data_sharing_agreement")),
        ]
    )
    rationale = _fields(
        [
            (
                "Detailed description",
                "Ingest pseudonymises every identifier with a keyed hash and keeps names, dates of birth "
                "and addresses in an encrypted identity store. Linkage joins records with the same valid "
                f"identifier ({', '.join(link.deterministic_identifiers)}), then scores other pairs with a "
                "Fellegi–Sunter model (Splink) trained on the data, and clusters pairs whose match "
                f"probability reaches {link.match_threshold}, refusing any merge that would give one "
                "person two different valid NHS numbers, UPNs or PNC ids. Derivation applies "
                f"{len(rules)} rules mapping partner codes to adverse experiences.",
            ),
            (
                "Scope",
                f"The project's datasets ({', '.join(datasets)}) and periods ({', '.join(config.periods)}).",
            ),
            (
                "Benefit",
                "Shows how many children and adults in each area carry which adversities, so services "
                "can be planned where need is, including need no single service sees.",
            ),
            (
                "Alternatives considered",
                "Deterministic linkage on identifiers alone (misses people whose records lack them, "
                "under-counting multi-service need); counting each service separately (cannot see "
                "people known to several services).",
            ),
        ]
    )
    process = _fields(
        [
            (
                "Process integration",
                "Runs as a batch after each round of partner extracts; its outputs are aggregate "
                "indicators on a public dashboard and pseudonymous tables for approved analysts.",
            ),
            ("Provided information", "Counts, rates and modelled estimates by area, year and breakdown."),
            ("Frequency and scale of usage", "Each time partners send extracts (typically quarterly)."),
            (
                "Human decisions and review",
                "The tool makes no decision about a person. Analysts review the linkage quality report "
                "(clusters with conflicting identifiers are listed for review) before publication.",
            ),
            ("Required training", "Analysts: the project's methods pages (docs/) and the quality report."),
            (
                "Appeals and review",
                "People can object or opt out; the national data opt-out list is applied before linkage "
                f"to {', '.join(config.opt_out.datasets) or 'no dataset (none configured)'}.",
            ),
        ]
    )
    models = table(
        ["model", "type", "description", "performance"],
        [
            [
                "Record linkage",
                "Fellegi–Sunter probabilistic linkage (Splink), with deterministic identifier rules",
                f"EM-trained match weights; cluster threshold {link.match_threshold}; pairs below "
                f"{link.predict_threshold} discarded",
                "Precision and recall reported on every synthetic run (see the linkage quality report)",
            ],
            [
                "Derivation rules",
                "Rule-based",
                f"{len(rules)} rules; evidence tiers "
                + ", ".join(f"{t}: {n}" for t, n in sorted(tiers.items())),
                "Each derived event names the rule that made it",
            ],
            [
                "Modelled prevalence",
                "Statistical (capture–recapture; published prevalence applied to local populations)",
                "Estimates of need services do not record, with 95% intervals",
                "Intervals checked against the known truth on synthetic data",
            ],
        ],
    )
    data = _fields(
        [
            ("Source data name", ", ".join(datasets)),
            ("Data modality", "Tabular records (CSV or Parquet extracts under the partner data contract)."),
            ("Data quantities", _quantities(loaded)),
            (
                "Sensitive attributes",
                "Names, dates of birth, addresses (identity store only); sex, ethnicity; social care, "
                "police, health and justice records (special category and criminal offence data).",
            ),
            (
                "Data completeness and representativeness",
                "Only people known to a partner service appear; the ingest report gives completeness "
                "and validity of every field, and modelled estimates cover need services do not see.",
            ),
            ("Data collection", "Partners' operational systems, extracted under the data sharing agreement."),
            ("Data cleaning", "Contract checks, quarantine of invalid rows, normalisation (docs/ingest.md)."),
            ("Data sharing agreements", given(g.data_sharing_agreement, "data_sharing_agreement")),
            (
                "Data access and storage",
                "Identities in an encrypted identity store opened only by ingest and linkage; "
                "pseudonymous analysis warehouse; published outputs disclosure-controlled "
                f"(suppressed below {config.disclosure.suppress_below}, rounded to {config.disclosure.round_to}).",
            ),
        ]
    )
    risks = table(
        ["risk", "description", "mitigation"],
        [
            [
                "False merges",
                "Two people linked as one invent a person with more adversity.",
                "Identifier constraints refuse merges with two valid NHS numbers/UPNs; threshold chosen "
                "for precision; suspicious clusters listed for review.",
            ],
            [
                "Missed links",
                "One person split in two under-counts multiple disadvantage.",
                "Recall measured and reported; clusters per true person shown beside headline figures.",
            ],
            [
                "Unequal linkage quality",
                "Groups with less complete identifiers (e.g. names transliterated differently) link worse.",
                "Completeness by field reported per partner; breakdowns by ethnicity and sex published "
                "with their caveats.",
            ],
            [
                "Re-identification",
                "Small counts or differencing could reveal a person.",
                "Suppression, rounding and secondary suppression on everything published; identities "
                "never in the analysis warehouse.",
            ],
            [
                "Stigmatising areas",
                "High rates could label neighbourhoods.",
                "Rates shown with intervals, deprivation context and trauma-informed wording.",
            ],
        ],
    )
    impact = _fields([("Impact assessment (DPIA)", given(g.dpia, "dpia"))])
    text = f"""# Algorithmic transparency record: {config.name}

Generated by `atr governance`, following the fields of the UK Algorithmic Transparency Recording
Standard (ATRS). It covers the record linkage and the derivation rules.

## Tier 1: overview

{tier1}

## Tier 2: owner and responsibility

{owner}

## Tier 2: description and rationale

{rationale}

## Tier 2: decision-making process

{process}

## Tier 2: tool specification

### Models

{models}

### Data

{data}

## Tier 2: risks, mitigations and impact assessments

{impact}

{risks}

## Derivation rules

{table(["rule", "category", "evidence tier", "whose", "description"], rule_rows)}
"""
    return GovernanceDocument("algorithmic-transparency", "Algorithmic transparency record", text)


def _quantities(loaded: list[dict[str, Any]]) -> str:
    if not loaded:
        return "No extract loaded yet."
    people = sum(int(b.get("persons") or 0) for b in loaded)
    return f"{len(loaded)} partner extracts; {people:,} person records (before linkage)."

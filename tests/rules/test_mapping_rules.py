"""The mapping-rules file: its codes against the reference, and its validation on load."""

from __future__ import annotations

import ast
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from atr.errors import InputFileError
from atr.ingest.contract_model import load_contract
from atr.mapping_rules import load_mapping_rules, mapping_file, read_mapping_rules
from tests.rules.reference_codes import EXPECTED, mismatches

REPO = Path(__file__).resolve().parents[2]
Edit = Callable[[dict[str, Any]], None]


def _rule(data: dict[str, Any], rule_id: str) -> dict[str, Any]:
    return next(r for r in data["rules"] if r["rule_id"] == rule_id)


def _write(tmp_path: Path, edit: Edit) -> Path:
    data = yaml.safe_load(mapping_file().read_text(encoding="utf-8"))
    edit(data)
    path = tmp_path / "mapping_rules_v1.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


def test_shipped_rules_give_every_real_code_the_category_the_reference_gives_it() -> None:
    assert mismatches(load_mapping_rules()) == []


def test_the_literal_table_spot_checks() -> None:
    # A few rows restated, so a mistake in the table itself would need two mistakes to pass.
    assert EXPECTED[("csc_assessment_factor.factor", "3A")][0] == "domestic_abuse"
    assert EXPECTED[("csc_cp_plan.category_of_abuse", "SAB")][0] == "sexual_abuse"
    assert EXPECTED[("need_code", "N7")][0] == "poverty"


def _move_3a_to_neglect(data: dict[str, Any]) -> None:
    _rule(data, "cin_factor_domestic_abuse")["codes"].remove("3A")
    _rule(data, "cin_factor_neglect")["codes"].append("3A")


def _domestic_abuse_rule_as_neglect(data: dict[str, Any]) -> None:
    _rule(data, "cin_factor_domestic_abuse")["category"] = "neglect"


def _drop_4b(data: dict[str, Any]) -> None:
    _rule(data, "cin_factor_mental_health")["codes"].remove("4B")


def _map_childs_own_mental_health(data: dict[str, Any]) -> None:
    _rule(data, "cin_factor_mental_health")["codes"].append("4A")


def _cp_physical_as_tier_b(data: dict[str, Any]) -> None:
    _rule(data, "cp_plan_physical")["tier"] = "B"


def _n3_into_the_trio(data: dict[str, Any]) -> None:
    _rule(data, "need_parental_illness")["trio_domain"] = "mental_health"


def _custody_of_linked_adult_as_child_own(data: dict[str, Any]) -> None:
    _rule(data, "probation_custody_linked_adult")["whose"] = "child"


@pytest.mark.parametrize(
    ("edit", "named"),
    [
        (_move_3a_to_neglect, "csc_assessment_factor.factor 3A"),
        (_domestic_abuse_rule_as_neglect, "csc_assessment_factor.factor 3B"),
        (_drop_4b, "csc_assessment_factor.factor 4B"),
        (_map_childs_own_mental_health, "csc_assessment_factor.factor 4A: must map to nothing"),
        (_cp_physical_as_tier_b, "csc_cp_plan.category_of_abuse PHY"),
        (_n3_into_the_trio, "need_code N3"),
        (_custody_of_linked_adult_as_child_own, "join rule probation_custody_linked_adult"),
    ],
)
def test_a_wrong_mapping_in_a_copy_of_the_file_is_caught(tmp_path: Path, edit: Edit, named: str) -> None:
    wrong = read_mapping_rules(_write(tmp_path, edit))  # still a valid file: only the literals catch it
    problems = mismatches(wrong)
    assert any(p.startswith(named) for p in problems), problems


@pytest.mark.parametrize(
    ("edit", "key", "problem"),
    [
        (
            lambda d: _rule(d, "cin_factor_neglect").update(category="neglectt"),
            "rules[8] (cin_factor_neglect).category",
            "'neglectt' is not under `categories`",
        ),
        (
            lambda d: _rule(d, "cp_plan_sexual").update(tier="E"),
            "rules[2] (cp_plan_sexual).tier",
            "'A', 'B', 'C' or 'D'",
        ),
        (
            lambda d: d["police"]["violence_offence_codes"].insert(0, 1),
            "police.violence_offence_codes[0]",
            "valid string",
        ),
        (
            lambda d: d["police"]["adult_roles"].append("o'brien"),
            "police.adult_roles[3]",
            "should match pattern",
        ),
        (
            lambda d: _rule(d, "cin_factor_neglect")["codes"].append("18C"),
            "rules[8] (cin_factor_neglect).codes",
            "'18C' is already mapped by cin_factor_physical",
        ),
        (
            lambda d: _rule(d, "free_school_meals").update(codes=["FSM"]),
            "rules[35] (free_school_meals)",
            "both `field`",
        ),
        (
            lambda d: d["housing"].update(reason_prison_contains="pri%on"),
            "housing.reason_prison_contains",
            "pattern",
        ),
        (lambda d: d.update(colour="blue"), "colour", "Extra inputs are not permitted"),
        (
            lambda d: d["categories"].append(d["categories"][0]),
            "categories[15].name",
            "'physical_abuse' is listed twice",
        ),
    ],
)
def test_a_malformed_file_names_itself_and_the_key(
    tmp_path: Path, edit: Edit, key: str, problem: str
) -> None:
    path = _write(tmp_path, edit)
    with pytest.raises(InputFileError) as caught:
        read_mapping_rules(path)
    message = str(caught.value)
    assert message.startswith(str(path))
    assert problem in message
    assert caught.value.field == key


def test_a_file_that_is_not_yaml_is_named(tmp_path: Path) -> None:
    path = tmp_path / "broken.yaml"
    path.write_text("rules: [unclosed\n", encoding="utf-8")
    with pytest.raises(InputFileError, match=r"broken\.yaml: not valid YAML"):
        read_mapping_rules(path)


def test_every_mapped_code_is_a_code_the_contract_accepts() -> None:
    """A rule for a code partners cannot send would never fire (legacy 18A/19A are kept on purpose)."""
    mapping, lists = load_mapping_rules(), load_contract().code_lists
    accepted = {
        "csc_cp_plan.category_of_abuse": lists["category_of_abuse"].canonical(),
        "csc_assessment_factor.factor": {
            **lists["cin_assessment_factor"].canonical(),
            "18A": "18A",
            "19A": "19A",
        },
        "need_code": lists["need_code"].canonical(),
        "housing_support_need.need": lists["housing_support_need"].canonical(),
    }
    unknown = [(c.field, c.code) for c in mapping.code_rules if c.code.upper() not in accepted[c.field]]
    assert unknown == []
    roles = set(lists["police_role"].codes)
    police = mapping.police
    assert {*police.child_present_roles, *police.child_resident_roles, *police.adult_roles} <= roles
    assert set(mapping.housing.duty_outcomes) <= set(lists["housing_assessment_outcome"].codes)
    legal = set(lists["lac_legal_status"].codes)
    assert {
        *mapping.looked_after.care_order_legal_statuses,
        *mapping.looked_after.short_break_legal_statuses,
    } <= legal


def test_join_rule_code_lists_hold_the_reference_values() -> None:
    mapping = load_mapping_rules()
    assert set(mapping.police.child_present_roles) == {
        "child_present",
        "witness",
    }  # §1.9 present or witnessed
    assert set(mapping.police.child_resident_roles) == {"child_resident"}  # §1.9 ordinarily resides
    assert set(mapping.looked_after.care_order_legal_statuses) == {"C1", "C2"}  # §5 tier A: care order
    assert set(mapping.looked_after.short_break_legal_statuses) == {"V3", "V4"}
    assert {"prevention_duty", "relief_duty"} == set(mapping.housing.duty_outcomes)
    offences = set(mapping.police.violence_offence_codes)
    assert {"1", "11A", "105A"} <= offences  # homicide, cruelty to children, assault without injury
    assert "28" not in offences  # burglary is not violence against the person


def test_the_file_ships_inside_the_package() -> None:
    path = mapping_file()
    assert path.is_file()
    assert path.resolve().is_relative_to((REPO / "atr").resolve())


def test_synthetic_reads_the_rules_without_importing_derive() -> None:
    offenders = []
    for module in sorted((REPO / "atr" / "synthetic").glob("*.py")):
        for node in ast.walk(ast.parse(module.read_text(encoding="utf-8"))):
            names = [node.module or ""] if isinstance(node, ast.ImportFrom) else []
            names += [a.name for a in node.names] if isinstance(node, ast.Import) else []
            offenders += [
                f"{module.name}: {n}" for n in names if n == "atr.derive" or n.startswith("atr.derive.")
            ]
    assert offenders == []

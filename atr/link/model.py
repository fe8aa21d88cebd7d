"""Train (or load) the Splink model and score candidate pairs into ``link__pairs``.

Training follows Splink's recommended recipe, which needs no labels: the prior probability
that two records match from deterministic rules (assumed recall 0.7), u probabilities from a
seeded random sample of pairs, m probabilities by expectation maximisation over rotating
blocking rules (``blocking.training_rules``), each capped at ``em_max_pairs`` pairs so that
training time does not grow with West Yorkshire's name skew. The trained model is saved as
JSON beside the warehouse so a production run can reuse it (``atr link --model FILE``).
"""

from __future__ import annotations

import json
import logging
import time
import warnings as py_warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from splink import Linker, SettingsCreator

from atr.atomic import write_text_atomic
from atr.errors import InputFileError
from atr.link.blocking import Rule, choose_rules, probability_rules, training_rules
from atr.link.comparisons import IDENTIFIER_LABELS, comparisons
from atr.link.parameters import floor_m_probabilities, unmix_u_probabilities
from atr.link.prepare import INPUT_TABLE, PreparedInput
from atr.link.settings import LinkSettings
from atr.warehouse import Warehouse

PAIRS_TABLE = "link__pairs"
UNIQUE_ID = "record_key"
MIN_EM_PAIRS = 100  # an EM session over fewer blocked pairs than this learns nothing useful


@dataclass
class ModelRun:
    """What training and prediction did, for the quality report."""

    model: dict[str, Any]
    trained: bool
    blocking_counts: list[dict[str, Any]]
    scored_pairs_kept: int
    seconds: dict[str, float] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    charts: dict[str, dict[str, Any]] = field(default_factory=dict)


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        message = " ".join(record.getMessage().split())
        if message and message not in self.messages:
            self.messages.append(message)


@contextmanager
def _splink_warnings() -> Iterator[list[str]]:
    """Collect Splink's warnings for the report instead of letting them scroll past."""
    logger = logging.getLogger("splink")
    handler = _Collect()
    old_level, old_propagate = logger.level, logger.propagate
    logger.addHandler(handler)
    logger.setLevel(logging.WARNING)
    logger.propagate = False
    try:
        with py_warnings.catch_warnings(record=True) as caught:
            py_warnings.simplefilter("always")
            yield handler.messages
        handler.messages += [" ".join(str(w.message).split()) for w in caught]
    finally:
        logger.removeHandler(handler)
        logger.setLevel(old_level)
        logger.propagate = old_propagate


def distinct_identifier_counts(wh: Warehouse, prepared: PreparedInput) -> dict[str, int]:
    """Number of distinct values of each identifier (sets its hand-fixed u probability)."""
    present = [c for c in IDENTIFIER_LABELS if prepared.has(c)]
    if not present:
        return {}
    sql = "SELECT " + ", ".join(f"count(DISTINCT {c}) AS {c}" for c in present) + f" FROM {INPUT_TABLE}"
    return {k: int(v) for k, v in wh.rows(sql)[0].items()}


def build_settings(
    wh: Warehouse, prepared: PreparedInput, settings: LinkSettings, rules: list[Rule]
) -> SettingsCreator:
    return SettingsCreator(
        link_type="dedupe_only",
        unique_id_column_name=UNIQUE_ID,
        comparisons=comparisons(
            prepared, distinct_identifier_counts(wh, prepared), settings.identifier_edit_distance
        ),
        blocking_rules_to_generate_predictions=[r.splink() for r in rules],
        retain_matching_columns=False,
        retain_intermediate_calculation_columns=False,
        max_iterations=25,
    )


def _load_model(path: Path) -> dict[str, Any]:
    try:
        model: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise InputFileError(path, "model file not found") from exc
    except json.JSONDecodeError as exc:
        raise InputFileError(path, f"not a Splink model JSON: {exc.msg}", row=exc.lineno) from exc
    if not isinstance(model, dict) or "comparisons" not in model:
        raise InputFileError(path, "not a Splink model JSON", field="comparisons")
    return model


def _train(
    wh: Warehouse,
    records: Any,
    linker: Linker,
    prepared: PreparedInput,
    settings: LinkSettings,
    seconds: dict[str, float],
) -> Linker:
    """Estimate the prior, u and m; returns the trained linker (a new one if a session failed)."""
    start = time.perf_counter()
    linker.training.estimate_probability_two_random_records_match(probability_rules(prepared), recall=0.7)
    seconds["train_prior"] = time.perf_counter() - start

    start = time.perf_counter()
    linker.training.estimate_u_using_random_sampling(max_pairs=settings.u_max_pairs, seed=settings.seed)
    seconds["train_u"] = time.perf_counter() - start

    start = time.perf_counter()
    plan = training_rules(prepared)
    log = logging.getLogger("splink")

    def session(rule: Rule) -> bool:
        # A session that fails part-way leaves the linker's comparisons corrupted, so empty
        # blocks are skipped up front and a failing session is rolled back to the model as it
        # stood before it (Splink 5 can raise when EM drives an m probability to exactly 0).
        nonlocal linker
        pairs = rule.count(wh)
        if pairs < MIN_EM_PAIRS:
            log.warning("EM session on %s skipped: only %d pairs", rule.describe(), pairs)
            return False
        before = linker.misc.save_model_to_json()
        try:
            linker.training.estimate_parameters_using_expectation_maximisation(
                rule.splink(capped=False),
                estimate_without_term_frequencies=True,
                max_pairs=settings.em_max_pairs,
            )
        except ValueError as exc:
            log.warning("EM session on %s failed and was rolled back: %s", rule.describe(), exc)
            linker = Linker(records, before, log_level=None)
            return False
        return True

    ran_identifier_session = [session(rule) for rule in plan.identifier_sessions]
    for rule in plan.name_sessions:
        session(rule)
    if not any(ran_identifier_session):
        for rule in plan.without_identifiers:
            if session(rule):
                break
    seconds["train_em"] = time.perf_counter() - start
    return linker


def _charts(linker: Linker, trained: bool) -> dict[str, dict[str, Any]]:
    charts = {
        "match_weights": linker.visualisations.match_weights_chart().chart_dict,
        "m_u_parameters": linker.visualisations.m_u_parameters_chart().chart_dict,
    }
    if trained:
        charts["parameter_estimates"] = (
            linker.visualisations.parameter_estimate_comparisons_chart().chart_dict
        )
    return charts


def score_pairs(
    wh: Warehouse,
    prepared: PreparedInput,
    settings: LinkSettings,
    model_out: Path,
    model_in: Path | None = None,
) -> ModelRun:
    """Train or load the model, score blocked pairs, keep those ≥ ``predict_threshold``."""
    seconds: dict[str, float] = {}
    start = time.perf_counter()
    rules, blocking = choose_rules(wh, prepared, settings.max_pairs_to_score, settings.max_block_size)
    seconds["count_pairs"] = time.perf_counter() - start
    db_api = wh.splink_db_api()
    records = db_api.register(INPUT_TABLE, dataset_display_name="identity_records")
    with _splink_warnings() as warnings:
        if model_in is not None:
            linker = Linker(records, _load_model(model_in), log_level=None)
        else:
            linker = Linker(records, build_settings(wh, prepared, settings, rules), log_level=None)
        try:
            if model_in is None:
                linker = _train(wh, records, linker, prepared, settings, seconds)
                trained = linker.misc.save_model_to_json()
                sampled = min(settings.u_max_pairs, prepared.records * (prepared.records - 1) / 2)
                unmixed = unmix_u_probabilities(trained, sampled)
                if unmixed:
                    warnings.append(
                        "u probability cleared of the matches in the random sample for: " + "; ".join(unmixed)
                    )
                floored = floor_m_probabilities(trained, settings.m_floor)
                if floored:
                    warnings.append(
                        f"m probability raised to the floor {settings.m_floor} for: " + "; ".join(floored)
                    )
                if unmixed or floored:
                    linker = Linker(records, trained, log_level=None)
            start = time.perf_counter()
            predictions = linker.inference.predict(
                threshold_match_probability=settings.predict_threshold, warning_mode="never"
            )
            wh.execute(
                f"CREATE OR REPLACE TEMP TABLE {PAIRS_TABLE} AS SELECT * EXCLUDE (match_key), "
                f"CAST(match_key AS INTEGER) AS match_key FROM {predictions.physical_name}"
            )
            seconds["predict"] = time.perf_counter() - start
            model = linker.misc.save_model_to_json()
            write_text_atomic(model_out, json.dumps(model, indent=2))
            charts = _charts(linker, trained=model_in is None)
        finally:
            tables: Any = linker.table_management  # its clean-up method is untyped
            tables.delete_tables_created_by_splink_from_db()
    return ModelRun(
        model=model,
        trained=model_in is None,
        blocking_counts=blocking,
        scored_pairs_kept=wh.count(PAIRS_TABLE),
        seconds=seconds,
        warnings=list(warnings),
        charts=charts,
    )

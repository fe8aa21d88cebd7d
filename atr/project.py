"""The project file, ``atr.toml``: one file that reproduces a whole run.

Relative paths are resolved against the folder that holds the project file, so a project can be
moved or shared as a folder. Unknown keys and wrong types are errors that name the key.
"""

from __future__ import annotations

import os
import tomllib
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from atr.derive import DeriveSettings
from atr.errors import ConfigError
from atr.evaluate import EvaluateSettings
from atr.identity import OptOutSettings
from atr.indicators import DisclosureSettings
from atr.ingest import IngestSettings
from atr.link import LinkSettings
from atr.periods import DEFAULT_PERIODS, FinancialYear
from atr.platform import WebSettings
from atr.provision import ProvisionSettings

Engine = Literal["duckdb", "spark"]


class GovernanceSettings(BaseModel):
    """The accountable people and documents named in the governance records (``[governance]``).

    Here, not in ``atr.governance``: the records read the whole project file, so the project
    file's model must not depend on that package. Every field is optional: a record generated
    without it says what is missing rather than inventing it.
    """

    model_config = ConfigDict(extra="forbid")

    organisation: str | None = Field(None, description="The organisation responsible (the data controller).")
    team: str | None = Field(None, description="The team that runs the observatory.")
    senior_responsible_owner: str | None = Field(None, description="The senior responsible owner's role.")
    contact_email: str | None = Field(None, description="Where the public can ask about the tool.")
    website: str | None = Field(None, description="The public page about the observatory.")
    dpia: str | None = Field(None, description="The data protection impact assessment: title, date or link.")
    data_sharing_agreement: str | None = Field(
        None, description="The data sharing agreement with partners: title, date or link."
    )


class ProjectConfig(BaseModel):
    """Everything a run needs to know. Every key has a default except where a run cannot guess."""

    model_config = ConfigDict(extra="forbid")

    name: str = Field("ATR Observatory", description="Shown in page titles and reports.")
    extracts: list[Path] = Field(
        default_factory=list, description="Extract folders to ingest (each holds dataset folders)."
    )
    reference_dir: Path | None = Field(
        None, description="Reference data folder; else $ATR_REFERENCE_DIR, the cache, or synthetic."
    )
    postcode_directory: Path | None = Field(
        None, description="Postcode to LSOA file (CSV: postcode, lsoa11_code), if not in reference_dir."
    )
    warehouse: Path = Field(
        Path("build/atr.duckdb"),
        description="The warehouse: a file on DuckDB; a folder on Spark (default build/warehouse.spark).",
    )
    engine: Engine = Field("duckdb", description="'duckdb' (default) or 'spark'.")
    spark_master: str | None = Field(
        None, description="Spark master URL when engine = 'spark'; else $ATR_SPARK_MASTER, else local[2]."
    )
    periods: list[str] = Field(
        default_factory=lambda: list(DEFAULT_PERIODS),
        description="Financial years to report, written 2023/24.",
    )
    output_dir: Path = Field(Path("build/site"), description="Where the published site goes.")
    key_file: Path | None = Field(
        None, description="Pseudonymisation key file; else $ATR_PSEUDONYMISATION_KEY."
    )
    truth_dir: Path | None = Field(
        None, description="Ground truth of synthetic extracts (DIR/truth), to measure linkage quality."
    )
    catalogue: Path | None = Field(
        None, description="Folder of indicator YAML files to use instead of the built-in catalogue."
    )
    narrative_dir: Path | None = Field(
        None,
        description=(
            "Folder of each place's own words for its needs assessment: <place>/introduction.md, "
            "recommendations.md, commentary.md (Markdown)."
        ),
    )
    ingest: IngestSettings = Field(default_factory=IngestSettings)
    link: LinkSettings = Field(default_factory=LinkSettings)
    derive: DeriveSettings = Field(default_factory=DeriveSettings)
    evaluate: EvaluateSettings = Field(default_factory=EvaluateSettings)
    disclosure: DisclosureSettings = Field(default_factory=DisclosureSettings)
    opt_out: OptOutSettings = Field(default_factory=OptOutSettings)
    governance: GovernanceSettings = Field(default_factory=GovernanceSettings)
    web: WebSettings = Field(default_factory=WebSettings)
    provision: ProvisionSettings = Field(default_factory=ProvisionSettings)

    @model_validator(mode="before")
    @classmethod
    def _spark_warehouse_is_a_folder(cls, data: Any) -> Any:
        if isinstance(data, dict) and data.get("engine") == "spark" and "warehouse" not in data:
            return {**data, "warehouse": Path("build/warehouse.spark")}
        return data

    @field_validator("periods")
    @classmethod
    def _periods_are_financial_years(cls, value: list[str]) -> list[str]:
        for label in value:
            FinancialYear.parse(label)
        return value

    def resolve_paths(self, base: Path) -> ProjectConfig:
        """Return a copy with every relative path made absolute against ``base``."""

        def fix(p: Path | None) -> Path | None:
            if p is None:
                return None
            p = Path(os.path.expanduser(p))
            return p if p.is_absolute() else (base / p).resolve()

        return self.model_copy(
            update={
                "extracts": [fix(p) for p in self.extracts],
                "reference_dir": fix(self.reference_dir),
                "postcode_directory": fix(self.postcode_directory),
                "warehouse": fix(self.warehouse),
                "output_dir": fix(self.output_dir),
                "key_file": fix(self.key_file),
                "truth_dir": fix(self.truth_dir),
                "catalogue": fix(self.catalogue),
                "narrative_dir": fix(self.narrative_dir),
                "derive": self.derive.model_copy(
                    update={"published_estimates_dir": fix(self.derive.published_estimates_dir)}
                ),
                "evaluate": self.evaluate.model_copy(
                    update={
                        "programmes": fix(self.evaluate.programmes),
                        "cohorts": fix(self.evaluate.cohorts),
                    }
                ),
                "opt_out": self.opt_out.model_copy(
                    update={"nhs_numbers_file": fix(self.opt_out.nhs_numbers_file)}
                ),
                "web": self.web.model_copy(update={"secret_key_file": fix(self.web.secret_key_file)}),
                "provision": self.provision.resolve_paths(base),
            }
        )


def _describe(error: ValidationError, path: Path) -> str:
    lines = []
    for item in error.errors():
        key = ".".join(str(p) for p in item["loc"]) or "(top level)"
        if item["type"] == "extra_forbidden":
            known = ", ".join(sorted(ProjectConfig.model_fields))
            lines.append(f"unknown key '{key}' (known keys: {known})")
        else:
            lines.append(f"'{key}': {item['msg']}")
    return f"{path}: " + "; ".join(lines)


def load_project(path: Path) -> ProjectConfig:
    """Read and validate a project file; paths come back absolute."""
    if not path.is_file():
        raise ConfigError(f"{path}: project file not found", hint="create one with `atr init`")
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}") from exc
    try:
        config = ProjectConfig.model_validate(raw)
    except ValidationError as exc:
        raise ConfigError(_describe(exc, path)) from exc
    return config.resolve_paths(path.parent.resolve())


EXAMPLE_PROJECT = """\
# ATR Observatory project file. Relative paths are relative to this file.
name = "West Yorkshire ATR Observatory"
extracts = ["data/extract"]
# reference_dir = "/path/to/reference"   # else $ATR_REFERENCE_DIR, the cache, or synthetic
warehouse = "build/atr.duckdb"          # on Spark a folder, e.g. "build/warehouse.spark"
engine = "duckdb"                        # or "spark"
# spark_master = "spark://host:7077"     # engine = "spark": else $ATR_SPARK_MASTER, else local[2]
periods = ["2019/20", "2020/21", "2021/22", "2022/23", "2023/24", "2024/25"]
output_dir = "build/site"
key_file = "secrets/pseudonymisation.key"
# catalogue = "indicators"               # a local KPI catalogue folder (*.yaml); else the built-in one
# truth_dir = "data/truth"               # synthetic extracts only: measure linkage and derive

[ingest]
# datasets = ["csc", "police"]           # only these datasets; default every dataset found
max_quarantine_share = 0.05             # a file quarantining more of its rows is rejected

[link]
match_threshold = 0.9

[disclosure]
suppress_below = 8
round_to = 5

# [opt_out]                                 # national data opt-out (docs/privacy.md): records of
# nhs_numbers_file = "secrets/opt_out.txt"  # these NHS numbers in the datasets below are never linked
# datasets = ["gp_registration", "mental_health"]

[web]                                    # the network platform (atr serve, atr web ...)
# database_url = "postgresql://atr@db.example.org:5432/atr"  # else $ATR_DATABASE_URL, else SQLite
# secret_key_file = "secrets/web_secret.key"                 # else $ATR_SECRET_KEY(_FILE)
allowed_hosts = ["127.0.0.1", "localhost"]
production = false

# [provision]                              # need against provision (docs/provision.md)
# directory = "data/directory"             # Open Referral UK: a folder of services-page-N.json,
#                                          # or a live API address, https://…/api/oruk
# [provision.allocation]                   # proportionate universalism
# total = 1000000                          # a budget, or a number of places
# unit = "£"                               # or "places"
# universal_share = 0.4                    # shared by population; the rest by modelled need
# need_kind = "family_support"             # the kind of need (need_kinds.yaml) that steers it
# level = "district"                       # or "ward"
"""

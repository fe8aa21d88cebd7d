"""The project file's ``[provision]`` section: the directory to read and the declared allocation."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field


class AllocationSettings(BaseModel):
    """Proportionate universalism, declared: what is shared out, and how much of it by need.

    Each area gets ``universal_share`` of the total in proportion to its population (everyone
    gets something) and the rest in proportion to the modelled need of ``need_kind``.
    """

    model_config = ConfigDict(extra="forbid")

    total: float = Field(1_000_000.0, gt=0, description="What is shared out: a budget or a number of places.")
    unit: str = Field("£", description="'£' for a budget, else the name of what is counted (e.g. 'places').")
    universal_share: float = Field(
        0.4, ge=0, le=1, description="Share given in proportion to population; the rest follows need."
    )
    need_kind: str = Field(
        "family_support",
        description="The kind of need (need_kinds.yaml) whose modelled need steers the rest.",
    )
    level: Literal["ward", "district"] = Field("district", description="Areas the total is shared among.")


class ProvisionSettings(BaseModel):
    """Need against provision (docs/provision.md). Without ``directory`` the step is skipped."""

    model_config = ConfigDict(extra="forbid")

    directory: str | None = Field(
        None,
        description="Open Referral UK feed: a live API address (https://…/api/oruk) or a folder of "
        "services-page-N.json files (relative to the project file).",
    )
    need_kinds: Path | None = Field(None, description="A need kinds YAML file instead of the built-in one.")
    max_km_to_lsoa: float = Field(
        5.0, gt=0, description="A location further than this from every LSOA centre is outside the area."
    )
    allocation: AllocationSettings = Field(default_factory=AllocationSettings)

    def with_directory(self, directory: str | Path | None) -> ProvisionSettings:
        """These settings with another feed (a folder relative to the working folder), if given."""
        if directory is None:
            return self
        return self.model_copy(update={"directory": str(directory)}).resolve_paths(Path.cwd())

    def resolve_paths(self, base: Path) -> ProvisionSettings:
        def fix(p: str | Path | None) -> Path | None:
            if p is None:
                return None
            p = Path(p).expanduser()
            return p if p.is_absolute() else (base / p).resolve()

        directory = self.directory
        if directory is not None and not directory.startswith(("http://", "https://")):
            directory = str(fix(directory))
        return self.model_copy(update={"directory": directory, "need_kinds": fix(self.need_kinds)})


__all__ = ["AllocationSettings", "ProvisionSettings"]

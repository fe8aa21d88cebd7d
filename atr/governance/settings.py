"""``[governance]`` of the project file: who answers for the project, for the governance records.

Light (pydantic only), so loading the project file imports nothing else. Every field is
optional: a record generated without it says what is missing ("to complete in atr.toml")
rather than inventing it.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class GovernanceSettings(BaseModel):
    """The accountable people and documents named in the governance records."""

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

"""The practice levels training is counted against, and the level each role needs by default.

Levels follow the NES Knowledge and Skills Framework ("Transforming Psychological Trauma"):
trauma informed (everyone), trauma skilled (people who work directly with people who may have
been affected), trauma enhanced, trauma specialist. Leadership training is its own kind: it
counts for leaders but never raises a practice level. Codes are stored; labels are shown.
"""

from __future__ import annotations

LEVELS: tuple[tuple[str, str], ...] = (
    ("informed", "Trauma informed"),
    ("skilled", "Trauma skilled"),
    ("enhanced", "Trauma enhanced"),
    ("specialist", "Trauma specialist"),
)
LEADERSHIP = "leadership"
COURSE_KINDS: tuple[tuple[str, str], ...] = (*LEVELS, (LEADERSHIP, "Leadership (trauma-informed leadership)"))
LEVEL_LABELS = dict(COURSE_KINDS)
LEVEL_RANK = {code: rank for rank, (code, _) in enumerate(LEVELS, start=1)}
DELIVERY_MODES: tuple[tuple[str, str], ...] = (
    ("e_learning", "E-learning"),
    ("face_to_face", "Face to face"),
    ("live_online", "Live online"),
    ("blended", "Blended"),
)

# Sectors whose frontline staff need trauma-skilled practice unless the organisation says
# otherwise; everyone else defaults to trauma informed.
SKILLED_BY_DEFAULT = frozenset({"police", "housing", "primary_care", "youth_justice", "safeguarding"})

GOAL_YEAR = 2030

TRAINING_UPTAKE = {
    "police": 0.75,
    "education": 0.7,
    "early_years_early_help": 0.65,
    "youth_justice": 0.7,
    "lived_experience_group": 0.6,
    "voluntary_community": 0.5,
    "local_authority": 0.55,
    "safeguarding": 0.6,
    "housing": 0.45,
    "primary_care": 0.35,
    "mental_health_trust": 0.5,
    "acute_trust": 0.2,
}
"""Made-up share of staff trained to their required level by spring 2025, by sector, for the two
synthetic workforces (the platform's demo and the pipeline's synthetic network): policing and
schools ahead, acute trusts behind, as early programme reports describe. Not a finding."""


def default_level(sector: str) -> str:
    """The level a role needs when its organisation has not set one."""
    return "skilled" if sector in SKILLED_BY_DEFAULT else "informed"


def meets(reached: str | None, required: str) -> bool:
    """True if a person whose highest level is ``reached`` is trained to ``required``."""
    return reached is not None and LEVEL_RANK.get(reached, 0) >= LEVEL_RANK[required]


def normalise_role(text: str) -> str:
    """A role as it is matched: spaces collapsed, case folded (``Support  Worker`` = ``support worker``)."""
    return " ".join(text.split()).casefold()

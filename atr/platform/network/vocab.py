"""The network's fixed vocabularies: sectors, districts, categories and kinds.

Codes are stored; labels are shown. Districts are the five West Yorkshire local authority
districts of the reference geography (ONS LAD codes), so the export joins the observatory's places.
"""

from __future__ import annotations

from atr.reference import DISTRICTS

SECTORS: tuple[tuple[str, str], ...] = (
    ("early_years_early_help", "Early years and early help"),
    ("commissioners", "Commissioners"),
    ("primary_care", "Primary care"),
    ("acute_trust", "Acute trust"),
    ("mental_health_trust", "Mental-health trust"),
    ("local_authority", "Local authority"),
    ("education", "Education"),
    ("educational_psychology", "Educational psychology"),
    ("safeguarding", "Safeguarding"),
    ("police", "Police"),
    ("youth_justice", "Youth justice"),
    ("housing", "Housing"),
    ("voluntary_community", "Voluntary and community"),
    ("lived_experience_group", "Lived-experience group"),
    ("other", "Other"),
)
SECTOR_LABELS = dict(SECTORS)

DISTRICT_CHOICES: tuple[tuple[str, str], ...] = tuple(sorted(DISTRICTS.items(), key=lambda kv: kv[1]))

PLEDGE_TYPES: tuple[tuple[str, str], ...] = (
    ("pledge", "Pledge of commitment"),
    ("charter", "Charter for trauma-informed practice (organisation signature)"),
)
PLEDGE_CATEGORIES: tuple[tuple[str, str], ...] = (
    ("training", "Workforce training"),
    ("wellbeing", "Staff wellbeing"),
    ("practice", "Changing practice"),
    ("leadership", "Leadership and culture"),
    ("lived_experience", "Involving people with lived experience"),
    ("partnership", "Working in partnership"),
    ("environment", "Safe and welcoming places"),
)
EVENT_KINDS: tuple[tuple[str, str], ...] = (
    ("knowledge_exchange", "Knowledge exchange"),
    ("workshop", "Workshop"),
    ("training", "Training session"),
    ("conference", "Conference"),
)
GROUP_KINDS: tuple[tuple[str, str], ...] = (
    ("subgroup", "Subgroup"),
    ("pilot", "Pilot"),
    ("collective", "Collective"),
)
CONTACT_PREFERENCES: tuple[tuple[str, str], ...] = (
    ("none", "Do not contact me"),
    ("via_team", "Through the programme team"),
    ("email", "By email (my address is shown to signed-in members)"),
)
LIVED_EXPERIENCE: tuple[tuple[str, str], ...] = (
    ("", "Not stated"),
    ("yes", "Yes"),
    ("no", "No"),
    ("prefer_not", "Prefer not to say"),
)
INTERESTS: tuple[tuple[str, str], ...] = (
    ("schools", "Trauma-informed schools"),
    ("policing", "Policing"),
    ("housing", "Housing"),
    ("primary_care", "Primary care"),
    ("early_years", "Early years"),
    ("youth", "Youth voice"),
    ("community", "Community action"),
    ("navigators", "ATR Navigators"),
    ("workforce_wellbeing", "Workforce wellbeing"),
    ("training", "Training and skills"),
    ("lived_experience", "Lived experience"),
    ("evaluation", "Evaluation and data"),
    ("commissioning", "Commissioning"),
    ("justice", "Youth justice"),
    ("mental_health", "Mental health"),
)
INTEREST_LABELS = dict(INTERESTS)

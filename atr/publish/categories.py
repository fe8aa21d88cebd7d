"""How a comparison looks: its words, colour and marker shape, the same on every chart.

Colours follow the Fingertips convention (better green, similar amber, worse red; blues for
indicators with no "good" direction) in GOV.UK's palette. Shapes differ too, so the categories
can be told apart without colour (WCAG 1.4.1).
"""

from __future__ import annotations

from dataclasses import dataclass

from atr.publish.model import Assessment


@dataclass(frozen=True)
class CategoryStyle:
    label: str
    colour: str
    shape: str


def category_style(assessment: Assessment, benchmark: str) -> CategoryStyle:
    styles = {
        Assessment.BETTER: (f"Better than {benchmark}", "#00703c", "triangle-up"),
        Assessment.SIMILAR: (f"Similar to {benchmark}", "#ffdd00", "circle"),
        Assessment.WORSE: (f"Worse than {benchmark}", "#d4351c", "triangle-down"),
        Assessment.HIGHER: (f"Higher than {benchmark}", "#5694ca", "square"),
        Assessment.LOWER: (f"Lower than {benchmark}", "#003078", "diamond"),
        Assessment.NOT_COMPARED: ("Not compared", "#b1b4b6", "cross"),
    }
    label, colour, shape = styles[assessment]
    return CategoryStyle(label, colour, shape)


ORDER = (
    Assessment.BETTER,
    Assessment.SIMILAR,
    Assessment.WORSE,
    Assessment.HIGHER,
    Assessment.LOWER,
    Assessment.NOT_COMPARED,
)


def legend_for(present: set[Assessment], benchmark: str) -> tuple[list[str], list[str], list[str]]:
    """(labels, colours, shapes) for the categories present, in a fixed order."""
    chosen = [category_style(a, benchmark) for a in ORDER if a in present]
    return [c.label for c in chosen], [c.colour for c in chosen], [c.shape for c in chosen]

"""A starter course catalogue, one course per practice level and one for leaders.

The programme team edits the catalogue afterwards (``/workforce/courses/new/`` or the admin).
"""

from __future__ import annotations

from typing import Any

from django.db import migrations

STARTER = (
    (
        "ti-intro",
        "Trauma-informed practice: an introduction",
        "West Yorkshire ATR programme",
        "1.5",
        "e_learning",
        "informed",
    ),
    (
        "ts-practice",
        "Trauma-skilled practice for frontline staff",
        "West Yorkshire ATR programme",
        "6.0",
        "face_to_face",
        "skilled",
    ),
    (
        "te-complex",
        "Trauma-enhanced practice: working with complex trauma",
        "Regional training partnership",
        "18.0",
        "blended",
        "enhanced",
    ),
    (
        "tsp-therapy",
        "Specialist trauma interventions",
        "Regional training partnership",
        "40.0",
        "face_to_face",
        "specialist",
    ),
    (
        "ti-leaders",
        "Leading a trauma-informed organisation",
        "West Yorkshire ATR programme",
        "7.0",
        "live_online",
        "leadership",
    ),
)


def add_courses(apps: Any, schema_editor: Any) -> None:
    course = apps.get_model("workforce", "Course")
    for code, title, provider, hours, mode, level in STARTER:
        course.objects.get_or_create(
            code=code,
            defaults={
                "title": title,
                "provider": provider,
                "hours": hours,
                "delivery_mode": mode,
                "level": level,
            },
        )


def remove_courses(apps: Any, schema_editor: Any) -> None:
    apps.get_model("workforce", "Course").objects.filter(code__in=[row[0] for row in STARTER]).delete()


class Migration(migrations.Migration):
    dependencies = [("workforce", "0001_initial")]
    operations = [migrations.RunPython(add_courses, remove_courses)]

"""The Jinja environment shared by the site and the report.

The GOV.UK macros come from ``govuk-frontend-jinja`` under their own prefix (their templates
import each other as ``govuk_frontend_jinja/...``); our templates sit in
``atr/publish/templates``. Autoescaping is on everywhere: every string from the data is escaped.
"""

from __future__ import annotations

from functools import cache

import jinja2

from atr.publish import formatting as fmt


@cache
def environment() -> jinja2.Environment:
    loader = jinja2.ChoiceLoader(
        [
            jinja2.PackageLoader("atr.publish", "templates"),
            jinja2.PrefixLoader({"govuk_frontend_jinja": jinja2.PackageLoader("govuk_frontend_jinja")}),
        ]
    )
    env = jinja2.Environment(loader=loader, autoescape=True, trim_blocks=True, lstrip_blocks=True)
    env.filters["number"] = fmt.number
    env.filters["count"] = fmt.count
    env.filters["with_unit"] = fmt.with_unit
    env.filters["value_text"] = fmt.value_text
    env.filters["interval"] = fmt.interval
    env.filters["percent"] = fmt.percent
    return env

"""Jinja2 rendering of generated wikitext (StrictUndefined; escaping via filters only).

Templates live in the top-level ``templates/`` directory (``*.wiki.j2``). They
receive plain data (models and numbers) and must pass every editor value
through ``cell``, ``link`` or ``extlink`` (bot.rendering.escape), the one place
where escaping happens.
"""

from __future__ import annotations

from functools import lru_cache

import jinja2

from bot.rendering import escape
from bot.resources import TEMPLATES


def type_label(types: tuple[str, ...]) -> str:
    """("regional", "thematic") -> "Regional & Thematic" (as Meta's table writes it)."""
    words = [t.capitalize() for t in types]
    return " & ".join(words) if len(words) < 3 else ", ".join(words[:-1]) + " & " + words[-1]


@lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES)),
        undefined=jinja2.StrictUndefined,
        autoescape=False,            # wikitext, not HTML: escaping is done by the filters below
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["cell"] = escape.cell
    env.filters["link"] = lambda target, label=None: escape.internal_link(target, label)
    env.filters["extlink"] = lambda url, label=None: escape.external_link(url, label)
    env.filters["plan"] = lambda plan: (escape.external_link(plan.target, plan.label) if plan.external
                                        else escape.internal_link(plan.target, plan.label))
    env.filters["lua"] = escape.lua_string
    env.filters["types"] = lambda types: escape.cell(type_label(tuple(types)))
    env.filters["capital"] = lambda value: escape.cell(str(value).capitalize()) if value else ""
    return env


def render(template_name: str, **data) -> str:
    return environment().get_template(template_name).render(**data)

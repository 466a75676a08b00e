"""The meaning of the ``translation:`` config section: lists in the reader's language (issue 25).

The section's keys are declared with the rest of the schema (``TranslationConfig`` in bot.config, which
calls ``check_translation`` once the outputs are read); here is what they must mean together::

    translation:
      pages: [Hubs, Hubs/Ongoing]          # translatable pages that show generated lists: the languages
                                           # written are those these pages (or the labels page) are translated into
      labels: Hubs/hubbot labels           # the translatable labels page publish-templates publishes
      outputs: [plans, directory]          # outputs written per language (PAGE/xx); default: every plans and
                                           # directory output that owns its whole page
      source_language: en                  # the language of the source pages (never written as PAGE/xx)

Each output named is written in English on its page as before, and for each language xx in use on
``PAGE/xx`` with xx's labels, hub names, scopes and details (English where not translated). A translatable
page shows the reader's version with ``{{:PAGE{{#translation:}}}}`` outside ``<translate>``. Without the
section nothing is written per language and no labels page is published.
"""

from __future__ import annotations

import re
from dataclasses import replace

LANGUAGE_CODE = re.compile(r"^[a-z]{2,3}(-[a-z0-9]{2,8})*$")
PER_LANGUAGE_KINDS = ("plans", "directory")      # kinds whose pages a reader sees in every language


def check_translation(r, section, outputs):
    """The section read for shape (``section``: a TranslationConfig, or None) checked against the outputs;
    ``outputs`` left out means every plans and directory output without a region. ``r``: bot.config's reader."""
    if section is None:
        return None
    if not LANGUAGE_CODE.match(section.source_language):
        raise r.fail("translation.source_language", f"{section.source_language!r} is not a language code.",
                     "write e.g. en.")
    by_name = {o.name: o for o in outputs}
    names = section.outputs or tuple(o.name for o in outputs if o.kind in PER_LANGUAGE_KINDS and o.region is None)
    for i, name in enumerate(section.outputs):
        key = f"translation.outputs[{i}]"
        out = by_name.get(name)
        if out is None:
            raise r.fail(key, f"there is no output named {name!r}.", f"use one of: {', '.join(by_name)}.")
        if out.kind not in PER_LANGUAGE_KINDS:
            raise r.fail(key, f"{name!r} is a {out.kind} output; only {' and '.join(PER_LANGUAGE_KINDS)} outputs "
                              "are written per language.", "remove it from translation.outputs.")
        if out.region is not None:
            raise r.fail(key, f"{name!r} writes a region of {out.page}; a page per language needs a page of its own.",
                         f"point {name!r} at a bot-owned page (no region) that {out.page} transcludes with "
                         "{{:PAGE{{#translation:}}}}, or remove it from translation.outputs.")
    if section.labels in {o.page for o in outputs}:
        raise r.fail("translation.labels", f"{section.labels!r} is written by an output.",
                     "give the labels a page of their own.")
    return replace(section, outputs=names)

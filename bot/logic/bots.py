"""{{bots}} / {{nobots}} exclusion, with pywikibot's semantics (pure).

- ``{{nobots}}``: no bot may edit.
- ``{{bots|deny=all}}``, ``{{bots|deny=HubBot,OtherBot}}``: denied for all / the named bots.
- ``{{bots|allow=none}}``, ``{{bots|allow=OtherBot}}``: only the named bots may edit.
- ``{{bots|optout=all}}``: opted out of all message deliveries (treated as deny).
Names are compared case-insensitively; "HubBot" also matches a BotPassword login "HubBot@hubbot".
"""

from __future__ import annotations

import re

from bot.parsing.wikitext import parse, template_key

# Any {{bots}} / {{nobots}} call contains this; pages without it are not parsed at all (a generated
# 10,000-row table would otherwise become a parse tree of a few hundred MB just to say "allowed").
_MAYBE = re.compile(r"\{\{\s*(?:template\s*:\s*)?(?:no)?bots\s*[|}]", re.IGNORECASE)


def bot_may_edit(text: str, user: str) -> bool:
    if not _MAYBE.search(text):
        return True
    me = user.split("@", 1)[0].strip().lower()
    for template in parse(text).filter_templates(recursive=True):
        name = template_key(template.name)
        if name not in ("Bots", "Nobots"):
            continue
        params = {str(p.name).strip().lower(): [n.strip().lower() for n in str(p.value).split(",")]
                  for p in template.params}
        if name == "Nobots":
            allowed = params.get("allow")
            return bool(allowed) and (me in allowed or "all" in allowed)
        if "allow" in params:
            names = params["allow"]
            return "all" in names or me in names
        if "deny" in params:
            names = params["deny"]
            return not ("all" in names or me in names)
        if "optout" in params and "all" in params["optout"]:
            return False
    return True

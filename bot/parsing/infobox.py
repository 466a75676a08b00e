"""Parse a hub page's ``{{Hub infobox}}`` into a Hub and a list of Problems (pure).

The on-wiki contract for editors (the template's documentation says the same):

- one ``{{Hub infobox}}`` per hub page; the name may be written ``Template:Hub infobox``,
  ``hub_infobox`` and so on, as MediaWiki itself resolves it;
- parameter names are matched case-insensitively, spaces/underscores alike, with
  the aliases in ``ALIASES``;
- required: ``name``, ``type`` (one or more of regional, thematic, linguistic,
  separated by commas, "and", "&" or "/"; the first decides the directory section),
  ``scope``, ``status`` (one of ``STATUSES``; Meta's "Planning/Discussion" means ``planning``);
- optional: ``region``, ``languages`` (comma-separated codes), ``website`` (URL),
  ``contact``, ``founded`` (year), ``updated`` (YYYY-MM-DD only, not after the run's day), ``plans``
  (links, one per line or ``;``-separated), ``map`` (a file name, with or without ``File:``),
  ``details`` (a short text, links allowed, at most ``DETAILS_MAX`` characters as shown).

Long values are cut, with a problem, so that one value cannot fill every generated
page: ``name``, ``scope``, ``region`` and ``contact`` show at most ``TEXT_MAX``
characters each, ``details`` at most ``DETAILS_MAX``, and no parameter is read
beyond ``RAW_MAX`` characters of wikitext (about a hundred plan links).

``parse_hub_page`` never raises: any text yields a ParseResult. Problems name the
field, say what is wrong and how to fix it.
"""

from __future__ import annotations

import logging
import re
from datetime import date

from bot.models import Hub, ParseResult, Plan, Problem
from bot.parsing.wikitext import is_media_link, links, parse, plain, rich, template_calls, without_translate_variables
from bot.titles import canonical_title

log = logging.getLogger("hubbot")

DEFAULT_TEMPLATE = "Hub infobox"
TYPES = ("regional", "thematic", "linguistic")
TYPE_SEPARATOR_WORDS = (",", ";", "&", "/", "and")     # "and" as a whole word, case ignored
TYPE_SEPARATORS = re.compile(r"\s*(?:" + "|".join(rf"\b{w}\b" if w.isalpha() else re.escape(w)
                                                  for w in TYPE_SEPARATOR_WORDS) + r")\s*", re.IGNORECASE)
DETAILS_MAX = 300          # characters a reader sees; the directory's Details cell stays short
TEXT_MAX = {"name": 150, "scope": 300, "region": 200, "contact": 300}   # characters a reader sees
RAW_MAX = 10_000           # characters of wikitext read from any one parameter
IGNORED_TOLD = 10          # unknown or unnamed parameters told one by one; the rest in one problem
FOUNDED_YEARS = (1990, 2100)   # the years `founded` accepts
# What ~~~ expands to: a user page, a user talk page (or an IP's contributions), never a subpage.
SIGNATURE_LINK = re.compile(r"^(user|user talk|special\s*:\s*contributions)\s*[:/][^/]+$", re.IGNORECASE)
FILE_PREFIX = re.compile(r"^\s*:?\s*(file|image)\s*:\s*", re.IGNORECASE)
FILE_NAME = re.compile(r"^[^#<>\[\]{}|/:]+\.[A-Za-z0-9]{2,5}$")
STATUSES = ("research", "discussion", "planning", "pilot", "implementation", "established", "inactive")
STATUS_SYNONYMS = {
    "planning/discussion": "planning", "planning / discussion": "planning",
    "discussion/planning": "planning", "planning and discussion": "planning",
    "discussion / planning": "planning", "in discussion": "discussion",
    "implemented": "implementation", "active": "established", "dormant": "inactive",
}
FIELDS = ("name", "type", "scope", "status", "region", "languages", "website", "contact",
          "founded", "updated", "plans", "map", "details")
REQUIRED = ("name", "type", "scope", "status")
ALIASES = {
    "hub_name": "name", "title": "name",
    "hub_type": "type", "kind": "type", "types": "type",
    "hub_status": "status", "stage": "status",
    "area": "scope", "theme": "scope",
    "language": "languages", "langs": "languages",
    "url": "website", "web": "website", "homepage": "website",
    "contacts": "contact",
    "established": "founded", "year": "founded",
    "last_update": "updated", "last_updated": "updated", "lastupdate": "updated", "reviewed": "updated",
    "plan": "plans", "links": "plans", "discussions": "plans",
    "rough_map": "map",
}
LANGUAGE_CODE = re.compile(r"^[a-z]{2,3}(-[a-z0-9]{2,8})*$")
URL = re.compile(r"^(https?:)?//[^\s/$.?#][^\s]*$", re.IGNORECASE)


def vocabulary() -> dict:
    """The rules above as plain data, for {{Hub infobox}}'s own checks on the wiki (Module:Hub infobox/vocabulary)."""
    return {"fields": list(FIELDS), "required": list(REQUIRED), "aliases": dict(sorted(ALIASES.items())),
            "types": list(TYPES), "type_separators": list(TYPE_SEPARATOR_WORDS), "statuses": list(STATUSES),
            "status_synonyms": dict(sorted(STATUS_SYNONYMS.items())), "text_max": dict(TEXT_MAX),
            "details_max": DETAILS_MAX, "raw_max": RAW_MAX, "founded_years": list(FOUNDED_YEARS),
            "months": list(MONTHS), "date_example": DATE_EXAMPLE}


def parameter_key(name: str) -> str | None:
    """The canonical field a parameter name stands for, or None if unknown."""
    key = re.sub(r"[\s_]+", "_", name.strip().lower())
    if key in FIELDS:
        return key
    return ALIASES.get(key)


def parse_hub_page(title: str, text: str, template: str = DEFAULT_TEMPLATE) -> ParseResult:
    try:
        return _parse(title, text, template)
    except Exception as exc:  # the promise: never an exception for any input text
        log.debug("parser failed on %s", title, exc_info=exc)      # the traceback only with --verbose
        return ParseResult(title, None, (Problem(title, None, f"the page could not be read ({type(exc).__name__}).",
                                                 "simplify the infobox markup; report this to the bot operator."),))


def _parse(title: str, text: str, template: str) -> ParseResult:
    # Translate strips the old <tvar|name>...</> syntax before templates are parsed; so do we
    # (its '|' would otherwise split a parameter). Reading only: hub pages are never edited.
    code = parse(without_translate_variables(text))
    boxes = template_calls(code, template)
    # A template nested inside another infobox's value is not a second infobox.
    boxes = [b for b in boxes if not any(b is not o and _contains(o, b) for o in boxes)]
    problems: list[Problem] = []

    def problem(field: str | None, message: str, fix: str) -> None:
        problems.append(Problem(title, field, message, fix))

    if not boxes:
        problem(None, f"no {{{{{template}}}}} on this page.",
                f"add {{{{{template}|name=...|type=...|scope=...|status=...}}}} at the top of the page "
                "(outside <!-- comments --> and <nowiki>, with every {{ and [[ closed).")
        return ParseResult(title, None, tuple(problems))
    if len(boxes) > 1:
        problem(None, f"the page has {len(boxes)} {{{{{template}}}}} templates; only the first is used.",
                "keep one infobox per hub page; move other hubs to their own pages.")

    values: dict[str, object] = {}
    seen: dict[str, str] = {}
    ignored = 0
    for param in boxes[0].params:
        raw_name = _short(str(param.name).strip())
        key = parameter_key(plain(param.name).text or raw_name) if param.showkey else None
        if key is None:
            ignored += 1        # told one by one up to IGNORED_TOLD: thousands would fill the errors page
            if ignored > IGNORED_TOLD:
                continue
            if not param.showkey:
                problem(f"{raw_name}", f"unnamed parameter {raw_name} ({_short(param.value)!r}) is ignored.",
                        "write it as name=value, e.g. |scope=...")
            else:
                problem(raw_name, f"unknown parameter {raw_name!r} is ignored.",
                        f"use one of: {', '.join(FIELDS)}.")
            continue
        if key in seen:
            problem(key, f"{key!r} is given twice ({seen[key]!r} and {raw_name!r}); the last one is used.",
                    "remove one of them.")
        seen[key] = raw_name
        value = param.value
        if len(str(value)) > RAW_MAX:
            problem(key, f"{key!r} is {len(str(value)):,} characters long; only the first {RAW_MAX:,} are read.",
                    f"shorten {key}; long texts belong on the hub page itself, not in the infobox.")
            value = parse(str(value)[:RAW_MAX])
        values[key] = value

    if ignored > IGNORED_TOLD:
        problem(None, f"{ignored - IGNORED_TOLD:,} more unknown or unnamed parameters are ignored.",
                f"use only the parameters {', '.join(FIELDS)}, each as name=value.")
    fields: dict[str, object] = {}
    for key in ("name", "scope", "region", "contact"):
        if key in values:
            fields[key] = _text(values[key], key, problem)
    for key in REQUIRED:
        # A value made only of templates the bot cannot expand was already reported as such.
        if not fields.get(key) and not (key in values and (plain(values[key]).text or plain(values[key]).dropped)):
            problem(key, f"required parameter {key!r} is missing or empty.", f"add |{key}=... to the infobox.")
    if "type" in values:
        fields["types"] = _types(values["type"], problem)
    if "status" in values:
        fields["status"] = _choice(values["status"], "status", STATUSES, STATUS_SYNONYMS, problem)
    if "languages" in values:
        fields["languages"] = _languages(values["languages"], problem)
    if "website" in values:
        fields["website"] = _website(values["website"], problem)
    if "founded" in values:
        fields["founded"] = _year(values["founded"], problem)
    if "updated" in values:
        fields["updated"] = _date(values["updated"], problem)
    if "plans" in values:
        fields["plans"] = _plans(values["plans"], problem)
    if "map" in values:
        fields["map"] = _map(values["map"], problem)
    if "details" in values:
        fields["details"] = _details(values["details"], problem)
    hub = Hub(page=title, **{k: v for k, v in fields.items() if v not in (None, "")})
    return ParseResult(title, hub, tuple(problems))


def _contains(outer, inner) -> bool:
    return any(inner is t for p in outer.params for t in p.value.filter_templates(recursive=True))


def _short(value: object, limit: int = 40) -> str:
    text = str(value).strip()
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _text(value, key: str, problem) -> str | None:
    result = plain(value)
    if result.dropped:
        problem(key, f"{key!r} contains templates the bot cannot expand ({_short(' '.join(result.dropped))}); "
                     "they are left out.", f"write {key} as plain text.")
    limit = TEXT_MAX[key]
    if len(result.text) > limit:
        problem(key, f"{key!r} is {len(result.text):,} characters long; the lists show the first {limit}.",
                f"shorten {key} to at most {limit} characters; details belong on the hub page.")
        return result.text[: limit - 1].rstrip() + "…"
    return result.text or None


def normalize_choice(text: str, allowed: tuple[str, ...], synonyms: dict[str, str]) -> str | None:
    """An editor's value as one of ``allowed`` (case and spacing ignored, synonyms mapped), or None."""
    folded = re.sub(r"\s+", " ", text.strip().lower())
    folded = synonyms.get(folded, folded)
    return folded if folded in allowed else None


def _choice(value, key: str, allowed: tuple[str, ...], synonyms: dict[str, str], problem) -> str | None:
    text = plain(value).text
    if not text:
        return None
    choice = normalize_choice(text, allowed, synonyms)
    if choice:
        return choice
    problem(key, f"{key} {text!r} is not one of the allowed values.",
            f"use one of: {', '.join(allowed)}.")
    return None


def parse_types(text: str) -> tuple[tuple[str, ...], list[str]]:
    """Hub types in a value such as "Regional & Thematic": (known types in order, unknown words).

    Separators: commas, semicolons, "and", "&", "/"; case is ignored; each type counts once.
    """
    found: list[str] = []
    unknown: list[str] = []
    for piece in TYPE_SEPARATORS.split(text.strip()):
        word = re.sub(r"\s+", " ", piece.strip().lower())
        if not word:
            continue
        if word in TYPES:
            if word not in found:
                found.append(word)
        else:
            unknown.append(piece.strip())
    return tuple(found), unknown


def _types(value, problem) -> tuple[str, ...]:
    text = plain(value).text
    types, unknown = parse_types(text)
    if unknown:
        problem("type", f"type {', '.join(repr(u) for u in unknown)} is not one of the allowed values"
                        + (f"; {', '.join(types)} is kept." if types else "."),
                f"use one or more of: {', '.join(TYPES)} (e.g. regional, thematic).")
    return types


def file_name(text: str) -> str | None:
    """A file name as MediaWiki stores it, without ``File:``; None when it cannot be one."""
    name = canonical_title(FILE_PREFIX.sub("", text), check=False)
    return name if FILE_NAME.match(name) and "~~~" not in name else None


def _map(value, problem) -> str | None:
    found, _ = links(value)
    files = [p.target for p in found if is_media_link(p, categories=False)]
    text = files[0] if files else plain(value).text
    if not text:
        return None
    name = file_name(text)
    if name is None:
        problem("map", f"map {_short(text)!r} is not a file name.",
                "write the name of an uploaded file, e.g. map = CEE Hub map.svg (with or without File:).")
    return name


def cut_details(parts: tuple, limit: int = DETAILS_MAX) -> tuple[tuple, bool]:
    """The first ``limit`` visible characters of a rich text (links kept whole or left out); cut?"""
    kept: list = []
    used = 0
    for part in parts:
        size = len(part) if isinstance(part, str) else len(part.label or part.target)
        if used + size <= limit:
            kept.append(part)
            used += size
            continue
        room = limit - used - 1
        if isinstance(part, str) and room > 0:
            kept.append(part[:room].rstrip() + "…")
        else:
            kept.append("…")
        return tuple(kept), True
    return tuple(kept), False


def _details(value, problem) -> tuple:
    result = rich(value)
    if result.dropped:
        problem("details", f"details contains what the directory cannot show ({_short(' '.join(result.dropped))}); "
                           "it is left out.",
                "write details as short text with [[links]]; put references and plan links in plans.")
    parts, cut = cut_details(result.parts)
    if cut:
        size = sum(len(p) if isinstance(p, str) else len(p.label or p.target) for p in result.parts)
        problem("details", f"details is {size} characters long; only the first {DETAILS_MAX} are shown.",
                f"shorten it to {DETAILS_MAX} characters; longer text belongs on the hub page.")
    return parts


def _languages(value, problem) -> tuple[str, ...]:
    text = plain(value).text
    codes: list[str] = []
    bad: list[str] = []
    for item in re.split(r"[,;/\s]+", text):
        code = item.strip().lower()
        if not code:
            continue
        if LANGUAGE_CODE.match(code):
            if code not in codes:
                codes.append(code)
        else:
            bad.append(item)
    if bad:
        problem("languages", f"{', '.join(repr(b) for b in bad)}: not "
                             f"{'a language code' if len(bad) == 1 else 'language codes'}, left out.",
                "write comma-separated codes such as en, fr, pt-br.")
    return tuple(codes)


def _website(value, problem) -> str | None:
    found, _ = links(value)
    external = [p for p in found if p.external]
    url = external[0].target if external else plain(value).text
    if not url:
        return None
    if not URL.match(url):
        problem("website", f"{_short(url)!r} is not a URL.", "write a full address such as https://example.org.")
        return None
    return url


def _year(value, problem) -> int | None:
    text = plain(value).text
    if not text:
        return None
    if re.fullmatch(r"\d{4}", text) and FOUNDED_YEARS[0] <= int(text) <= FOUNDED_YEARS[1]:
        return int(text)
    problem("founded", f"founded {text!r} is not a year.", "write a four-digit year such as 2021.")
    return None


MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
          "november", "december")
DATE_EXAMPLE = "2026-01-31"     # the fix's example when the value cannot be read as a date at all


def _month(word: str) -> int | None:
    """An English month's number from its name or its first three letters ("May", "sept." too), or None."""
    word = word.lower().rstrip(".")
    for number, name in enumerate(MONTHS, 1):
        if len(word) >= 3 and name.startswith(word):
            return number
    return None


def date_meant(text: str) -> str | None:
    """The YYYY-MM-DD an editor meant by a common form the bot does not read: "31 May 2026", "May 31, 2026",
    "2026/05/31", "2026.5.31", "2026-5-31" (year first: 05/06/2026 is ambiguous and gets no guess); None when
    there is none. Only for the fix's example: ``updated`` is read as YYYY-MM-DD alone (Module:Hub infobox and
    Module:Hub status read the same). Digits are ASCII ones, as Lua's %d: "２０２６-01-01" is not read."""
    text = re.sub(r"\s+", " ", text.strip())
    if found := re.fullmatch(r"([0-9]{1,2}) ([A-Za-z]+\.?),? ([0-9]{4})", text):
        day, month, year = found[1], _month(found[2]), found[3]
    elif found := re.fullmatch(r"([A-Za-z]+\.?) ([0-9]{1,2}),? ([0-9]{4})", text):
        day, month, year = found[2], _month(found[1]), found[3]
    elif found := re.fullmatch(r"([0-9]{4})[-/.]([0-9]{1,2})[-/.]([0-9]{1,2})", text):
        day, month, year = found[3], int(found[2]), found[1]
    else:
        return None
    try:
        return date(int(year), month or 0, int(day)).isoformat()
    except ValueError:
        return None


def _date(value, problem) -> str | None:
    """``updated``: YYYY-MM-DD and nothing else, a real date; any other form is a problem whose fix shows the date
    written so when the form is a common one (date_meant)."""
    text = plain(value).text
    if not text:
        return None
    if re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", text):
        try:
            return date.fromisoformat(text).isoformat()
        except ValueError:
            problem("updated", f"updated {text!r} is not a real date.",
                    f"write the date as YYYY-MM-DD, e.g. {DATE_EXAMPLE}.")
            return None
    problem("updated", f"updated {text!r} is not written as YYYY-MM-DD, the only form the bot reads.",
            f"write the date as YYYY-MM-DD, e.g. {date_meant(text) or DATE_EXAMPLE}.")
    return None


def future_review(hub: Hub, today: date) -> Problem | None:
    """A review date after ``today`` (the run's day, UTC): a problem of the hub (the status page cannot count
    its days). Not the parser's: the same text is right again once the day comes (bot.pipeline.parse adds it)."""
    if not hub.updated or hub.updated <= today.isoformat():
        return None
    return Problem(hub.page, "updated", f"updated {hub.updated!r} is in the future (today is {today.isoformat()}).",
                   f"write the date of the last review, not a planned one, e.g. {today.isoformat()}.")


def _plans(value, problem) -> tuple[Plan, ...]:
    found, leftovers = links(value)
    plans: list[Plan] = []
    seen: set[str] = set()
    for plan in found:
        if is_media_link(plan):
            problem("plans", f"{plan.target!r} is not a plan link and is left out.",
                    "link pages with [[Page|label]]; prefix files and categories with ':'.")
            continue
        if not plan.external and SIGNATURE_LINK.match(plan.target):
            problem("plans", f"{plan.target!r} looks like a signature (~~~), not a plan, and is left out.",
                    "remove the signature from the infobox; sign on the talk page instead.")
            continue
        key = plan.target if plan.external else plan.target.casefold()
        if key in seen:
            continue
        seen.add(key)
        plans.append(plan)
    for text in leftovers:
        problem("plans", f"text outside a link ({_short(text)!r}) is ignored.",
                "write each plan as [[Page|label]] or [https://address label], one per line.")
    return tuple(plans)

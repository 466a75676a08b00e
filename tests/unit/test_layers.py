"""The layers point one way: nothing imports cli; the gateway does not import logic or rendering;
config does not import logic; parsing imports no layer above it; and there are no import cycles among
hubbot's modules, nor between its sub-packages (bot.logic, bot.rendering, ...)."""

from __future__ import annotations

import ast
from pathlib import Path

BOT = Path(__file__).resolve().parents[2] / "bot"


def module_name(path: Path) -> str:
    parts = path.relative_to(BOT.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports() -> dict[str, set[str]]:
    """Every bot module -> the bot modules it imports (anywhere in the file, lazy imports included)."""
    graph: dict[str, set[str]] = {}
    modules = {module_name(p) for p in BOT.rglob("*.py")}
    for path in BOT.rglob("*.py"):
        found: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text())):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
            found |= {n for n in names if n in modules and n != "bot"}
        graph[module_name(path)] = found
    return graph


GRAPH = imports()


def test_nothing_imports_the_cli():
    assert [m for m, deps in GRAPH.items() if "bot.cli" in deps] == []


def test_the_gateway_does_not_import_logic_or_rendering():
    for module, deps in GRAPH.items():
        if module.startswith("bot.wiki"):
            assert not [d for d in deps if d.startswith(("bot.logic", "bot.rendering", "bot.planner",
                                                         "bot.runner", "bot.app"))], module


def test_config_and_models_stay_at_the_bottom():
    for module in ("bot.config", "bot.models", "bot.errors", "bot.outcomes", "bot.cron"):
        assert not [d for d in GRAPH[module] if d.startswith(("bot.logic", "bot.rendering", "bot.wiki",
                                                              "bot.runner", "bot.app", "bot.commands"))], module


def test_pure_stages_do_no_io():
    for module, deps in GRAPH.items():
        if module.startswith(("bot.parsing", "bot.logic", "bot.rendering")) or module in ("bot.planner",
                                                                                           "bot.pipeline.parse"):
            assert not [d for d in deps if d.startswith(("bot.wiki", "bot.runner", "bot.app", "bot.executor",
                                                         "bot.state", "bot.lock"))], module


def test_no_import_cycles():
    def visit(module: str, path: list[str]) -> None:
        for dep in sorted(GRAPH.get(module, ())):
            assert dep not in path, " -> ".join(path + [dep])
            if dep not in done:
                visit(dep, path + [dep])
        done.add(module)
    done: set[str] = set()
    for module in sorted(GRAPH):
        visit(module, [module])


# What bot.parsing (the bottom layer: editor wikitext -> values) may import besides itself: the models and the
# pure value and title helpers. Anything else is a layer above it (logic, rendering, planner, runner, app, wiki,
# commands, lists, config, ...).
BELOW_PARSING = ("bot.models", "bot.values", "bot.titles", "bot.errors")


def test_parsing_is_the_bottom_layer():
    for module, deps in GRAPH.items():
        if module.startswith("bot.parsing"):
            assert [d for d in deps if not d.startswith("bot.parsing") and d not in BELOW_PARSING] == [], module


def package_of(module: str) -> str | None:
    """The sub-package a module belongs to (bot.logic for bot.logic.kinds); None for a top-level module."""
    parts = module.split(".")
    return ".".join(parts[:2]) if len(parts) > 1 and (BOT / parts[1] / "__init__.py").exists() else None


def package_graph() -> dict[str, set[str]]:
    """Sub-package -> the sub-packages its modules import (an edge for any one module's import)."""
    edges: dict[str, set[str]] = {}
    for module, deps in GRAPH.items():
        if (package := package_of(module)) is not None:
            edges.setdefault(package, set()).update(
                p for d in deps if (p := package_of(d)) is not None and p != package)
    return edges


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    found: list[list[str]] = []

    def visit(node: str, path: list[str]) -> None:
        for dep in sorted(graph.get(node, ())):
            if dep in path:
                found.append(path[path.index(dep):] + [dep])
            elif dep not in done:
                visit(dep, path + [dep])
        done.add(node)
    done: set[str] = set()
    for node in sorted(graph):
        visit(node, [node])
    return found


def test_no_import_cycles_between_sub_packages():
    """Rendering (text helpers, templates) is below logic: logic renders, rendering never asks logic."""
    graph = package_graph()
    assert {"bot.logic", "bot.rendering", "bot.parsing"} <= set(graph) | {d for deps in graph.values() for d in deps}
    assert cycles(graph) == []


def test_the_package_cycle_check_sees_a_cycle():
    assert cycles({"bot.logic": {"bot.rendering"}, "bot.rendering": {"bot.logic"}}) == [
        ["bot.logic", "bot.rendering", "bot.logic"]]
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c", "a"]]
    assert cycles({"a": {"b"}, "b": set()}) == []


def pywikibot_importers() -> dict[str, int]:
    """Every bot module that imports pywikibot (anywhere in the file, lazy imports included) -> how often."""
    found: dict[str, int] = {}
    for path in BOT.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            names = ([a.name for a in node.names] if isinstance(node, ast.Import) else
                     [node.module] if isinstance(node, ast.ImportFrom) and node.module and node.level == 0 else [])
            if any(n == "pywikibot" or n.startswith("pywikibot.") for n in names):
                found[module_name(path)] = found.get(module_name(path), 0) + 1
    return found


def test_only_the_live_gateway_imports_pywikibot():
    """Everything else talks to the wiki through the Gateway protocol (bot.wiki.gateway)."""
    importers = pywikibot_importers()
    assert "bot.wiki.pywikibot.connection" in importers and "bot.wiki.pywikibot.reads" in importers   # the scan sees them
    assert [m for m in importers if not m.startswith("bot.wiki.pywikibot.")] == []


def test_every_sub_package_is_in_the_wheel():
    """An installed hubbot has every package (bot.pipeline was once left out: a wheel that cannot sync)."""
    import tomllib
    declared = set(tomllib.loads((BOT.parent / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"])
    found = {module_name(p.parent / "__init__.py") for p in BOT.rglob("__init__.py") if "__pycache__" not in p.parts}
    assert sorted(found - declared) == []

"""Every gateway has every member of the Gateway protocol (bot.wiki.gateway), with the protocol's
parameters: the live one (checked on its class, without connecting), the wiki in memory, the offline
export and every layer (bot.wiki.layers and its subclasses). Nobody needs to ask a gateway whether it
has a member; and a layer passes each member on to the gateway it wraps, unchanged."""

from __future__ import annotations

import ast
import importlib
import inspect
import pkgutil
import textwrap

import pytest

import bot.wiki
from bot.models import ChangePosition, PageText
from bot.wiki.gateway import Counters, Gateway
from bot.wiki.layers import Layer, ListingGateway, RecordingGateway
from bot.wiki.memory import MemoryWiki
from bot.wiki.offline import OfflineGateway
from bot.wiki.pywikibot import PywikibotGateway

EXPORT = """<mediawiki xmlns="http://www.mediawiki.org/xml/export-0.11/" version="0.11">
<page><title>Hub A</title><ns>0</ns><revision><id>7</id><timestamp>2026-11-25T12:00:00Z</timestamp>
<contributor><username>Editor</username></contributor><text>{{Hub infobox|name=A}}</text></revision></page>
<page><title>Essay</title><ns>0</ns><revision><id>8</id><text>No infobox.</text></revision></page>
</mediawiki>
"""


def protocol_members() -> tuple[set[str], dict[str, inspect.Signature]]:
    """The protocol's data members (annotated) and its methods and properties with their signatures."""
    data = set(Gateway.__annotations__)
    methods = {name: inspect.signature(value) for name, value in vars(Gateway).items()
               if not name.startswith("_") and inspect.isfunction(value)}
    properties = {name for name, value in vars(Gateway).items() if isinstance(value, property)}
    return data | properties, methods


DATA, METHODS = protocol_members()


def test_the_protocol_names_what_hubbot_uses():
    """What the rest of hubbot calls is in the protocol (so the checks below check something)."""
    assert {"counters", "description", "user", "max_page_bytes", "account_name", "login_file"} <= DATA
    assert {"login", "account_rights", "page_history", "transclusions", "hub_revisions", "page_revisions",
            "recent_changes", "change_stream", "transcluding", "revisions_using", "read_pages", "save",
            "files_exist", "translation_progress"} <= set(METHODS)


def parameters(signature: inspect.Signature) -> list[tuple]:
    return [(p.name, p.kind, p.default) for p in signature.parameters.values() if p.name != "self"]


def assigned_in_init(cls: type) -> set[str]:
    """``self.NAME = ...`` in the ``__init__`` of ``cls`` or of a class it is made of (read, not run)."""
    names: set[str] = set()
    for klass in cls.__mro__:
        init = vars(klass).get("__init__")
        if not inspect.isfunction(init):
            continue
        for node in ast.walk(ast.parse(textwrap.dedent(inspect.getsource(init)))):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target] \
                if isinstance(node, ast.AnnAssign) else []
            names |= {t.attr for t in targets if isinstance(t, ast.Attribute) and isinstance(t.value, ast.Name)
                      and t.value.id == "self"}
    return names


def check_methods(cls: type) -> None:
    for name, expected in METHODS.items():
        member = inspect.getattr_static(cls, name, None)
        assert callable(member), f"{cls.__name__} has no method {name}"
        assert parameters(inspect.signature(getattr(cls, name))) == parameters(expected), \
            f"{cls.__name__}.{name} takes other parameters than the protocol's"


def layers() -> list[type]:
    """Every layer in bot.wiki (each module imported: a layer added anywhere there is checked)."""
    for info in pkgutil.walk_packages(bot.wiki.__path__, "bot.wiki."):
        importlib.import_module(info.name)
    found, todo = [], [Layer]
    while todo:
        cls = todo.pop()
        found.append(cls)
        todo.extend(cls.__subclasses__())
    return found


def test_the_live_gateway_has_every_member_without_connecting():
    check_methods(PywikibotGateway)
    properties = {name for name in DATA if isinstance(inspect.getattr_static(PywikibotGateway, name, None), property)}
    assert DATA - properties <= assigned_in_init(PywikibotGateway), \
        f"PywikibotGateway never sets {sorted(DATA - properties - assigned_in_init(PywikibotGateway))}"


def test_the_wiki_in_memory_has_every_member():
    check_methods(MemoryWiki)
    wiki = MemoryWiki()
    assert [name for name in DATA if not hasattr(wiki, name)] == []
    assert wiki.account_name == "HubBot" and wiki.login_file is None


def offline(tmp_path) -> OfflineGateway:
    (tmp_path / "export.xml").write_text(EXPORT)
    return OfflineGateway(tmp_path / "export.xml", tmp_path / "out")


def test_the_offline_export_has_every_member_and_says_what_it_cannot_do(tmp_path):
    check_methods(OfflineGateway)
    gw = offline(tmp_path)
    assert [name for name in DATA if not hasattr(gw, name)] == []
    assert gw.account_name == "HubBot" and gw.login_file is None
    assert gw.account_rights() is None                                       # nothing to check
    position = ChangePosition("2026-11-25T12:00:00Z", 3)
    assert gw.recent_changes(position) == ([], position)
    assert gw.revisions_using(["Hub A", "Essay", "Gone"], "Hub infobox") == {"Hub A": 7, "Essay": None, "Gone": None}
    assert gw.transcluding(["Hub A", "Essay", "Gone"], "Hub infobox") == {"Hub A"}
    assert [(r.revid, r.user) for r in gw.page_history("Hub A")] == [(7, "Editor")] and gw.page_history("Gone") == []
    with pytest.raises(Exception, match="has no EventStreams service"):
        gw.change_stream()
    assert gw.counters == Counters()                                          # an export costs no request


def test_the_offline_export_cannot_list_revisions(tmp_path):
    check_methods(OfflineGateway)
    assert offline(tmp_path).hub_revisions("Hub infobox", [0]) is None


@pytest.mark.parametrize("layer", layers(), ids=lambda cls: cls.__name__)
def test_every_layer_has_every_member(layer):
    check_methods(layer)
    for name in DATA:
        assert isinstance(inspect.getattr_static(layer, name, None), property), f"{layer.__name__}.{name}"
    assert [k for k in layer.__mro__ if k is not object and {"__getattr__", "__setattr__"} & set(vars(k))] == []


class Answering:
    """A gateway that answers every protocol method with what it was called with."""

    def __init__(self) -> None:
        self.counters = Counters()
        self.description, self.user, self.max_page_bytes = "answering wiki", "Bot", 2000
        self.account_name, self.login_file = "Bot", "/tmp/pywikibot-Bot.lwp"
        self.calls: list[tuple] = []

    def __getattr__(self, name: str):
        if name not in METHODS:
            raise AttributeError(name)

        def method(*args, **kwargs):
            answer = object()
            self.calls.append((name, args, kwargs, answer))
            return answer
        return method


def example_arguments(signature: inspect.Signature) -> tuple[list, dict]:
    args, kwargs = [], {}
    for p in signature.parameters.values():
        if p.name == "self":
            continue
        value = f"<{p.name}>"
        if p.kind is p.KEYWORD_ONLY:
            kwargs[p.name] = value
        else:
            args.append(value)
    return args, kwargs


@pytest.mark.parametrize("name", sorted(METHODS))
def test_a_layer_passes_each_method_on_unchanged(name):
    inner = Answering()
    args, kwargs = example_arguments(METHODS[name])
    answer = getattr(Layer(inner), name)(*args, **kwargs)
    assert len(inner.calls) == 1
    called, got_args, got_kwargs, inner_answer = inner.calls[0]
    assert called == name and answer is inner_answer
    assert METHODS[name].bind(None, *got_args, **got_kwargs).arguments == \
        METHODS[name].bind(None, *args, **kwargs).arguments          # every argument, as given


def test_a_layer_shows_the_inner_gateways_data_and_counts_on_its_counters():
    inner = Answering()
    layer = RecordingGateway(ListingGateway(inner, lambda gw, template, namespaces: {}), lambda *saved: None)
    assert (layer.description, layer.user, layer.max_page_bytes, layer.account_name, layer.login_file) == \
        ("answering wiki", "Bot", 2000, "Bot", "/tmp/pywikibot-Bot.lwp")
    assert layer.counters is inner.counters
    counted = Counters(requests=5)
    layer.counters = counted                   # the watcher's heartbeat counters reach the wiki's own
    assert inner.counters is counted and layer.counters is counted


def test_the_recording_gateway_records_each_save_the_wiki_made():
    wiki = MemoryWiki()
    wiki.edit("Hubs/Ongoing", "old")
    saved = []
    gw = RecordingGateway(wiki, lambda title, revid, text: saved.append((title, revid, text)))
    base = gw.read_pages(["Hubs/Ongoing"])["Hubs/Ongoing"]
    revid = gw.save(base, "new", "hubbot: test")
    assert saved == [("Hubs/Ongoing", revid, "new")] and wiki.text("Hubs/Ongoing") == "new"
    with pytest.raises(Exception):
        gw.save(base, "newer", "hubbot: test")          # an edit conflict: nothing recorded
    assert len(saved) == 1


def test_the_listing_gateway_lists_hubs_with_its_listing_and_passes_the_rest_on():
    wiki = MemoryWiki()
    wiki.edit("Hub A", "{{Hub infobox|name=A}}")
    asked = []
    gw = ListingGateway(wiki, lambda inner, template, namespaces: asked.append((inner, template, namespaces))
                        or {"Hub A": 99})
    assert gw.hub_revisions("Hub infobox", [0]) == {"Hub A": 99} and asked == [(wiki, "Hub infobox", [0])]
    assert gw.transclusions("Hub infobox", [0]) == ["Hub A"]


def test_the_wiki_in_memory_signs_wikitext_but_not_lua_modules_as_mediawiki_does():
    """MediaWiki's pre-save transform expands ~~~~ in wikitext, never in a Scribunto module (its own content
    model): a module that mentions ~~~ is saved as written, so a second publish finds nothing to change."""
    from bot.models import PageText
    wiki = MemoryWiki()
    wiki.save(PageText("Module:Hub", "", exists=False), "-- signatures look like ~~~~", "s")
    wiki.save(PageText("Module:Hub/doc", "", exists=False), "Sign with ~~~", "s")
    wiki.save(PageText("Hubs", "", exists=False), "Sign with ~~~", "s")
    pages = wiki.read_pages(["Module:Hub", "Module:Hub/doc", "Hubs"])
    assert pages["Module:Hub"].text == "-- signatures look like ~~~~"
    assert pages["Module:Hub/doc"].text == pages["Hubs"].text == "Sign with [[User:HubBot|HubBot]] ([[User talk:HubBot|talk]])"

"""The import structure of ``atr``, read from the source with ``ast`` (nothing is imported).

- no import circle among the modules (imports inside functions and for type checking count:
  a circle there still ties two modules together);
- the stages form a one-way flow: apart from its command module (``cli.py``, the edge where a
  command calls ``atr.api``), no stage's code reaches a stage that reaches back;
- no stage imports another stage's inner modules: only its face (``atr.<stage>``), so a stage
  can rearrange its inside freely (a stage is a subpackage of ``atr``; shared foundations such
  as ``atr.warehouse`` are used through their faces too);
- the synthetic generator imports nothing from derive, so its recorded truth can catch a wrong
  code mapping in derive (issue 13).
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2] / "atr"


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


@cache
def modules() -> dict[str, Path]:
    return {_module_name(p): p for p in ROOT.rglob("*.py")}


def _imported(module: str, node: ast.AST) -> Iterator[str]:
    """The atr modules one import statement names (``from atr.x import y`` names atr.x.y when
    y is a module, else atr.x)."""
    known = modules()
    if isinstance(node, ast.Import):
        yield from (a.name for a in node.names if a.name.split(".")[0] == "atr")
    elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
        if node.module.split(".")[0] != "atr":
            return
        for alias in node.names:
            sub = f"{node.module}.{alias.name}"
            yield sub if sub in known else node.module


@cache
def graph() -> dict[str, frozenset[str]]:
    """Every atr module → the atr modules it imports anywhere in its source."""
    edges: dict[str, frozenset[str]] = {}
    for module, path in modules().items():
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        found = {target for node in ast.walk(tree) for target in _imported(module, node)}
        edges[module] = frozenset(found - {module})
    return edges


def stage_of(module: str) -> str | None:
    """``link`` for atr.link and atr.link.run; None for top-level modules such as atr.project."""
    parts = module.split(".")
    if len(parts) >= 2 and (ROOT / parts[1]).is_dir():
        return parts[1]
    return None


def cycles(edges: dict[str, frozenset[str]]) -> list[list[str]]:
    """Strongly connected components with more than one member (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(edges.get(node, ())):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(edges):
        if node not in index:
            visit(node)
    return found


def test_the_checker_finds_circles_and_faces() -> None:
    """The helpers on a made-up graph, so a silent checker cannot pass the real tests."""
    made_up = {"a": frozenset({"b"}), "b": frozenset({"c"}), "c": frozenset({"a"}), "d": frozenset({"a"})}
    assert cycles(made_up) == [["a", "b", "c"]]
    assert stage_of("atr.link.run") == "link" and stage_of("atr.link") == "link"
    assert stage_of("atr.project") is None
    assert "atr.link.run" in graph()["atr.link.cli"] or "atr.api" in graph()["atr.link.cli"]


def test_no_import_circle_among_modules() -> None:
    assert cycles(dict(graph())) == []


def test_stages_flow_one_way() -> None:
    """Stage → stage edges, leaving out the command modules, have no circle."""
    edges: dict[str, set[str]] = {}
    for module, targets in graph().items():
        stage = stage_of(module)
        if stage is None or module.endswith(".cli"):
            continue
        for target in targets:
            other = stage_of(target)
            if other is not None and other != stage:
                edges.setdefault(stage, set()).add(other)
    assert cycles({k: frozenset(v) for k, v in edges.items()}) == []


def face_breaches() -> list[str]:
    return sorted(
        f"{module} imports {target}"
        for module, targets in graph().items()
        for target in targets
        if stage_of(target) is not None
        and stage_of(target) != stage_of(module)
        and target != f"atr.{stage_of(target)}"
        and not (module == "atr.cli" and target.endswith(".cli"))  # the app assembles the commands
    )


def test_no_stage_imports_another_stages_inner_modules() -> None:
    assert face_breaches() == []


def test_synthetic_imports_nothing_from_derive() -> None:
    reached = sorted(
        f"{module} imports {target}"
        for module, targets in graph().items()
        if stage_of(module) == "synthetic"
        for target in targets
        if stage_of(target) == "derive"
    )
    assert reached == []

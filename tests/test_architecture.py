"""The layering, checked on the imports of `hubsite/` (see the README's "Architecture").

- The shared layer imports no capability.
- A capability never imports another capability's views: they meet through slots,
  signals and the cloner.
- Capabilities depend on each other in one direction only (no cycles), so that each
  can be read, tested and replaced from the bottom up.
"""

from __future__ import annotations

import ast
from graphlib import CycleError, TopologicalSorter
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "hubsite"

CAPABILITIES = {"accounts", "admin", "agenda", "bookings", "collaboration", "feeds", "hubs",
                "onsite", "organisations",
                "pages", "partners", "pinboard", "projects", "questions"}
# Put together from all capabilities: the app factory, the model list, the commands,
# the demo data.
COMPOSITION = {"hubsite", "hubsite.models", "hubsite.cli", "hubsite.demo"}


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path) -> set[str]:
    """Every hubsite module this file imports, at the top or inside a function."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found |= {f"{node.module}.{alias.name}" for alias in node.names}
    return {name for name in found if name.split(".")[0] == "hubsite"}


def _graph() -> dict[str, set[str]]:
    return {_module_name(path): _imports(path) for path in PACKAGE.rglob("*.py")}


def _capability(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[1] in CAPABILITIES else None


def _is_composition(module: str) -> bool:
    return any(module == root or module.startswith(root + ".") for root in COMPOSITION
               if root != "hubsite") or module == "hubsite"


def test_the_shared_layer_imports_no_capability():
    wrong = sorted(
        f"{module} imports {target}"
        for module, targets in _graph().items()
        if _capability(module) is None and not _is_composition(module)
        for target in targets if _capability(target)
    )
    assert wrong == []


def test_no_capability_imports_another_capabilitys_views():
    wrong = sorted(
        f"{module} imports {target}"
        for module, targets in _graph().items()
        if _capability(module)
        for target in targets
        if _capability(target) not in (None, _capability(module))
        and ".views" in target[len("hubsite."):]
    )
    assert wrong == []


def test_capabilities_depend_on_each_other_in_one_direction():
    depends: dict[str, set[str]] = {}
    for module, targets in _graph().items():
        source = _capability(module)
        if source:
            depends.setdefault(source, set()).update(
                t for t in map(_capability, targets) if t and t != source)
    try:
        order = list(TopologicalSorter(depends).static_order())
    except CycleError as cycle:
        raise AssertionError(f"capabilities import each other: {cycle.args[1]}") from None
    assert order


def test_the_check_sees_a_shared_module_that_imports_a_capability(tmp_path, monkeypatch):
    """The walk itself works: a shared module importing the agenda is reported."""
    fake = tmp_path / "hubsite"
    (fake / "agenda").mkdir(parents=True)
    (fake / "__init__.py").write_text("")
    (fake / "agenda" / "__init__.py").write_text("")
    (fake / "markup.py").write_text("def f():\n    from hubsite.agenda import views\n")
    monkeypatch.setattr(__import__(__name__, fromlist=["PACKAGE"]), "PACKAGE", fake)

    assert "hubsite.agenda.views" in _graph()["hubsite.markup"]
    try:
        test_the_shared_layer_imports_no_capability()
    except AssertionError as error:
        assert "hubsite.markup imports hubsite.agenda" in str(error)
    else:
        raise AssertionError("the check missed a shared module importing a capability")

"""One way through the code, read from the source itself (``ast``, nothing imported):

* no import cycle among the ``pipeline`` modules, counting imports inside functions too;
* ``pipeline`` modules import each other at the top: only the command line (each command loads
  what it runs, so ``communique --help`` stays fast) and the package's lazy notebook helpers
  import ``pipeline`` modules inside functions (third-party parsers a command may never need,
  such as trafilatura or pandas, may still load on first use);
* every ``COMMUNIQUE_*`` variable is read through ``pipeline/settings.py``: no other module or
  DAG file names one in code (docstrings may) or reads the environment for one;
* every file is replaced through ``pipeline.files.atomic_write`` and every DuckDB transaction
  begins in ``pipeline.db.transaction``.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

from tests.conftest import ROOT

PACKAGE = ROOT / "pipeline"
LAZY_ALLOWED = {"pipeline.cli", "pipeline"}


def _modules() -> dict[str, Path]:
    found: dict[str, Path] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = list(path.relative_to(ROOT).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        found[".".join(parts)] = path
    return found


MODULES = _modules()


def _imports(path: Path) -> Iterator[tuple[str, bool, int]]:
    """(imported pipeline module, inside a function?, line) for each import outside
    ``if TYPE_CHECKING`` blocks."""

    def visit(node: ast.AST, nested: bool) -> Iterator[tuple[str, bool, int]]:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and "TYPE_CHECKING" in ast.unparse(child.test):
                continue
            inner = nested or isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef)
            if isinstance(child, ast.ImportFrom) and (child.module or "").startswith("pipeline"):
                for alias in child.names:
                    name = f"{child.module}.{alias.name}"
                    yield (name if name in MODULES else str(child.module)), inner, child.lineno
            elif isinstance(child, ast.Import):
                for alias in child.names:
                    if alias.name.startswith("pipeline"):
                        yield alias.name, inner, child.lineno
            yield from visit(child, inner)

    yield from visit(ast.parse(path.read_text(encoding="utf-8")), False)


def _graph() -> dict[str, set[str]]:
    graph: dict[str, set[str]] = {name: set() for name in MODULES}
    for name, path in MODULES.items():
        for target, _, _ in _imports(path):
            if target in MODULES and target != name:
                graph[name].add(target)
    return graph


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import cycle, as the modules along it, or None."""
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []

    def walk(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                return [*path[path.index(nxt) :], nxt]
            if nxt not in state and (found := walk(nxt)):
                return found
        path.pop()
        state[node] = 2
        return None

    for start in sorted(graph):
        if start not in state and (found := walk(start)):
            return found
    return None


def test_the_cycle_finder_finds_a_cycle() -> None:
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": set()}) == ["a", "b", "c", "a"]
    assert _cycle({"a": {"b"}, "b": set()}) is None


def test_no_import_cycle_among_pipeline_modules() -> None:
    graph = _graph()
    assert graph["pipeline.runner"] >= {"pipeline.summary", "pipeline.load", "pipeline.store"}
    assert "pipeline.runner" in graph["pipeline.ops"]  # reprocessing sits above the stages
    assert _cycle(graph) is None


def test_the_run_summary_sits_below_the_stages_and_reprocessing_above() -> None:
    graph = _graph()

    def below(name: str) -> set[str]:
        seen: set[str] = set()
        todo = [name]
        while todo:
            for nxt in graph[todo.pop()] - seen:
                seen.add(nxt)
                todo.append(nxt)
        return seen

    assert "pipeline.runner" not in below("pipeline.summary")
    assert "pipeline.ops" not in below("pipeline.runner")
    assert "pipeline.load" not in below("pipeline.summary")  # the runner loads it


def test_pipeline_modules_import_each_other_at_the_top() -> None:
    lazy = [
        f"{name}:{line} imports {target}"
        for name, path in MODULES.items()
        if name not in LAZY_ALLOWED
        for target, nested, line in _imports(path)
        if nested
    ]
    assert lazy == []


def _code_strings(path: Path) -> Iterator[tuple[str, int]]:
    """String constants of the code, docstrings left out."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                docstrings.add(id(body[0].value))
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and id(node) not in docstrings
        ):
            yield node.value, node.lineno


def _sources() -> list[Path]:
    return [*MODULES.values(), *sorted((ROOT / "dags").glob("*.py"))]


def test_communique_variables_are_read_only_through_settings() -> None:
    named = [
        f"{path.relative_to(ROOT)}:{line} {text!r}"
        for path in _sources()
        if path != PACKAGE / "settings.py"
        for text, line in _code_strings(path)
        if text.startswith("COMMUNIQUE_")
    ]
    assert named == []
    settings = (PACKAGE / "settings.py").read_text(encoding="utf-8")
    assert 'env_prefix="COMMUNIQUE_"' in settings


def _calls(path: Path, names: set[str]) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call):
            text = ast.unparse(node.func)
            if text in names:
                found.append(f"{path.relative_to(ROOT)}:{node.lineno} {text}")
    return found


def test_files_are_replaced_through_atomic_write_only() -> None:
    calls = [
        c
        for path in _sources()
        if path != PACKAGE / "files.py"
        for c in _calls(path, {"os.fsync", "tempfile.NamedTemporaryFile", "tempfile.mkstemp"})
    ]
    assert calls == []
    # the one rename left outside atomic_write: publish moving a freshly written chunk file
    # from DuckDB's staging folder to its new, never reused name (the folder is flushed after)
    renames = [
        c for p in _sources() if p != PACKAGE / "files.py" for c in _calls(p, {"os.replace"})
    ]
    assert [r.split(":")[0] for r in renames] == ["pipeline/publish.py"]


def test_transactions_begin_in_the_one_helper() -> None:
    begins = [
        f"{path.relative_to(ROOT)}:{line}"
        for path in _sources()
        if path != PACKAGE / "db.py"
        for text, line in _code_strings(path)
        if text.strip().rstrip(";") in {"BEGIN", "BEGIN TRANSACTION", "COMMIT", "ROLLBACK"}
    ]
    assert begins == []

"""Imports run one way: an app imports its own layer and those below, never above.

Layers, lowest first (docs/architecture.md draws them)::

    core ← geo ← accounts ← criteria ← recognition ← transformation ← reports ← demo ← config

The web edge of an app (its ``views*``, ``api*``, ``forms*``, ``urls*``, ``admin*`` and
``templatetags`` modules) may also import the access gates and the API authentication of
``accounts`` (``EDGE_ALLOWED``) and nothing else above its layer. The check also fails on a
cycle between modules (inside an app or between apps), on a product module importing from a
``tests`` package, and on a function-local import without a ``# local: <reason>`` comment on
its line (a library that must be imported late, not a cycle dodged).

The walk reads the source (``ast``), nothing is imported: tests, migrations, ``conftest.py`` and
the browser tests (``e2e``) are not product code and are skipped.

``ALLOWED_UPWARD``, ``ALLOWED_CYCLES`` and ``ALLOWED_LOCAL`` list what is still to mend, each
with why it is still there. They only shrink: an entry that no longer matches fails the check
too, so a mended violation is also struck from the list.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]

LAYERS = (
    "core",
    "geo",
    "accounts",
    "criteria",
    "recognition",
    "transformation",
    "outreach",
    "feedback",
    "surveys",
    "portal",
    "reports",
    "demo",
    "config",
)
# Test support shipped next to the apps (personas, the endpoint matrix): above every app.
SUPPORT = {"smartrural.testing": "config", "smartrural.testing_matrix": "config"}

EDGE_PREFIXES = ("views", "api", "forms", "urls", "admin", "templatetags", "set_views", "set_urls")
# What the web edge of a lower app may take from accounts: the gates and the API authentication.
EDGE_ALLOWED = (
    "smartrural.accounts.access",
    "smartrural.accounts.decorators",
    "smartrural.accounts.api_auth",
    "smartrural.accounts.reference",
)

# (importer, imported) pairs that still go upward, with why they remain.
ALLOWED_UPWARD: dict[tuple[str, str], str] = {}

# Module cycles still to break, each as the sorted tuple of its modules.
ALLOWED_CYCLES: dict[tuple[str, ...], str] = {}

# Function-local imports without a reason, as (module, imported) pairs.
ALLOWED_LOCAL: dict[tuple[str, str], str] = {}

# Product modules still importing a tests package.
ALLOWED_TESTS: dict[tuple[str, str], str] = {}


@dataclass(frozen=True)
class Import:
    module: str  # the importing module
    target: str  # the imported module (a module of ours, resolved)
    line: int
    local: bool  # inside a function
    reason: bool  # a "# local: <reason>" comment on its line
    type_only: bool  # under ``if TYPE_CHECKING:``


def product_files() -> Iterator[tuple[str, Path]]:
    """Every product module of ``smartrural/`` and ``config/`` with its dotted name."""
    for base in ("smartrural", "config"):
        for path in sorted((ROOT / base).rglob("*.py")):
            parts = path.relative_to(ROOT).with_suffix("").parts
            if {"tests", "migrations", "e2e"} & set(parts) or parts[-1] == "conftest":
                continue
            if parts[-1] == "__init__":
                parts = parts[:-1]
            yield ".".join(parts), path


def _resolve(name: str, known: set[str]) -> str | None:
    """The longest prefix of ``name`` that is one of our modules (or None if not ours)."""
    parts = name.split(".")
    while parts:
        candidate = ".".join(parts)
        if candidate in known:
            return candidate
        parts.pop()
    return None


class _Walker(ast.NodeVisitor):
    def __init__(self, module: str, is_package: bool, lines: list[str], known: set[str]) -> None:
        self.module = module
        self.package = module if is_package else module.rpartition(".")[0]
        self.lines = lines
        self.known = known
        self.depth = 0
        self.type_checking = 0
        self.found: list[Import] = []

    def _add(self, node: ast.stmt, name: str) -> None:
        target = _resolve(name, self.known)
        if target is None or target == self.module:
            return
        # The reason may sit on any line of the statement (the formatter wraps long ones).
        lines = self.lines[node.lineno - 1 : node.end_lineno or node.lineno]
        self.found.append(
            Import(
                module=self.module,
                target=target,
                line=node.lineno,
                local=self.depth > 0,
                reason=any("# local:" in line for line in lines),
                type_only=self.type_checking > 0,
            )
        )

    def visit_FunctionDef(self, node: ast.FunctionDef) -> None:
        self.depth += 1
        self.generic_visit(node)
        self.depth -= 1

    visit_AsyncFunctionDef = visit_FunctionDef  # type: ignore[assignment]

    def visit_If(self, node: ast.If) -> None:
        test = ast.unparse(node.test)
        if test in ("TYPE_CHECKING", "typing.TYPE_CHECKING"):
            self.type_checking += 1
            for child in node.body:
                self.visit(child)
            self.type_checking -= 1
            for child in node.orelse:
                self.visit(child)
        else:
            self.generic_visit(node)

    def visit_Import(self, node: ast.Import) -> None:
        for alias in node.names:
            self._add(node, alias.name)

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        if node.level:
            base = self.package.split(".")
            base = base[: len(base) - (node.level - 1)]
            prefix = ".".join(base + ([node.module] if node.module else []))
        else:
            prefix = node.module or ""
        for alias in node.names:
            # ``from pkg import submodule`` imports the submodule, else the package itself.
            self._add(node, f"{prefix}.{alias.name}")


def all_imports() -> list[Import]:
    files = dict(product_files())
    known = set(files)
    found: list[Import] = []
    for module, path in files.items():
        source = path.read_text(encoding="utf-8")
        walker = _Walker(module, path.name == "__init__.py", source.splitlines(), known)
        walker.visit(ast.parse(source, filename=str(path)))
        found.extend(walker.found)
    return found


def layer_of(module: str) -> int:
    if module in SUPPORT:
        return LAYERS.index(SUPPORT[module])
    parts = module.split(".")
    app = parts[0] if parts[0] == "config" else parts[1]
    return LAYERS.index(app)


def is_edge(module: str) -> bool:
    return any(part.startswith(EDGE_PREFIXES) for part in module.split(".")[2:])


def upward_imports(imports: list[Import]) -> set[tuple[str, str]]:
    found: set[tuple[str, str]] = set()
    for imp in imports:
        if layer_of(imp.target) <= layer_of(imp.module):
            continue
        if is_edge(imp.module) and imp.target.startswith(EDGE_ALLOWED):
            continue
        found.add((imp.module, imp.target))
    return found


def module_cycles(imports: list[Import]) -> set[tuple[str, ...]]:
    """Every strongly connected group of more than one module (Tarjan), run-time imports only."""
    graph: dict[str, set[str]] = {}
    for imp in imports:
        if not imp.type_only:
            graph.setdefault(imp.module, set()).add(imp.target)
            graph.setdefault(imp.target, set())
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: set[tuple[str, ...]] = set()

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(graph[node]):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                groups.add(tuple(sorted(group)))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return groups


def unexplained_local_imports(imports: list[Import]) -> set[tuple[str, str]]:
    return {(i.module, i.target) for i in imports if i.local and not i.reason}


def imports_of_tests() -> set[tuple[str, str]]:
    """Product modules importing from a ``tests`` package (not in the module graph)."""
    found: set[tuple[str, str]] = set()
    for module, path in product_files():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names: list[str] = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
                if node.level:
                    names = [("." * node.level) + (node.module or "")]
            found.update((module, n) for n in names if "tests" in n.split("."))
    return found


def _report(title: str, items: object) -> str:
    return title + "\n" + "\n".join(f"  {item}" for item in sorted(items))  # type: ignore[call-overload]


class ImportDirectionTests:
    def test_no_import_goes_upward(self) -> None:
        found = upward_imports(all_imports())
        new = found - set(ALLOWED_UPWARD)
        assert not new, _report("Upward imports (move the piece down, or register it):", new)
        stale = set(ALLOWED_UPWARD) - found
        assert not stale, _report("Mended: strike from ALLOWED_UPWARD:", stale)

    def test_no_module_cycle(self) -> None:
        found = module_cycles(all_imports())
        new = found - set(ALLOWED_CYCLES)
        assert not new, _report("Module cycles:", new)
        stale = set(ALLOWED_CYCLES) - found
        assert not stale, _report("Broken: strike from ALLOWED_CYCLES:", stale)

    def test_function_local_imports_say_why(self) -> None:
        found = unexplained_local_imports(all_imports())
        new = found - set(ALLOWED_LOCAL)
        assert not new, _report(
            "Function-local imports without '# local: <reason>' (move them to the top):", new
        )
        stale = set(ALLOWED_LOCAL) - found
        assert not stale, _report("Mended: strike from ALLOWED_LOCAL:", stale)

    def test_product_code_does_not_import_tests(self) -> None:
        found = imports_of_tests()
        new = found - set(ALLOWED_TESTS)
        assert not new, _report("Product modules importing tests:", new)
        stale = set(ALLOWED_TESTS) - found
        assert not stale, _report("Mended: strike from ALLOWED_TESTS:", stale)


class CheckTests:
    """The check itself catches what it should (on made-up import lists)."""

    def _imp(self, module: str, target: str, **kw: bool) -> Import:
        fields = {"local": False, "reason": False, "type_only": False} | kw
        return Import(module=module, target=target, line=1, **fields)

    def test_an_upward_import_is_found(self) -> None:
        imp = self._imp("smartrural.geo.models", "smartrural.recognition.models")
        assert upward_imports([imp]) == {(imp.module, imp.target)}

    def test_a_downward_import_is_fine(self) -> None:
        imp = self._imp("smartrural.recognition.models", "smartrural.geo.models")
        assert upward_imports([imp]) == set()

    def test_the_web_edge_may_use_the_accounts_gates_only(self) -> None:
        gate = self._imp("smartrural.geo.views", "smartrural.accounts.access")
        auth = self._imp("smartrural.geo.api", "smartrural.accounts.api_auth")
        other = self._imp("smartrural.geo.views", "smartrural.accounts.services")
        domain = self._imp("smartrural.geo.services", "smartrural.accounts.access")
        assert upward_imports([gate, auth, other, domain]) == {
            (other.module, other.target),
            (domain.module, domain.target),
        }

    def test_an_app_importing_config_is_upward(self) -> None:
        imp = self._imp("smartrural.geo.api", "config.api")
        assert upward_imports([imp]) == {(imp.module, imp.target)}

    def test_a_cycle_is_found_and_a_type_only_import_makes_none(self) -> None:
        a, b, c = "smartrural.criteria.a", "smartrural.criteria.b", "smartrural.criteria.c"
        assert module_cycles([self._imp(a, b), self._imp(b, c), self._imp(c, a)]) == {(a, b, c)}
        assert module_cycles([self._imp(a, b), self._imp(b, a, type_only=True)]) == set()

    def test_a_local_import_needs_its_reason(self) -> None:
        bare = self._imp("smartrural.core.x", "smartrural.core.y", local=True)
        said = self._imp("smartrural.core.x", "smartrural.core.z", local=True, reason=True)
        assert unexplained_local_imports([bare, said]) == {(bare.module, bare.target)}

    def test_the_walk_resolves_relative_imports_and_reads_reasons(self) -> None:
        source = (
            "from . import b\n"
            "def f():\n"
            "    from .c import (\n"
            "        x,\n"
            "    )  # local: a library needs it late\n"
            "    from .b import y\n"
        )
        known = {"smartrural.core.a", "smartrural.core.b", "smartrural.core.c"}
        walker = _Walker("smartrural.core.a", False, source.splitlines(), known)
        walker.visit(ast.parse(source))
        found = [(i.target, i.local, i.reason) for i in walker.found]
        assert found == [
            ("smartrural.core.b", False, False),
            ("smartrural.core.c", True, True),
            ("smartrural.core.b", True, False),
        ]

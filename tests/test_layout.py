"""Imports flow downward only (ARCHITECTURE.md): stages never reach the store or the front ends."""

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "storyline"
STAGES = {"clean", "analyze", "link", "compare"}
FRONT_ENDS = {"cli", "web"}


def storyline_imports(path: Path) -> set[str]:
    """First-level storyline modules a file imports (absolute or relative)."""
    package_parts = list(path.relative_to(PACKAGE).parts[:-1])
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package_parts[: len(package_parts) - (node.level - 1)]
                names = [".".join(base + [node.module])] if node.module else [".".join(base + [a.name]) for a in node.names]
            else:
                names = [node.module or ""]
        else:
            continue
        for name in names:
            parts = name.split(".")
            if parts[0] == "storyline":
                parts = parts[1:]
            if parts and ((PACKAGE / parts[0]).is_dir() or (PACKAGE / f"{parts[0]}.py").exists()):
                found.add(parts[0])
    return found


def modules_in(folder: str):
    return sorted((PACKAGE / folder).rglob("*.py"))


def test_stages_import_only_model_errors_config_and_stages():
    allowed = {"model", "errors", "config"} | STAGES
    for stage in STAGES:
        for path in modules_in(stage):
            bad = storyline_imports(path) - allowed
            assert not bad, f"{path.relative_to(PACKAGE)} imports {bad}"


def test_store_imports_only_model():
    for path in modules_in("store"):
        bad = storyline_imports(path) - {"model", "store"}
        assert not bad, f"{path.relative_to(PACKAGE)} imports {bad}"


def test_nothing_imports_front_ends():
    for path in PACKAGE.rglob("*.py"):
        top = path.relative_to(PACKAGE).parts[0].removesuffix(".py")
        if top in FRONT_ENDS:
            continue
        bad = storyline_imports(path) & FRONT_ENDS
        assert not bad, f"{path.relative_to(PACKAGE)} imports {bad}"


def test_the_checker_sees_imports():
    """The rule above could pass vacuously if the parser found nothing: make sure it finds real imports."""
    assert "store" in storyline_imports(PACKAGE / "pipeline.py")
    assert "model" in storyline_imports(PACKAGE / "store" / "db.py")

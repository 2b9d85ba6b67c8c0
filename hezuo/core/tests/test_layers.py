"""Arrows point down (DESIGN.md, Layers): the import-linter contracts in pyproject.toml hold, and
they catch an upward import even one made inside a function; templates load no tag library of
a higher layer; every model with a scoped manager has a change policy."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.apps import apps

from hezuo.core.services import registered_policy

ROOT = Path(__file__).resolve().parents[3]
LINT = Path(sys.executable).with_name("lint-imports")
LAYERS = ["core", "registry", "portfolio", "calls", "review", "site"]


def _lint(root: Path) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603 - our own lint-imports on our own copy
        [str(LINT), "--config", str(root / "pyproject.toml"), "--no-cache"],
        cwd=root,
        env={"PYTHONPATH": str(root), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.fixture(scope="module")
def checkout(tmp_path_factory) -> Path:
    """A copy of the package's Python files and the contracts, to plant imports in."""
    if not LINT.exists():
        pytest.skip("lint-imports is not installed (`make test` installs it)")
    root = tmp_path_factory.mktemp("checkout")
    shutil.copy(ROOT / "pyproject.toml", root)
    shutil.copytree(
        ROOT / "hezuo",
        root / "hezuo",
        ignore=lambda d, names: [n for n in names if not (n.endswith(".py") or "." not in n)],
    )
    return root


def test_the_layers_hold(checkout):
    result = _lint(checkout)
    assert result.returncode == 0, result.stdout + result.stderr


def test_an_upward_import_is_caught_even_inside_a_function(checkout):
    probe = checkout / "hezuo" / "core" / "upward_probe.py"
    probe.write_text("def f():\n    from hezuo.review import models\n\n    return models\n")
    try:
        result = _lint(checkout)
    finally:
        probe.unlink()
    assert result.returncode != 0
    assert "hezuo.core.upward_probe -> hezuo.review.models" in result.stdout


def test_templates_load_no_tag_library_of_a_higher_layer():
    owner = {
        library.stem: app
        for app in LAYERS
        for library in (ROOT / "hezuo" / app / "templatetags").glob("*.py")
        if library.stem != "__init__"
    }
    upward = []
    for app in LAYERS:
        for template in (ROOT / "hezuo" / app / "templates").rglob("*.html"):
            for match in re.finditer(r"{%\s*load\s+([^%]+)%}", template.read_text()):
                for library in match.group(1).split():
                    theirs = owner.get(library)
                    if theirs and LAYERS.index(theirs) > LAYERS.index(app):
                        upward.append(f"{template.relative_to(ROOT)} loads {library} ({theirs})")
    assert not upward


def test_every_scoped_model_has_a_change_policy():
    """A model users reach through `visible_to` is changed through the generic record actions,
    which refuse a model with no policy: registered in `AppConfig.ready`, never by accident."""
    missing = [
        model._meta.label
        for model in apps.get_models()
        if model.__module__.startswith("hezuo.")
        and hasattr(model._default_manager, "visible_to")
        and registered_policy(model) is None
    ]
    assert not missing


def test_no_module_imports_itself_in_a_circle():
    """Within an app too: a circle (models ↔ rules, services ↔ tasks) hides which way the
    arrow points; break it by moving the shared piece down."""
    grimp = pytest.importorskip("grimp")
    graph = grimp.build_graph("hezuo")
    modules = {m for m in graph.modules if ".tests" not in m and ".migrations" not in m}
    imports = {
        m: {b for b in graph.find_modules_directly_imported_by(m) if b in modules} for m in modules
    }
    circles = []
    for start in sorted(modules):
        # a module that reaches itself again through the modules it imports
        seen, frontier = set(), set(imports[start])
        while frontier:
            if start in frontier:
                circles.append(start)
                break
            seen |= frontier
            frontier = {b for m in frontier for b in imports[m]} - seen
    assert not circles

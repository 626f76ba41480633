"""The package type-checks (mypy --strict) and lints (ruff) clean, with the settings in
pyproject.toml; a plain `pytest` shows a type error as a failing test. Skipped, with the reason,
when the tools are not installed (they come with the `test` extra)."""
from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

import scriptlint

ROOT = Path(__file__).resolve().parents[1]
PYPROJECT = ROOT / "pyproject.toml"


def _run_tool(tool: str, *args: str) -> subprocess.CompletedProcess[str]:
    if importlib.util.find_spec(tool) is None:
        pytest.skip(f"{tool} is not installed (pip install -e '.[test]')")
    return subprocess.run([sys.executable, "-m", tool, *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=300, check=False)


def test_mypy_strict_is_clean() -> None:
    result = _run_tool("mypy")  # files and strictness from [tool.mypy]
    assert result.returncode == 0, result.stdout + result.stderr


def test_ruff_is_clean() -> None:
    result = _run_tool("ruff", "check", "src")  # rules from [tool.ruff]
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_settings_are_strict(tmp_path: Path) -> None:
    """The clean run above means something only if the settings are read and strict."""
    sample = tmp_path / "untyped.py"
    sample.write_text("def double(value):\n    return value * 2\n", encoding="utf-8")
    result = _run_tool("mypy", "--config-file", str(PYPROJECT), "--cache-dir", str(tmp_path / "cache"), str(sample))
    assert result.returncode == 1
    assert f"{sample}:1: error: Function is missing a type annotation" in result.stdout


def test_ruff_settings_select_pyupgrade(tmp_path: Path) -> None:
    sample = tmp_path / "old_style.py"
    sample.write_text("from typing import Optional\n\nlimit: Optional[int] = None\n", encoding="utf-8")
    result = _run_tool("ruff", "check", "--no-cache", "--config", str(PYPROJECT), "--output-format", "concise",
                       str(sample))
    assert result.returncode == 1
    assert f"{sample}:3:8: UP045" in result.stdout


def test_package_declares_its_types() -> None:
    """PEP 561: the marker that tells type checkers to use the package's own annotations."""
    assert (Path(scriptlint.__file__).parent / "py.typed").is_file()

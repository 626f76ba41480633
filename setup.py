"""The compiled core: an optional C extension, `scriptlint._core`.

Everything else about the package is declared in pyproject.toml. The extension is optional: where
it cannot be built (no C compiler, no Python headers), the install goes on with the pure-Python
engine, which gives the same results, and says so once (shown by `pip install -v`).
"""
from __future__ import annotations

import sys

from setuptools import Extension, find_packages, setup
from setuptools.command.build_ext import build_ext
from setuptools.errors import CCompilerError, CompileError, ExecError, LinkError, PlatformError

# What a missing or failing compiler raises (setuptools' own error classes, from distutils).
BUILD_ERRORS = (CCompilerError, CompileError, ExecError, LinkError, PlatformError, OSError)
FALLBACK_NOTE = "installing the pure-Python engine, which gives the same results more slowly"


class OptionalBuildExt(build_ext):
    """build_ext that reports a failed optional extension once, in words a user can act on."""

    def run(self) -> None:
        try:
            super().run()
        except BUILD_ERRORS as error:  # e.g. no compiler at all: the failure comes before any extension
            print(f"scriptlint: the C core could not be built ({error}); {FALLBACK_NOTE}", file=sys.stderr)

    def build_extension(self, ext: Extension) -> None:
        try:
            super().build_extension(ext)
        except BUILD_ERRORS as error:
            if not ext.optional:
                raise
            print(f"scriptlint: the C core ({ext.name}) could not be built ({error}); {FALLBACK_NOTE}",
                  file=sys.stderr)


setup(
    packages=[*find_packages("src"), "scriptlint.lexicons"],
    ext_modules=[
        Extension(
            "scriptlint._core",
            sources=["src/scriptlint/_core.c"],
            optional=True,
            extra_compile_args=["-O2"] if sys.platform != "win32" else [],
        )
    ],
    cmdclass={"build_ext": OptionalBuildExt},
)

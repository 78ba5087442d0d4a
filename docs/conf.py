"""Sphinx configuration of the ncled documentation.

Build: ``pip install -e ".[docs]" && sphinx-build -W --keep-going -n docs docs/_build/html``.
Warnings are errors (``-W``) and every cross-reference must resolve (``-n``); the gallery in
``examples/gallery`` is executed at every build.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import ncled

DOCS = Path(__file__).resolve().parent
ROOT = DOCS.parent
sys.path.insert(0, str(DOCS / "_ext"))
os.environ.setdefault("MPLBACKEND", "Agg")

project = "ncled"
author = "the ncled developers"
copyright = "the ncled developers, BSD-3-Clause"
version = release = ncled.__version__

extensions = [
    "sphinx.ext.autodoc",
    "sphinx.ext.autosummary",
    "sphinx.ext.mathjax",
    "sphinx.ext.viewcode",
    "numpydoc",
    "myst_parser",
    "sphinx_gallery.gen_gallery",
    "ncled_docs",  # docs/_ext/ncled_docs.py: parameter table and CLI reference, made at build
]

source_suffix = {".rst": "restructuredtext", ".md": "markdown"}
root_doc = "index"
exclude_patterns = ["_build", "**.ipynb_checkpoints", "auto_examples/*.ipynb",
                    "auto_examples/*.py", "auto_examples/*.zip", "auto_examples/*.md5",
                    "auto_examples/*.json"]
templates_path = ["_templates"]
nitpicky = True
# Only names that cannot resolve without a network (no intersphinx inventories are fetched, so
# that the build works offline and in CI): the Python, NumPy and xarray types the docstrings name
# in :class: roles. Each is listed with its reason.
nitpick_ignore = [
    ("py:class", "xarray.Dataset"),  # third party; no intersphinx (offline build)
    ("py:class", "xarray.DataArray"),  # third party; no intersphinx (offline build)
    ("py:class", "numpy.ndarray"),  # third party; no intersphinx (offline build)
    ("py:class", "pydantic.BaseModel"),  # third party base of the device-file models
    ("py:class", "pydantic.main.BaseModel"),  # same, as autodoc's show-inheritance names it
    ("py:exc", "ValueError"),  # Python built-in; no intersphinx (offline build)
    ("py:exc", "OSError"),  # Python built-in; no intersphinx (offline build)
    ("py:class", "Exception"),  # Python built-in, base of ncled.errors.NcledError
    # third-party and standard-library objects the docstrings name (no intersphinx offline)
    ("py:func", "numpy.polyval"),
    ("py:func", "numpy.linalg.solve"),
    ("py:mod", "scipy.constants"),
    ("py:func", "scipy.optimize.least_squares"),
    ("py:func", "scipy.optimize.curve_fit"),
    ("py:func", "scipy.special.voigt_profile"),
    ("py:func", "lmfit.minimize"),
    ("py:func", "difflib.get_close_matches"),
    ("py:mod", "ast"),
    ("py:mod", "tomllib"),
    ("py:class", "rich.progress.ProgressColumn"),
    ("py:class", "collections.abc.Callable"),
]

# -- autodoc / autosummary / numpydoc -------------------------------------------------------
autosummary_generate = True
autosummary_imported_members = False
# Module-level type aliases autosummary takes for classes or data (autodoc cannot format a
# ``tuple[...]`` alias); the module pages leave them out (docs/_templates/ncled_module.rst).
autosummary_context = {"type_aliases": ["Linear"]}
autodoc_typehints = "none"  # numpydoc docstrings carry the types and units
autodoc_member_order = "bysource"
autodoc_default_options = {"members": True, "show-inheritance": True}
numpydoc_show_class_members = False  # autodoc documents the members
numpydoc_class_members_toctree = False
numpydoc_xref_param_type = False
# An undocumented or unknown parameter is a warning (so an error under -W).
numpydoc_validation_checks = {"PR01", "PR02"}
# pydantic's generated members and private helpers are not part of the API. The objects of
# numpydoc_baseline.txt had undocumented parameters when the check was introduced (2026-11-30):
# known debt, listed by name (not silenced globally), so that new code must document its
# parameters; remove a line when its docstring is completed.
_BASELINE = DOCS / "numpydoc_baseline.txt"
# The CLI's command functions are documented by their options' help texts (the CLI reference),
# not by a Parameters section.
numpydoc_validation_exclude = {r"\.model_", r"\._", r"^ncled\.cli\."} | {
    "^" + line.strip().replace(".", r"\.") + "$"
    for line in _BASELINE.read_text(encoding="utf-8").splitlines()
    if line.strip() and not line.startswith("#")
}
# numpydoc lists a docstring's References whether or not its text cites them by number; docutils
# calls an uncited one "not referenced". That is the convention, not a broken link.
suppress_warnings = ["ref.citation"]

# -- MyST (the existing docs/*.md pages) ----------------------------------------------------
myst_enable_extensions = ["dollarmath", "colon_fence"]
myst_heading_anchors = 3

# -- gallery --------------------------------------------------------------------------------
sphinx_gallery_conf = {
    "examples_dirs": [str(ROOT / "examples" / "gallery")],
    "gallery_dirs": ["auto_examples"],
    # every plot_*.py is executed at build time; tests/docs/test_docs_build.py narrows it
    # (NCLED_GALLERY_PATTERN) to run only the example it injects
    "filename_pattern": os.environ.get("NCLED_GALLERY_PATTERN", r"/plot_"),
    "abort_on_example_error": False,  # the build reports every failing example ...
    "only_warn_on_example_error": False,  # ... and fails (exit != 0)
    "download_all_examples": False,
    "remove_config_comments": True,
    "within_subsection_order": "FileNameSortKey",
    "matplotlib_animations": False,
    "plot_gallery": "True",
}

# -- HTML -----------------------------------------------------------------------------------
html_theme = "pydata_sphinx_theme"
html_title = f"ncled {release}"
html_theme_options = {
    "navigation_with_keys": False,
    "show_toc_level": 2,
    "secondary_sidebar_items": ["page-toc"],
}
html_static_path: list[str] = []
html_show_sourcelink = False

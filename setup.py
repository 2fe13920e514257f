"""Package discovery pyproject.toml cannot express: the repository's `layouts/` installs as `booklet.layouts`.

Everything else is configured in pyproject.toml. Folders are found, not listed, so a new
subpackage or layout folder ships without editing this file.
"""

from setuptools import find_namespace_packages, setup

_SKIP = ["*.__pycache__", "*.__pycache__.*"]
code = find_namespace_packages(include=["booklet", "booklet.*"], exclude=_SKIP)
layouts = ["booklet." + name for name in find_namespace_packages(include=["layouts", "layouts.*"], exclude=_SKIP)]
setup(packages=code + layouts)

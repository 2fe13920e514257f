"""Web clippings: articles pasted from coaching and news sites, given the structure a written note has."""

from __future__ import annotations

from .preprocessor import preprocess
from .settings import SCHEMA

__all__ = ["preprocess", "SCHEMA"]

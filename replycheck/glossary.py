"""Glossaries: load and validate team YAML files, compile them to matchers. (Stub.)"""

from __future__ import annotations


def resolve(glossary):
    """Turn the API's ``glossary=`` argument into a compiled glossary (``None`` = default)."""
    return None

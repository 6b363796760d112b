"""Reading YAML so that every error names the file and the line: glossaries and data files.

``read()`` parses a file into composed nodes (which keep their line numbers); ``NodeReader``
walks them and raises the caller's error class (``GlossaryError``, ``DataError``) with the
line of the node at fault. ``construct()`` turns a checked node into plain Python values,
exactly as ``yaml.safe_load`` would.
"""

from __future__ import annotations

from typing import Any, Callable

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

# libyaml's parser when PyYAML was built with it (about ten times faster; same nodes and marks)
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

# (path, line or None, problem, key or None) -> the exception to raise
ErrorFactory = Callable[[str, "int | None", str, "str | None"], Exception]


def read(path: str, error: ErrorFactory) -> Node | None:
    """The composed root node of the YAML file at ``path`` (``None`` for an empty file)."""
    try:
        with open(path, encoding="utf-8") as handle:
            source = handle.read()
    except FileNotFoundError:
        raise error(path, None, "file not found", None) from None
    except UnicodeDecodeError as exc:
        raise error(path, None, f"not UTF-8 text ({exc.reason})", None) from None
    except OSError as exc:
        raise error(path, None, f"cannot read the file ({exc.strerror})", None) from None
    try:
        root = yaml.compose(source, Loader=_LOADER)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        raise error(path, line, f"invalid YAML: {exc.problem or exc.context}", None) from None
    except yaml.YAMLError as exc:
        raise error(path, None, f"invalid YAML: {exc}", None) from None
    if root is None or (isinstance(root, ScalarNode) and root.value == ""):
        return None
    return root


def construct(node: Node) -> Any:
    """Plain Python values for ``node`` (what ``yaml.safe_load`` gives for the same text)."""
    constructor = yaml.SafeLoader("")  # only its constructor is used
    try:
        return constructor.construct_document(node)
    finally:
        constructor.dispose()


def is_empty(node: Node | None) -> bool:
    """True for a missing value: ``key:`` with nothing after it, or an empty document."""
    return node is None or (isinstance(node, ScalarNode) and node.tag.endswith(":null"))


def kind(node: Node) -> str:
    """How a node is described in messages: "a mapping", "a list", "the value 'x'"."""
    if isinstance(node, MappingNode):
        return "a mapping"
    if isinstance(node, SequenceNode):
        return "a list"
    return f"the value {node.value!r}" if node.value != "" else "an empty value"


class NodeReader:
    """Walks composed YAML nodes of one file; every failure names the file and line."""

    def __init__(self, path: str, error: ErrorFactory) -> None:
        self.path = path
        self.error = error

    def fail(self, node: Node | None, problem: str, key: str | None = None):
        line = node.start_mark.line + 1 if node is not None else None
        raise self.error(self.path, line, problem, key)

    def where(self, node: Node) -> str:
        return f"{self.path}:{node.start_mark.line + 1}"

    def mapping(
        self, node: Node, what: str, allowed: tuple[str, ...] | None, key: str | None = None
    ) -> dict[str, tuple[Node, Node]]:
        """``{key: (key node, value node)}``; rejects duplicates and keys not in ``allowed``."""
        if not isinstance(node, MappingNode):
            self.fail(node, f"{what} must be a mapping (key: value), not {kind(node)}", key)
        items: dict[str, tuple[Node, Node]] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode):
                self.fail(key_node, f"keys in {what} must be plain words", key)
            name = key_node.value
            if name in items:
                self.fail(key_node, f"duplicate key {name!r} in {what}", _join(key, name))
            if allowed is not None and name not in allowed:
                self.fail(
                    key_node,
                    f"unknown key {name!r} in {what}; allowed: {', '.join(allowed)}",
                    _join(key, name),
                )
            items[name] = (key_node, value_node)
        return items

    def text(self, node: Node, what: str, key: str | None = None) -> str:
        if not isinstance(node, ScalarNode):
            self.fail(node, f"{what} must be text, not {kind(node)}", key)
        value = str(node.value).strip()
        if not value:
            self.fail(node, f"{what} must not be empty", key)
        return value

    def texts(self, node: Node, what: str, key: str | None = None) -> list[tuple[str, Node]]:
        """A text or a list of texts."""
        if isinstance(node, ScalarNode):
            return [(self.text(node, what, key), node)]
        if not isinstance(node, SequenceNode):
            self.fail(node, f"{what} must be text or a list of texts, not {kind(node)}", key)
        return [(self.text(item, what, key), item) for item in node.value]

    def sequence(self, node: Node, what: str, key: str | None = None) -> list[Node]:
        if is_empty(node):
            return []  # "forbidden:" with nothing under it
        if not isinstance(node, SequenceNode):
            self.fail(node, f"{what} must be a list (lines starting with '- '), not {kind(node)}", key)
        return list(node.value)


def _join(parent: str | None, name: str) -> str:
    return f"{parent}.{name}" if parent else name

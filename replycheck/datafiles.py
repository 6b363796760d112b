"""Read one data file and check it against its declared schema (``replycheck.schemas``).

``read(path, schema)`` returns what ``yaml.safe_load`` would, or raises ``DataError`` naming
the file, the line and the key at fault: an unknown key, a wrong type, invalid YAML, a
regular expression that does not compile.
"""

from __future__ import annotations

import re
from typing import Any

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from replycheck import yamlnodes
from replycheck.errors import DataError
from replycheck.schemas import Choice, Regex, Required

_TAG = "tag:yaml.org,2002:"
_TYPE_NAMES = {str: "text", bool: "true or false", int: "a whole number", float: "a number"}
_YES_NO = ("yes", "no", "on", "off", "y", "n", "true", "false")


def read(path: str, schema: dict[str, Any]) -> Any:
    """The parsed file at ``path`` after checking it against ``schema`` (``None`` if empty)."""
    root = yamlnodes.read(path, DataError)
    if root is None:
        return None
    _Checker(path).check(root, schema, "")
    return yamlnodes.construct(root)


def describe(kind: Any) -> str:
    """A type from a schema in words: ``[str]`` -> "a list of text"."""
    if isinstance(kind, Required):
        return describe(kind.type)
    if isinstance(kind, Regex):
        return "a regular expression"
    if isinstance(kind, Choice):
        return "one of " + ", ".join(kind.options)
    if isinstance(kind, list):
        return f"a list of {_plural(kind[0])}"
    if isinstance(kind, tuple):
        return f"a list of {len(kind)} ({', '.join(describe(k) for k in kind)})"
    if isinstance(kind, dict):
        if list(kind) == [str]:
            return f"a mapping of text to {describe(kind[str])}"
        return "a mapping with the keys " + ", ".join(kind)
    return _TYPE_NAMES.get(kind, str(kind))


def _plural(kind: Any) -> str:
    words = describe(kind)
    for single, plural in (("text", "texts"), ("a regular expression", "regular expressions"),
                           ("a list", "lists"), ("a mapping", "mappings"), ("a whole number", "whole numbers"),
                           ("a number", "numbers")):
        if words.startswith(single):
            return plural + words[len(single):]
    return words


class _Checker(yamlnodes.NodeReader):
    def __init__(self, path: str) -> None:
        super().__init__(path, DataError)

    def check(self, node: Node, kind: Any, key: str) -> None:
        if isinstance(kind, Required):
            kind = kind.type
        if yamlnodes.is_empty(node):
            hint = "; write [] for an empty list" if isinstance(kind, list) else ""
            self.fail(node, f"no value; expected {describe(kind)}{hint}", key or None)
        if isinstance(kind, dict):
            self._mapping(node, kind, key)
        elif isinstance(kind, list):
            if not isinstance(node, SequenceNode):
                self._wrong(node, kind, key)
            for index, item in enumerate(node.value):
                self.check(item, kind[0], f"{key}[{index}]")
        elif isinstance(kind, tuple):
            if not isinstance(node, SequenceNode) or len(node.value) != len(kind):
                self._wrong(node, kind, key)
            for index, (item, item_kind) in enumerate(zip(node.value, kind)):
                self.check(item, item_kind, f"{key}[{index}]")
        else:
            self._scalar(node, kind, key)

    def _mapping(self, node: Node, kind: dict, key: str) -> None:
        if not isinstance(node, MappingNode) and not key:
            self.fail(node, f"the file must be {describe(kind)} (key: value), not {yamlnodes.kind(node)}")
        if not isinstance(node, MappingNode):
            self._wrong(node, kind, key)
        what = f"'{key}'" if key else "the file"
        if list(kind) == [str]:  # any text keys
            for name, (key_node, value_node) in self.mapping(node, what, None, key or None).items():
                if key_node.tag != _TAG + "str":
                    self._wrong(key_node, str, _join(key, name), "keys in " + what)
                self.check(value_node, kind[str], _join(key, name))
            return
        items = self.mapping(node, what, tuple(kind), key or None)
        for name, value_kind in kind.items():
            if isinstance(value_kind, Required) and name not in items:
                self.fail(node, f"{what} needs '{name}:' ({describe(value_kind)})", _join(key, name))
        for name, (_, value_node) in items.items():
            self.check(value_node, kind[name], _join(key, name))

    def _scalar(self, node: Node, kind: Any, key: str) -> None:
        if not isinstance(node, ScalarNode):
            self._wrong(node, kind, key)
        tag = node.tag[len(_TAG):] if node.tag.startswith(_TAG) else node.tag
        if kind is float:
            ok = tag in ("int", "float")
        elif kind in (int, bool):
            ok = tag == kind.__name__
        else:  # str, Regex, Choice
            ok = tag == "str"
        if not ok:
            self._wrong(node, kind, key)
        if isinstance(kind, Choice) and node.value not in kind.options:
            self.fail(node, f"expected {describe(kind)}, not {node.value!r}", key)
        if isinstance(kind, Regex):
            self._regex(node, kind, key)

    def _regex(self, node: ScalarNode, kind: Regex, key: str) -> None:
        try:
            if kind.unicode_classes:
                from replycheck.patterns import compile_pattern  # patterns reads data files too

                compile_pattern(node.value)
            else:
                re.compile(node.value)
        except (re.error, ValueError) as error:
            self.fail(node, f"not a valid regular expression ({error})", key)

    def _wrong(self, node: Node, kind: Any, key: str, what: str | None = None) -> None:
        problem = f"expected {describe(kind)}, not {yamlnodes.kind(node)}"
        if what:
            problem = f"{what} must be {describe(kind)}, not {yamlnodes.kind(node)}"
        if (
            isinstance(node, ScalarNode)
            and not node.style
            and node.value.lower() in _YES_NO
            and (kind is str or isinstance(kind, (Regex, Choice)))
        ):
            problem += f" (YAML reads {node.value} as true/false; quote it: '{node.value}')"
        elif isinstance(node, ScalarNode) and not node.style and (kind is str or isinstance(kind, (Regex, Choice))):
            problem += f" (quote it: '{node.value}')"
        self.fail(node, problem, key or None)


def _join(parent: str, name: str) -> str:
    return f"{parent}.{name}" if parent else name

"""Suppression directives of dialogue flows (.yaml, .yml, .json).

* A `lint_ignore` key on a node silences findings in that node's text; at the top level, in the
  whole file (it is the flow's file-level directive).
* YAML comments: `# scriptlint: ignore[…] reason` on a line of a node, or alone on a line before
  it, silences findings in that node's text; `# scriptlint: file-ignore[…]` anywhere, in the
  whole file. PyYAML drops comments, so the source lines are searched, leaving out what lies
  inside a scalar (a `#` in a quoted text or a block scalar is text).
"""
from __future__ import annotations

import bisect
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import yaml  # type: ignore[import-untyped, unused-ignore]  # typed when types-PyYAML (the test extra) is installed

from ..model import LINE_BREAK, LineIndex, Suppression, Utterance
from .directives import (
    SUPPRESSION_KEY,
    CommentCollector,
    JsonPath,
    Place,
    find_comment,
    from_value,
    json_value_spans,
    lines_of,
    position,
)


@dataclass(frozen=True)
class FlowItem:
    """One item of the nodes list: its place in the list, its data, and its utterance (None for
    a node with nothing said)."""

    position: int
    data: dict[str, Any]
    utterance: Utterance | None


def flow_suppressions(path: str, text: str, data: dict[str, Any], list_key: str, items: Sequence[FlowItem],
                      root: yaml.Node | None, index: LineIndex) -> list[Suppression]:
    """The directives of a flow: `lint_ignore` keys (JSON and YAML) and comments (YAML)."""
    if root is None:
        spans = json_value_spans(text, lambda p: SUPPRESSION_KEY in p[-2:] and len(p) in (1, 2, 3, 4))
        place_of = _json_places(spans, index)
    else:
        place_of = _yaml_places(root, list_key, index)
    found = from_value(path, data.get(SUPPRESSION_KEY), SUPPRESSION_KEY, place_of(()), None, file_level=True)
    for item in items:
        if SUPPRESSION_KEY in item.data:
            where = f"{list_key}[{item.position}].{SUPPRESSION_KEY}"
            found += from_value(path, item.data[SUPPRESSION_KEY], where, place_of((list_key, item.position)),
                                lines_of(item.utterance))
    if root is not None:
        found += _yaml_comments(text, root, list_key, items, index)
    return found


PlaceOf = Callable[[int | None], Place]


def _json_places(spans: dict[JsonPath, tuple[int, int]], index: LineIndex) -> Callable[[JsonPath], PlaceOf]:
    def of_owner(owner: JsonPath) -> PlaceOf:
        def place(item: int | None) -> Place:
            key: JsonPath = (*owner, SUPPRESSION_KEY) if item is None else (*owner, SUPPRESSION_KEY, item)
            start, end = spans.get(key, (0, 0))
            return position(index, start, end)
        return place
    return of_owner


def _mapping_value(node: yaml.Node | None, key: str) -> yaml.Node | None:
    if not isinstance(node, yaml.MappingNode):
        return None
    # The last one, as in the loaded mapping, when a key is repeated.
    return next((v for k, v in reversed(node.value) if getattr(k, "value", None) == key), None)


def _list_items(root: yaml.Node, list_key: str) -> list[yaml.Node]:
    nodes = _mapping_value(root, list_key)
    return list(nodes.value) if isinstance(nodes, yaml.SequenceNode) else []


def _yaml_places(root: yaml.Node, list_key: str, index: LineIndex) -> Callable[[JsonPath], PlaceOf]:
    items = _list_items(root, list_key)

    def of_owner(owner: JsonPath) -> PlaceOf:
        mapping = root if not owner else items[owner[1]] if isinstance(owner[1], int) and owner[1] < len(items) else None
        value = _mapping_value(mapping, SUPPRESSION_KEY)

        def place(item: int | None) -> Place:
            node = value
            if item is not None and isinstance(value, yaml.SequenceNode) and item < len(value.value):
                node = value.value[item]
            if node is None:
                return 1, 1, 1, 1
            return position(index, node.start_mark.index, node.end_mark.index)
        return place
    return of_owner


def _scalar_spans(root: yaml.Node) -> tuple[list[int], list[int]]:
    """[start, end) of every scalar of the document, sorted by start (starts, ends)."""
    spans: list[tuple[int, int]] = []
    seen: set[int] = set()
    pending: list[yaml.Node] = [root]
    while pending:  # no recursion: nesting depth costs no stack; aliases are visited once
        node = pending.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, yaml.ScalarNode):
            spans.append((node.start_mark.index, node.end_mark.index))
        elif isinstance(node, yaml.SequenceNode):
            pending.extend(node.value)
        elif isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                pending.extend((key, value))
    spans.sort()
    return [s for s, _ in spans], [e for _, e in spans]


def _inside_scalar(offset: int, starts: list[int], ends: list[int]) -> bool:
    # Scalars do not overlap: only the last one starting at or before `offset` can hold it.
    found = bisect.bisect_right(starts, offset) - 1
    return found >= 0 and offset < ends[found]


def _content_end(node: yaml.Node, text: str) -> int:
    """Offset just past the last non-blank character of a node's content. A block collection's
    end mark lies at the next token, after the comments that follow it: its last child's end
    is used instead."""
    for _ in range(10_000):
        if isinstance(node, (yaml.MappingNode, yaml.SequenceNode)) and not node.flow_style and node.value:
            last = node.value[-1]
            node = last[1] if isinstance(last, tuple) else last
            continue
        break
    end = node.end_mark.index
    while end > node.start_mark.index and text[end - 1] in " \t\r\n":
        end -= 1
    return end


def _yaml_comments(text: str, root: yaml.Node, list_key: str, items: Sequence[FlowItem],
                   index: LineIndex) -> list[Suppression]:
    starts, ends = _scalar_spans(root)
    comments = CommentCollector()
    line_starts = index.line_starts
    for number, raw in enumerate(LINE_BREAK.split(text), start=1):
        comment = find_comment(raw, full_width=False) if "scriptlint" in raw else None
        if comment is not None and not _inside_scalar(line_starts[number - 1] + comment.start, starts, ends):
            comments.record(comment, raw, number)
    nodes = _list_items(root, list_key)
    spoken = [item for item in items if item.utterance is not None and item.position < len(nodes)]
    owners = [(nodes[item.position].start_mark.line + 1,
               index.position(max(_content_end(nodes[item.position], text) - 1, 0))[0]) for item in spoken]
    texts = [lines_of(item.utterance) or (0, 0) for item in spoken]
    return comments.suppressions(owners, texts)


__all__ = ["FlowItem", "flow_suppressions"]

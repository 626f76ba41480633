"""Dialogue flows (.yaml, .yml, .json): `nodes` (or `turns`) with `say` (or `text`)."""
from __future__ import annotations

import re
from typing import Any

import yaml  # type: ignore[import-untyped, unused-ignore]  # typed when types-PyYAML (the test extra) is installed

from ..model import (
    DECLARATION_KEYS,
    Declaration,
    DeclaredValue,
    InputError,
    Kind,
    LineIndex,
    Script,
    SourceFile,
    Utterance,
)
from .common import json_literal_start, load_json, shown, turn_utterance, value_error
from .directives import SUPPRESSION_KEY
from .flow_directives import FlowItem, flow_suppressions
from .locate import place
from .source_map import JSON, YAML, YAML_DOUBLE, json_string_values, set_position, trace
from .speakers import Speakers

TEXT_KEYS = ("say", "text")
_SURROGATE = re.compile("[\ud800-\udfff]")
_SURROGATE_PAIR = re.compile("[\ud800-\udbff][\udc00-\udfff]")


def _joined(pair: re.Match[str]) -> str:
    high, low = ord(pair.group()[0]), ord(pair.group()[1])
    return chr(0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00))
# What aliases may repeat in one document, counted in nodes plus the characters of their scalars
# (`a: &a [...]` then `*a` nine times repeats a's size nine times). An alias costs nothing to
# parse, but anything that walks or prints the data pays for every repetition: nine levels of
# nine aliases are 9**9 strings. A real flow shares a greeting or a few settings, far below this.
ALIAS_LIMIT = 1_000_000
_MERGE_TAG = "tag:yaml.org,2002:merge"


class _DataLoader(yaml.SafeLoader):  # type: ignore[misc, unused-ignore]  # a plain class when PyYAML has no stubs
    """The safe loader (plain data only: no Python objects, no code), with what aliases repeat
    bounded by ALIAS_LIMIT, recursive aliases refused, and a key given twice in one mapping an
    error rather than "the last one wins" in silence."""

    def __init__(self, text: str) -> None:
        super().__init__(text)
        self._sizes: dict[int, int] = {}  # id(node) -> its size with every alias it holds repeated
        self._repeated = 0

    def compose_node(self, parent: yaml.Node | None, index: int) -> yaml.Node | None:
        if self.check_event(yaml.AliasEvent):
            mark = self.peek_event().start_mark  # type: ignore[no-untyped-call, unused-ignore]
            node = super().compose_node(parent, index)
            size = self._sizes.get(id(node))
            if size is None:  # its node is still being composed: the alias is inside it
                raise yaml.composer.ComposerError(None, None, "recursive alias: a node cannot contain itself", mark)
            self._repeated += size
            if self._repeated > ALIAS_LIMIT:
                raise yaml.composer.ComposerError(
                    None, None, f"too many YAML aliases: they repeat more than {ALIAS_LIMIT:,} nodes and "
                                f"characters (limit {ALIAS_LIMIT:,})", mark)
            return node
        node = super().compose_node(parent, index)
        if isinstance(node, yaml.ScalarNode):
            size = 1 + len(node.value)
        elif isinstance(node, yaml.SequenceNode):
            size = 1 + sum(self._sizes[id(item)] for item in node.value)
        elif isinstance(node, yaml.MappingNode):
            size = 1 + sum(self._sizes[id(k)] + self._sizes[id(v)] for k, v in node.value)
        else:
            return node
        self._sizes[id(node)] = size
        return node

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: set[Any] = set()
        for key_node, _ in node.value:
            if key_node.tag == _MERGE_TAG or not isinstance(key_node, yaml.ScalarNode):
                continue  # merged keys may be overridden; a complex key is refused below
            key = self.construct_object(key_node)
            if key in seen:
                raise yaml.constructor.ConstructorError(
                    "while constructing a mapping", node.start_mark,
                    f"found the key '{shown(str(key))}' twice", key_node.start_mark)
            seen.add(key)
        mapping: dict[Any, Any] = super().construct_mapping(node, deep)
        return mapping


def _load_yaml(path: str, text: str) -> tuple[Any, yaml.Node | None]:
    """The data and the node tree of a YAML document, parsed once: the node tree gives the
    positions, the data is constructed from it (aliases stay shared references, as with
    yaml.safe_load, and what they repeat is bounded: see _DataLoader)."""
    try:
        loader = _DataLoader(text)
        try:
            node = loader.get_single_node()
            if node is not None and "\\" in text:
                _join_surrogate_pairs(path, node)
            data = loader.construct_document(node) if node is not None else None
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        if exc.context_mark is not None and mark is not None and not text[mark.index:].strip():
            # "unexpected end of stream" points past the last line; where the unclosed
            # construct began is the useful line.
            mark = exc.context_mark
        line = mark.line + 1 if mark else None
        if mark is not None and not text[mark.index:].strip() and text.strip():
            line = LineIndex(text).position(len(text.rstrip()) - 1)[0]  # not past the last line
        problem = " ".join((exc.problem or exc.context or "invalid YAML").split())
        if problem.startswith("could not determine a constructor for the tag"):
            # `!!python/object/apply:os.system` and friends: a flow is data, never objects or code.
            tag = (exc.problem or "").split("tag", 1)[1].strip().strip("'").replace("tag:yaml.org,2002:", "!!")
            raise InputError(path, f"invalid YAML: the tag '{shown(tag)}' is not allowed (a flow holds plain data: "
                                   "mappings, lists, strings and numbers)", line) from None
        if exc.problem and exc.context:
            problem += f" ({' '.join(exc.context.split())})"
        raise InputError(path, f"invalid YAML: {problem}", line) from None
    except yaml.reader.ReaderError as exc:
        line = LineIndex(text).position(min(exc.position, len(text)))[0]
        raise InputError(path, f"invalid YAML: unacceptable character #x{exc.character:04x}", line) from None
    except yaml.YAMLError as exc:
        raise InputError(path, f"invalid YAML: {' '.join(str(exc).split())}") from None
    except RecursionError:
        raise InputError(path, "invalid YAML: nested too deeply") from None
    except (ValueError, OverflowError) as exc:  # e.g. an integer of more than 4300 digits
        raise InputError(path, f"invalid YAML: {value_error(exc) if isinstance(exc, ValueError) else exc}") from None
    return data, node


def _join_surrogate_pairs(path: str, root: yaml.Node) -> None:
    """Scalars with their escaped surrogate pairs ("\\ud83d\\ude00", JSON's way of writing 😀,
    which PyYAML leaves as two halves) made one character; half a pair left alone ("\\ud800")
    is an error: a code point no output can encode."""
    seen: set[int] = set()
    stack = [root]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, yaml.ScalarNode):
            if _SURROGATE.search(node.value):
                node.value = _SURROGATE_PAIR.sub(_joined, node.value)
            if _SURROGATE.search(node.value):
                raise InputError(path, "invalid YAML: a string holds half a surrogate pair, not a character",
                                 node.start_mark.line + 1)
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)
        elif isinstance(node, yaml.MappingNode):
            stack.extend(item for pair in node.value for item in pair)


def _yaml_value_nodes(root: yaml.Node | None, list_key: str) -> list[yaml.Node | None]:
    """The text value node of each item of the nodes list, in order (None where absent)."""
    if not isinstance(root, yaml.MappingNode):
        return []
    for key_node, value_node in root.value:
        if getattr(key_node, "value", None) == list_key and isinstance(value_node, yaml.SequenceNode):
            found: list[yaml.Node | None] = []
            for item in value_node.value:
                # The node of the key read_flow reads: "say" before "text" (a key given twice
                # never gets here: _DataLoader refuses it).
                by_key: dict[str, yaml.Node] = {}
                if isinstance(item, yaml.MappingNode):
                    for k, v in item.value:
                        if getattr(k, "value", None) in TEXT_KEYS:
                            by_key[k.value] = v
                target = next((by_key[k] for k in TEXT_KEYS if k in by_key), None)
                found.append(target if isinstance(target, yaml.ScalarNode) else None)
            return found
    return []


def _place_yaml(utterance: Utterance, node: yaml.Node, text: str, index: LineIndex) -> None:
    """Position of a YAML scalar's characters, traced through quotes, escapes and folding."""
    value = utterance.text
    style = getattr(node, "style", None)
    start, end = node.start_mark.index, node.end_mark.index
    if style in ('"', "'"):
        start, end = start + 1, max(start + 1, end - 1)
    elif style in ("|", ">"):
        # Skip the header line (indicator, chomping, indentation, comment).
        breaks = [i for i in (text.find("\n", start, end), text.find("\r", start, end)) if i != -1]
        start = min(breaks) if breaks else end
    offsets = trace(value, text, start, end, YAML_DOUBLE if style == '"' else YAML)
    if offsets is not None:
        set_position(utterance, offsets, text, index)
    else:
        place(utterance, value, text, index, start, node.end_mark.index)


def read_flow(source: SourceFile, text: str, speakers: Speakers) -> Script:
    path = source.path
    is_json = path.lower().endswith(".json")
    node_root: yaml.Node | None = None
    if is_json:
        data = load_json(path, text)
    else:
        data, node_root = _load_yaml(path, text)
    if not isinstance(data, dict):
        raise InputError(path, "a dialogue flow must be a mapping with a 'nodes' list")
    list_key = "nodes" if "nodes" in data else "turns" if "turns" in data else None
    if list_key is None or not isinstance(data[list_key], list):
        raise InputError(path, "a dialogue flow needs a 'nodes' (or 'turns') list")
    declared: list[tuple[str, DeclaredValue]] = []
    for name in DECLARATION_KEYS:
        if data.get(name) is not None:
            raw = data[name]
            values = raw if isinstance(raw, list) else [raw]
            if any(isinstance(v, (list, dict, set, bytes)) for v in values):
                # Checked here, not as a value: the text of a nested list could be the whole file.
                raise InputError(path, f"'{name}' must be a string or a list of strings")
            declared.append((name, tuple(str(v) for v in raw) if isinstance(raw, list) else str(raw)))
    index = LineIndex(text)
    value_nodes = _yaml_value_nodes(node_root, list_key) if node_root is not None else []
    literals = json_string_values(text, TEXT_KEYS) if is_json else []
    next_literal = 0
    utterances: list[Utterance] = []
    items: list[FlowItem] = []  # for the suppression directives
    cursor = 0
    for position, item in enumerate(data[list_key]):
        value_node = value_nodes[position] if position < len(value_nodes) else None
        item_line = value_node.start_mark.line + 1 if value_node is not None else None
        if not isinstance(item, dict):
            raise InputError(path, f"{list_key}[{position}] must be a mapping", item_line)
        key = next((k for k in TEXT_KEYS if k in item), None)
        if key is None:
            items.append(FlowItem(position, item, None))
            continue  # a routing node with nothing said
        value = item[key]
        if not isinstance(value, str):
            raise InputError(path, f"{list_key}[{position}].{key} must be a string", item_line)
        utterance = turn_utterance(path, item, value, key, speakers, item_line, f"{list_key}[{position}]",
                                   skip=(SUPPRESSION_KEY,))
        if value_node is not None:
            _place_yaml(utterance, value_node, text, index)
        else:
            # The string literal of this node's text key: the next one, in document order,
            # that decodes to the value (escapes such as \" or \u4fdd included).
            found = next((k for k in range(next_literal, len(literals)) if literals[k][0] == value), None)
            offsets = None
            if found is not None:
                _, start, end = literals[found]
                next_literal = found + 1
                cursor = start
                offsets = trace(value, text, start, end, JSON)
            if offsets is not None:
                set_position(utterance, offsets, text, index)
            else:
                literal = json_literal_start(text, value, cursor)
                if literal != -1:
                    place(utterance, value, text, index, literal)
                    cursor = literal
                else:
                    utterance.line, utterance.column = index.position(cursor)
        utterances.append(utterance)
        items.append(FlowItem(position, item, utterance))
    declaration = Declaration(tuple(declared)) if declared else None
    suppressions = flow_suppressions(path, text, data, list_key, items, node_root, index)
    return Script(path, Kind.SCRIPT, utterances, declaration, has_speakers=True, source=source,
                  suppressions=suppressions)

"""Dialogue flows (.yaml, .yml, .json): `nodes` (or `turns`) with `say` (or `text`)."""
from __future__ import annotations

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
from .common import json_literal_start, load_json, turn_utterance
from .directives import SUPPRESSION_KEY
from .flow_directives import FlowItem, flow_suppressions
from .locate import place
from .source_map import JSON, YAML, YAML_DOUBLE, json_string_values, set_position, trace
from .speakers import Speakers

TEXT_KEYS = ("say", "text")


def _load_yaml(path: str, text: str) -> tuple[Any, yaml.Node | None]:
    """The data and the node tree of a YAML document, parsed once: the node tree gives the
    positions, the data is constructed from it (aliases stay shared references, as with
    yaml.safe_load, so an alias bomb does not expand)."""
    try:
        loader = yaml.SafeLoader(text)
        try:
            node = loader.get_single_node()
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
        raise InputError(path, f"invalid YAML: {' '.join(str(exc).split())}") from None
    return data, node


def _yaml_value_nodes(root: yaml.Node | None, list_key: str) -> list[yaml.Node | None]:
    """The text value node of each item of the nodes list, in order (None where absent)."""
    if not isinstance(root, yaml.MappingNode):
        return []
    for key_node, value_node in root.value:
        if getattr(key_node, "value", None) == list_key and isinstance(value_node, yaml.SequenceNode):
            found: list[yaml.Node | None] = []
            for item in value_node.value:
                # The node of the key read_flow reads: "say" before "text", and, as in the
                # loaded mapping, the last one when a key is repeated.
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

"""`scriptlint serve`: the runtime guard as a local HTTP service, for bots not written in Python.

    POST /v1/check               {"text": "…", "kind": "replies"}            -> a verdict
    POST /v1/conversation/check  {"history": [{"role", "text"}], "reply": "…"} -> a verdict
    GET  /v1/rules               the rules, as `scriptlint rules --format json`
    GET  /healthz                {"status": "ok", "version": …}
    GET  /openapi.json           the OpenAPI 3.1 description of all of this

A verdict is {"action", "findings", "masked", "suggestion"} (guard.Verdict.to_dict): the reply
itself is never sent back unmasked. Starlette and uvicorn come with the `serve` extra
(`pip install 'scriptlint[serve]'`); nothing else in scriptlint imports this module.

What the service guarantees: it binds to loopback unless told otherwise; a request body over
`max_body` bytes is refused with 413 before it is read whole; a body that is not JSON, or not the
object described, is a 400 whose `error` says what is wrong (values quoted masked); no request
body, reply or finding is logged: uvicorn's access log has the method, path and status only
(with personal numbers masked in the path), and an internal error is logged by its type and
masked message, never with the request.
"""
from __future__ import annotations

import json
import logging
from collections.abc import Awaitable, Callable, Mapping
from typing import Any

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from . import __version__
from .config import ConfigError
from .guard import Conversation, ConversationFormatError, Guard, Verdict
from .model import InputError, Kind
from .privacy import mask
from .readers.common import json_type

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8080
DEFAULT_MAX_BODY = 1 << 20  # bytes
# Texts longer than this are checked in a worker thread, so one large script does not hold up
# the event loop (and every other request) while it is checked.
INLINE_CHARACTERS = 20_000
LOGGER = logging.getLogger("scriptlint.serve")

CHECK_KEYS = frozenset({"text", "kind", "role", "channel", "direction", "industry"})
CONVERSATION_KEYS = frozenset({"history", "reply", "reply_start", "channel", "direction", "industry", "conversation"})
TURN_KEYS = frozenset({"role", "text", "start"})


class BadRequest(Exception):
    """A request the service cannot read: its status (400, 413) and what is wrong."""

    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.message = message
        self.status = status


Handler = Callable[[Request], Awaitable[Response]]


def _error(message: str, status: int) -> JSONResponse:
    # A message may quote a value of the request (an unknown role, a bad channel): masked.
    return JSONResponse({"error": mask(message)}, status_code=status)


def _guarded(handler: Handler) -> Handler:
    """Bad input is a 400/413 with its message; anything else a 500 logged by its type and
    masked message only (Starlette's own error page would log the traceback's values)."""
    async def run(request: Request) -> Response:
        try:
            return await handler(request)
        except BadRequest as bad:
            return _error(bad.message, bad.status)
        except (ConfigError, ConversationFormatError, ValueError, TypeError) as error:
            message = error.message if isinstance(error, ConfigError) else str(error)
            return _error(message, 400)
        except InputError as error:  # a team's regex that ran out of time on this text
            return _error(error.message, 422)
        except Exception as error:  # noqa: BLE001 - broad on purpose: a bug must not leak the request to a log
            LOGGER.error("internal error in %s: %s: %s", request.url.path, type(error).__name__, mask(str(error)))
            return _error("internal error", 500)
    return run


async def _json_body(request: Request, limit: int) -> dict[str, Any]:
    """The request's JSON object, read up to `limit` bytes (413 beyond, before reading it whole)."""
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > limit:
        raise BadRequest(f"request body is larger than {limit} bytes", 413)
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise BadRequest(f"request body is larger than {limit} bytes", 413)
        chunks.append(chunk)
    raw = b"".join(chunks)
    if not raw:
        raise BadRequest("request body is empty: send a JSON object")
    try:
        data = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise BadRequest("request body is not UTF-8") from None
    except json.JSONDecodeError as error:
        # The position only: the message never quotes the body.
        raise BadRequest(f"request body is not valid JSON: {error.msg} at line {error.lineno} "
                         f"column {error.colno}") from None
    if not isinstance(data, dict):
        raise BadRequest(f"request body must be a JSON object, not {json_type(data)}")
    return data


def _only(data: Mapping[str, Any], allowed: frozenset[str], where: str = "request body") -> None:
    unknown = sorted(set(data) - allowed)
    if unknown:
        raise BadRequest(f"{where}: unknown key '{unknown[0]}' (known: {', '.join(sorted(allowed))})")


def _string(data: Mapping[str, Any], key: str, required: bool = False) -> str | None:
    value = data.get(key)
    if value is None:
        if required:
            raise BadRequest(f"'{key}' is required (a string)")
        return None
    if not isinstance(value, str):
        raise BadRequest(f"'{key}' must be a string, not {json_type(value)}")
    return value


def _scenario(data: Mapping[str, Any]) -> dict[str, Any]:
    industry = data.get("industry")
    if isinstance(industry, str):
        industry = [part.strip() for part in industry.split(",") if part.strip()]
    elif industry is not None and not (isinstance(industry, list) and all(isinstance(i, str) for i in industry)):
        raise BadRequest(f"'industry' must be a string or an array of strings, not {json_type(industry)}")
    return {"channel": _string(data, "channel"), "direction": _string(data, "direction"),
            "industry": tuple(industry) if industry is not None else None}


def _start(value: object, where: str) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
        raise BadRequest(f"'{where}' must be a number of seconds ≥ 0")
    return float(value)


def _conversation(guard: Guard, data: Mapping[str, Any]) -> Conversation:
    if "conversation" in data:  # as Conversation.to_json() wrote it
        if any(key in data for key in ("history", "channel", "direction", "industry")):
            raise BadRequest("give either 'conversation' or 'history' with its scenario keys, not both")
        stored = data["conversation"]
        if not isinstance(stored, dict):
            raise BadRequest(f"'conversation' must be an object, not {json_type(stored)}")
        return Conversation.from_json(guard, stored)
    history = data.get("history", [])
    if not isinstance(history, list):
        raise BadRequest(f"'history' must be an array of turns, not {json_type(history)}")
    convo = guard.conversation(**_scenario(data))
    for number, turn in enumerate(history, 1):
        where = f"history[{number - 1}]"
        if not isinstance(turn, dict):
            raise BadRequest(f"{where} must be an object with 'role' and 'text', not {json_type(turn)}")
        _only(turn, TURN_KEYS, where)
        role, text = _string(turn, "role", True), _string(turn, "text", True)
        assert role is not None and text is not None
        try:
            convo.add(role, text, _start(turn.get("start"), f"{where}.start"))
        except ValueError as error:
            raise BadRequest(f"{where}: {error}") from None
    return convo


async def _verdict(text: str, check: Callable[[], Verdict]) -> JSONResponse:
    verdict = check() if len(text) <= INLINE_CHARACTERS else await run_in_threadpool(check)
    return JSONResponse(verdict.to_dict())


def create_app(guard: Guard | None = None, max_body: int = DEFAULT_MAX_BODY) -> Starlette:
    """The ASGI app around one Guard (built from the default config when not given)."""
    guard = guard or Guard()
    rules_payload = {"rules": [
        {"code": rule.code, "name": rule.name, "category": rule.category, "severity": rule.severity.value,
         "scope": rule.scope.value, "summary": rule.summary("zh"), "summary_en": rule.summary("en")}
        for rule in guard.linter.registry.rules]}
    health = {"status": "ok", "version": __version__}

    async def check(request: Request) -> Response:
        data = await _json_body(request, max_body)
        _only(data, CHECK_KEYS)
        text = _string(data, "text", True)
        assert text is not None
        kind = _string(data, "kind")
        if kind is not None and kind not in {k.value for k in Kind}:
            raise BadRequest(f"'kind' must be one of {', '.join(k.value for k in Kind)}")
        role = _string(data, "role") or "bot"
        scenario = _scenario(data)
        return await _verdict(text, lambda: guard.check(text, kind, role, **scenario))

    async def conversation_check(request: Request) -> Response:
        data = await _json_body(request, max_body)
        _only(data, CONVERSATION_KEYS)
        reply = _string(data, "reply", True)
        assert reply is not None
        start = _start(data.get("reply_start"), "reply_start")
        convo = _conversation(guard, data)
        return await _verdict(reply, lambda: convo.check_reply(reply, start))

    async def rules(request: Request) -> Response:
        return JSONResponse(rules_payload)

    async def healthz(request: Request) -> Response:
        return JSONResponse(health)

    async def openapi(request: Request) -> Response:
        return JSONResponse(openapi_document(max_body))

    routes = [
        Route("/v1/check", _guarded(check), methods=["POST"]),
        Route("/v1/conversation/check", _guarded(conversation_check), methods=["POST"]),
        Route("/v1/rules", _guarded(rules), methods=["GET"]),
        Route("/healthz", _guarded(healthz), methods=["GET"]),
        Route("/openapi.json", _guarded(openapi), methods=["GET"]),
    ]
    return Starlette(routes=routes)


class MaskingFilter(logging.Filter):
    """Masks personal numbers in a log record's message and arguments (an access log line holds
    the request path, which a client may have put a number in)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.msg, str):
            record.msg = mask(record.msg)
        if isinstance(record.args, tuple):
            record.args = tuple(mask(arg) if isinstance(arg, str) else arg for arg in record.args)
        return True


def run(guard: Guard, host: str = DEFAULT_HOST, port: int = DEFAULT_PORT, max_body: int = DEFAULT_MAX_BODY,
        access_log: bool = True) -> None:
    """Serve until interrupted (uvicorn, one process: the guard's state is in memory)."""
    import uvicorn

    config = uvicorn.Config(create_app(guard, max_body), host=host, port=port, access_log=access_log,
                            log_level="info", server_header=False)
    for name in ("uvicorn.access", "uvicorn.error", LOGGER.name):
        logging.getLogger(name).addFilter(MaskingFilter())
    logging.getLogger(LOGGER.name).setLevel(logging.INFO)
    uvicorn.Server(config).run()


_VERDICT_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["action", "findings", "masked", "suggestion"],
    "properties": {
        "action": {"type": "string", "enum": ["block", "revise", "allow"],
                   "description": "By the severest finding and the guard-actions setting "
                                  "(default error=block, warning=revise, info=allow); allow without findings."},
        "findings": {"type": "array", "items": {"$ref": "#/components/schemas/Finding"}},
        "masked": {"type": "string", "description": "The text with personal numbers masked (138****5678)."},
        "suggestion": {"type": ["string", "null"],
                       "description": "The reply with every finding's fix applied (masking, lexicon rewrites), "
                                      "when each finding has one and the result is clean; else null."},
    },
}
_FINDING_SCHEMA: dict[str, Any] = {
    "type": "object",
    "description": "As `scriptlint check --format json` writes a finding; positions are in the text sent "
                   "(a reply: line 1, columns counted in the reply).",
    "required": ["path", "line", "column", "end_line", "end_column", "code", "category", "severity", "message",
                 "text"],
    "properties": {
        "path": {"type": "string"}, "line": {"type": "integer"}, "column": {"type": "integer"},
        "end_line": {"type": "integer"}, "end_column": {"type": "integer"},
        "code": {"type": "string", "examples": ["SL302"]}, "category": {"type": "string"},
        "severity": {"type": "string", "enum": ["error", "warning", "info"]},
        "message": {"type": "string"}, "text": {"type": "string", "description": "The words flagged, masked."},
        "entry": {"type": "string"}, "suggestion": {"type": "string"}, "citation": {"type": "string"},
        "related": {"type": "array", "items": {"type": "string"}}, "fix": {"type": "object"},
    },
}
_SCENARIO_PROPERTIES: dict[str, Any] = {
    "channel": {"type": "string", "enum": ["phone", "chat"], "description": "Default: the config's."},
    "direction": {"type": "string", "enum": ["outbound", "inbound"], "description": "Default: the config's."},
    "industry": {"oneOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}],
                 "description": "Industry packs (a comma list or an array); general is always on."},
}
_TURN_SCHEMA: dict[str, Any] = {
    "type": "object", "required": ["role", "text"], "additionalProperties": False,
    "properties": {
        "role": {"type": "string", "description": "bot or customer (aliases: assistant, agent, 机器人; user, 客户)"},
        "text": {"type": "string"},
        "start": {"type": "number", "minimum": 0, "description": "Seconds from the call start, when known."},
    },
}


def _errors(*statuses: int) -> dict[str, Any]:
    why = {400: "Bad JSON, a wrong type or an unknown key; `error` says which.",
           413: "The body is larger than the limit (`scriptlint serve --max-body`).",
           422: "A team's regex ran out of time on this text."}
    return {str(status): {"description": why[status], "content": {"application/json": {
        "schema": {"$ref": "#/components/schemas/Error"}}}} for status in statuses}


def openapi_document(max_body: int = DEFAULT_MAX_BODY) -> dict[str, Any]:
    """The OpenAPI 3.1 description the service serves at /openapi.json."""
    verdict = {"200": {"description": "The verdict.", "content": {"application/json": {
        "schema": {"$ref": "#/components/schemas/Verdict"}}}}, **_errors(400, 413, 422)}
    return {
        "openapi": "3.1.0",
        "info": {"title": "scriptlint guard", "version": __version__,
                 "description": "Checks a bot's reply (alone or in its conversation) against the compliance rules "
                                f"of scriptlint. Request bodies are limited to {max_body} bytes."},
        "paths": {
            "/v1/check": {"post": {
                "summary": "Check one reply, or a whole script",
                "requestBody": {"required": True, "content": {"application/json": {"schema": {
                    "type": "object", "required": ["text"], "additionalProperties": False,
                    "properties": {
                        "text": {"type": "string"},
                        "kind": {"type": "string", "enum": [k.value for k in Kind],
                                 "description": "replies (default): one reply; script/transcript: one utterance a "
                                                "line with speaker markers (its suggestion is null)."},
                        "role": {"type": "string", "description": "Who says a reply: bot (default) or customer."},
                        **_SCENARIO_PROPERTIES}}}}},
                "responses": verdict}},
            "/v1/conversation/check": {"post": {
                "summary": "Check the bot's next reply in its conversation (nothing is stored)",
                "requestBody": {"required": True, "content": {"application/json": {"schema": {
                    "type": "object", "required": ["reply"], "additionalProperties": False,
                    "properties": {
                        "reply": {"type": "string"},
                        "reply_start": {"type": "number", "minimum": 0},
                        "history": {"type": "array", "items": {"$ref": "#/components/schemas/Turn"}},
                        "conversation": {"type": "object", "description": "Instead of history and scenario: a "
                                         "conversation as Conversation.to_json() writes it (version 1)."},
                        **_SCENARIO_PROPERTIES}}}}},
                "responses": verdict}},
            "/v1/rules": {"get": {"summary": "Every rule", "responses": {"200": {"description": "The rules.",
                          "content": {"application/json": {"schema": {"type": "object"}}}}}}},
            "/healthz": {"get": {"summary": "Liveness", "responses": {"200": {"description": "Up.",
                         "content": {"application/json": {"schema": {"type": "object"}}}}}}},
            "/openapi.json": {"get": {"summary": "This document", "responses": {"200": {"description": "OpenAPI"}}}},
        },
        "components": {"schemas": {
            "Verdict": _VERDICT_SCHEMA, "Finding": _FINDING_SCHEMA, "Turn": _TURN_SCHEMA,
            "Error": {"type": "object", "required": ["error"], "properties": {"error": {"type": "string"}}},
        }},
    }


__all__ = ["DEFAULT_HOST", "DEFAULT_MAX_BODY", "DEFAULT_PORT", "MaskingFilter", "create_app", "openapi_document", "run"]

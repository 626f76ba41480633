"""The HTTP service (`scriptlint serve`, scriptlint.serve): the endpoints with Starlette's test
client, bad input, the body limit, logging without personal data, and the extra being optional."""
from __future__ import annotations

import json
import logging
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import warnings
from pathlib import Path

import pytest

pytest.importorskip("starlette")
pytest.importorskip("httpx")

with warnings.catch_warnings():
    # Starlette 1.x prefers the httpx2 package and warns when it falls back to httpx.
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

from scriptlint import Config, Guard
from scriptlint.serve import MaskingFilter, create_app, openapi_document

SRC = str(Path(__file__).resolve().parents[1] / "src")


@pytest.fixture(scope="module")
def client() -> TestClient:
    return TestClient(create_app(Guard(Config(industry=("finance",))), max_body=4096))


def test_healthz_and_rules(client: TestClient) -> None:
    health = client.get("/healthz")
    assert health.status_code == 200
    assert health.json()["status"] == "ok"
    rules = client.get("/v1/rules").json()["rules"]
    by_code = {rule["code"]: rule for rule in rules}
    assert by_code["SL201"]["scope"] == "dialogue"
    assert by_code["SL402"]["summary_en"] == "Unmasked personal data"


def test_check_a_reply(client: TestClient) -> None:
    response = client.post("/v1/check", json={"text": "这款理财保本，有事打13812345678", "kind": "replies"})
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"action", "findings", "masked", "suggestion"}
    assert body["action"] == "block"
    assert [(f["code"], f["line"], f["column"], f["end_column"]) for f in body["findings"]] == [
        ("SL302", 1, 5, 7), ("SL402", 1, 11, 22)]
    assert body["masked"] == "这款理财保本，有事打138****5678"
    assert "13812345678" not in response.text
    clean = client.post("/v1/check", json={"text": "您好，请问有什么可以帮您？"}).json()
    assert clean == {"action": "allow", "findings": [], "masked": "您好，请问有什么可以帮您？", "suggestion": None}


def test_check_suggests_the_rewritten_reply(client: TestClient) -> None:
    body = client.post("/v1/check", json={"text": "我们保证三天内上门修好"}).json()
    assert body["action"] == "revise"
    assert body["suggestion"] == "我们尽力保证三天内上门修好"


def test_check_a_script_with_scenario_keys(client: TestClient) -> None:
    script = "机器人：您好，这里是华信银行。\n机器人：请问您最近方便吗？"
    body = client.post("/v1/check", json={"text": script, "kind": "script", "channel": "phone",
                                          "direction": "outbound"}).json()
    assert [f["code"] for f in body["findings"]] == ["SL101", "SL103", "SL104", "SL105"]
    assert body["findings"][0]["line"] == 1
    assert body["suggestion"] is None


def test_conversation_check(client: TestClient) -> None:
    history = [{"role": "bot", "text": "您好，我是华信银行的智能客服机器人，通话可能会被录音。"},
               {"role": "bot", "text": "今天致电是想介绍分期优惠，如不需要可以直接说不需要。"},
               {"role": "user", "text": "不需要，别再打了"}]
    pitch = client.post("/v1/conversation/check", json={"history": history, "reply": "您再考虑考虑，利息很低的",
                                                        "channel": "phone", "direction": "outbound"})
    assert pitch.status_code == 200
    assert [(f["code"], f["column"], f["end_column"]) for f in pitch.json()["findings"]] == [("SL201", 1, 13)]
    close = client.post("/v1/conversation/check", json={"history": history, "reply": "好的，不再打扰您，再见。"})
    assert close.json()["action"] == "allow"


def test_conversation_check_takes_a_stored_conversation(client: TestClient) -> None:
    stored = {"version": 1, "channel": "phone", "direction": "inbound",
              "turns": [{"role": "bot", "text": "您好，我是智能客服机器人，通话可能会被录音，如需人工服务请按0。"},
                        {"role": "customer", "text": "我要找人工"}]}
    body = client.post("/v1/conversation/check", json={"conversation": stored, "reply": "请问您要办理什么业务？"}).json()
    assert [f["code"] for f in body["findings"]] == ["SL202"]


@pytest.mark.parametrize(("path", "content", "status", "message"), [
    ("/v1/check", b"{not json", 400, "request body is not valid JSON"),
    ("/v1/check", b"", 400, "request body is empty"),
    ("/v1/check", b"[1, 2]", 400, "must be a JSON object, not a list"),
    ("/v1/check", b"\xff\xfe", 400, "not UTF-8"),
    ("/v1/check", b'{"text": 12}', 400, "'text' must be a string, not a number"),
    ("/v1/check", b'{"words": "x"}', 400, "unknown key 'words'"),
    ("/v1/check", b'{"kind": "replies"}', 400, "'text' is required"),
    ("/v1/check", b'{"text": "x", "kind": "poem"}', 400, "'kind' must be one of"),
    ("/v1/check", b'{"text": "x", "role": "boss"}', 400, "role must be one of"),
    ("/v1/check", b'{"text": "x", "channel": "fax"}', 400, "channel: 'fax' is not one of"),
    ("/v1/check", b'{"text": "x", "industry": 3}', 400, "'industry' must be a string or an array"),
    ("/v1/conversation/check", b'{"history": []}', 400, "'reply' is required"),
    ("/v1/conversation/check", b'{"reply": "x", "history": {}}', 400, "'history' must be an array of turns, not an object"),
    ("/v1/conversation/check", b'{"reply": "x", "history": [{"role": "bot"}]}', 400, "'text' is required"),
    ("/v1/conversation/check", b'{"reply": "x", "history": [{"role": "bot", "text": "a", "when": 1}]}', 400,
     "history[0]: unknown key 'when'"),
    ("/v1/conversation/check", b'{"reply": "x", "history": [{"role": "bot", "text": "a", "start": -1}]}', 400,
     "history[0].start' must be a number of seconds"),
    ("/v1/conversation/check", b'{"reply": "x", "conversation": {"version": 9}}', 400, "version must be 1"),
    ("/v1/conversation/check", b'{"reply": "x", "reply_start": "soon"}', 400, "'reply_start' must be a number"),
])
def test_bad_input_is_a_400_that_says_what_is_wrong(client: TestClient, path: str, content: bytes, status: int,
                                                    message: str) -> None:
    response = client.post(path, content=content, headers={"content-type": "application/json"})
    assert response.status_code == status
    assert message in response.json()["error"]


def test_a_value_quoted_in_an_error_is_masked(client: TestClient) -> None:
    response = client.post("/v1/check", json={"text": "x", "role": "13812345678"})
    assert response.status_code == 400
    assert "13812345678" not in response.text
    assert "138****5678" in response.json()["error"]


def test_a_body_over_the_limit_is_refused(client: TestClient) -> None:
    response = client.post("/v1/check", json={"text": "好" * 3000})
    assert response.status_code == 413
    assert "larger than 4096 bytes" in response.json()["error"]

    def chunks():  # no Content-Length: counted as it is read
        for _ in range(10):
            yield b" " * 1000
    streamed = client.post("/v1/check", content=chunks(), headers={"content-type": "application/json"})
    assert streamed.status_code == 413


def test_wrong_method_and_unknown_path(client: TestClient) -> None:
    assert client.get("/v1/check").status_code == 405
    assert client.get("/v2/nothing").status_code == 404


def test_openapi_describes_every_endpoint(client: TestClient) -> None:
    document = client.get("/openapi.json").json()
    assert document["openapi"] == "3.1.0"
    assert set(document["paths"]) == {"/v1/check", "/v1/conversation/check", "/v1/rules", "/healthz", "/openapi.json"}
    verdict = document["components"]["schemas"]["Verdict"]
    assert verdict["required"] == ["action", "findings", "masked", "suggestion"]
    assert document == openapi_document(4096)


def test_an_internal_error_is_logged_without_the_request(client: TestClient, caplog: pytest.LogCaptureFixture,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("failed on 13812345678")
    app = create_app(Guard())
    monkeypatch.setattr(Guard, "check", broken)
    with caplog.at_level(logging.ERROR, logger="scriptlint.serve"):
        response = TestClient(app).post("/v1/check", json={"text": "我的卡号是6222021234567890128"})
    assert response.status_code == 500
    assert response.json() == {"error": "internal error"}
    logged = caplog.text
    assert "RuntimeError" in logged and "138****5678" in logged
    assert "13812345678" not in logged and "6222021234567890128" not in logged


def test_access_log_lines_are_masked() -> None:
    record = logging.LogRecord("uvicorn.access", logging.INFO, __file__, 1, '%s - "%s %s HTTP/%s" %d',
                               ("127.0.0.1:5000", "GET", "/v1/rules?phone=13812345678", "1.1", 200), None)
    assert MaskingFilter().filter(record)
    assert record.getMessage() == '127.0.0.1:5000 - "GET /v1/rules?phone=138****5678 HTTP/1.1" 200'


def _run(code: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": SRC}
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120,
                          check=False)


def test_importing_scriptlint_or_checking_never_imports_the_web_stack(tmp_path: Path) -> None:
    reply = tmp_path / "replies.txt"
    reply.write_text("您好\n", encoding="utf-8")
    result = _run("import sys\nfrom scriptlint.cli import main\nimport scriptlint\n"
                  f"sys.argv = ['scriptlint', 'check', '--isolated', {str(reply)!r}]\n"
                  "try:\n    main()\nexcept SystemExit:\n    pass\n"
                  "print(sorted(m for m in sys.modules if m.split('.')[0] in ('starlette', 'uvicorn', 'httpx')\n"
                  "             or m in ('scriptlint.guard', 'scriptlint.serve')))")
    assert result.stdout.strip().splitlines()[-1] == "[]", result.stderr


def test_serve_without_the_extra_is_a_one_line_error() -> None:
    result = _run("import sys\nsys.modules['starlette'] = None\nsys.modules['uvicorn'] = None\n"
                  "from scriptlint.cli import main\nsys.argv = ['scriptlint', 'serve']\nmain()")
    assert result.returncode == 2
    assert result.stderr.strip() == \
        "scriptlint: error: scriptlint serve needs the serve extra: pip install 'scriptlint[serve]'"


def test_scriptlint_serve_answers_on_loopback_and_logs_no_personal_data(tmp_path: Path) -> None:
    """The real command: uvicorn in a subprocess, a request with a phone number in its body and
    in its query string, then the logs read back."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {**os.environ, "PYTHONPATH": SRC}
    server = subprocess.Popen([sys.executable, "-m", "scriptlint", "serve", "--isolated", "--port", str(port)],
                              env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"{base}/healthz", timeout=2) as response:
                    assert json.load(response)["status"] == "ok"
                break
            except (urllib.error.URLError, ConnectionError):
                assert server.poll() is None and time.monotonic() < deadline, "the server did not start"
                time.sleep(0.2)
        body = json.dumps({"text": "您的手机号是13812345678"}).encode()
        request = urllib.request.Request(f"{base}/v1/check?phone=13912345678", data=body,
                                         headers={"content-type": "application/json"})
        with urllib.request.urlopen(request, timeout=10) as response:
            verdict = json.load(response)
        assert verdict["masked"] == "您的手机号是138****5678"
    finally:
        server.terminate()
        logs, _ = server.communicate(timeout=30)
    assert f"127.0.0.1:{port}" in logs  # uvicorn said where it listens
    assert '"POST /v1/check?phone=139****5678 HTTP/1.1" 200' in logs
    assert "13812345678" not in logs and "13912345678" not in logs

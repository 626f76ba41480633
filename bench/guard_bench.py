"""Benchmarks of the runtime guard (scriptlint.guard, scriptlint serve). Prints figures, asserts nothing.

    python bench/guard_bench.py                  # all three parts
    python bench/guard_bench.py --only reply     # or: stream, service
    python bench/guard_bench.py --rate 500 --seconds 10

1. `Conversation.check_reply` on a 200-character reply with 20 turns of history: p50/p99 of wall
   time and of the thread's CPU time (the machine is shared: CPU time leaves out the waits for a
   core), side by side in alternating rounds with `Linter.check_text` on the same reply alone and
   with `check` of the whole conversation as one script (what the guard would cost without its
   per-conversation caches).
2. Streaming: a 500-character reply fed in 1-character chunks (every feed, then close()) against
   `check_reply` of the whole reply; medians of several runs, and the ratio.
3. The HTTP service on loopback: `scriptlint serve` in a subprocess, an open-loop load at a fixed
   rate for a bounded time (requests are sent on schedule whether or not earlier ones have
   answered, over keep-alive connections), latency p50/p99 and errors; the server is stopped at
   the end, whatever happens.
"""
from __future__ import annotations

import argparse
import asyncio
import gc
import json
import os
import socket
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from scriptlint import Config, Guard, Linter
from scriptlint.guard import Conversation

# An outbound card-servicing call; the history alternates customer and bot after the opening.
OPENING = ("您好，我是华信银行的智能客服机器人，为了服务质量，通话可能会被录音。",
           "今天致电是想提醒您信用卡账单快到还款日了，如不需要可以直接说不需要或按1键结束通话。")
EXCHANGES = (("customer", "哦，我知道了，那我这个月一共要还多少钱啊？"),
             ("bot", "您本期账单应还金额为三千二百元，最后还款日是本月二十五日。"),
             ("customer", "能不能分期还？我最近手头有点紧。"),
             ("bot", "可以的，您可以在手机银行里申请账单分期，分期会收取手续费，具体以页面显示为准。"))
REPLY_TEXT = ("好的，帮您查到了，账单分期可以选三期、六期或十二期，每期手续费率以手机银行页面显示为准。"
              "办理后本期只需还第一期的金额，请您在还款日前登录手机银行操作，有疑问也可以随时拨打信用卡中心热线咨询。"
              "另外提醒您，按时还款有助于保持良好的信用记录，如果您现在不方便，也可以稍后在手机银行的消息中心查看这次分期的详细说明，"
              "感谢您的耐心，祝您生活愉快，再见。")


def reply_of(length: int) -> str:
    return (REPLY_TEXT * (length // len(REPLY_TEXT) + 1))[:length]


def conversation(guard: Guard, turns: int = 20) -> Conversation:
    convo = guard.conversation(channel="phone", direction="outbound")
    for line in OPENING:
        convo.add("bot", line)
    while len(convo.turns) < turns:
        role, text = EXCHANGES[(len(convo.turns) - len(OPENING)) % len(EXCHANGES)]
        convo.add(role, text)
    return convo


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * fraction))]


def timed(call: Callable[[], object], count: int) -> tuple[list[float], list[float]]:
    """Wall and thread CPU time of each of `count` calls, in milliseconds."""
    walls: list[float] = []
    cpus: list[float] = []
    for _ in range(count):
        wall, cpu = time.perf_counter_ns(), time.thread_time_ns()
        call()
        cpus.append((time.thread_time_ns() - cpu) / 1e6)
        walls.append((time.perf_counter_ns() - wall) / 1e6)
    return walls, cpus


def bench_reply(rounds: int, calls: int) -> None:
    guard = Guard(Config(industry=("finance",)))
    linter: Linter = guard.linter
    convo = conversation(guard)
    reply = reply_of(200)
    script = convo.as_script(reply)
    variants: dict[str, Callable[[], object]] = {
        "Conversation.check_reply (20 turns)": lambda: convo.check_reply(reply),
        "Linter.check_text (the reply alone)": lambda: linter.check_text(reply),
        "check of history + reply as one script": lambda: linter.check_script(script, kind="script"),
    }
    verdict = convo.check_reply(reply)
    print(f"## check_reply: {len(reply)}-character reply, {len(convo.turns)} turns of history "
          f"(verdict {verdict.action}, {len(verdict.findings)} findings)")
    for call in variants.values():
        timed(call, 300)  # warm the caches every variant has
    results: dict[str, list[tuple[float, float, float, float]]] = {name: [] for name in variants}
    gc.collect()
    for _ in range(rounds):
        for name, call in variants.items():  # alternating, so load changes hit all alike
            walls, cpus = timed(call, calls)
            results[name].append((percentile(walls, 0.5), percentile(walls, 0.99),
                                  percentile(cpus, 0.5), percentile(cpus, 0.99)))
    print(f"medians over {rounds} rounds of {calls} calls each (ms)")
    print("| variant | wall p50 | wall p99 | CPU p50 | CPU p99 |")
    print("| --- | --- | --- | --- | --- |")
    for name, rows in results.items():
        cells = [statistics.median(row[i] for row in rows) for i in range(4)]
        print(f"| {name} | " + " | ".join(f"{c:.3f}" for c in cells) + " |")
    print()


def bench_stream(runs: int) -> None:
    guard = Guard(Config(industry=("finance",)))
    convo = conversation(guard)
    reply = reply_of(500)

    def streamed() -> None:
        stream = convo.stream_reply()
        for character in reply:
            stream.feed(character)
        stream.close()

    def feeds_only() -> None:
        stream = convo.stream_reply()
        for character in reply:
            stream.feed(character)

    for _ in range(20):
        streamed()
        convo.check_reply(reply)
    whole_times, stream_times, feed_times = [], [], []
    for _ in range(runs):
        whole_times.append(statistics.median(timed(lambda: convo.check_reply(reply), 20)[1]))
        stream_times.append(statistics.median(timed(streamed, 20)[1]))
        feed_times.append(statistics.median(timed(feeds_only, 20)[1]))
    whole, stream, feeds = (statistics.median(t) for t in (whole_times, stream_times, feed_times))
    print(f"## streaming: {len(reply)}-character reply in 1-character chunks (CPU ms, medians of {runs} runs)")
    print("| measure | ms | × whole |")
    print("| --- | --- | --- |")
    print(f"| check_reply of the whole reply | {whole:.3f} | 1.00 |")
    print(f"| 500 feeds + close() | {stream:.3f} | {stream / whole:.2f} |")
    print(f"| 500 feeds alone (findings as they become certain) | {feeds:.3f} | {feeds / whole:.2f} |")
    print()


# --- the service ------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def request_bytes(port: int, path: str, body: dict[str, object]) -> bytes:
    payload = json.dumps(body, ensure_ascii=False).encode("utf-8")
    head = (f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: application/json\r\n"
            f"Content-Length: {len(payload)}\r\n\r\n").encode("ascii")
    return head + payload


async def read_response(reader: asyncio.StreamReader) -> int:
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1])
    length = next(int(line.split(":", 1)[1]) for line in lines if line.lower().startswith("content-length:"))
    await reader.readexactly(length)
    return status


async def load(port: int, request: bytes, rate: float, seconds: float) -> tuple[list[float], int, int, float]:
    """Open loop: request i is sent at start + i / rate over an idle keep-alive connection (a
    new one when none is idle). Latency is from the scheduled send time, so a server that falls
    behind shows it."""
    idle: list[tuple[asyncio.StreamReader, asyncio.StreamWriter]] = []
    latencies: list[float] = []
    errors = 0
    total = int(rate * seconds)

    async def one(scheduled: float) -> None:
        nonlocal errors
        connection = idle.pop() if idle else await asyncio.open_connection("127.0.0.1", port)
        try:
            connection[1].write(request)
            status = await asyncio.wait_for(read_response(connection[0]), timeout=10)
        except (OSError, asyncio.TimeoutError, asyncio.IncompleteReadError, ValueError):
            errors += 1
            connection[1].close()
            return
        latencies.append((time.perf_counter() - scheduled) * 1e3)
        if status != 200:
            errors += 1
        idle.append(connection)

    loop_start = time.perf_counter()
    tasks = []
    for index in range(total):
        scheduled = loop_start + index / rate
        delay = scheduled - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)
        tasks.append(asyncio.create_task(one(scheduled)))
    await asyncio.gather(*tasks)
    elapsed = time.perf_counter() - loop_start
    for _, writer in idle:
        writer.close()
    return latencies, errors, total, elapsed


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process so far (Linux /proc; 0 elsewhere)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def wait_until_up(port: int, server: subprocess.Popen[bytes], timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"the server exited with {server.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1) as probe:
                probe.sendall(f"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n".encode())
                if b"200 OK" in probe.recv(1024):
                    return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("the server did not come up")


def bench_service(rate: float, seconds: float, server_path: str | None = None) -> None:
    port = free_port()
    path = os.pathsep.join([*([server_path] if server_path else []), str(ROOT / "src")])
    env = {**os.environ, "PYTHONPATH": path}
    code = "import importlib.util as u; print(*(bool(u.find_spec(m)) for m in ('httptools', 'uvloop')))"
    probe = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=False)
    httptools, uvloop = probe.stdout.split()
    command = [sys.executable, "-m", "scriptlint", "serve", "--isolated", "--industry", "finance", "--port", str(port),
               "--no-access-log"]
    server = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_until_up(port, server)
        guard = Guard(Config(industry=("finance",)))
        history = [turn.to_dict() for turn in conversation(guard).turns]
        bodies = {
            "POST /v1/check (200-character reply)": ("/v1/check", {"text": reply_of(200)}),
            "POST /v1/conversation/check (20 turns + 200-character reply)":
                ("/v1/conversation/check", {"history": history, "reply": reply_of(200), "channel": "phone",
                                            "direction": "outbound"}),
        }
        print(f"## service: scriptlint serve on loopback, open loop at {rate:g} requests/s for {seconds:g} s each "
              f"(client and server share the machine's {os.cpu_count()} cores; uvicorn with "
              f"{'httptools' if httptools == 'True' else 'h11'}, {'uvloop' if uvloop == 'True' else 'asyncio'})")
        print("| endpoint | sent | achieved req/s | errors | p50 ms | p99 ms | max ms | server CPU ms/request |")
        print("| --- | --- | --- | --- | --- | --- | --- | --- |")
        for name, (path, body) in bodies.items():
            request = request_bytes(port, path, body)
            asyncio.run(load(port, request, rate, 1.0))  # warm-up: connections, caches
            cpu_before = cpu_seconds(server.pid)
            latencies, errors, total, elapsed = asyncio.run(load(port, request, rate, seconds))
            cpu = (cpu_seconds(server.pid) - cpu_before) / total * 1e3
            print(f"| {name} | {total} | {total / elapsed:.0f} | {errors} | {percentile(latencies, 0.5):.2f} | "
                  f"{percentile(latencies, 0.99):.2f} | {max(latencies):.2f} | {cpu:.2f} |")
        print()
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", choices=("reply", "stream", "service"))
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--calls", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--rate", type=float, default=500)
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--server-pythonpath", help="prepended to the server's PYTHONPATH (e.g. a folder holding "
                                                    "httptools and uvloop, to compare uvicorn's faster parts)")
    args = parser.parse_args()
    print(f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}, Python {sys.version.split()[0]}\n")
    if args.only in (None, "reply"):
        bench_reply(args.rounds, args.calls)
    if args.only in (None, "stream"):
        bench_stream(args.runs)
    if args.only in (None, "service"):
        bench_service(args.rate, args.seconds, args.server_pythonpath)


if __name__ == "__main__":
    main()

"""Time a call through the generated client against a bare httpx request.

Run it with the project's environment, from anywhere:

    .venv/bin/python benchmarks/calls.py             # 15 rounds, about a minute
    .venv/bin/python benchmarks/calls.py --rounds 3  # a quick look

A server on 127.0.0.1 (a subprocess, so that it does not share the
interpreter lock with the client) answers every POST with the same JSON: the
CustomerAuthTicket of benchmarks/models.py, about 28 KB. Three sides send
the same request to it, over a kept-alive connection of their own:

- bare: `httpx.Client.post(url, params=..., headers=..., json=body)` with a
  ready dict as body, then `.json()` of the answer;
- client: `impersonate_cart(client, body=..., response_fields=...)` of the
  checked-in generated package, which writes the body from its model and
  reads the answer into models;
- client, JSON only: the same call with its reader swapped for one that
  returns the decoded JSON, as bare does, to isolate what the client adds
  around the request from the cost of building models.

The same request means the same method, URL, query, Authorization and Accept
headers and JSON body bytes. The rounds alternate the sides in rotating
order; the report gives the median time per call and the ratio of each side
to bare. Nothing reaches any other host.
"""

from __future__ import annotations

import argparse
import importlib.util
import socket
import statistics
import subprocess
import sys
import threading
import time
import types
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
OURS = REPO / "generated" / "impersonatecart-client"
WORK = HERE / ".work" / "calls"
PATH = "/commerce/customer/authtickets/impersonatecart"
TOKEN = "benchmark-token"
CALLS = 200


# -- the server ----------------------------------------------------------------


def serve(payload: Path) -> None:
    """Answer every request on 127.0.0.1 with `payload`; print the port first."""
    body = payload.read_bytes()
    answer = (
        b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
        b"Content-Length: " + str(len(body)).encode() + b"\r\n\r\n" + body
    )
    listener = socket.create_server(("127.0.0.1", 0))
    print(listener.getsockname()[1], flush=True)
    while True:
        connection, _ = listener.accept()
        connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        threading.Thread(target=_answer, args=(connection, answer), daemon=True).start()


def _answer(connection: socket.socket, answer: bytes) -> None:
    """Read each request of a kept-alive connection and send `answer` to it."""
    buffer = b""
    with connection:
        while True:
            while b"\r\n\r\n" not in buffer:
                chunk = connection.recv(65536)
                if not chunk:
                    return
                buffer += chunk
            head, _, buffer = buffer.partition(b"\r\n\r\n")
            length = 0
            for line in head.split(b"\r\n")[1:]:
                name, _, value = line.partition(b":")
                if name.strip().lower() == b"content-length":
                    length = int(value)
            while len(buffer) < length:
                buffer += connection.recv(65536)
            buffer = buffer[length:]
            connection.sendall(answer)


def start_server(payload: Path) -> tuple[subprocess.Popen[str], str]:
    """Start the server in a subprocess; return it and its base URL."""
    command = [sys.executable, __file__, "--serve", str(payload)]
    server = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
    assert server.stdout is not None
    port = int(server.stdout.readline())
    return server, f"http://127.0.0.1:{port}"


# -- the sides -----------------------------------------------------------------


def build_payload() -> str:
    """Return the response of benchmarks/models.py, the same on every run."""
    spec = importlib.util.spec_from_file_location("models_bench", HERE / "models.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    text: str = module.build_payload()
    return text


def make_sides(base_url: str) -> tuple[dict[str, Callable[[], Any]], list[Any]]:
    """Return the three ways of making the call, and what to close afterwards."""
    import httpx

    sys.path.insert(0, str(OURS))
    from impersonatecart_client import Client
    from impersonatecart_client._call import operation, read_json
    from impersonatecart_client.api.storefront_auth_ticket import impersonate_cart
    from impersonatecart_client.models import CartAuthTicketRequest

    body = CartAuthTicketRequest(cart_id="cart-1", account_id=1001, user_id="user-1")
    body_json = body.to_dict()
    bare = httpx.Client()
    url = base_url + PATH
    headers = {
        "Accept": "application/json, text/json, text/plain",
        "Authorization": f"Bearer {TOKEN}",
    }
    params = {"responseFields": "all"}
    client = Client(base_url, token=TOKEN)
    json_client = Client(base_url, token=TOKEN)
    # The same operation, whose `read_json(CustomerAuthTicket.from_dict)`
    # becomes `read_json()`: it builds and sends the same call.
    build = impersonate_cart.__wrapped__
    namespace = dict(build.__globals__, read_json=lambda parse: read_json())
    json_only = operation(types.FunctionType(build.__code__, namespace))

    sides: dict[str, Callable[[], Any]] = {
        "bare": lambda: bare.post(url, params=params, headers=headers, json=body_json)
        .raise_for_status()
        .json(),
        "client": lambda: impersonate_cart(client, body=body, response_fields="all"),
        "client, JSON only": lambda: json_only(
            json_client, body=body, response_fields="all"
        ),
    }
    return sides, [bare, client, json_client]


def run_rounds(
    sides: dict[str, Callable[[], Any]], rounds: int
) -> dict[str, list[float]]:
    """Time every side per round, in rotating order; return seconds per call."""
    # All three get the same answer, as models or as JSON.
    data = sides["bare"]()
    assert sides["client, JSON only"]() == data
    assert sides["client"]().to_dict() == data
    samples: dict[str, list[float]] = {name: [] for name in sides}
    names = list(sides)
    for index in range(rounds):
        order = names[index % len(names) :] + names[: index % len(names)]
        for name in order:
            side = sides[name]
            start = time.perf_counter()
            for _ in range(CALLS):
                side()
            samples[name].append((time.perf_counter() - start) / CALLS)
    return samples


def report(samples: dict[str, list[float]], size: int) -> None:
    """Print the median per call of each side and its ratio to bare."""
    print(f"POST answered with {size / 1024:.1f} KB of JSON, {CALLS} calls a round")
    print(f"{'side':<20}{'median µs':>12}{'min µs':>10}{'÷ bare':>10}")
    bare = statistics.median(samples["bare"])
    for name, values in samples.items():
        median = statistics.median(values)
        low = min(values) * 1e6
        print(f"{name:<20}{median * 1e6:>12.1f}{low:>10.1f}{median / bare:>10.3f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--serve", type=Path, help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.serve is not None:
        serve(options.serve)
        return

    WORK.mkdir(parents=True, exist_ok=True)
    payload = WORK / "ticket.json"
    text = build_payload()
    payload.write_text(text, encoding="utf-8")
    server, base_url = start_server(payload)
    try:
        sides, to_close = make_sides(base_url)
        samples = run_rounds(sides, options.rounds)
        for client in to_close:
            client.close()
    finally:
        server.terminate()
        server.wait()
    report(samples, len(text.encode("utf-8")))


if __name__ == "__main__":
    main()

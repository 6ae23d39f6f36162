"""The bench's load generator: a small asyncio HTTP/1.1 client, run as its own process.

    python bench/load.py PORT < plan.json > results.json

The plan is a list of rounds, run one after the other; each round lets `clients`
concurrent clients send one request after another for `seconds` and reports how many
answers came back, their median and 99th-percentile latency and their statuses. A
round of kind "booking" is a guest booking with its CSRF round trip: GET the booking
form (session cookie, CSRF token, the signed moment the form was shown), then POST it;
its latency is that of the pair. Gunicorn's sync workers close every connection after
an answer, so each request opens its own (as a calendar client polling a feed does).
Standard library only, so it measures the same on any machine.
"""

from __future__ import annotations

import asyncio
import json
import re
import sys
import time
from urllib.parse import urlencode

HIDDEN = re.compile(r'<input[^>]*name="(csrf_token|started)"[^>]*value="([^"]*)"')


async def request(port: int, method: str, path: str, headers: dict[str, str],
                  body: bytes = b"") -> tuple[int, dict[str, str], bytes]:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    lines = [f"{method} {path} HTTP/1.1", f"Host: 127.0.0.1:{port}", "Connection: close"]
    lines += [f"{name}: {value}" for name, value in headers.items()]
    if body:
        lines.append(f"Content-Length: {len(body)}")
    writer.write(("\r\n".join(lines) + "\r\n\r\n").encode() + body)
    await writer.drain()
    data = await reader.read(-1)
    writer.close()
    head, _, content = data.partition(b"\r\n\r\n")
    status_line, *header_lines = head.decode("latin-1").split("\r\n")
    status = int(status_line.split()[1])
    answer: dict[str, str] = {}
    for line in header_lines:
        name, _, value = line.partition(":")
        key = name.strip().lower()
        answer[key] = f"{answer[key]}, {value.strip()}" if key in answer else value.strip()
    return status, answer, content


async def booking(port: int, path: str, serial: str) -> int:
    """GET the booking form, then POST it as a guest; the POST's status."""
    status, headers, body = await request(port, "GET", path, {})
    if status != 200:
        return status
    fields = dict(HIDDEN.findall(body.decode()))
    cookie = headers.get("set-cookie", "").split(";", 1)[0]
    form = urlencode({**fields, "name": "Gast Bench", "email": f"bench{serial}@example.nl",
                      "seats": "1", "organisation": "", "remark": "", "website": ""}).encode()
    status, _, _ = await request(port, "POST", path, {
        "Cookie": cookie, "Content-Type": "application/x-www-form-urlencoded"}, form)
    return status


async def run_round(port: int, spec: dict) -> dict:
    latencies: list[float] = []
    statuses: dict[int, int] = {}
    sizes: list[int] = []
    serial = [0]
    # Every booking a new guest: an address that booked the date already gets a 422.
    prefix = f"{time.time_ns()}"
    stop_at = time.monotonic() + spec["seconds"]

    async def client() -> None:
        while time.monotonic() < stop_at:
            began = time.perf_counter()
            if spec.get("kind") == "booking":
                serial[0] += 1
                status, size = await booking(port, spec["path"], f"{prefix}-{serial[0]}"), 0
            else:
                status, _, body = await request(port, spec.get("method", "GET"), spec["path"],
                                                spec.get("headers", {}))
                size = len(body)
            latencies.append(time.perf_counter() - began)
            statuses[status] = statuses.get(status, 0) + 1
            sizes.append(size)

    began = time.monotonic()
    await asyncio.gather(*(client() for _ in range(spec["clients"])))
    elapsed = time.monotonic() - began
    latencies.sort()
    count = len(latencies)
    return {
        "name": spec["name"],
        "count": count,
        "seconds": elapsed,
        "rps": count / elapsed if elapsed else 0.0,
        "median": latencies[count // 2] if count else 0.0,
        "p99": latencies[min(count - 1, int(count * 0.99))] if count else 0.0,
        "statuses": statuses,
        "bytes": max(sizes) if sizes else 0,
    }


async def main(port: int, plan: list[dict]) -> list[dict]:
    return [await run_round(port, spec) for spec in plan]


if __name__ == "__main__":
    results = asyncio.run(main(int(sys.argv[1]), json.load(sys.stdin)))
    json.dump(results, sys.stdout)

#!/usr/bin/env python3
"""An Atropos worker in Python, with nothing but the standard library.

It serves the task type ``word_count`` over Atropos' worker protocol (README, "Workers in other
languages"): it claims a task (a long poll), runs it while a thread keeps the attempt's lease
alive, reports progress, and completes the task with its result or fails it. Every report
carries the attempt it was given; when the API answers 409 the attempt is no longer this
worker's (its lease ran out and another worker took the task over, or the task was cancelled),
so it drops the work and claims the next task.

    ATROPOS_URL=http://127.0.0.1:8000 python3 examples/python-worker/worker.py

Settings (environment): ATROPOS_URL (default http://127.0.0.1:8000), ATROPOS_API_KEY (a key
with the ``worker`` scope, when the API has API_KEYS), WORKER_ID (default <hostname>:<pid>).
SIGTERM or Ctrl-C: stop claiming, finish the task at hand, then exit.
"""

import json
import os
import signal
import socket
import sys
import threading
import time
import urllib.error
import urllib.request
from datetime import datetime, timezone

API_URL = os.environ.get("ATROPOS_URL", "http://127.0.0.1:8000").rstrip("/")
API_KEY = os.environ.get("ATROPOS_API_KEY", "")
WORKER_ID = os.environ.get("WORKER_ID") or f"{socket.gethostname()}:{os.getpid()}"
CLAIM_WAIT_S = 20


def log(message):
    print(f"[{WORKER_ID}] {message}", flush=True)


# ---------------------------------------------------------------- the protocol


class Superseded(Exception):
    """The API answered 409: this attempt can report nothing more; drop the work."""


class PermanentError(Exception):
    """A failure that retrying cannot fix (bad input): the task fails without further attempts."""


def call(path, body, timeout=10):
    """POSTs JSON to the API; returns (status, parsed body or None). Raises Superseded on 409."""
    request = urllib.request.Request(
        API_URL + path,
        data=json.dumps(body).encode(),
        method="POST",
        headers={"Content-Type": "application/json", **({"Authorization": f"Bearer {API_KEY}"} if API_KEY else {})},
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            text = response.read()
            return response.status, json.loads(text) if text else None
    except urllib.error.HTTPError as error:
        detail = error.read().decode(errors="replace")
        message = json.loads(detail).get("message", detail) if detail.startswith("{") else detail
        if error.code == 409:
            raise Superseded(message) from None
        raise RuntimeError(f"POST {path} answered {error.code}: {message}") from None


class Attempt:
    """One claimed attempt: its reports, and a thread that heartbeats until it ends."""

    def __init__(self, claim):
        self.task_id = claim["task_id"]
        self.number = claim["attempt"]
        self.parameters = claim["parameters"]
        self.lost = threading.Event()  # set once the API refused a report (409)
        self._done = threading.Event()
        self._lease_s = seconds_until(claim["lease_expires_at"])
        self._beats = threading.Thread(target=self._heartbeat, daemon=True)
        self._beats.start()

    def _report(self, action, body):
        return call(f"/worker/tasks/{self.task_id}/{action}", {"attempt": self.number, **body})

    def _heartbeat(self):
        # A third of the lease between beats leaves room for two to be lost.
        while not self._done.wait(max(0.2, self._lease_s / 3)):
            try:
                _, lease = self._report("heartbeat", {})
                self._lease_s = seconds_until(lease["lease_expires_at"])
            except Superseded as refusal:
                log(f"task {self.task_id}: attempt {self.number} superseded (409): {refusal}")
                self.lost.set()
                return
            except Exception as error:  # the API restarting, a network blip: try again next beat
                log(f"task {self.task_id}: heartbeat failed ({error}); retrying")

    def progress(self, percent, message):
        """Reports progress; raises Superseded when the attempt is no longer this worker's."""
        if self.lost.is_set():
            raise Superseded("the lease was lost")
        self._report("progress", {"progress": percent, "message": message})

    def complete(self, result):
        return self._report("complete", {"result": result})[1]

    def fail(self, error, retryable):
        return self._report("fail", {"error": error, "retryable": retryable})[1]

    def end(self):
        self._done.set()
        self._beats.join()


def seconds_until(iso_time):
    return (datetime.fromisoformat(iso_time.replace("Z", "+00:00")) - datetime.now(timezone.utc)).total_seconds()


# ---------------------------------------------------------------- the task types this worker serves


def word_count(parameters, attempt):
    """Counts the lines, words and characters of `text`, in ten steps spread over `pause_s` seconds."""
    text = parameters["text"]
    if not text.strip():
        raise PermanentError("text holds no words")
    lines = text.splitlines() or [text]
    steps = 10
    counts = {"lines": len(lines), "words": 0, "characters": len(text)}
    longest = ""
    for step in range(steps):
        for line in lines[step * len(lines) // steps : (step + 1) * len(lines) // steps]:
            words = line.split()
            counts["words"] += len(words)
            longest = max([longest, *words], key=len)
        time.sleep(parameters.get("pause_s", 0) / steps)
        attempt.progress((step + 1) * 100 // steps, f"Counted {counts['words']} words so far")
    return {**counts, "longest_word": longest}


HANDLERS = {"word_count": word_count}


# ---------------------------------------------------------------- the loop


def run(claim):
    attempt = Attempt(claim)
    log(f"task {attempt.task_id}: attempt {attempt.number} of {claim['task_type']}")
    try:
        result = HANDLERS[claim["task_type"]](attempt.parameters, attempt)
        outcome = attempt.complete(result)
        log(f"task {attempt.task_id}: {outcome['status']}")
    except Superseded as refusal:
        log(f"task {attempt.task_id}: attempt {attempt.number} dropped, the API refused it (409): {refusal}")
    except Exception as error:
        try:
            outcome = attempt.fail(f"{type(error).__name__}: {error}", retryable=not isinstance(error, PermanentError))
            log(f"task {attempt.task_id}: failed ({error}); the task is {outcome['status']}")
        except Superseded as refusal:
            log(f"task {attempt.task_id}: failure not recorded, the API refused it (409): {refusal}")
    finally:
        attempt.end()


def main():
    stopping = threading.Event()
    busy = threading.Event()

    def stop(signum, _frame):
        stopping.set()
        log(f"signal {signum}: stopping after the task at hand")
        if not busy.is_set():
            raise SystemExit(0)  # idle in a long poll: nothing to finish

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    log(f"serving {', '.join(HANDLERS)} from {API_URL}")
    while not stopping.is_set():
        try:
            status, claim = call(
                "/worker/claims",
                {"worker_id": WORKER_ID, "types": list(HANDLERS), "wait_s": CLAIM_WAIT_S},
                timeout=CLAIM_WAIT_S + 10,
            )
        except Exception as error:  # the API unreachable or restarting: wait a little, claim again
            log(f"claim failed ({error}); retrying in 2 s")
            time.sleep(2)
            continue
        if status == 204:
            continue
        busy.set()
        try:
            run(claim)
        finally:
            busy.clear()
    log("stopped")


if __name__ == "__main__":
    sys.exit(main())

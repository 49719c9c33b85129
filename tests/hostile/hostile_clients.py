#!/usr/bin/env python3
"""Hostile clients against a real `bufferlab server`, on loopback only.

Each case starts its own server process, does what a hostile or broken client would, then checks
that a normal client is still served within a second, and at the end (SIGTERM, --json) that the
server ended within a second and its counts add up. Prints what it measured; exits 1 if any case
failed.

    python3 tests/hostile/hostile_clients.py [--sanitized] build/dev/app/bufferlab [case ...]

--sanitized: the binary runs under AddressSanitizer, whose allocator decides the resident memory;
the memory figures are printed but not checked.
"""
import json
import os
import re
import select
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time

HOST = "127.0.0.1"
TIMEOUT = 10.0  # every blocking call waits at most this long
SERVED_WITHIN = 1.0  # a normal client must be served within this, whatever else goes on
CHECK_MEMORY = True


class Failure(Exception):
    pass


def check(condition, message):
    if not condition:
        raise Failure(message)


class Server:
    """`bufferlab server --port 0 --quiet --json` as a child process."""

    def __init__(self, binary, *arguments):
        self.process = subprocess.Popen(
            [binary, "server", "--port", "0", "--quiet", "--json", *arguments],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        line = self._read_stderr_line()
        match = re.search(rb"listening on \S+ port (\d+)", line)
        check(match is not None, f"the server did not start: {line!r}")
        self.port = int(match.group(1))
        self.stderr_rest = b""

    def _read_stderr_line(self):
        result = []

        def reader():
            result.append(self.process.stderr.readline())

        thread = threading.Thread(target=reader, daemon=True)
        thread.start()
        thread.join(TIMEOUT)
        return result[0] if result else b""

    def rss_kib(self):
        with open(f"/proc/{self.process.pid}/status") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
        return -1

    def stop(self, sig=signal.SIGTERM):
        """Signals the server; returns (seconds to exit, exit code, final JSON, stderr)."""
        started = time.monotonic()
        self.process.send_signal(sig)
        try:
            out, err = self.process.communicate(timeout=TIMEOUT)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.communicate()
            raise Failure(f"the server ignored signal {sig} for {TIMEOUT} s")
        elapsed = time.monotonic() - started
        lines = out.decode().strip().splitlines()
        stats = json.loads(lines[-1]) if lines else {}
        return elapsed, self.process.returncode, stats, err.decode()

    def kill(self):
        if self.process.poll() is None:
            self.process.kill()
            self.process.communicate()


def connect(port, timeout=TIMEOUT, receive_buffer=None):
    """A connection to the server; receive_buffer shrinks the kernel's buffer for it (set before
    connecting, so the window is small from the start): a client that never reads then stops the
    server's writes after a few KB instead of megabytes."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    if receive_buffer:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, receive_buffer)
    sock.settimeout(timeout)
    sock.connect((HOST, port))
    return sock


class Lines:
    """Reads '\\n'-terminated lines from a socket, with a timeout."""

    def __init__(self, sock):
        self.sock = sock
        self.buffer = b""

    def line(self):
        while b"\n" not in self.buffer:
            chunk = self.sock.recv(65536)
            if not chunk:
                raise Failure("the server closed the connection")
            self.buffer += chunk
        line, _, self.buffer = self.buffer.partition(b"\n")
        return json.loads(line)

    def request(self, obj):
        self.sock.sendall(json.dumps(obj).encode() + b"\n")
        return self.line()


def normal_client_served(port):
    """A producer puts one item and a consumer takes and acknowledges it; returns the seconds
    that took. Fails if it took more than SERVED_WITHIN."""
    started = time.monotonic()
    with connect(port, SERVED_WITHIN * 2) as p, connect(port, SERVED_WITHIN * 2) as c:
        producer, consumer = Lines(p), Lines(c)
        check(producer.request({"op": "hello", "role": "producer", "id": "normal"})["ok"], "hello refused")
        check(producer.request({"op": "put", "item": "normal item"})["ok"], "put refused")
        check(consumer.request({"op": "hello", "role": "consumer", "id": "normal"})["ok"], "hello refused")
        taken = consumer.request({"op": "take", "timeout_ms": 2000})
        check(taken["ok"], f"take failed: {taken}")
        check(consumer.request({"op": "ack", "tag": taken["tag"]})["ok"], "ack refused")
    elapsed = time.monotonic() - started
    check(elapsed < SERVED_WITHIN, f"a normal client took {elapsed:.3f} s to be served")
    return elapsed


def counts_add_up(stats):
    check(stats.get("lost") == 0, f"lost is {stats.get('lost')}")
    total = stats["accepted"] + stats.get("restored", 0)
    accounted = stats["acked"] + stats["legacy_taken"] + stats["size"] + stats["unacked"]
    check(total == accounted, f"accepted {total} != acked + taken + in buffer + unacked {accounted}")


def send_without_reading(sock, data, limit_s=2.0):
    """Sends as much as the server takes within limit_s; returns how much went out."""
    sock.setblocking(False)
    sent = 0
    deadline = time.monotonic() + limit_s
    view = memoryview(data)
    while sent < len(data) and time.monotonic() < deadline:
        try:
            sent += sock.send(view[sent:sent + 65536])
        except BlockingIOError:
            time.sleep(0.01)
        except OSError:
            break
    sock.settimeout(TIMEOUT)
    return sent


def send_ignoring_errors(sock, data):
    """Sends from another thread; the server may close before all of it went out."""
    try:
        sock.sendall(data)
    except OSError:
        pass


# ---------------------------------------------------------------------------------------- cases

def case_long_line_then_close(binary):
    """hello, 200 KB without a newline, then close: the server once spun for ever on this."""
    server = Server(binary)
    try:
        for _ in range(5):
            with connect(server.port) as s:
                s.sendall(b'{"op":"hello","role":"producer","id":"X"}\n')
                Lines(s).line()
                send_without_reading(s, b"a" * 200_000, 1.0)
        normal_client_served(server.port)
        elapsed, code, stats, _ = server.stop()
        check(elapsed < 1.0, f"SIGTERM took {elapsed:.2f} s")
        counts_add_up(stats)
        return f"served after 5 hostile closes; SIGTERM ended it in {elapsed * 1000:.0f} ms"
    finally:
        server.kill()


def case_long_lines_get_the_error(binary):
    server = Server(binary)
    try:
        cases = {
            "1 MB item after hello": (b'{"op":"hello","role":"producer","id":"X"}\n',
                                      b'{"op":"put","item":"' + b"x" * 1_000_000),
            "200 KB before hello": (b"", b"b" * 200_000),
            "original format, 300 KB": (b"", b'{"type": "producer", "id": "1", "item": "' + b"y" * 300_000),
        }
        for name, (before, line) in cases.items():
            with connect(server.port) as s:
                lines = Lines(s)
                if before:
                    s.sendall(before)
                    lines.line()
                sender = threading.Thread(target=send_ignoring_errors, args=(s, line), daemon=True)
                sender.start()
                reply = lines.line()
                check(reply.get("error") == "message longer than 65536 bytes; closing the connection",
                      f"{name}: {reply}")
                sender.join(TIMEOUT)
        normal_client_served(server.port)
        _, _, stats, _ = server.stop()
        counts_add_up(stats)
        return f"{len(cases)} kinds of long line: error and close each time"
    finally:
        server.kill()


def case_pipelined_requests(binary):
    server = Server(binary)
    try:
        with connect(server.port) as s:
            count = 12_000
            payload = b'{"op":"status"}\n' * count
            sender = threading.Thread(target=lambda: s.sendall(payload), daemon=True)
            sender.start()
            lines = Lines(s)
            for i in range(count):
                check(lines.line().get("op") == "status", f"reply {i} is not a status reply")
            sender.join(TIMEOUT)
        with connect(server.port) as s:
            lines = Lines(s)
            lines.request({"op": "hello", "role": "consumer", "id": "order"})
            s.sendall(b"".join(b'{"op":"ack","tag":%d}\n' % i for i in range(count)))
            for i in range(count):
                check(lines.line()["error"].startswith(f"unknown tag {i}:"), f"reply {i} out of order")
        normal_client_served(server.port)
        _, _, stats, _ = server.stop()
        counts_add_up(stats)
        return f"{count} pipelined status lines ({len(payload)} bytes) and {count} acks answered in order"
    finally:
        server.kill()


def case_client_that_never_reads(binary):
    server = Server(binary, "--write-timeout", "2")
    try:
        normal_client_served(server.port)
        before = server.rss_kib()
        started = time.monotonic()
        floods = []
        sent = 0
        for _ in range(10):
            s = connect(server.port, receive_buffer=4096)
            sent += send_without_reading(s, b'{"op":"status"}\n' * (40_000_000 // 16 // 10), 1.0)
            floods.append(s)
        after = server.rss_kib()
        served = normal_client_served(server.port)
        check(not CHECK_MEMORY or after - before < 16 * 1024,
              f"resident memory grew from {before} KiB to {after} KiB")
        # Past the write timeout they are closed: with their requests unread on the server's side,
        # the close is a reset, which shows here without reading a byte.
        poller = select.poll()
        for s in floods:
            poller.register(s, select.POLLHUP | select.POLLERR)
        hung_up = set()
        deadline = time.monotonic() + 3 * TIMEOUT
        while len(hung_up) < len(floods) and time.monotonic() < deadline:
            for fd, _ in poller.poll(100):
                hung_up.add(fd)
        closed_after = time.monotonic() - started
        elapsed, code, stats, _ = server.stop()
        counts_add_up(stats)
        for s in floods:
            s.close()
        check(len(hung_up) == len(floods), f"only {len(hung_up)} of {len(floods)} non-readers were closed")
        check(stats.get("closed_not_reading") == len(floods), f"closed_not_reading {stats.get('closed_not_reading')}")
        return (f"10 clients sent {sent / 1e6:.1f} MB without reading: server {before} KiB -> {after} KiB; "
                f"a normal client served in {served * 1000:.0f} ms; all closed {closed_after:.1f} s after the "
                f"first byte (write timeout 2 s)")
    finally:
        server.kill()


def case_burst_of_connections(binary):
    server = Server(binary)
    try:
        count = 1000
        started = time.monotonic()
        socks = [connect(server.port) for _ in range(count)]
        connected = time.monotonic() - started
        for s in socks:
            s.sendall(b'{"op":"status"}\n')
        for s in socks:
            check(Lines(s).line()["ok"], "status refused")
        everyone = time.monotonic() - started
        rss = server.rss_kib()
        normal_client_served(server.port)
        for s in socks:
            s.close()
        _, _, stats, _ = server.stop()
        counts_add_up(stats)
        return (f"{count} back-to-back connects in {connected:.2f} s, all served in {everyone:.2f} s; "
                f"server {rss} KiB with them open")
    finally:
        server.kill()


def case_idle_connections(binary):
    server = Server(binary)
    try:
        normal_client_served(server.port)
        before = server.rss_kib()
        socks = [connect(server.port) for _ in range(1000)]
        for s in socks:
            s.sendall(b'{"op":"hello","role":"consumer","id":"idle"}\n')
        for s in socks:
            Lines(s).line()
        after = server.rss_kib()
        served = normal_client_served(server.port)
        for s in socks:
            s.close()
        _, _, stats, _ = server.stop()
        counts_add_up(stats)
        return (f"1000 idle connections: {before} KiB -> {after} KiB ({(after - before) / 1000:.1f} KiB each); "
                f"normal client served in {served * 1000:.0f} ms")
    finally:
        server.kill()


def case_slowloris_and_silence(binary):
    server = Server(binary, "--hello-timeout", "1")
    try:
        slow = connect(server.port)
        silent = connect(server.port)
        started = time.monotonic()
        for byte in b'{"op":"hel':
            slow.send(bytes([byte]))
            time.sleep(0.05)
        normal_client_served(server.port)
        for s in (slow, silent):
            s.settimeout(TIMEOUT)
            check(s.recv(100) == b"", "a silent connection was not closed")
        closed_after = time.monotonic() - started
        _, _, stats, _ = server.stop()
        counts_add_up(stats)
        return f"slow and silent connections closed after {closed_after:.1f} s (hello timeout 1 s)"
    finally:
        server.kill()


def case_bad_input(binary):
    server = Server(binary)
    try:
        with connect(server.port) as s:
            lines = Lines(s)
            bad = [
                b"\xff\xfe\xfd\n",  # not UTF-8
                b"[" * 60_000 + b"\n",  # deep nesting
                b'{"op":"put","item":' + b"[" * 30_000 + b"]" * 30_000 + b"}\n",
                b'{"op":"ack","tag":1}\n',  # before hello
                b'{"op":"hello","role":"producer","id":"' + b"i" * 100 + b'"}\n',  # id too long
                b'{"op":"hello","role":"producer","id":"P"}\n',
                b'{"op":"take"}\n',  # a producer cannot take
                b'{"op":"ack","tag":-5}\n',
                b'{"op":"hello","role":"producer","id":"P"}\n',  # twice
            ]
            for line in bad:
                s.sendall(line)
                reply = lines.line()
                if line.startswith(b'{"op":"hello","role":"producer","id":"P"}') and reply.get("ok"):
                    continue
                check(reply.get("ok") is False and reply.get("error"), f"{line[:40]!r} -> {reply}")
        normal_client_served(server.port)
        _, _, stats, _ = server.stop()
        counts_add_up(stats)
        return f"{len(bad)} bad requests each got an error; the connection stayed usable"
    finally:
        server.kill()


def case_consumer_killed_holding_items(binary):
    server = Server(binary, "--capacity", "20")
    try:
        with connect(server.port) as p:
            producer = Lines(p)
            producer.request({"op": "hello", "role": "producer", "id": "P"})
            for i in range(10):
                producer.request({"op": "put", "item": f"item {i}"})
        c = connect(server.port)
        consumer = Lines(c)
        consumer.request({"op": "hello", "role": "consumer", "id": "doomed"})
        for _ in range(10):
            check(consumer.request({"op": "take"})["ok"], "take refused")
        c.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")
        c.close()  # a reset, as a killed process's would be
        with connect(server.port) as c2:
            other = Lines(c2)
            other.request({"op": "hello", "role": "consumer", "id": "heir"})
            got = [other.request({"op": "take", "timeout_ms": 2000}) for _ in range(10)]
            check([g.get("item") for g in got] == [f"item {i}" for i in range(10)], f"got {got}")
            for g in got:
                other.request({"op": "ack", "tag": g["tag"]})
        normal_client_served(server.port)
        _, code, stats, _ = server.stop()
        counts_add_up(stats)
        check(stats["redelivered"] == 10, f"redelivered {stats['redelivered']}")
        return "10 items held by a killed consumer came back in order and were delivered again"
    finally:
        server.kill()


def case_original_consumer_closes_unread(binary):
    server = Server(binary)
    try:
        with connect(server.port) as p:
            Lines(p).request({"op": "hello", "role": "producer", "id": "P"})
            for i in range(2):
                Lines(p).request({"op": "put", "item": f"item {i}"})
        # One closes before its reply arrives; one closes with the reply unread.
        s = connect(server.port)
        s.sendall(b'{"type": "consumer", "id": "1"}')
        s.close()
        s = connect(server.port)
        s.sendall(b'{"type": "consumer", "id": "2"}')
        s.recv(1, socket.MSG_PEEK)
        s.close()
        deadline = time.monotonic() + TIMEOUT
        while time.monotonic() < deadline:
            with connect(server.port) as probe:
                if Lines(probe).request({"op": "status"})["size"] == 2:
                    break
        normal_client_served(server.port)
        elapsed, code, stats, err = server.stop()
        check(stats["undelivered_replies"] == 2, f"undelivered_replies {stats['undelivered_replies']}")
        check(stats["dropped_at_shutdown"] == 2 and code == 4, f"dropped {stats['dropped_at_shutdown']}, exit {code}")
        check("2 item(s) were still in the buffer at shutdown" in err, err)
        counts_add_up(stats)
        return "2 original-format replies closed unread: both items back in the buffer, counted; exit 4 for them"
    finally:
        server.kill()


def case_restart_with_state_loses_nothing(binary):
    with tempfile.TemporaryDirectory() as directory:
        path = os.path.join(directory, "buffer.state")
        server = Server(binary, "--state", path)
        try:
            with connect(server.port) as p:
                producer = Lines(p)
                producer.request({"op": "hello", "role": "producer", "id": "P"})
                for i in range(5):
                    producer.request({"op": "put", "item": {"n": i}})
            _, code, stats, _ = server.stop()
            check(code == 0 and stats["saved_at_shutdown"] == 5, f"exit {code}, {stats}")
        finally:
            server.kill()
        server = Server(binary, "--state", path)
        try:
            with connect(server.port) as c:
                consumer = Lines(c)
                consumer.request({"op": "hello", "role": "consumer", "id": "C"})
                items = []
                for _ in range(5):
                    taken = consumer.request({"op": "take", "timeout_ms": 2000})
                    items.append(taken["item"])
                    consumer.request({"op": "ack", "tag": taken["tag"]})
            check(items == [{"n": i} for i in range(5)], f"got {items}")
            _, code, stats, _ = server.stop()
            check(code == 0 and stats["restored"] == 5, f"exit {code}, {stats}")
            counts_add_up(stats)
        finally:
            server.kill()
    return "5 items survived a restart through --state, in order"


def case_goodbye(binary):
    server = Server(binary)
    try:
        s = connect(server.port)
        lines = Lines(s)
        lines.request({"op": "hello", "role": "consumer", "id": "waiting"})
        s.sendall(b'{"op":"take"}\n')
        time.sleep(0)  # the take is held; the status below proves it arrived
        with connect(server.port) as probe:
            deadline = time.monotonic() + TIMEOUT
            while Lines(probe).request({"op": "status"})["waiting_consumers"] != 1:
                check(time.monotonic() < deadline, "the take was never held")
        elapsed, _, stats, _ = server.stop()
        reply = lines.line()
        check(reply == {"ok": False, "op": "take", "error": "server shutting down"}, f"got {reply}")
        s.close()
        counts_add_up(stats)
        return f"a waiting consumer heard \"server shutting down\"; SIGTERM took {elapsed * 1000:.0f} ms"
    finally:
        server.kill()


CASES = [
    case_long_line_then_close,
    case_long_lines_get_the_error,
    case_pipelined_requests,
    case_client_that_never_reads,
    case_burst_of_connections,
    case_idle_connections,
    case_slowloris_and_silence,
    case_bad_input,
    case_consumer_killed_holding_items,
    case_original_consumer_closes_unread,
    case_restart_with_state_loses_nothing,
    case_goodbye,
]


def main():
    global CHECK_MEMORY, SERVED_WITHIN
    arguments = sys.argv[1:]
    if arguments and arguments[0] == "--sanitized":
        CHECK_MEMORY = False
        SERVED_WITHIN = 3.0  # everything runs several times slower under the sanitizers
        arguments = arguments[1:]
    if not arguments:
        print(__doc__)
        return 2
    binary = arguments[0]
    wanted = set(arguments[1:])
    failed = 0
    for case in CASES:
        name = case.__name__[len("case_"):]
        if wanted and name not in wanted:
            continue
        started = time.monotonic()
        try:
            result = case(binary)
            print(f"ok    {name} ({time.monotonic() - started:.1f} s): {result}", flush=True)
        except (Failure, OSError, ValueError, KeyError) as error:
            failed += 1
            if os.environ.get("HOSTILE_TRACEBACK"):
                import traceback
                traceback.print_exc()
            print(f"FAIL  {name} ({time.monotonic() - started:.1f} s): {type(error).__name__}: {error}", flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

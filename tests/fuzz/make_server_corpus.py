#!/usr/bin/env python3
"""Writes the seed inputs of fuzz_server (one file per scenario) into server-corpus/.

Each seed is a program in fuzz_server's input format: a command byte (client in the high nibble,
command in the low one) and its arguments. Run it again after changing the format."""
import os
import struct

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "server-corpus")


def write(client, data):
    return bytes([client << 4 | 0]) + struct.pack("<H", len(data)) + data


def cmd(client, command, *args):
    return bytes([client << 4 | command, *args])


HELLO_P = b'{"op":"hello","role":"producer","id":"P1"}\n'
HELLO_C = b'{"op":"hello","role":"consumer","id":"C1"}\n'

SEEDS = {
    "native-put-take-ack": write(0, HELLO_P) + write(1, HELLO_C) + write(0, b'{"op":"put","item":"a"}\n')
    + write(1, b'{"op":"take"}\n') + cmd(1, 12) + write(1, b'{"op":"ack","tag":1}\n') + cmd(1, 12),
    "held-take-then-close": write(1, HELLO_C) + write(1, b'{"op":"take"}\n') + cmd(1, 11)
    + write(0, HELLO_P) + write(0, b'{"op":"put","item":1}\n'),
    "unacked-then-reset": write(0, HELLO_P) + write(0, b'{"op":"put","item":[1,2]}\n') + write(1, HELLO_C)
    + write(1, b'{"op":"take"}\n') + cmd(1, 10) + write(2, HELLO_C) + write(2, b'{"op":"take"}\n') + cmd(2, 12),
    "legacy-producer-consumer": write(0, b'{"type": "producer", "id": "1", "item": "P1-Item-1"}') + cmd(0, 12)
    + write(1, b'{"type": "consumer", "id": "1"}') + cmd(1, 12) + cmd(1, 11),
    "legacy-consumer-closes-unread": write(0, b'{"type": "producer", "id": "1", "item": 5.0}')
    + write(1, b'{"type": "consumer", "id": "1"}') + cmd(1, 11) + cmd(2, 14)
    + write(2, b'{"type": "consumer", "id": "2"}') + cmd(2, 12),
    "long-line-then-close": write(0, HELLO_P) + write(0, b"a" * 1000) + cmd(0, 8, 200) + cmd(0, 11)
    + write(1, b'{"op":"status"}\n') + cmd(1, 12),
    "long-legacy-object": write(0, b'{"type": "producer", "id": "1", "item": "' + b"x" * 1000) + cmd(0, 8, 140),
    "pipelined-status": cmd(0, 13) + write(0, b'{"op":"status"}\n' * 4000) + cmd(0, 8, 250) + cmd(0, 12),
    "half-close-with-requests": write(0, HELLO_C) + write(0, b'{"op":"ack","tag":1}\n' * 50) + cmd(0, 9)
    + cmd(0, 12),
    "capacity-and-over-capacity": cmd(0, 15, 1) + write(0, HELLO_P) + write(1, HELLO_C)
    + write(0, b'{"op":"put","item":1}\n') + write(1, b'{"op":"take"}\n') + write(0, b'{"op":"put","item":2}\n')
    + cmd(1, 10) + cmd(0, 12),
    "garbage": write(0, bytes(range(256)) * 4) + write(1, b"\xff\xfe{\n\n{}}\r\n") + cmd(1, 12),
}

os.makedirs(OUT, exist_ok=True)
for name, data in SEEDS.items():
    with open(os.path.join(OUT, name), "wb") as f:
        f.write(data)

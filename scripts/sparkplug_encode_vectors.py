#!/usr/bin/env python3
"""Writes tests/vectors/sparkplug_encode_vectors.json: what the console must send when the user
writes JSON for a Sparkplug B NDATA, DDATA or NCMD (src/model/codec/sparkplug/encode.rs).

A session in order. "arrive" steps are births (and an echo of a sent message) that the
console receives; "encode" steps give the topic, the JSON the user typed and the clock, and
the payload the console must send, built here with Google's protobuf runtime from Eclipse
Tahu's schema (tests/vectors/sparkplug_b.proto), not by the Rust code: metrics by the birth's
alias (by name when the birth gave none), no datatype (the birth has it), signed integers as
Tahu's Python client writes them (value + 2**bits when negative), arrays packed as Sparkplug
3.0 says, and the seq after the node's last message, counting sent messages not yet back.
The metrics come in name order (the JSON reader keeps object keys sorted). "refuse" steps give
JSON the console must not send, and why.

    python3 scripts/sparkplug_encode_vectors.py   # installs protobuf and grpcio-tools if missing
"""

import json
import struct
from importlib.metadata import version

from tahu_schema import ROOT, load_schema, metric, tahu_signed

OUT = ROOT / "tests" / "vectors" / "sparkplug_encode_vectors.json"
pb = load_schema()
Payload = pb.Payload
G = "spBv1.0/Plant"
steps = []


def arrive(topic, p):
    steps.append({"arrive": topic, "hex": p.SerializeToString().hex()})


def encode(topic, typed, now, p):
    data = p.SerializeToString()
    assert Payload.FromString(data) == p
    steps.append({"encode": topic, "json": typed, "now": now, "hex": data.hex()})


def refuse(topic, typed, why):
    steps.append({"refuse": topic, "json": typed, "now": 0, "error": why})


# The node's birth: aliases for most metrics, none for the rebirth command.
p = Payload(timestamp=1_700_000_000_000, seq=0)
metric(p.metrics.add(), "bdSeq", 0, "UInt64", long_value=1)
metric(p.metrics.add(), "Temp", 1, "Int32", int_value=20)
metric(p.metrics.add(), "Count", 2, "UInt64", long_value=0)
metric(p.metrics.add(), "Ratio", 3, "Float", float_value=0.5)
metric(p.metrics.add(), "Big", 4, "Double", double_value=1.0)
metric(p.metrics.add(), "On", 5, "Boolean", boolean_value=False)
metric(p.metrics.add(), "Name", 6, "String", string_value="")
metric(p.metrics.add(), "When", 7, "DateTime", long_value=0)
metric(p.metrics.add(), "Blob", 8, "Bytes", bytes_value=b"")
metric(p.metrics.add(), "Small", 9, "Int8", int_value=0)
metric(p.metrics.add(), "Pairs", 10, "Int16Array", bytes_value=b"")
metric(p.metrics.add(), "Flags", 11, "BooleanArray", bytes_value=struct.pack("<I", 0))
metric(p.metrics.add(), "Labels", 12, "StringArray", bytes_value=b"")
metric(p.metrics.add(), "Level", 13, "Int64", long_value=0)
metric(p.metrics.add(), "Volts", 14, "FloatArray", bytes_value=b"")
table = p.metrics.add()
metric(table, "Table", 15, "DataSet")
table.dataset_value.num_of_columns = 0
metric(p.metrics.add(), "Node Control/Rebirth", None, "Boolean", boolean_value=False)
arrive(f"{G}/NBIRTH/Edge1", p)

# A device's birth (seq 1): one metric by alias, one by name only.
p = Payload(timestamp=1_700_000_000_500, seq=1)
metric(p.metrics.add(), "Speed", 100, "Int16", int_value=0)
metric(p.metrics.add(), "Mode", None, "String", string_value="auto")
arrive(f"{G}/DBIRTH/Edge1/Pump", p)

# 1. Every writable kind of value, flat form; seq 2 follows the births.
typed = {
    "Temp": -7,
    "Count": "18446744073709551615",
    "Ratio": 0.1,
    "Big": 1e300,
    "On": True,
    "Name": "pump \u00e9",
    "When": 1_700_000_000_123,
    "Blob": "h'00ff'",
    "Small": -128,
    "Pairs": [-1, 2],
    "Flags": [True, False, True],
    "Labels": ["a", "bc"],
    "Level": -2,
    "Volts": [1.5, "NaN"],
    "Node Control/Rebirth": None,
}
now = 1_700_000_100_000
p = Payload(timestamp=now, seq=2)
values = {
    "Big": dict(alias=4, double_value=1e300),
    "Blob": dict(alias=8, bytes_value=b"\x00\xff"),
    "Count": dict(alias=2, long_value=2**64 - 1),
    "Flags": dict(alias=11, bytes_value=struct.pack("<I", 3) + b"\xa0"),
    "Labels": dict(alias=12, bytes_value=b"a\0bc\0"),
    "Level": dict(alias=13, long_value=tahu_signed(-2, 64)),
    "Name": dict(alias=6, string_value="pump \u00e9"),
    "Node Control/Rebirth": dict(name="Node Control/Rebirth", is_null=True),
    "On": dict(alias=5, boolean_value=True),
    "Pairs": dict(alias=10, bytes_value=struct.pack("<hh", -1, 2)),
    "Ratio": dict(alias=3, float_value=0.1),
    "Small": dict(alias=9, int_value=tahu_signed(-128, 8)),
    "Temp": dict(alias=1, int_value=tahu_signed(-7, 32)),
    "Volts": dict(alias=14, bytes_value=struct.pack("<ff", 1.5, float("nan"))),
    "When": dict(alias=7, long_value=1_700_000_000_123),
}
for key in sorted(typed):
    metric(p.metrics.add(), **values[key])
encode(f"{G}/NDATA/Edge1", json.dumps(typed, ensure_ascii=False), now, p)
first = p

# 2. Sent again before the first came back: seq 3.
p = Payload(timestamp=now + 1, seq=3)
metric(p.metrics.add(), alias=1, int_value=21)
encode(f"{G}/NDATA/Edge1", '{"Temp": 21}', now + 1, p)

# The first comes back (seq 2), then the second (seq 3): the next is 4.
arrive(f"{G}/NDATA/Edge1", first)
arrive(f"{G}/NDATA/Edge1", p)

# 3. The device: Speed by alias (Int16), Mode by name; seq 4.
p = Payload(timestamp=now + 2, seq=4)
metric(p.metrics.add(), name="Mode", string_value="manual")
metric(p.metrics.add(), alias=100, int_value=tahu_signed(-300, 16))
encode(f"{G}/DDATA/Edge1/Pump", '{"Speed": -300, "Mode": "manual"}', now + 2, p)

# 4. A command: no seq.
p = Payload(timestamp=now + 3)
metric(p.metrics.add(), name="Node Control/Rebirth", boolean_value=True)
encode(f"{G}/NCMD/Edge1", '{"Node Control/Rebirth": true}', now + 3, p)

# 5. The decoder's form, edited: its timestamp and seq win; "alias 1" names the alias.
p = Payload(timestamp=5, seq=9, uuid="u-1")
metric(p.metrics.add(), alias=1, int_value=3)
encode(f"{G}/NDATA/Edge1",
       '{"timestamp": 5, "seq": 9, "uuid": "u-1", "metrics": {"alias 1": 3}}', now + 4, p)

# 6. What must not be sent.
refuse(f"{G}/NDATA/Edge1", '{"Tmp": 1}', "UnknownMetric Tmp")
refuse(f"{G}/NDATA/Edge1", '{"Small": 128}', "Value Small Int8 - Integer -128 127")
refuse(f"{G}/NDATA/Edge1", '{"Flags": [true, 1]}', "Value Flags BooleanArray 1 Boolean")
refuse(f"{G}/NDATA/Edge1", '{"Table": {}}', "Value Table DataSet - Unwritable")
refuse(f"{G}/NDATA/Edge1", '{"Temp": "warm"}', "Value Temp Int32 - Integer -2147483648 2147483647")
refuse(f"{G}/NDATA/Edge1", '{"metrics": {"Temp": 1}, "qos": 1}', "UnknownKey qos")
refuse(f"{G}/NDATA/Edge1", '{"metrics": {"Temp": 1}, "seq": 256}', "BadHeader seq")
refuse(f"{G}/NDATA/Edge1", "[1]", "NotObject")
refuse(f"{G}/NDATA/Edge1", "{}", "NoMetrics")
refuse(f"{G}/NDATA/Edge1", '{"Temp": }', "NotJson 1 10")
refuse(f"{G}/NBIRTH/Edge1", '{"Temp": 1}', "NotData NBIRTH")
refuse("spBv1.0/STATE/scada", '{"online": true}', "NotData STATE")
refuse("plant/NDATA/Edge1", '{"Temp": 1}', "Topic")
refuse(f"{G}/DDATA/Edge1/Valve", '{"Open": true}', "NoBirth Plant Edge1 Valve")
refuse(f"{G}/NDATA/Edge9", '{"Temp": 1}', "NoBirth Plant Edge9 -")

# The end-to-end test (tests/e2e_codecs.rs) publishes the first two messages of
# sparkplug_vectors.json (an NBIRTH with seq 0, an NDATA with seq 1), then sends this JSON from
# the composer: the console must send these bytes (seq 2, the given timestamp).
p = Payload(timestamp=1_700_000_002_000, seq=2)
metric(p.metrics.add(), alias=3, float_value=0.25)
metric(p.metrics.add(), alias=1, int_value=30)
e2e = {
    "topic": f"{G}/NDATA/Edge1",
    "json": '{"timestamp": 1700000002000, "metrics": {"Temp": 30, "Ratio": 0.25}}',
    "hex": p.SerializeToString().hex(),
}

document = {
    "generator": "scripts/sparkplug_encode_vectors.py",
    "protobuf": version("protobuf"),
    "grpcio-tools": version("grpcio-tools"),
    "steps": steps,
    "e2e": e2e,
}
OUT.write_text(json.dumps(document, indent=1, ensure_ascii=True) + "\n")
print(f"{len(steps)} steps -> {OUT.relative_to(ROOT)}")

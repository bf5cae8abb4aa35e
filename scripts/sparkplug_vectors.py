#!/usr/bin/env python3
"""Writes tests/vectors/sparkplug_vectors.json: a Sparkplug B session for src/model/codec/sparkplug.

The payloads come from Google's protobuf runtime, with message classes that grpc_tools.protoc
compiles from tests/vectors/sparkplug_b.proto (Eclipse Tahu's schema, EPL-2.0, copied
unchanged from github.com/eclipse-tahu/tahu at 5736e404, sparkplug_b/sparkplug_b.proto). Signed
integers go into the unsigned wire fields the way Tahu's Python client does (value + 2**bits
when negative) or as the plain 32-bit two's complement, to cover both.

The messages are one session in arrival order (births, data by alias, a seq gap, a device, a
stale and a real NDEATH, data with no birth, STATE in both versions). For each the JSON holds
what a host application must see, computed here and not by the Rust code: the message type,
the findings, every metric's value as JSON and its datatype name, and whether the node (and
device) is online afterwards. The Rust test (src/model/codec/sparkplug/tests.rs) feeds the
sequence to SparkplugState and checks all of it.

    python3 scripts/sparkplug_vectors.py   # installs protobuf and grpcio-tools if missing
"""

import json
import struct
from importlib.metadata import version

from tahu_schema import ROOT, load_schema, metric, tahu_signed

OUT = ROOT / "tests" / "vectors" / "sparkplug_vectors.json"


pb = load_schema()
Payload = pb.Payload

# DataType numbers, from the .proto's enum (not from the Rust code).
T = {name: pb.DataType.Value(name) for name in pb.DataType.keys()}
TYPE_NAME = {number: name for name, number in T.items()}


def f32_json(x):
    """The shortest decimal that reads back to the same float32, as a Python float."""
    (stored,) = struct.unpack("<f", struct.pack("<f", x))
    for digits in range(1, 18):
        text = "%.*g" % (digits, stored)
        if struct.unpack("<f", struct.pack("<f", float(text)))[0] == stored:
            return float(text)
    return stored


def integer_json(n):
    return n if abs(n) <= 2**53 else str(n)


vectors = []


def message(topic, payload, kind, findings, metrics=None, types=None, node=None, device=None,
            state=None):
    data = payload if isinstance(payload, bytes) else payload.SerializeToString()
    if not isinstance(payload, bytes):
        # Round trip through the independent decoder.
        assert Payload.FromString(data) == payload
    vectors.append(
        {
            "topic": topic,
            "hex": data.hex(),
            "type": kind,
            "findings": findings,
            "metrics": metrics,
            "types": types,
            "node_online": node,
            "device_online": device,
            "state": state,
        }
    )


G = "spBv1.0/Plant"

# 1. NBIRTH: every kind of value, aliases 0-15, bdSeq 7.
p = Payload(timestamp=1_700_000_000_000, seq=0)
metric(p.metrics.add(), "bdSeq", 0, "UInt64", long_value=7)
temp = metric(p.metrics.add(), "Temp", 1, "Int32", int_value=tahu_signed(-5, 32))
temp.properties.keys.append("engUnit")
temp.properties.values.add(type=T["String"], string_value="C")
metric(p.metrics.add(), "Count", 2, "UInt64", long_value=2**64 - 1)
metric(p.metrics.add(), "Ratio", 3, "Float", float_value=0.1)
metric(p.metrics.add(), "Big", 4, "Double", double_value=1e300)
metric(p.metrics.add(), "On", 5, "Boolean", boolean_value=True)
metric(p.metrics.add(), "Name", 6, "String", string_value="pump \u00e9")
metric(p.metrics.add(), "When", 7, "DateTime", long_value=1_700_000_000_123)
metric(p.metrics.add(), "Blob", 8, "Bytes", bytes_value=b"\x00\xff")
metric(p.metrics.add(), "Small", 9, "Int8", int_value=tahu_signed(-1, 8))
metric(p.metrics.add(), "Pairs", 10, "Int16Array", bytes_value=struct.pack("<hh", -1, 2))
metric(p.metrics.add(), "Flags", 11, "BooleanArray", bytes_value=struct.pack("<I", 3) + b"\xa0")
metric(p.metrics.add(), "Labels", 12, "StringArray", bytes_value=b"a\0bc\0")
table = metric(p.metrics.add(), "Table", 13, "DataSet")
ds = table.dataset_value
ds.num_of_columns = 3
ds.columns.extend(["a", "b", "c"])
ds.types.extend([T["Int32"], T["String"], T["Double"]])
for a, b, c in [(-1, "x", 0.5), (2, "y", 1.5)]:
    row = ds.rows.add()
    row.elements.add(int_value=a & 0xFFFFFFFF)
    row.elements.add(string_value=b)
    row.elements.add(double_value=c)
motor = metric(p.metrics.add(), "Motor", 14, "Template")
tv = motor.template_value
tv.version = "1.0"
tv.template_ref = "MotorType"
tv.is_definition = False
tv.parameters.add(name="rated", type=T["Int32"], int_value=5)
metric(tv.metrics.add(), "Speed", None, "Int32", int_value=(-3) & 0xFFFFFFFF)
metric(tv.metrics.add(), "Running", None, "Boolean", boolean_value=True)
metric(p.metrics.add(), "Nothing", 15, "Int32", is_null=True)
birth_values = {
    "bdSeq": 7,
    "Temp": -5,
    "Count": str(2**64 - 1),
    "Ratio": f32_json(0.1),
    "Big": 1e300,
    "On": True,
    "Name": "pump \u00e9",
    "When": 1_700_000_000_123,
    "Blob": "h'00ff'",
    "Small": -1,
    "Pairs": [-1, 2],
    "Flags": [True, False, True],
    "Labels": ["a", "bc"],
    "Table": {"columns": ["a", "b", "c"], "rows": [[-1, "x", 0.5], [2, "y", 1.5]]},
    "Motor": {
        "template_ref": "MotorType",
        "version": "1.0",
        "is_definition": False,
        "parameters": {"rated": 5},
        "metrics": {"Speed": -3, "Running": True},
    },
    "Nothing": None,
}
birth_types = {m.name: TYPE_NAME[m.datatype] for m in p.metrics}
message(f"{G}/NBIRTH/Edge1", p, "NBIRTH", [], birth_values, birth_types, node=True)

# 2. NDATA by alias only: the datatypes come from the birth; alias 99 is unknown.
p = Payload(timestamp=1_700_000_001_000, seq=1)
metric(p.metrics.add(), alias=1, int_value=(-7) & 0xFFFFFFFF)
metric(p.metrics.add(), alias=2, long_value=12345)
metric(p.metrics.add(), alias=3, float_value=2.5)
metric(p.metrics.add(), alias=9, int_value=tahu_signed(-128, 8))
metric(p.metrics.add(), alias=99, long_value=1)
message(
    f"{G}/NDATA/Edge1",
    p,
    "NDATA",
    ["UnknownAlias 99"],
    {"Temp": -7, "Count": 12345, "Ratio": 2.5, "Small": -128, "alias 99": 1},
    {"Temp": "Int32", "Count": "UInt64", "Ratio": "Float", "Small": "Int8", "alias 99": None},
    node=True,
)

# 3. A seq gap: 3 where 2 was due.
p = Payload(timestamp=1_700_000_002_000, seq=3)
metric(p.metrics.add(), alias=6, string_value="hello")
message(f"{G}/NDATA/Edge1", p, "NDATA", ["SeqGap 2 3"], {"Name": "hello"}, {"Name": "String"},
        node=True)

# 4. A device's birth, then its data by alias.
p = Payload(timestamp=1_700_000_003_000, seq=4)
metric(p.metrics.add(), "Speed", 100, "Int16", int_value=tahu_signed(-300, 16))
metric(p.metrics.add(), "Mode", 101, "String", string_value="auto")
message(f"{G}/DBIRTH/Edge1/Pump", p, "DBIRTH", [], {"Speed": -300, "Mode": "auto"},
        {"Speed": "Int16", "Mode": "String"}, node=True, device=True)

p = Payload(timestamp=1_700_000_004_000, seq=5)
metric(p.metrics.add(), alias=100, int_value=tahu_signed(-200, 16))
metric(p.metrics.add(), alias=101, string_value="manual")
metric(p.metrics.add(), alias=1, int_value=42)  # a node alias, unique across the node
message(f"{G}/DDATA/Edge1/Pump", p, "DDATA", [], {"Speed": -200, "Mode": "manual", "Temp": 42},
        {"Speed": "Int16", "Mode": "String", "Temp": "Int32"}, node=True, device=True)

# 5. Data from a device whose birth was never seen.
p = Payload(timestamp=1_700_000_005_000, seq=6)
metric(p.metrics.add(), "Open", None, "Boolean", boolean_value=True)
message(f"{G}/DDATA/Edge1/Valve", p, "DDATA", ["NoBirth"], {"Open": True}, {"Open": "Boolean"},
        node=True, device=None)

# 6. The will of an older session (bdSeq 6), then the real one (bdSeq 7).
p = Payload(timestamp=1_700_000_006_000)
metric(p.metrics.add(), "bdSeq", None, "UInt64", long_value=6)
message(f"{G}/NDEATH/Edge1", p, "NDEATH", ["StaleDeath 7 6"], {"bdSeq": 6}, {"bdSeq": "UInt64"},
        node=True)
p = Payload(timestamp=1_700_000_007_000)
metric(p.metrics.add(), "bdSeq", None, "UInt64", long_value=7)
message(f"{G}/NDEATH/Edge1", p, "NDEATH", [], {"bdSeq": 7}, {"bdSeq": "UInt64"}, node=False)

# 7. Data after the death, and from a node never born: a rebirth is needed.
p = Payload(timestamp=1_700_000_008_000, seq=7)
metric(p.metrics.add(), alias=1, int_value=1)
message(f"{G}/NDATA/Edge1", p, "NDATA", ["NoBirth"], {"Temp": 1}, {"Temp": "Int32"}, node=False)
p = Payload(timestamp=1_700_000_008_500, seq=0)
metric(p.metrics.add(), alias=1, long_value=1)
message(f"{G}/NDATA/Edge2", p, "NDATA", ["NoBirth", "UnknownAlias 1"], {"alias 1": 1},
        {"alias 1": None}, node=None)

# 8. A rebirth with seq 255 and bdSeq 8; the next seq wraps to 0; the device stays offline
#    until its own DBIRTH.
p = Payload(timestamp=1_700_000_009_000, seq=255)
metric(p.metrics.add(), "bdSeq", 0, "Int64", long_value=8)
metric(p.metrics.add(), "Level", 1, "Int64", long_value=(-2) & 0xFFFFFFFFFFFFFFFF)
message(f"{G}/NBIRTH/Edge1", p, "NBIRTH", [], {"bdSeq": 8, "Level": -2},
        {"bdSeq": "Int64", "Level": "Int64"}, node=True)
p = Payload(timestamp=1_700_000_010_000, seq=0)
metric(p.metrics.add(), alias=1, long_value=2**63)
message(f"{G}/NDATA/Edge1", p, "NDATA", [], {"Level": str(-(2**63))}, {"Level": "Int64"},
        node=True)
p = Payload(timestamp=1_700_000_011_000, seq=1)
metric(p.metrics.add(), "Mode", None, "String", string_value="x")
message(f"{G}/DDATA/Edge1/Pump", p, "DDATA", ["NoBirth"], {"Mode": "x"}, {"Mode": "String"},
        node=True, device=False)

# 9. A command to the node (no seq), and an NBIRTH without bdSeq.
p = Payload(timestamp=1_700_000_012_000)
metric(p.metrics.add(), "Node Control/Rebirth", None, "Boolean", boolean_value=True)
message(f"{G}/NCMD/Edge1", p, "NCMD", [], {"Node Control/Rebirth": True},
        {"Node Control/Rebirth": "Boolean"}, node=True)
p = Payload(timestamp=1_700_000_013_000, seq=0)
metric(p.metrics.add(), "X", 1, "UInt8", int_value=200)
message(f"{G}/NBIRTH/Edge3", p, "NBIRTH", ["MissingBdSeq"], {"X": 200}, {"X": "UInt8"},
        node=True)

# 10. STATE: Sparkplug 3.0's JSON and 2.2's text.
message("spBv1.0/STATE/scada", b'{"online":true,"timestamp":1700000014000}', "STATE", [],
        state={"online": True, "timestamp": 1_700_000_014_000})
message("STATE/scada2", b"OFFLINE", "STATE", [], state={"online": False})

document = {
    "generator": "scripts/sparkplug_vectors.py",
    "protobuf": version("protobuf"),
    "grpcio-tools": version("grpcio-tools"),
    "vectors": vectors,
}
OUT.write_text(json.dumps(document, indent=1, ensure_ascii=True) + "\n")
print(f"{len(vectors)} messages -> {OUT.relative_to(ROOT)}")

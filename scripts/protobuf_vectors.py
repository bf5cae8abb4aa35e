#!/usr/bin/env python3
"""Writes tests/vectors/protobuf_vectors.json: protobuf payloads for src/model/codec/protobuf.

The .proto files in tests/vectors/proto/ are compiled by protoc (grpcio-tools' bundled copy,
with its copy of the Google well-known types) into Python modules in a temporary directory;
Python's own protobuf runtime builds each message and serializes it. For every payload the JSON
records:

- `proto_json`: json_format.MessageToJson(preserving_proto_field_name=True), protobuf's
  canonical JSON mapping as Python writes it (default values left out). The Rust test encodes
  it back with ProtoSet::encode_json.
- `json`: the same, normalised to what our Decoded tree's to_json() says for protobuf values:
  * 64-bit integers are numbers (the mapping writes them as strings) and stay strings only
    beyond 2^53, where a JSON reader would round them;
  * bytes are h'hex' (the mapping writes base64);
  * unknown fields, which the mapping drops, are added as {"wire_type": …, "value": …} under
    their field number (see src/model/codec/protobuf/decoded.rs).
  Floats are chosen exactly representable in `float` (0.75, not 0.1), since Python prints a
  float32 by its shortest float32 text and our tree holds the f64 of the same value; numbers
  in Struct values compare by value (Python may write 3 where we hold 3.0).

    python3 scripts/protobuf_vectors.py   (pip-installs protobuf and grpcio-tools)
"""

import base64
import importlib
import json
import pathlib
import subprocess
import sys
import tempfile
from importlib.metadata import version

ROOT = pathlib.Path(__file__).resolve().parent.parent
PROTO = ROOT / "tests" / "vectors" / "proto"
OUT = ROOT / "tests" / "vectors" / "protobuf_vectors.json"
FILES = ["common/units.proto", "sensor.proto", "legacy.proto"]

subprocess.run(
    [sys.executable, "-m", "pip", "install", "--quiet", "protobuf", "grpcio-tools"], check=True
)

import grpc_tools  # noqa: E402
from grpc_tools import protoc  # noqa: E402
from google.protobuf import json_format  # noqa: E402
from google.protobuf.descriptor import FieldDescriptor  # noqa: E402

GEN = tempfile.mkdtemp()
WELL_KNOWN = str(pathlib.Path(grpc_tools.__file__).parent / "_proto")
if protoc.main(["protoc", f"-I{PROTO}", f"-I{WELL_KNOWN}", f"--python_out={GEN}", *FILES]) != 0:
    raise SystemExit("protoc failed")
sys.path.insert(0, GEN)
units = importlib.import_module("common.units_pb2")
sensor = importlib.import_module("sensor_pb2")
legacy = importlib.import_module("legacy_pb2")

from google.protobuf import (  # noqa: E402
    any_pb2,
    duration_pb2,
    empty_pb2,
    field_mask_pb2,
    struct_pb2,
    timestamp_pb2,
    wrappers_pb2,
)

# --- normalising the canonical JSON into our tree's JSON ------------------------------------

INT64 = {
    FieldDescriptor.TYPE_INT64,
    FieldDescriptor.TYPE_UINT64,
    FieldDescriptor.TYPE_SINT64,
    FieldDescriptor.TYPE_FIXED64,
    FieldDescriptor.TYPE_SFIXED64,
}
SPECIAL = {
    "google.protobuf.Timestamp",
    "google.protobuf.Duration",
    "google.protobuf.FieldMask",
    "google.protobuf.Struct",
    "google.protobuf.Value",
    "google.protobuf.ListValue",
    "google.protobuf.Any",
    "google.protobuf.Empty",
}
WRAPPERS = {
    "google.protobuf." + n
    for n in [
        "DoubleValue", "FloatValue", "Int64Value", "UInt64Value", "Int32Value", "UInt32Value",
        "BoolValue", "StringValue", "BytesValue",
    ]
}
POOL = sensor.DESCRIPTOR.pool


def big(text):
    value = int(text)
    return value if abs(value) <= 2**53 else str(value)


def hexed(b64):
    return "h'" + base64.b64decode(b64).hex() + "'"


def scalar(field, value):
    if field.type in INT64:
        return big(value)
    if field.type == FieldDescriptor.TYPE_BYTES:
        return hexed(value)
    if field.type == FieldDescriptor.TYPE_MESSAGE:
        return message(field.message_type, value)
    return value


def message(descriptor, obj):
    name = descriptor.full_name
    if name in WRAPPERS:
        return scalar(descriptor.fields_by_name["value"], obj)
    if name == "google.protobuf.Any":
        inner = POOL.FindMessageTypeByName(obj["@type"].rsplit("/", 1)[-1])
        if inner.full_name in SPECIAL or inner.full_name in WRAPPERS:
            return {"@type": obj["@type"], "value": message(inner, obj["value"])}
        rest = message(inner, {k: v for k, v in obj.items() if k != "@type"})
        return {"@type": obj["@type"], **rest}
    if name in SPECIAL:
        return obj
    out = {}
    for key, value in obj.items():
        field = descriptor.fields_by_name[key]
        if field.message_type is not None and field.message_type.GetOptions().map_entry:
            value_field = field.message_type.fields_by_name["value"]
            out[key] = {k: scalar(value_field, v) for k, v in value.items()}
        elif isinstance(value, list):
            out[key] = [scalar(field, v) for v in value]
        else:
            out[key] = scalar(field, value)
    return out


# --- the vectors ---------------------------------------------------------------------------

VECTORS = []


def add(name, msg, extra=b"", unknown=None):
    """Records `msg` serialized (plus `extra` raw bytes appended, which the type does not
    declare; `unknown` is what our tree shows for them)."""
    payload = msg.SerializeToString() + extra
    back = type(msg)()
    back.ParseFromString(payload)
    assert back.SerializeToString() == payload or extra, name
    canonical = json.loads(json_format.MessageToJson(msg, preserving_proto_field_name=True))
    expected = message(msg.DESCRIPTOR, canonical)
    if unknown:
        expected.update(unknown)
    VECTORS.append(
        {
            "name": name,
            "type": msg.DESCRIPTOR.full_name,
            "hex": payload.hex(),
            "proto_json": canonical,
            "json": expected,
        }
    )


def reading(value, unit, status=sensor.Reading.OK, **kw):
    return sensor.Reading(
        quantity=units.Quantity(value=value, unit=unit), status=status, **kw
    )


add("empty", sensor.Sensor())
add(
    "scalars",
    sensor.Sensor(
        id="t-01 \u6e29\u5ea6 \"quoted\"\n",
        counter=2**53 + 1,
        serial=2**64 - 1,
        firmware=bytes([0, 1, 0xFE, 0xFF]),
        active=True,
        ratio=0.5,
        drift=-(2**62),
        mark=2**32 - 1,
    ),
)
add("int64_min", sensor.Sensor(counter=-(2**63), serial=2**53))
add("int64_small", sensor.Sensor(counter=-42, serial=7, drift=1))
add(
    "repeated_nested_enum",
    sensor.Sensor(
        history=[
            reading(21.5, units.CELSIUS, confidence=0.75, delta=-3, raw=2**64 - 1, offset=-5),
            reading(40.0, units.PERCENT, status=sensor.Reading.DEGRADED),
            sensor.Reading(),
        ]
    ),
)
add(
    "maps",
    sensor.Sensor(
        readings={
            "kitchen": reading(22.25, units.CELSIUS),
            "attic": reading(101325.0, units.PASCAL, status=sensor.Reading.FAILED),
            "": sensor.Reading(),
        },
        labels={-1: "minus one", 0: "zero", 7: "seven"},
        flags={True: 2**60, False: -1},
    ),
)
add("oneof_room", sensor.Sensor(room="lab 2"))
add("oneof_point", sensor.Sensor(point=sensor.Sensor.GeoPoint(lat=30.25, lon=-120.5)))
add("packed", sensor.Sensor(samples=[1, -1, 300, 0, 2**31 - 1], tags=["a", "", "c"]))
add(
    "time",
    sensor.Sensor(
        taken_at=timestamp_pb2.Timestamp(seconds=1_700_000_000, nanos=500_000_000),
        period=duration_pb2.Duration(
            seconds=1, nanos=500_000_000
        ),
    ),
)
add(
    "time_edges",
    sensor.Sensor(
        taken_at=timestamp_pb2.Timestamp(seconds=-62135596800),
        period=duration_pb2.Duration(
            seconds=-2, nanos=-1000
        ),
    ),
)
add("time_nanos", sensor.Sensor(taken_at=timestamp_pb2.Timestamp(seconds=0, nanos=1)))
extra = struct_pb2.Struct()
extra.update({"name": "x", "n": 3.5, "ok": True, "none": None, "list": [1.0, "two", [], {}]})
add("struct", sensor.Sensor(extra=extra))
add("value_null", sensor.Sensor(anything=struct_pb2.Value(null_value=0)))
add(
    "value_list",
    sensor.Sensor(
        anything=struct_pb2.Value(
            list_value=struct_pb2.ListValue(
                values=[struct_pb2.Value(number_value=-0.25), struct_pb2.Value(string_value="s")]
            )
        )
    ),
)
wrappers = wrappers_pb2
add(
    "wrappers",
    sensor.Sensor(
        big=wrappers.Int64Value(value=-(2**62)),
        note=wrappers.StringValue(value="n"),
        blob=wrappers.BytesValue(value=b"\x10\x20"),
        ubig=wrappers.UInt64Value(value=12),
    ),
)
add("wrappers_default", sensor.Sensor(big=wrappers.Int64Value(), note=wrappers.StringValue()))
packed_reading = any_pb2.Any()
packed_reading.Pack(reading(1.25, units.CELSIUS))
add("any_message", sensor.Sensor(detail=packed_reading))
packed_time = any_pb2.Any()
packed_time.Pack(timestamp_pb2.Timestamp(seconds=86400))
add("any_well_known", sensor.Sensor(detail=packed_time))
add(
    "field_mask_empty",
    sensor.Sensor(
        mask=field_mask_pb2.FieldMask(paths=["id", "taken_at.seconds"]), nothing=empty_pb2.Empty()
    ),
)
add("proto3_optional_zero", sensor.Sensor(level=0))
add("special_doubles", sensor.Sensor(ratio=float("inf")))
add("nan", sensor.Sensor(ratio=float("nan")))
unknown_status = sensor.Reading()
unknown_status.status = 7
add("unknown_enum_number", unknown_status)
add(
    "batch",
    sensor.Batch(
        sensors=[sensor.Sensor(id="a"), sensor.Sensor(id="b", history=[sensor.Reading(delta=1)])],
        default_unit=units.PASCAL,
    ),
)

# Unknown fields: numbers Sensor does not declare, appended by hand (tag bytes written out).
raw = (
    bytes([0xA0, 0x06, 0x96, 0x01])  # 100: varint 150
    + bytes([0xAA, 0x06, 0x02]) + b"hi"  # 101: len "hi"
    + bytes([0xB5, 0x06, 0x01, 0x00, 0x00, 0x00])  # 102: i32 1
    + bytes([0xB9, 0x06]) + (2**64 - 1).to_bytes(8, "little")  # 103: i64
    + bytes([0xA0, 0x06, 0x00])  # 100 again: varint 0
    + bytes([0xC3, 0x06, 0x08, 0x05, 0xC4, 0x06])  # 104: group { 1: varint 5 }
)
add(
    "unknown_fields",
    sensor.Sensor(id="u"),
    extra=raw,
    unknown={
        "100": [{"wire_type": "varint", "value": 150}, {"wire_type": "varint", "value": 0}],
        "101": {"wire_type": "len", "value": "h'6869'"},
        "102": {"wire_type": "i32", "value": 1},
        "103": {"wire_type": "i64", "value": str(2**64 - 1)},
        "104": {"wire_type": "group", "value": {"1": {"wire_type": "varint", "value": 5}}},
    },
)

frame = legacy.Frame(seq=9, words=[1, 2**32 - 1], deltas=[-1, 2**40], kind=legacy.Frame.CONTROL)
frame.extra.code = -7
add("proto2_frame", frame)
add("proto2_defaults_absent", legacy.Frame(seq=0))
add("proto2_default_set", legacy.Frame(seq=1, label="none"))

OUT.write_text(
    json.dumps(
        {
            "generator": "scripts/protobuf_vectors.py",
            "protobuf": version("protobuf"),
            "grpcio-tools": version("grpcio-tools"),
            "files": FILES,
            "vectors": VECTORS,
        },
        indent=1,
        ensure_ascii=True,
    )
    + "\n"
)
print(f"{len(VECTORS)} vectors -> {OUT.relative_to(ROOT)}")

#!/usr/bin/env python3
"""Writes tests/vectors/codec_vectors.json: CBOR and MessagePack payloads for src/model/codec.

Each payload comes from an independent encoder (cbor2, msgpack-python) fed a Python value, or is
framed by hand around encoder output where those encoders cannot write the form (indefinite
lengths, non-minimal lengths, negative extension types). Every payload except the ones the
Python decoders refuse is decoded back by the same library and compared with its value.

The expected texts (pretty, compact) and JSON are computed here from the Python value by a
renderer that shares nothing with the Rust one: floats through Python's repr, strings through
json.dumps, times through datetime shifted by whole 400-year cycles. The Rust test
(src/model/codec/tests.rs) decodes each payload and checks all three.

    pip install cbor2 msgpack
    python3 scripts/codec_vectors.py

Written with cbor2 6.3.0 and msgpack 1.2.4 (the JSON records the versions).
"""

import datetime
import json
import math
import pathlib
import struct
from importlib.metadata import version

import cbor2
import msgpack
from cbor2 import CBORSimpleValue, CBORTag, frozendict, undefined
from msgpack import ExtType, Timestamp

OUT = pathlib.Path(__file__).resolve().parent.parent / "tests" / "vectors" / "codec_vectors.json"

# --- the independent renderer ------------------------------------------------------------


def render_float(x):
    if math.isnan(x):
        return "NaN"
    if math.isinf(x):
        return "Infinity" if x > 0 else "-Infinity"
    text = repr(x)  # shortest round-trip; "1e+16", "1.5e-07", "0.1", "1.0"
    if "e" in text:
        mantissa, exponent = text.split("e")
        return f"{mantissa}e{int(exponent)}"
    return text


def iso(seconds, nanos):
    # datetime covers years 1..9999 only: move by whole 400-year cycles (146097 days, which
    # repeat the Gregorian calendar exactly) into 1970..2369, then add the years back.
    cycle = 146097 * 86400
    k = seconds // cycle
    moment = datetime.datetime(1970, 1, 1) + datetime.timedelta(seconds=seconds - k * cycle)
    year = moment.year + 400 * k
    if year < 0:
        year_text = "-%04d" % -year
    elif year > 9999:
        year_text = "+%d" % year
    else:
        year_text = "%04d" % year
    text = year_text + moment.strftime("-%m-%dT%H:%M:%S")
    if nanos:
        text += "." + ("%09d" % nanos).rstrip("0")
    return text + "Z"


def compact(v):
    if v is None:
        return "null"
    if v is undefined:
        return "undefined"
    if isinstance(v, CBORSimpleValue):
        return f"simple({v.value})"
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, float):
        return render_float(v)
    if isinstance(v, str):
        return json.dumps(v, ensure_ascii=False)
    if isinstance(v, (bytes, bytearray)):
        return f"h'{bytes(v).hex()}'"
    if isinstance(v, (list, tuple)):
        return "[" + ", ".join(compact(x) for x in v) + "]"
    if isinstance(v, (dict, frozendict)):
        return "{" + ", ".join(f"{compact(k)}: {compact(x)}" for k, x in v.items()) + "}"
    if isinstance(v, CBORTag):
        return f"{v.tag}({compact(v.value)})"
    if isinstance(v, Timestamp):
        return f'timestamp("{iso(v.seconds, v.nanoseconds)}")'
    if isinstance(v, Ext):
        return f"ext({v.code}, h'{v.data.hex()}')"
    raise TypeError(type(v))


def pretty(v, indent=0):
    pad, inner = " " * indent, " " * (indent + 2)
    if isinstance(v, (list, tuple)) and v:
        return "[\n" + ",\n".join(inner + pretty(x, indent + 2) for x in v) + "\n" + pad + "]"
    if isinstance(v, (dict, frozendict)) and v:
        rows = (f"{inner}{compact(k)}: {pretty(x, indent + 2)}" for k, x in v.items())
        return "{\n" + ",\n".join(rows) + "\n" + pad + "}"
    if isinstance(v, CBORTag):
        return f"{v.tag}({pretty(v.value, indent)})"
    return compact(v)


def to_json(v):
    if v is None or v is undefined:
        return None
    if isinstance(v, bool):
        return v
    if isinstance(v, int):
        return v if abs(v) <= 2**53 else str(v)
    if isinstance(v, float):
        return v if math.isfinite(v) else render_float(v)
    if isinstance(v, str):
        return v
    if isinstance(v, (list, tuple)):
        return [to_json(x) for x in v]
    if isinstance(v, (dict, frozendict)):
        return {(k if isinstance(k, str) else compact(k)): to_json(x) for k, x in v.items()}
    if isinstance(v, CBORTag):
        return to_json(v.value)
    if isinstance(v, Timestamp):
        return iso(v.seconds, v.nanoseconds)
    return compact(v)  # bytes, extensions, simple values


class Ext:
    """A MessagePack extension of any type; msgpack.ExtType refuses the negative ones."""

    def __init__(self, code, data):
        self.code, self.data = code, data


# --- the vectors ---------------------------------------------------------------------------

vectors = []


def same(a, b):
    """Equality that also holds for NaN and ignores list/tuple differences."""
    if isinstance(a, float) and isinstance(b, float) and math.isnan(a) and math.isnan(b):
        return True
    if isinstance(a, (list, tuple)) and isinstance(b, (list, tuple)):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    if isinstance(a, (dict, frozendict)) and isinstance(b, (dict, frozendict)):
        return list(a.keys()) == list(b.keys()) and all(same(a[k], b[k]) for k in a)
    if type(a) is not type(b) and not (isinstance(a, int) and isinstance(b, int)):
        return False
    return a == b


def add(codec, name, value, payload, verify=True):
    if verify:
        if codec == "cbor":
            back = cbor2.loads(payload)
        else:
            back = msgpack.unpackb(payload, raw=False, strict_map_key=False, use_list=False)
        assert same(back, value), (name, back, value)
    vectors.append(
        {
            "codec": codec,
            "name": name,
            "hex": payload.hex(),
            "pretty": pretty(value),
            "compact": compact(value),
            "json": to_json(value),
        }
    )


def cbor(name, value, canonical=False, verify=True):
    add("cbor", name, value, cbor2.dumps(value, canonical=canonical), verify)


def mp(name, value, single=False, verify=True):
    payload = msgpack.packb(value, use_bin_type=True, use_single_float=single)
    if single:
        # What the reader gets: the nearest float32, widened.
        value = struct.unpack(">f", struct.pack(">f", value))[0]
    add("msgpack", name, value, payload, verify)


# CBOR integers at every head-size boundary, and bignums (tags 2/3) rendered exactly.
for n in [0, 1, 23, 24, 255, 256, 65535, 65536, 2**32 - 1, 2**32, 2**53, 2**53 + 1, 2**63, 2**64 - 1]:
    cbor(f"uint {n}", n)
for n in [-1, -24, -25, -256, -257, -65537, -(2**32) - 1, -(2**53) - 1, -(2**63), -(2**64)]:
    cbor(f"nint {n}", n)
for n in [2**64, -(2**64) - 1, 2**127 - 1, 2**127, -(2**127), -(2**127) - 1, 2**128, 10**40, -(10**40), 2**200]:
    cbor(f"bignum {n}", n)
add("cbor", "bignum with leading zero bytes", 1, bytes.fromhex("c243000001"))
add("cbor", "empty bignums are 0 and -1", [0, -1], bytes.fromhex("82c240c340"))
add("cbor", "non-minimal uint64 head", 1, bytes.fromhex("1b0000000000000001"))

# CBOR floats: half, single and double widths, special values.
for x in [0.0, -0.0, 1.0, 1.5, 65504.0, 5.960464477539063e-08, -4.0]:
    cbor(f"half {x!r}", x, canonical=True)
for x in [100000.0, 3.4028234663852886e38, 0.10000000149011612]:
    cbor(f"float32-able {x!r}", x, canonical=True)
for x in [0.1, 1.1, -4.1, 1e300, -1e-300, 1e16, 1e15, 0.0001, 5e-324, 2.0**60, 1.7976931348623157e308]:
    cbor(f"double {x!r}", x)
cbor("half NaN", float("nan"), canonical=True)
cbor("half Infinity", float("inf"), canonical=True)
cbor("half -Infinity", float("-inf"), canonical=True)
add("cbor", "double NaN", float("nan"), bytes.fromhex("fb7ff8000000000000"))
add("cbor", "single Infinity", float("inf"), bytes.fromhex("fa7f800000"))
add("cbor", "double 1.5 not shortened", 1.5, cbor2.dumps(1.5))

# CBOR strings and bytes.
for name, s in [
    ("empty", ""),
    ("ascii", "IETF"),
    ("quote and backslash", '"\\'),
    ("latin", "\u00fc"),
    ("han", "\u6c34"),
    ("astral", "\U00010151\U0001f600"),
    ("controls", "\x00\x01\x1f\x7f"),
    ("line breaks", "line\nbreak\ttab\r\b\f"),
    ("line separator", "\u2028\u2029"),
    ("300 chars", "x" * 300),
]:
    cbor(f"text {name}", s)
for name, b in [("empty", b""), ("one", b"\x00"), ("four", b"\x01\x02\x03\x04"), ("300", bytes(range(256)) + bytes(44))]:
    cbor(f"bytes {name}", b)

# CBOR arrays and maps, nested, with keys of any type.
cbor("array empty", [])
cbor("array nested", [1, [2, 3], [4, 5]])
cbor("array 25 items", list(range(1, 26)))
cbor("map empty", {})
cbor("map of text", {"a": 1, "b": [2, 3]})
cbor("array holding map", ["a", {"b": "c"}])
deep = "x"
for i in range(10):
    deep = [deep] if i % 2 else {"k": deep}
cbor("ten levels", deep)
cbor(
    "map non-text keys",
    {1: "one", -1: "minus", b"\x00": "bytes", (1, 2): "array", 1.5: "float", None: "null", False: "false"},
)
cbor("map key is a map", {frozendict({"a": 1}): 2})
cbor("map empty containers", {"a": [], "b": {}, "c": [[]]})

# CBOR tags.
cbor("tag 0 date-time text", CBORTag(0, "2013-03-21T20:04:00Z"), verify=False)
cbor("tag 1 epoch int", CBORTag(1, 1363896240), verify=False)
cbor("tag 1 epoch float", CBORTag(1, 1363896240.5), verify=False)
cbor("tag 32 uri", CBORTag(32, "http://www.example.com"), verify=False)
cbor("tag self-describe", CBORTag(55799, {"a": [1, 2]}), verify=False)
cbor("tags nested", CBORTag(1234, CBORTag(5678, b"\x01")))
cbor("tag max number", CBORTag(2**64 - 1, 0))
cbor("tag 2 over non-bytes stays a tag", CBORTag(2, 1), verify=False)

# CBOR simple values.
cbor("true false null", [True, False, None])
cbor("undefined", undefined)
for n in [0, 16, 19, 32, 255]:
    cbor(f"simple {n}", CBORSimpleValue(n))

# CBOR indefinite lengths, framed by hand around encoder output.
d = cbor2.dumps
add("cbor", "indefinite array empty", [], b"\x9f\xff")
add("cbor", "indefinite array nested", [1, [2, 3], [4, 5]], b"\x9f" + d(1) + d([2, 3]) + b"\x9f" + d(4) + d(5) + b"\xff\xff")
add("cbor", "indefinite map", {"a": 1, "b": [2, 3]}, b"\xbf" + d("a") + d(1) + d("b") + b"\x9f" + d(2) + d(3) + b"\xff\xff")
add("cbor", "indefinite bytes", b"\x01\x02\x03\x04\x05", b"\x5f" + d(b"\x01\x02") + d(b"\x03\x04\x05") + b"\xff")
add("cbor", "indefinite bytes empty", b"", b"\x5f\xff")
add("cbor", "indefinite text", "strea\u00fcming", b"\x7f" + d("strea") + d("\u00fcming") + b"\xff")
add("cbor", "indefinite text empty chunks", "", b"\x7f" + d("") + d("") + b"\xff")
add("cbor", "indefinite map, array key", {(1, 2): b""}, b"\xbf\x9f\x01\x02\xff\x40\xff")

# MessagePack integers at every width boundary.
for n in [0, 127, 128, 255, 256, 65535, 65536, 2**32 - 1, 2**32, 2**53 + 1, 2**63, 2**64 - 1]:
    mp(f"uint {n}", n)
for n in [-1, -32, -33, -128, -129, -32768, -32769, -(2**31), -(2**31) - 1, -(2**53) - 1, -(2**63)]:
    mp(f"int {n}", n)
add("msgpack", "int8 holding a positive", 1, bytes.fromhex("d001"))
add("msgpack", "uint64 holding 0", 0, bytes.fromhex("cf0000000000000000"))

# MessagePack floats, 32 and 64 bits.
for x in [0.1, 1.5, -0.0, 1e300, 5e-324, 1e-05, 1e16, 123456.789, float("nan"), float("inf"), float("-inf")]:
    mp(f"float64 {x!r}", x)
for x in [0.1, 1.5, 3.4028234663852886e38, float("inf")]:
    mp(f"float32 {x!r}", x, single=True)

# MessagePack str, bin, array and map in every length form.
for name, s in [
    ("empty", ""),
    ("fixstr 31", "a" * 31),
    ("str8 32", "b" * 32),
    ("str8 255", "c" * 255),
    ("str16 256", "d" * 256),
    ("unicode", "\u00fc\u6c34\U0001f600"),
    ("escapes", 'q"b\\n\nt\t\x00'),
]:
    mp(f"str {name}", s)
add("msgpack", "str32 framed", "abc", bytes.fromhex("db00000003") + b"abc")
for name, b in [("empty", b""), ("bin8", b"\x00\xff"), ("bin16 256", bytes(range(256)))]:
    mp(f"bin {name}", b)
add("msgpack", "bin32 framed", b"\x01\x02", bytes.fromhex("c6000000020102"))
mp("array empty", [])
mp("array nested", [1, [2, [3]], "x"])
mp("array16 16 items", list(range(16)))
add("msgpack", "array32 framed", [1, 2], bytes.fromhex("dd000000020102"))
mp("map empty", {})
mp("map of text", {"a": 1, "b": [True, None]})
mp("map16 16 entries", {f"k{i}": i for i in range(16)})
add("msgpack", "map32 framed", {"a": 1}, bytes.fromhex("df00000001a16101"))
mp("map non-text keys", {1: "a", b"\x00": 2, (1, 2): 3, None: 4, 1.5: 5, False: 6, -7: "neg"})
mp("nil true false", [None, True, False])

# MessagePack extensions and timestamps (type -1).
for name, code, data in [
    ("fixext1", 5, b"\x01"),
    ("fixext2", 0, b"\x01\x02"),
    ("fixext4", 127, b"abcd"),
    ("fixext8", 1, bytes(8)),
    ("fixext16", 2, bytes(range(16))),
    ("ext8 empty", 3, b""),
    ("ext8 3", 4, b"xyz"),
    ("ext16 256", 6, bytes(256)),
]:
    add("msgpack", f"ext {name}", Ext(code, data), msgpack.packb(ExtType(code, data)), verify=False)
add("msgpack", "ext32 framed", Ext(9, b"\x01"), bytes.fromhex("c9000000010901"), verify=False)
add("msgpack", "ext negative type", Ext(-128, b"\x00\x01"), bytes.fromhex("d58000 01"), verify=False)
add("msgpack", "timestamp type with a bad length", Ext(-1, b"\x00"), bytes.fromhex("d4ff00"), verify=False)
for name, seconds, nanos in [
    ("32-bit", 1700000000, 0),
    ("64-bit", 1700000000, 500000000),
    ("64-bit largest", 2**34 - 1, 999999999),
    ("96-bit before 1970", -1, 0),
    ("epoch", 0, 0),
    ("96-bit year 10000", 253402300800, 0),
    ("96-bit year -1", -62167219201, 1),
    ("96-bit leap day 2000", 951782400, 123000000),
]:
    mp(f"timestamp {name}", Timestamp(seconds, nanos))

OUT.parent.mkdir(parents=True, exist_ok=True)
document = {
    "generated_by": "scripts/codec_vectors.py",
    "encoders": {"cbor2": version("cbor2"), "msgpack": version("msgpack")},
    "vectors": vectors,
}
OUT.write_text(json.dumps(document, ensure_ascii=True, indent=1) + "\n")
print(f"{len(vectors)} vectors -> {OUT}")

"""Google's protobuf classes for Eclipse Tahu's Sparkplug B schema (tests/vectors/sparkplug_b.proto),
compiled with grpc_tools.protoc into a temporary directory; installs protobuf and grpcio-tools
if missing. Shared by the Sparkplug vector generators."""

import importlib
import pathlib
import subprocess
import sys
import tempfile

ROOT = pathlib.Path(__file__).resolve().parent.parent
PROTO = ROOT / "tests" / "vectors" / "sparkplug_b.proto"
_schema = None


def load_schema():
    try:
        import google.protobuf  # noqa: F401
        import grpc_tools  # noqa: F401
    except ImportError:
        subprocess.check_call(
            [sys.executable, "-m", "pip", "install", "--quiet", "protobuf", "grpcio-tools"]
        )
    from grpc_tools import protoc

    out = tempfile.mkdtemp()
    code = protoc.main(
        ["protoc", f"--proto_path={PROTO.parent}", f"--python_out={out}", str(PROTO)]
    )
    if code != 0:
        sys.exit("protoc failed")
    sys.path.insert(0, out)
    global _schema
    _schema = importlib.import_module("sparkplug_b_pb2")
    return _schema


def metric(m, name=None, alias=None, datatype=None, **value):
    """Fills the Metric `m`: name, alias, datatype (its name in the .proto's DataType enum) and
    any other fields by name (`int_value=20`, `is_null=True`, `timestamp=…`); returns it."""
    if name is not None:
        m.name = name
    if alias is not None:
        m.alias = alias
    if datatype is not None:
        m.datatype = _schema.DataType.Value(datatype)
    for field, v in value.items():
        setattr(m, field, v)
    return m


def tahu_signed(value, bits):
    """Tahu's Python client: a negative value plus 2**bits."""
    return value + 2**bits if value < 0 else value

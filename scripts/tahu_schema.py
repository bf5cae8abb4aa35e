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
    return importlib.import_module("sparkplug_b_pb2")

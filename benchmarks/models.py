"""Time the generated models against their peers on one realistic response.

Run it with the project's environment, from anywhere:

    .venv/bin/python benchmarks/models.py             # 15 rounds, about a minute
    .venv/bin/python benchmarks/models.py --rounds 3  # a quick look
    .venv/bin/python benchmarks/models.py --profile   # ours under cProfile

The payload is a CustomerAuthTicket of specs/impersonatecart.yaml, built
deterministically from the checked-in generated models: 20 contacts, 10
notes, 10 attributes, 5 segments, every field filled (about 25 KB). Four
sides read it:

- ours: `CustomerAuthTicket.from_dict(json.loads(raw))`, the checked-in
  package under generated/;
- opc: the same call on openapi-python-client 0.29.1's models for the spec;
- pydantic: `model_validate_json(raw)` on pydantic v2 models equivalent to
  ours (same fields, aliases, optional values, extra keys kept);
- msgspec: `msgspec.json.decode(raw, type=...)` into equivalent Structs, as
  the floor of what Python can do.

Each side also builds its models from the decoded dict alone ("build":
`from_dict(data)` for ours and opc, `model_validate(data)` for pydantic,
`msgspec.convert(data, type=...)` for msgspec), which leaves out the JSON
parser: `json.loads` costs ours and opc about a third of "decode", while
pydantic and msgspec parse JSON in compiled code.

Note that opc reads a little less of the payload than the others: it types
`customerAccount` as `AccountBase`, the schema that `CustomerAccount`
extends with `allOf`, so the 11 fields only `CustomerAccount` declares (one
of them a date-time) stay unconverted in its `additional_properties`.

Writing is timed as `json.dumps(model.to_dict())` for ours and opc,
`model_dump_json(by_alias=True, exclude_unset=True)` for pydantic and
`msgspec.json.encode` for msgspec. Each side runs in a worker process of its
own environment; the rounds alternate the sides in rotating order, and the
report gives the median time per call and the ratios to ours.

Peers are installed from the configured package index into throwaway
environments under benchmarks/.envs/; generated code and the payload go to
benchmarks/.work/models/. Nothing reaches any other host.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import venv
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
ENVS = HERE / ".envs"
WORK = HERE / ".work" / "models"
SPEC = REPO / "specs" / "impersonatecart.yaml"
OURS = REPO / "generated" / "impersonatecart-client"
PEERS = {
    "opc": ("openapi-python-client==0.29.1",),
    "peers": ("pydantic>=2,<3", "msgspec", "httpx"),
}
SIDES = ("ours", "opc", "pydantic", "msgspec")
OPERATIONS = ("decode", "build", "encode")
LIST_SIZES = {"contacts": 20, "notes": 10, "attributes": 10, "segments": 5}
CALLS = 200


def ensure_env(name: str) -> Path:
    """Create the environment `name` with its peers installed; return its python."""
    env = ENVS / f"models-{name}"
    python = env / "bin" / "python"
    marker = env / "benchmark-requirement.txt"
    wanted = "\n".join(PEERS[name])
    if marker.is_file() and marker.read_text() == wanted:
        return python
    print(f"installing {', '.join(PEERS[name])} into {env}", file=sys.stderr)
    venv.EnvBuilder(with_pip=True, clear=True).create(env)
    pip = [str(python), "-m", "pip", "install", "--quiet", *PEERS[name]]
    subprocess.run(pip, check=True)
    marker.write_text(wanted)
    return python


def generate_opc(opc_python: Path) -> Path:
    """Generate openapi-python-client's package for the spec; return its folder."""
    target = WORK / "opc_client"
    if not target.is_dir():
        program = opc_python.parent / "openapi-python-client"
        command = [str(program), "generate", "--path", str(SPEC)]
        command += ["--output-path", str(target), "--meta", "none"]
        subprocess.run(command, check=True, capture_output=True)
    return target


# -- the payload ---------------------------------------------------------------


def build_payload() -> str:
    """Return the JSON text of a full CustomerAuthTicket, the same on every run."""
    sys.path.insert(0, str(OURS))
    from impersonatecart_client.models import CustomerAuthTicket

    return json.dumps(_sample(CustomerAuthTicket, "ticket", 0))


def _sample(model: type, name: str, index: int) -> dict[str, object]:
    import dataclasses
    import typing

    hints = typing.get_type_hints(model)
    data: dict[str, object] = {}
    for declared in dataclasses.fields(model):
        if declared.name == "additional_properties":
            continue
        json_name = model._json_names.get(declared.name, declared.name)
        data[json_name] = _sample_value(hints[declared.name], json_name, index)
    return data


def _sample_value(hint: object, name: str, index: int) -> object:
    import enum
    import typing
    from datetime import datetime

    options = [o for o in typing.get_args(hint) or (hint,) if o is not type(None)]
    options = [o for o in options if getattr(o, "__name__", "") != "Unset"]
    kind = options[0]
    if typing.get_origin(kind) is list:
        (item,) = typing.get_args(kind)
        count = LIST_SIZES.get(name, 2)
        return [_sample_value(item, name, i) for i in range(count)]
    if isinstance(kind, type) and issubclass(kind, enum.Enum):
        return next(iter(kind)).value
    if isinstance(kind, type) and dataclasses_model(kind):
        return _sample(kind, name, index)
    if kind is datetime:
        return f"2024-03-{1 + index % 28:02d}T10:{index % 60:02d}:07.1234567Z"
    if kind is bool:
        return index % 2 == 0
    if kind is int:
        return 1000 + index
    if kind is float:
        return 12.5 + index
    return f"{name}-{index}-value"


def dataclasses_model(kind: type) -> bool:
    import dataclasses

    return dataclasses.is_dataclass(kind)


# -- the workers -------------------------------------------------------------------

WORKER = r"""
import json, sys, time
side, payload_path, ours, opc = sys.argv[1:5]
raw = open(payload_path, "rb").read()
data = json.loads(raw)
sys.path[:0] = [ours, opc]

if side == "ours":
    from impersonatecart_client.models import CustomerAuthTicket
    decode = lambda: CustomerAuthTicket.from_dict(json.loads(raw))
    build = lambda: CustomerAuthTicket.from_dict(data)
    encode = lambda m: json.dumps(m.to_dict())
elif side == "opc":
    from opc_client.models import CustomerAuthTicket
    decode = lambda: CustomerAuthTicket.from_dict(json.loads(raw))
    build = lambda: CustomerAuthTicket.from_dict(data)
    encode = lambda m: json.dumps(m.to_dict())
else:
    import dataclasses, typing
    from impersonatecart_client.models import CustomerAuthTicket as Ours
    from impersonatecart_client import Unset

    def peer_type(hint, make):
        args = [a for a in typing.get_args(hint) or (hint,) if a is not Unset]
        if typing.get_origin(hint) is list:
            return list[peer_type(typing.get_args(hint)[0], make)]
        if len(args) > 1:
            kept = [peer_type(a, make) for a in args if a is not type(None)]
            return typing.Optional[typing.Union[tuple(kept)]]
        if dataclasses.is_dataclass(args[0]):
            return make(args[0])
        return args[0]

    made = {}
    if side == "pydantic":
        import pydantic

        def make(model):
            if model not in made:
                hints = typing.get_type_hints(model)
                fields = {}
                for f in dataclasses.fields(model):
                    if f.name == "additional_properties":
                        continue
                    alias = model._json_names.get(f.name, f.name)
                    annotation = typing.Optional[peer_type(hints[f.name], make)]
                    fields[f.name] = (annotation, pydantic.Field(None, alias=alias))
                config = pydantic.ConfigDict(extra="allow", populate_by_name=True)
                made[model] = pydantic.create_model(
                    model.__name__, __config__=config, **fields
                )
            return made[model]

        Peer = make(Ours)
        decode = lambda: Peer.model_validate_json(raw)
        build = lambda: Peer.model_validate(data)
        encode = lambda m: m.model_dump_json(by_alias=True, exclude_unset=True)
    else:
        import msgspec

        def make(model):
            if model not in made:
                hints = typing.get_type_hints(model)
                fields = []
                renames = {}
                for f in dataclasses.fields(model):
                    if f.name == "additional_properties":
                        continue
                    renames[f.name] = model._json_names.get(f.name, f.name)
                    annotation = typing.Optional[peer_type(hints[f.name], make)]
                    fields.append((f.name, annotation, None))
                made[model] = msgspec.defstruct(
                    model.__name__, fields, rename=renames, kw_only=True
                )
            return made[model]

        Peer = make(Ours)
        decoder = msgspec.json.Decoder(Peer)
        encoder = msgspec.json.Encoder()
        decode = lambda: decoder.decode(raw)
        build = lambda: msgspec.convert(data, type=Peer)
        encode = lambda m: encoder.encode(m)

model = decode()
build()
print("ready", flush=True)
for line in sys.stdin:
    what, calls = line.split()
    start = time.perf_counter()
    if what == "decode":
        for _ in range(int(calls)):
            decode()
    elif what == "build":
        for _ in range(int(calls)):
            build()
    else:
        for _ in range(int(calls)):
            encode(model)
    print((time.perf_counter() - start) / int(calls), flush=True)
"""


class Worker:
    """One side's process, timing on request."""

    def __init__(self, side: str, python: Path, payload: Path, opc: Path) -> None:
        command = [str(python), "-c", WORKER, side, str(payload)]
        command += [str(OURS), str(opc.parent)]
        self.process = subprocess.Popen(
            command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
        )
        assert self.process.stdout is not None
        ready = self.process.stdout.readline().strip()
        if ready != "ready":
            raise SystemExit(f"the {side} worker did not start")

    def time(self, what: str, calls: int) -> float:
        assert self.process.stdin is not None and self.process.stdout is not None
        self.process.stdin.write(f"{what} {calls}\n")
        self.process.stdin.flush()
        return float(self.process.stdout.readline())

    def close(self) -> None:
        assert self.process.stdin is not None
        self.process.stdin.close()
        self.process.wait()


def run_rounds(workers: dict[str, Worker], rounds: int) -> dict[str, list[float]]:
    """Time every side per round, in rotating order; return the samples."""
    samples: dict[str, list[float]] = {}
    sides = list(workers)
    for index in range(rounds):
        order = sides[index % len(sides) :] + sides[: index % len(sides)]
        for side in order:
            for what in OPERATIONS:
                sample = workers[side].time(what, CALLS)
                samples.setdefault(f"{side} {what}", []).append(sample)
    return samples


def report(samples: dict[str, list[float]], size: int) -> None:
    """Print the median per call of each side and its ratio to ours."""
    print(f"CustomerAuthTicket payload: {size / 1024:.1f} KB, {CALLS} calls a round")
    print(f"{'side':<18}{'median µs':>12}{'ours is x faster':>20}")
    for what in OPERATIONS:
        ours = statistics.median(samples[f"ours {what}"])
        for side in SIDES:
            median = statistics.median(samples[f"{side} {what}"])
            ratio = median / ours
            print(f"{side + ' ' + what:<18}{median * 1e6:>12.1f}{ratio:>20.2f}")


def profile(payload: Path) -> None:
    """Print where ours spends its time reading and writing the payload."""
    import cProfile
    import pstats

    sys.path.insert(0, str(OURS))
    from impersonatecart_client.models import CustomerAuthTicket

    raw = payload.read_bytes()
    model = CustomerAuthTicket.from_dict(json.loads(raw))
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(CALLS):
        json.dumps(CustomerAuthTicket.from_dict(json.loads(raw)).to_dict())
    profiler.disable()
    del model
    pstats.Stats(profiler).sort_stats("tottime").print_stats(15)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--profile", action="store_true")
    options = parser.parse_args()

    WORK.mkdir(parents=True, exist_ok=True)
    payload = WORK / "ticket.json"
    text = build_payload()
    payload.write_text(text, encoding="utf-8")
    if options.profile:
        profile(payload)
        return

    pythons = {name: ensure_env(name) for name in PEERS}
    opc = generate_opc(pythons["opc"])
    side_python = {"opc": pythons["opc"]}
    workers = {
        side: Worker(side, side_python.get(side, pythons["peers"]), payload, opc)
        for side in SIDES
    }
    try:
        samples = run_rounds(workers, options.rounds)
    finally:
        for worker in workers.values():
            worker.close()
    report(samples, len(text.encode("utf-8")))


if __name__ == "__main__":
    main()

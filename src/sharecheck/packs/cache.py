"""A cache of loaded, linted, compiled packs: plain JSON, keyed by what the pack is made of.

Loading the default pack (about 3,000 lines of YAML, validated, its conditions parsed and
type-checked, the gateway catalogue compiled) is most of a cold start. A cache entry holds the
finished Pack as tagged JSON (never pickle: reading a cache must never run code, and only
sharecheck's own value classes can be rebuilt from it), together with the sha256 of every file of
every layer of the pack, of the schemas and of sharecheck's own source, and sharecheck's version.
An entry is used only when all of these still match; anything else (stale, corrupt, truncated,
unreadable, another version's) is ignored and rebuilt silently, and a cache that cannot be written
is simply not written. `SHARECHECK_NO_CACHE` (any non-empty value) or `check --no-cache` turns it
off; `SHARECHECK_CACHE_DIR` moves it (default: the user cache folder, via platformdirs).
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import enum
import hashlib
import json
import os
import sys
import tempfile
from collections.abc import Sequence
from fractions import Fraction
from pathlib import Path
from typing import Any

import orjson

from sharecheck import _version
from sharecheck.packs.loader import Pack, load_pack
from sharecheck.reading.bundled import default_rules_dir, schemas_dir

FORMAT = 1
_PACKAGE = Path(__file__).resolve().parents[1]


def enabled() -> bool:
    return not os.environ.get("SHARECHECK_NO_CACHE")


def default_dir() -> Path:
    override = os.environ.get("SHARECHECK_CACHE_DIR")
    if override:
        return Path(override)
    import platformdirs

    return Path(platformdirs.user_cache_dir("sharecheck", appauthor=False))


def load(directories: Sequence[Path] = (), *, cache_dir: Path | None = None, use_cache: bool = True) -> Pack:
    """`load_pack(directories)`, from the cache when an entry for exactly these files exists."""
    if not (use_cache and enabled()):
        return load_pack(list(directories))
    folder = cache_dir or default_dir()
    entry = folder / f"pack-{_entry_name(directories)}.json"
    cached = _read(entry)
    if cached is not None:
        return cached
    pack = load_pack(list(directories))  # a PackError propagates: an invalid pack is never cached
    _write(entry, pack)
    return pack


def _entry_name(directories: Sequence[Path]) -> str:
    requested = [str(Path(d).resolve()) for d in directories] or [str(default_rules_dir())]
    # one entry per Python too, so that interpreters sharing a cache folder do not evict each other
    key = [_version.__version__, list(sys.version_info[:2]), requested]
    return hashlib.sha256(json.dumps(key).encode()).hexdigest()[:32]


def _digest_files(paths: Sequence[Path]) -> dict[str, str]:
    return {str(p): hashlib.sha256(p.read_bytes()).hexdigest() for p in paths}


def _layer_files(directory: Path) -> list[Path]:
    """The files a pack layer is read from (the loader's own selection)."""
    return sorted(p for p in directory.glob("*.yaml") if p.is_file()) + sorted(
        p for p in directory.glob("*.yml") if p.is_file()
    )


def _fingerprint(layers: Sequence[Path]) -> dict[str, Any]:
    """Everything a loaded pack depends on, as digests."""
    schemas = sorted(p for p in schemas_dir().glob("*.json") if p.is_file())
    code = sorted(_PACKAGE.rglob("*.py"))
    return {
        "format": FORMAT,
        "version": _version.__version__,
        "python": list(sys.version_info[:2]),
        "layers": [str(d) for d in layers],
        "files": _digest_files([f for d in layers for f in _layer_files(d)]),
        "schemas": _digest_files(schemas),
        # sharecheck's own source by size and time of change: an edited checkout (same version)
        # must not reuse a pack built by other code, and stat is far cheaper than hashing it all
        "code": {str(p): [(st := p.stat()).st_size, st.st_mtime_ns] for p in code},
    }


def _read(entry: Path) -> Pack | None:
    try:
        stored = orjson.loads(entry.read_bytes())
        if not isinstance(stored, dict) or stored.get("format") != FORMAT:
            return None
        if stored.get("version") != _version.__version__:
            return None
        layers = [Path(d) for d in stored["layers"]]
        if stored["fingerprint"] != _fingerprint(layers):
            return None
        pack = decode(stored["pack"])
    except Exception:  # a cache is only ever a shortcut: any doubt at all means rebuild
        return None
    return pack if isinstance(pack, Pack) else None


def _write(entry: Path, pack: Pack) -> None:
    with contextlib.suppress(Exception):  # an unwritable cache costs speed, never correctness
        stored = {
            "format": FORMAT,
            "version": _version.__version__,
            "layers": [str(d) for d in pack.layers],
            "fingerprint": _fingerprint(pack.layers),
            "pack": encode(pack),
        }
        entry.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=entry.parent, prefix=".pack-", suffix=".tmp")
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(orjson.dumps(stored))
            Path(temporary).replace(entry)  # atomic: a reader sees the old entry or the new, never half
        finally:
            with contextlib.suppress(OSError):
                Path(temporary).unlink()


# --- The codec: sharecheck's frozen values <-> tagged JSON ------------------------------------
# A JSON object in the encoding is always a tag: {"$": kind, ...}. Lists stay lists.


def _value_classes() -> dict[str, type]:
    """The only classes a cache entry may name: the dataclasses and enums of the modules a
    Pack is built from."""
    from sharecheck.band import framework
    from sharecheck.engines import conditions, projection, runtime
    from sharecheck.law import gateway_catalogue
    from sharecheck.packs import loader, rule
    from sharecheck.reading import fieldtypes
    from sharecheck.results import report

    found: dict[str, type] = {}
    for module in (framework, conditions, projection, runtime, gateway_catalogue, loader, rule, fieldtypes, report):
        for value in vars(module).values():
            ours = isinstance(value, type) and value.__module__ == module.__name__
            if ours and (dataclasses.is_dataclass(value) or issubclass(value, enum.Enum)):
                found[f"{value.__module__}.{value.__qualname__}"] = value
    return found


_PLAIN = frozenset({str, int, float, bool, type(None)})
_FIELDS: dict[type, tuple[str, ...]] = {}  # a dataclass -> the names its __init__ takes


def encode(value: Any) -> Any:
    kind = type(value)
    if kind in _PLAIN:
        return value
    if kind is list:
        return [encode(v) for v in value]
    if kind is tuple:
        return {"$": "tuple", "items": [encode(v) for v in value]}
    if kind is dict:
        return {"$": "dict", "items": [[encode(k), encode(v)] for k, v in value.items()]}
    names = _FIELDS.get(kind)
    if names is None and dataclasses.is_dataclass(kind):
        names = _FIELDS[kind] = tuple(f.name for f in dataclasses.fields(kind) if f.init)
    if names is not None:
        return {"$": "value", "class": _name(kind), "fields": {n: encode(getattr(value, n)) for n in names}}
    if isinstance(value, (set, frozenset)):
        tag = "set" if isinstance(value, set) else "frozenset"
        return {"$": tag, "items": sorted((encode(v) for v in value), key=json.dumps)}
    if isinstance(value, enum.Enum):
        return {"$": "enum", "class": _name(kind), "value": value.value}
    if isinstance(value, Fraction):
        return {"$": "fraction", "value": [value.numerator, value.denominator]}
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return {"$": "date", "value": value.isoformat()}
    if isinstance(value, Path):
        return {"$": "path", "value": str(value)}
    raise TypeError(f"a pack holds a {kind.__name__}, which the cache cannot store")


def _name(cls: type) -> str:
    return f"{cls.__module__}.{cls.__qualname__}"


def decode(data: Any, classes: dict[str, type] | None = None) -> Any:
    """The value `encode` stored; only the classes `_value_classes` allows are ever built."""
    return _decode(data, classes if classes is not None else _value_classes())


def _decode(data: Any, classes: dict[str, type]) -> Any:
    if data is None or isinstance(data, (bool, int, float, str)):
        return data
    if isinstance(data, list):
        return [_decode(v, classes) for v in data]
    kind = data["$"]
    if kind == "value":
        fields = data["fields"]
        return classes[data["class"]](**{k: _decode(v, classes) for k, v in fields.items()})
    if kind == "tuple":
        return tuple(_decode(v, classes) for v in data["items"])
    if kind == "dict":
        return {_decode(k, classes): _decode(v, classes) for k, v in data["items"]}
    if kind == "set":
        return {_decode(v, classes) for v in data["items"]}
    if kind == "frozenset":
        return frozenset(_decode(v, classes) for v in data["items"])
    if kind == "enum":
        return classes[data["class"]](data["value"])
    if kind == "fraction":
        return Fraction(*data["value"])
    if kind == "date":
        return dt.date.fromisoformat(data["value"])
    if kind == "path":
        return Path(data["value"])
    raise ValueError(f"not a cache encoding: {kind!r}")

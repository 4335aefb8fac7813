"""Typed options: declared once as typed keyword parameters, checked before a run starts.

A stage's options are the keyword parameters of its constructor (or filter function), with
their type hints and defaults; a range goes next to the type
(``min_words: Annotated[int, Field(ge=1)] = 50``). ``check_options`` validates config values
against them in strict mode (``"50"`` is not an integer, ``"yes"`` not a boolean, ``.inf`` not a
number) and reports the first problem as one line naming its YAML path:
``stages[3].gopher_quality.min_doc_words: expected an integer, got "50"``. The JSON Schema of
``dataprep schema`` and the option tables of ``docs/config.md`` come from the same
declarations.
"""

from __future__ import annotations

import collections.abc
import dataclasses
import inspect
import json
import types
import typing
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cache, partial
from typing import Annotated, Any, Literal, Union

import typing_extensions
from pydantic import (
    BeforeValidator,
    ConfigDict,
    Field,
    PydanticUserError,
    TypeAdapter,
    ValidationError,
)

from dataprep.errors import ConfigError

STRICT = ConfigDict(strict=True, allow_inf_nan=False)
REQUIRED = inspect.Parameter.empty
# Parameters that are not options: the text and language a filter gets per row, the name the
# runner assigns.
NOT_OPTIONS = frozenset({"self", "text", "lang", "name"})
PositiveInt = Annotated[int, Field(ge=1)]
NonEmptyStr = Annotated[str, Field(min_length=1)]


@dataclass(frozen=True)
class Option:
    """One option: its type (possibly ``Annotated`` with constraints) and default."""

    annotation: Any
    default: Any = REQUIRED

    @property
    def required(self) -> bool:
        return self.default is REQUIRED

    @property
    def adapter(self) -> TypeAdapter:
        return _adapter(self.annotation)


@cache
def _adapter(annotation: Any) -> TypeAdapter:
    try:
        return TypeAdapter(annotation, config=STRICT)
    except PydanticUserError:  # a TypedDict or model: configured by ``with_config(STRICT)``
        return TypeAdapter(annotation)


def _list_to_tuple(value: Any) -> Any:
    return tuple(value) if isinstance(value, list) else value


def _as_config_type(annotation: Any) -> Any:
    """The annotation as config values meet it: YAML has lists, no tuples or iterables, so an
    ``Iterable[X]`` or ``Sequence[X]`` takes a list of X and a tuple is given as a list."""
    origin, args = typing.get_origin(annotation), typing.get_args(annotation)
    if origin is None or not args:
        return annotation
    inner = tuple(_as_config_type(a) for a in args)
    if origin is Annotated:
        return Annotated[(inner[0], *annotation.__metadata__)]
    if origin in (collections.abc.Iterable, collections.abc.Sequence, list):
        return list[inner[0]]  # type: ignore[valid-type]
    if origin in (Union, types.UnionType):
        return Union[inner]  # noqa: UP007
    if origin is tuple:
        return Annotated[tuple[inner], BeforeValidator(_list_to_tuple)]  # type: ignore[misc]
    if origin in (dict, collections.abc.Mapping):
        return dict[inner[0], inner[1]]  # type: ignore[valid-type]
    return annotation


def _callable_of(fn: Any) -> Any:
    while isinstance(fn, partial):
        fn = fn.func
    return fn.__init__ if inspect.isclass(fn) else fn


def options_of(fn: Callable[..., Any], skip: frozenset[str] = NOT_OPTIONS, *,
               keyword_only: bool = False) -> dict[str, Option]:
    """The options ``fn`` declares: its keyword parameters with their hints and defaults
    (with ``keyword_only``, not those that can also be passed by position: the data)."""
    target = _callable_of(fn)
    # A dataclass's generated __init__ has no module globals to resolve string hints in.
    owner = fn if dataclasses.is_dataclass(fn) else target
    hints = typing.get_type_hints(owner, include_extras=True)
    bound = set(fn.keywords) if isinstance(fn, partial) else set()
    found = {}
    for name, param in inspect.signature(target).parameters.items():
        kinds = (param.KEYWORD_ONLY,) if keyword_only else (param.KEYWORD_ONLY,
                                                             param.POSITIONAL_OR_KEYWORD)
        if name in skip or name in bound or param.kind not in kinds:
            continue
        found[name] = Option(_as_config_type(hints.get(name, Any)), param.default)
    return found


def _not_none(annotation: Any) -> Any:
    if typing.get_origin(annotation) in (Union, types.UnionType):
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        return Union[tuple(args)] if len(args) > 1 else args[0]  # noqa: UP007
    return annotation


def describe(annotation: Any) -> str:
    """An annotation in words, for error messages and docs: ``a list of strings or null``."""
    origin, args = typing.get_origin(annotation), typing.get_args(annotation)
    if origin is Annotated:
        return describe(args[0]) + _bounds(annotation.__metadata__)
    if typing_extensions.is_typeddict(annotation):
        hints = typing.get_type_hints(annotation, include_extras=True)
        keys = ", ".join(f"{k} ({describe(_unwrap_required(v))})" for k, v in hints.items())
        return f"a mapping with {keys}"
    if origin in (Union, types.UnionType):
        return " or ".join(describe(a) for a in args)
    if origin is Literal:
        return "one of " + ", ".join(json.dumps(a) for a in args)
    if origin is tuple:
        return "a list [" + ", ".join(describe(a) for a in args) + "]"
    if origin is list:
        return f"a list of {_plural(describe(args[0]))}" if args else "a list"
    if origin is dict or annotation is dict:
        if not args or args[1] is Any:
            return "a mapping"
        return f"a mapping to {_plural(describe(args[1]))}"
    names = {int: "an integer", float: "a number", bool: "true or false", str: "a string",
             type(None): "null", Any: "any value"}
    return names.get(annotation, getattr(annotation, "__name__", str(annotation)))


def _unwrap_required(annotation: Any) -> Any:
    if typing.get_origin(annotation) in (typing.Required, typing.NotRequired):
        return typing.get_args(annotation)[0]
    return annotation


def _bounds(metadata: tuple[Any, ...]) -> str:
    """Constraints of ``Annotated`` metadata in words: ``>= 1``, ``non-empty``."""
    words = []
    for item in metadata:
        for constraint in [item, *getattr(item, "metadata", [])]:
            for key, symbol in (("ge", ">="), ("gt", ">"), ("le", "<="), ("lt", "<")):
                bound = getattr(constraint, key, None)
                if isinstance(bound, int | float) and not isinstance(constraint, type):
                    words.append(f"{symbol} {bound}")
            if getattr(constraint, "min_length", None) == 1:
                words.append("non-empty")
    return f" ({', '.join(dict.fromkeys(words))})" if words else ""


def _plural(words: str) -> str:
    plurals = {"an integer": "integers", "a number": "numbers", "a string": "strings",
               "true or false": "booleans", "a mapping": "mappings"}
    head, paren, rest = words.partition(" (")
    return plurals.get(head, head) + paren + rest


def _json(value: Any) -> str:
    try:
        return json.dumps(value, ensure_ascii=False)
    except (TypeError, ValueError):
        return repr(value)


_EXPECTED = {"int_type": "an integer", "int_parsing": "an integer", "float_type": "a number",
             "bool_type": "true or false", "string_type": "a string", "list_type": "a list",
             "tuple_type": "a list", "dict_type": "a mapping", "none_required": "null"}


def _problem(error: dict[str, Any]) -> str:
    """One pydantic error in words."""
    kind, ctx = error["type"], error.get("ctx") or {}
    for key, symbol in (("ge", ">="), ("gt", ">"), ("le", "<="), ("lt", "<")):
        if key in ctx:
            bound = ctx[key]
            bound = int(bound) if isinstance(bound, float) and bound.is_integer() else bound
            return f"must be {symbol} {bound}, got {_json(error['input'])}"
    if kind == "too_short":
        return f"must not be empty, got {_json(error['input'])}"
    if kind == "too_long":
        return f"takes at most {ctx.get('max_length')} items"
    if kind == "finite_number":
        return f"must be a finite number, got {_json(error['input'])}"
    if kind == "missing":
        return "missing"
    if kind == "extra_forbidden":
        return "unknown key"
    if kind == "value_error":
        return str(ctx.get("error", error["msg"]))
    if kind == "literal_error":
        return f"expected one of {ctx.get('expected')}, got {_json(error['input'])}"
    expected = _EXPECTED.get(kind)
    if expected:
        return f"expected {expected}, got {_json(error['input'])}"
    return f"{error['msg'][:1].lower()}{error['msg'][1:]}, got {_json(error['input'])}"


def _is_json(value: Any) -> bool:
    try:
        json.dumps(value, allow_nan=False)
    except (TypeError, ValueError):
        return False
    return True


def _path(loc: tuple[Any, ...]) -> str:
    return "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in loc)


def _message(option: Option, value: Any, exc: ValidationError) -> tuple[str, str]:
    """(path suffix, message) of the problem pydantic found.

    One error has a precise place (``.seed``, ``[2]``); several are the branches of a union
    that all failed: then the value as a whole is described.
    """
    errors = exc.errors()
    if len(errors) == 1:
        return _path(errors[0]["loc"]), _problem(errors[0])
    if any(e["type"] == "finite_number" for e in errors):
        return "", f"must be finite numbers, got {_json(value)}"
    return "", f"expected {describe(option.annotation)}, got {_json(value)}"


def _at(where: str, key: str) -> str:
    return f"{where}.{key}" if where else key


def check_options(params: Mapping[str, Any], options: Mapping[str, Option],
                  where: str) -> dict[str, Any]:
    """Check ``params`` (from the config) against ``options``; the params, unchanged.

    Raises ``ConfigError("<where>.<option>: ...")`` for an unknown option, a missing required
    one, or a value of the wrong type or out of range.
    """
    if not isinstance(params, Mapping):
        raise ConfigError(f"{where}: expected a mapping of options, got {_json(params)}")
    for key, value in params.items():
        option = options.get(key)
        if option is None:
            allowed = ", ".join(sorted(options)) or "none"
            raise ConfigError(f"{_at(where, key)}: unknown option (allowed: {allowed})")
        try:
            # Past a null check, the declared type without ``| None``: errors get a place.
            adapter = option.adapter if value is None else _adapter(_not_none(option.annotation))
            adapter.validate_python(value)
        except ValidationError as exc:
            suffix, message = _message(option, value, exc)
            raise ConfigError(f"{_at(where, key)}{suffix}: {message}") from None
    for key, option in options.items():
        if option.required and key not in params:
            expected = describe(option.annotation)
            raise ConfigError(f"{_at(where, key)}: missing (expected {expected})")
    return dict(params)


def json_schema(options: Mapping[str, Option]) -> dict[str, Any]:
    """A JSON Schema object for a mapping of these options (no other keys)."""
    properties = {}
    for name, option in options.items():
        schema = option.adapter.json_schema()
        if not option.required and _is_json(option.default):
            schema["default"] = option.default
        properties[name] = schema
    required = sorted(name for name, option in options.items() if option.required)
    schema: dict[str, Any] = {"type": "object", "properties": properties,
                              "additionalProperties": False}
    if required:
        schema["required"] = required
    return schema

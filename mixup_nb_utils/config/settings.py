"""The base of every chapter's settings: a frozen dataclass whose fields are checked against their types.

A chapter's settings class (:mod:`mixup_nb_utils.config.chapters`) declares each setting as a typed
field with its default-scale value, and the values that differ at the paper's scale in ``PAPER``.
Building one (``Settings.at_scale("paper")``, or ``dataclasses.replace(settings, epochs=...)``)
checks every field once, against its annotation (``int``, ``float``, ``tuple[float, ...]``,
``str | None``, a ``Literal``), and then the chapter's value rules; a wrong type or value raises
:class:`SettingError` naming the chapter and the field. Downstream code reads ``settings.epochs`` as
the int it is declared to be: no coercion.
"""

from __future__ import annotations

import dataclasses
import math
import types
import typing
from dataclasses import dataclass
from typing import Any, ClassVar, Mapping

SCALES: tuple[str, ...] = ("default", "paper")


class SettingError(ValueError):
    """A chapter setting of the wrong type or value (the message names the chapter and the field)."""


def _check(tp: Any, value: Any, name: str) -> Any:
    """``value`` checked against the annotation ``tp`` (ints as floats where a float is declared)."""
    origin, args = typing.get_origin(tp), typing.get_args(tp)
    if origin in (typing.Union, types.UnionType):
        if value is None and type(None) in args:
            return None
        errors = []
        for option in (a for a in args if a is not type(None)):
            try:
                return _check(option, value, name)
            except SettingError as e:
                errors.append(str(e))
        raise SettingError(" or ".join(errors) if len(errors) > 1 else errors[0])
    if origin is typing.Literal:
        if value not in args:
            raise SettingError(f"{name} must be one of {args}, got {value!r}.")
        return value
    if origin is tuple:
        if not isinstance(value, (tuple, list)):
            raise SettingError(f"{name} must be a tuple, got {value!r} ({type(value).__name__}).")
        if len(args) == 2 and args[1] is Ellipsis:
            return tuple(_check(args[0], v, f"{name}[{i}]") for i, v in enumerate(value))
        if len(value) != len(args):
            raise SettingError(f"{name} must have {len(args)} entries, got {value!r}.")
        return tuple(_check(a, v, f"{name}[{i}]") for i, (a, v) in enumerate(zip(args, value)))
    if tp is float:
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
            raise SettingError(f"{name} must be a finite float, got {value!r} ({type(value).__name__}).")
        return float(value)
    if tp is int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise SettingError(f"{name} must be an int, got {value!r} ({type(value).__name__}).")
        return value
    if tp in (str, bool) and not isinstance(value, tp):
        raise SettingError(f"{name} must be a {tp.__name__}, got {value!r} ({type(value).__name__}).")
    return value


def _flat(value: Any):
    if isinstance(value, tuple):
        for v in value:
            yield from _flat(v)
    else:
        yield value


@dataclass(frozen=True, repr=False)
class ChapterSettings:
    """One chapter's settings at one scale (``scale``: "default" or "paper"), frozen and checked.

    Value rules shared by every chapter: counts (int fields) are >= 1 and ``seed`` >= 0; a field whose
    name holds "alpha" or "lr" is positive; "fraction" lies in (0, 1]. A chapter adds its own in
    :meth:`check_values`.
    """

    CHAPTER: ClassVar[str] = ""
    PAPER: ClassVar[Mapping[str, Any]] = {}

    scale: str = "default"

    def __post_init__(self) -> None:
        if self.scale not in SCALES:
            raise SettingError(f"{self.CHAPTER}.scale must be one of {SCALES}, got {self.scale!r}.")
        hints = typing.get_type_hints(type(self))
        for f in dataclasses.fields(self):
            name = f"{self.CHAPTER}.{f.name}"
            value = _check(hints[f.name], getattr(self, f.name), name)
            object.__setattr__(self, f.name, value)
            numbers = [v for v in _flat(value) if isinstance(v, (int, float)) and not isinstance(v, bool)]
            if f.name == "seed":
                self._require(value >= 0, f.name, "must be >= 0")
            elif hints[f.name] in (int, int | None) and value is not None:
                self._require(value >= 1, f.name, "must be >= 1")
            if "alpha" in f.name or f.name == "lr":
                self._require(all(v > 0 for v in numbers), f.name, "must be positive")
            if "fraction" in f.name:
                self._require(all(0 < v <= 1 for v in numbers), f.name, "must lie in (0, 1]")
        self.check_values()

    def _require(self, ok: bool, field: str, rule: str) -> None:
        if not ok:
            raise SettingError(f"{self.CHAPTER}.{field} {rule}, got {getattr(self, field)!r}.")

    def check_values(self) -> None:
        """The chapter's own value rules (none by default)."""

    @classmethod
    def at_scale(cls, scale: str) -> "ChapterSettings":
        """The settings at ``scale``: the defaults, with ``PAPER`` applied at the paper's scale."""
        if scale not in SCALES:
            raise SettingError(f"scale {scale!r} is not one of {SCALES}.")
        return cls(scale=scale, **(dict(cls.PAPER) if scale == "paper" else {}))

    def paper(self) -> "ChapterSettings":
        """The same chapter's settings at the paper's scale."""
        return type(self).at_scale("paper")

    def __repr__(self) -> str:
        return f"{type(self).__name__}(scale={self.scale!r}, {len(dataclasses.fields(self)) - 1} settings)"

"""The scale switch and every chapter's settings, read in one place.

``MIXUP_SCALE`` selects the settings of every chapter:

- ``default`` (or unset): each chapter executes in minutes on a 2-core CPU;
- ``paper``: the paper's exact settings (meant for a GPU).

A chapter's parameters cell is one line: ``settings = chapter_settings("<chapter>")``, which returns
that chapter's frozen, typed settings dataclass (checked once, here, where it is read).

- ``settings``  the base class: typed fields checked against their annotations, value rules, the scale
- ``chapters``  one settings class per chapter, and the α lists several modules share
- ``training``  :class:`TrainConfig`, the MLP trainer's config (a chapter's settings hand it over)
"""

from __future__ import annotations

import dataclasses
import os
from types import MappingProxyType
from typing import Any

from .chapters import (CHAPTERS, FIGURE_2_ALPHAS, TABLE_1_ALPHAS, FailureCaseSettings, LinearModelsSettings,
                       MarginSettings, MidpointsSettings, MixupLossSettings, OptimalClassifierSettings,
                       SufficientConditionsSettings)
from .settings import SCALES, ChapterSettings, SettingError
from .training import TrainConfig

__all__ = ["SCALES", "ChapterSettings", "SettingError", "TrainConfig", "CHAPTERS", "FIGURE_2_ALPHAS",
           "TABLE_1_ALPHAS", "MixupLossSettings", "OptimalClassifierSettings", "SufficientConditionsSettings",
           "MidpointsSettings", "FailureCaseSettings", "MarginSettings", "LinearModelsSettings",
           "current_scale", "chapter_settings", "SettingRow", "settings_rows", "chapters"]


def current_scale() -> str:
    """The scale named by ``$MIXUP_SCALE`` (``default`` when unset)."""
    scale = os.environ.get("MIXUP_SCALE", "default").strip().lower() or "default"
    if scale not in SCALES:
        raise SettingError(f"MIXUP_SCALE={scale!r} is not a known scale; use one of {SCALES}.")
    return scale


def chapter_settings(chapter: str, scale: str | None = None) -> ChapterSettings:
    """The settings of ``chapter`` at ``scale`` (default: :func:`current_scale`), frozen, with ``.scale`` set.

    The result is that chapter's settings dataclass (e.g. :class:`MarginSettings`): ``settings.epochs``
    reads a value, assigning one raises ``dataclasses.FrozenInstanceError`` (change a setting in
    :mod:`mixup_nb_utils.config.chapters`, or with ``dataclasses.replace(settings, epochs=...)`` for a
    one-off experiment, which checks the new value too).
    """
    if chapter not in CHAPTERS:
        raise ValueError(f"no settings for chapter {chapter!r}; known chapters: {sorted(CHAPTERS)}.")
    return CHAPTERS[chapter].at_scale(current_scale() if scale is None else scale)


@dataclasses.dataclass(frozen=True)
class SettingRow:
    """One setting of a chapter: its value in this run and at the paper's scale."""

    name: str
    value: Any
    paper_value: Any

    @property
    def differs(self) -> bool:
        return self.value != self.paper_value


def settings_rows(settings: ChapterSettings) -> list[SettingRow]:
    """Every setting of ``settings`` (from :func:`chapter_settings`) beside its value at the paper's scale."""
    if not isinstance(settings, ChapterSettings):
        raise ValueError("settings_rows needs the object returned by chapter_settings(...).")
    paper = settings.paper()
    return [SettingRow(f.name, getattr(settings, f.name), getattr(paper, f.name))
            for f in dataclasses.fields(settings) if f.name != "scale"]


def chapters() -> MappingProxyType:
    """Read-only view of every chapter's settings class by chapter name (for documentation)."""
    return MappingProxyType(CHAPTERS)

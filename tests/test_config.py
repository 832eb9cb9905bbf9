"""Tests of mixup_nb_utils.config: the scale switch and every chapter's settings."""

import pytest

from mixup_nb_utils import config


def test_scale_switch(monkeypatch):
    monkeypatch.delenv("MIXUP_SCALE", raising=False)
    assert config.current_scale() == "default"
    d = config.chapter_settings("mixup_loss")
    monkeypatch.setenv("MIXUP_SCALE", "paper")
    p = config.chapter_settings("mixup_loss")
    assert p.scale == "paper" and d.scale == "default"
    assert p.mc_samples > d.mc_samples and p.seed == d.seed
    monkeypatch.setenv("MIXUP_SCALE", "huge")
    with pytest.raises(ValueError, match="MIXUP_SCALE"):
        config.current_scale()
    with pytest.raises(ValueError, match="no settings"):
        config.chapter_settings("nonexistent", scale="default")


def test_every_chapter_has_default_settings():
    for name, table in config.chapters().items():
        assert "default" in table and "seed" in table["default"], name
        assert set(table) <= set(config.SCALES), name

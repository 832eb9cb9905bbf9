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


def test_settings_are_frozen_and_compared_with_the_paper_scale():
    import dataclasses

    d = config.chapter_settings("mixup_loss", "default")
    with pytest.raises(dataclasses.FrozenInstanceError):
        d.mc_samples = 1
    rows = {r.name: r for r in config.settings_rows(d)}
    assert rows["mc_samples"].differs and rows["mc_samples"].paper_value == config.chapters()["mixup_loss"]["paper"]["mc_samples"]
    assert not rows["seed"].differs and "scale" not in rows
    assert not any(r.differs for r in config.settings_rows(config.chapter_settings("mixup_loss", "paper")))
    with pytest.raises(ValueError, match="chapter_settings"):
        config.settings_rows(object())


def test_settings_table_names_what_differs():
    from mixup_nb_utils.figures.settings import settings_markdown

    text = settings_markdown(config.chapter_settings("mixup_loss", "default"))
    assert "| `mc_samples` | 200000 | 2000000 |" in text and "`seed`" in text.split("The same at both scales")[1]
    assert "All" in settings_markdown(config.chapter_settings("mixup_loss", "paper"))

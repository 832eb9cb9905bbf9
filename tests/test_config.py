"""Tests of mixup_nb_utils.config: the scale switch and every chapter's typed settings."""

import dataclasses

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


def test_every_chapter_has_typed_settings_at_both_scales():
    for name, cls in config.chapters().items():
        assert cls.CHAPTER == name and set(cls.PAPER) <= {f.name for f in dataclasses.fields(cls)}, name
        for scale in config.SCALES:
            s = config.chapter_settings(name, scale)
            assert isinstance(s, cls) and s.scale == scale and isinstance(s.seed, int), name


@pytest.mark.parametrize("field, value, message", [
    ("epochs", "10", "margin.epochs must be an int, got '10'"),
    ("epochs", 10.0, "margin.epochs must be an int"),
    ("epochs", True, "margin.epochs must be an int"),
    ("seeds", 0, "margin.seeds must be >= 1"),
    ("lr", -1e-3, "margin.lr must be positive"),
    ("lr", float("nan"), "margin.lr must be a finite float"),
    ("alphas", (1.0, "32"), r"margin.alphas\[1\] must be a finite float"),
    ("alphas", 32.0, "margin.alphas must be a tuple"),
    ("check_delta", 0.5, "margin.check_delta must lie in"),
    ("scale", "huge", "margin.scale must be one of"),
])
def test_a_wrong_type_or_value_names_the_field(field, value, message):
    with pytest.raises(config.SettingError, match=message):
        dataclasses.replace(config.chapter_settings("margin", "default"), **{field: value})


def test_settings_keep_their_declared_types():
    s = dataclasses.replace(config.chapter_settings("margin", "default"), alphas=[1, 32], lr=1)
    assert s.alphas == (1.0, 32.0) and all(type(a) is float for a in s.alphas) and type(s.lr) is float
    p = config.chapter_settings("midpoints", "paper")
    assert p.timing_ms[-1] == 1600 and p.precision_cases[0] == (1000, "float64")
    with pytest.raises(config.SettingError, match=r"precision_cases\[0\]\[1\] must be one of"):
        dataclasses.replace(p, precision_cases=((10, "float16"),))
    with pytest.raises(config.SettingError, match="protocol must be one of"):
        dataclasses.replace(config.chapter_settings("sufficient_conditions"), protocol="mine")


def test_settings_hand_the_trainer_its_config():
    m = config.chapter_settings("margin", "default")
    cfg = m.train_config("cpu", accumulate_grads=True)
    assert isinstance(cfg, config.TrainConfig)
    assert (cfg.hidden, cfg.epochs, cfg.lr, cfg.record_every, cfg.accumulate_grads) == (m.hidden, m.epochs, m.lr,
                                                                                       m.epochs, True)
    f = config.chapter_settings("failure_case", "default")
    cfg = f.train_config()
    assert (cfg.hidden, cfg.epochs, cfg.lr, cfg.record_every, cfg.device) == (512, 5000, 1e-3, 50, None)


def test_shared_alpha_lists_have_one_source():
    from mixup_nb_utils.experiments import mixup_loss
    from mixup_nb_utils.training import images, jobs

    def default(cls, name):
        return cls.__dataclass_fields__[name].default

    assert default(config.SufficientConditionsSettings, "alphas") is config.FIGURE_2_ALPHAS
    assert default(jobs.JobGrid, "alphas") is config.FIGURE_2_ALPHAS
    assert images.compare_methods.__defaults__[0] is config.FIGURE_2_ALPHAS
    assert default(config.FailureCaseSettings, "alphas_table") is config.TABLE_1_ALPHAS
    assert mixup_loss.SANDWICH_ALPHAS is config.TABLE_1_ALPHAS


def test_settings_are_frozen_and_compared_with_the_paper_scale():
    d = config.chapter_settings("mixup_loss", "default")
    with pytest.raises(dataclasses.FrozenInstanceError):
        d.mc_samples = 1
    rows = {r.name: r for r in config.settings_rows(d)}
    assert rows["mc_samples"].differs and rows["mc_samples"].paper_value == config.MixupLossSettings.PAPER["mc_samples"]
    assert not rows["seed"].differs and "scale" not in rows
    assert not any(r.differs for r in config.settings_rows(config.chapter_settings("mixup_loss", "paper")))
    with pytest.raises(ValueError, match="chapter_settings"):
        config.settings_rows(object())


def test_settings_table_names_what_differs():
    from mixup_nb_utils.figures.settings import settings_markdown

    text = settings_markdown(config.chapter_settings("mixup_loss", "default"))
    assert "| `mc_samples` | 200000 | 2000000 |" in text and "`seed`" in text.split("The same at both scales")[1]
    assert "All" in settings_markdown(config.chapter_settings("mixup_loss", "paper"))

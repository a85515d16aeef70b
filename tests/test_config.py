"""Settings: defaults < file < environment < flags; misconfiguration fails with a clear message."""

import pytest

from storyline.config import Settings, load_settings
from storyline.errors import ConfigError


def test_precedence(tmp_path, monkeypatch):
    cfg = tmp_path / "storyline.toml"
    cfg.write_text('db = "from-file.db"\nbatch_size = 8\nwindow_days = 3\n', encoding="utf-8")
    monkeypatch.setenv("STORYLINE_BATCH_SIZE", "16")
    s = load_settings({"window_days": 5}, str(cfg))
    assert (s.db, s.batch_size, s.window_days) == ("from-file.db", 16, 5.0)
    assert load_settings({}, str(cfg)).window_days == 3.0


def test_defaults_and_descriptions(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    assert load_settings() == Settings()
    assert all(help_text for _, _, help_text in Settings.describe())


@pytest.mark.parametrize("content, message", [
    ("db = [", "not a valid TOML"),
    ("colour = 'red'", "unknown setting"),
    ("batch_size = 'many'", "batch_size"),
])
def test_bad_settings_file(tmp_path, content, message):
    cfg = tmp_path / "bad.toml"
    cfg.write_text(content, encoding="utf-8")
    with pytest.raises(ConfigError, match=message):
        load_settings({}, str(cfg))


def test_missing_named_file_is_an_error(tmp_path):
    with pytest.raises(ConfigError, match="not found"):
        load_settings({}, str(tmp_path / "nope.toml"))

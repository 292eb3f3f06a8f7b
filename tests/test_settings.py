"""The typed configuration helpers, and the settings' refusal of unsafe set-ups."""

import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from samen.conf import env_bool, env_int, env_list, env_path, env_str


@pytest.mark.parametrize(
    ("raw", "expected"), [("true", True), ("Ja", True), ("0", False), ("off", False)]
)
def test_bool_reads_common_spellings(monkeypatch, raw, expected):
    monkeypatch.setenv("SAMEN_FLAG", raw)

    assert env_bool("SAMEN_FLAG") is expected


def test_bool_refuses_other_words_and_names_the_variable(monkeypatch):
    monkeypatch.setenv("SAMEN_FLAG", "maybe")

    with pytest.raises(ImproperlyConfigured, match="SAMEN_FLAG must be true or false, not 'maybe'"):
        env_bool("SAMEN_FLAG")


def test_missing_values_take_the_default(monkeypatch):
    monkeypatch.delenv("SAMEN_ABSENT", raising=False)

    assert env_bool("SAMEN_ABSENT", True) is True
    assert env_int("SAMEN_ABSENT", 7) == 7
    assert env_str("SAMEN_ABSENT", "x") == "x"
    assert env_list("SAMEN_ABSENT", ["a"]) == ["a"]


def test_int_refuses_text_and_names_the_variable(monkeypatch):
    monkeypatch.setenv("SAMEN_PORT", "eighty")

    with pytest.raises(ImproperlyConfigured, match="SAMEN_PORT must be a whole number"):
        env_int("SAMEN_PORT", 80)


def test_int_refuses_values_below_the_minimum(monkeypatch):
    monkeypatch.setenv("SAMEN_WORKERS", "0")

    with pytest.raises(ImproperlyConfigured, match="SAMEN_WORKERS must be at least 1, not 0"):
        env_int("SAMEN_WORKERS", 2, minimum=1)


def test_required_string_names_the_variable(monkeypatch):
    monkeypatch.delenv("SAMEN_NEEDED", raising=False)
    monkeypatch.delenv("SAMEN_NEEDED_FILE", raising=False)

    with pytest.raises(ImproperlyConfigured, match="SAMEN_NEEDED is required"):
        env_str("SAMEN_NEEDED", required=True)


def test_list_splits_on_commas_and_drops_blanks(monkeypatch):
    monkeypatch.setenv("SAMEN_HOSTS", " samen.example ,, beheer.samen.example ")

    assert env_list("SAMEN_HOSTS", []) == ["samen.example", "beheer.samen.example"]


def test_path_is_made_absolute(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SAMEN_DATA_DIR", "data")

    assert env_path("SAMEN_DATA_DIR", Path("/elsewhere")) == (tmp_path / "data").resolve()


def test_name_file_gives_the_value_from_a_file(monkeypatch, tmp_path):
    secret = tmp_path / "password"
    secret.write_text("s3cret-from-a-file\n", encoding="utf-8")
    monkeypatch.delenv("SAMEN_EMAIL_PASSWORD", raising=False)
    monkeypatch.setenv("SAMEN_EMAIL_PASSWORD_FILE", str(secret))

    assert env_str("SAMEN_EMAIL_PASSWORD") == "s3cret-from-a-file"


def test_the_variable_itself_wins_over_its_file(monkeypatch, tmp_path):
    secret = tmp_path / "password"
    secret.write_text("from-file", encoding="utf-8")
    monkeypatch.setenv("SAMEN_EMAIL_PASSWORD", "from-env")
    monkeypatch.setenv("SAMEN_EMAIL_PASSWORD_FILE", str(secret))

    assert env_str("SAMEN_EMAIL_PASSWORD") == "from-env"


def test_unreadable_name_file_names_the_variable(monkeypatch, tmp_path):
    monkeypatch.delenv("SAMEN_EMAIL_PASSWORD", raising=False)
    monkeypatch.setenv("SAMEN_EMAIL_PASSWORD_FILE", str(tmp_path / "missing"))

    with pytest.raises(ImproperlyConfigured, match="SAMEN_EMAIL_PASSWORD_FILE points at"):
        env_str("SAMEN_EMAIL_PASSWORD")


def load_settings(tmp_path: Path, **env: str) -> subprocess.CompletedProcess:
    """Import the settings in a fresh interpreter, as a process start does."""
    clean = {
        "PATH": "/usr/bin:/bin",
        "HOME": str(tmp_path),
        "SAMEN_DATA_DIR": str(tmp_path / "data"),
    }
    clean.update(env)
    return subprocess.run(
        [sys.executable, "-c", "from samen import settings; print(settings.SECRET_KEY)"],
        env=clean,
        capture_output=True,
        text=True,
        check=False,
    )


def test_production_without_a_secret_key_fails_at_start(tmp_path):
    result = load_settings(tmp_path)

    assert result.returncode != 0
    assert "SAMEN_SECRET_KEY is required" in result.stderr
    assert not (tmp_path / "data" / "demo-secret-key").exists()


def test_a_short_secret_key_is_refused(tmp_path):
    result = load_settings(tmp_path, SAMEN_SECRET_KEY="too-short")

    assert result.returncode != 0
    assert "SAMEN_SECRET_KEY must be at least 32 characters" in result.stderr


def test_secret_key_can_come_from_a_file(tmp_path):
    key = tmp_path / "key"
    key.write_text("k" * 40, encoding="utf-8")

    result = load_settings(tmp_path, SAMEN_SECRET_KEY_FILE=str(key))

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "k" * 40


def test_demo_mode_keeps_its_generated_key_for_the_next_start(tmp_path):
    first = load_settings(tmp_path, SAMEN_DEMO="true")
    second = load_settings(tmp_path)

    assert first.returncode == 0, first.stderr
    assert second.returncode == 0, second.stderr
    assert first.stdout == second.stdout
    assert len(first.stdout.strip()) >= 50


def test_unparsable_database_url_names_the_variable(tmp_path):
    result = load_settings(tmp_path, SAMEN_DEMO="true", DATABASE_URL="nosuchdb://x")

    assert result.returncode != 0
    assert "ImproperlyConfigured: DATABASE_URL cannot be parsed" in result.stderr

"""Every setting is read in one place and checked before anything runs: a bad one is one clear ConfigError."""

import re

import click
import pytest
from conftest import ROOT

from extractor.cli import main
from extractor.errors import ConfigError
from extractor.model.backend import host_of
from extractor.settings import ENV, Settings


@pytest.mark.parametrize("variable, value, expected", [
    ("EXTRACTOR_MAX_TOKENS", "lots", "a whole number ≥ 1"),
    ("EXTRACTOR_TIMEOUT", "-3", "seconds > 0"),
    ("EXTRACTOR_MODE", "yaml", "json or tools or json_schema"),
    ("EXTRACTOR_SCHEMA_GRAMMAR", "maybe", "1 or 0"),
    ("EXTRACTOR_MAX_CHARS", "0", "a whole number ≥ 1"),
])
def test_a_variable_that_does_not_parse_is_named_with_what_is_expected(monkeypatch, variable, value, expected):
    monkeypatch.setenv(variable, value)
    with pytest.raises(ConfigError) as raised:
        Settings.from_env()
    assert variable in str(raised.value) and expected in str(raised.value) and repr(value) in str(raised.value)


def test_a_base_url_needs_a_model_and_a_valid_port():
    with pytest.raises(ConfigError, match="needs the model's name"):
        Settings(base_url="https://api.example.org/v1")
    with pytest.raises(ConfigError, match="port"):
        Settings(base_url="http://127.0.0.1:99999/v1", model="m")
    with pytest.raises(ConfigError, match="http"):
        Settings(base_url="localhost:8000", model="m")
    assert host_of("http://127.0.0.1:99999/v1") == "http://127.0.0.1"  # the error path never crashes on it


def test_the_api_key_comes_from_the_environment_and_never_shows(monkeypatch):
    monkeypatch.setenv("EXTRACTOR_BASE_URL", "https://api.example.org/v1")
    monkeypatch.setenv("EXTRACTOR_MODEL", "m")
    monkeypatch.setenv("OPENAI_API_KEY", "sk-from-env")
    settings = Settings.from_env(max_tokens=256)
    assert settings.api_key == "sk-from-env" and "sk-from-env" not in repr(settings)
    monkeypatch.setenv("EXTRACTOR_API_KEY", "sk-ours")
    assert Settings.from_env().api_key == "sk-ours"


def test_the_readme_lists_every_variable():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert [name for name in ENV if f"`{name}`" not in readme] == []


def test_every_option_of_every_command_says_what_it_does():
    def commands(group, prefix=""):
        for name, command in group.commands.items():
            yield f"{prefix}{name}", command
            if isinstance(command, click.Group):
                yield from commands(command, f"{prefix}{name} ")

    missing = [f"{name} {param.opts[0]}" for name, command in commands(main) for param in command.params
               if isinstance(param, click.Option) and not (param.help or "").strip()]
    assert missing == []
    assert all((command.help or "").strip() for _, command in commands(main))


def test_no_module_but_settings_reads_the_environment():
    package = ROOT / "extractor"
    readers = [str(p.relative_to(ROOT)) for p in package.rglob("*.py")
               if re.search(r"os\.environ|os\.getenv", p.read_text(encoding="utf-8"))]
    assert readers == ["extractor/settings.py"]


def test_tests_never_reach_off_this_machine():
    from conftest import off_this_machine
    assert off_this_machine(("203.0.113.7", 443)) and off_this_machine(("api.openai.com", 443))
    assert not off_this_machine(("127.0.0.1", 8000)) and not off_this_machine(("::1", 8000, 0, 0))
    assert not off_this_machine(("localhost", 8000))

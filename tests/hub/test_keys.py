"""Hub keys live in files outside the database, readable only by the hub's user."""

from __future__ import annotations

import stat

import pytest

from controlroom.hub.keys import KeyFileError, hub_key, key_file, key_variable


def test_a_key_is_made_on_first_use_for_the_hub_s_user_alone_and_then_kept(tmp_path):
    first = hub_key("audit", tmp_path)
    path = key_file("audit", tmp_path)
    assert path == tmp_path / "keys" / "audit.key"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    assert len(first) == 32
    assert hub_key("audit", tmp_path) == first
    assert hub_key("access-token", tmp_path) != first


def test_an_environment_variable_names_a_key_file_elsewhere(tmp_path):
    elsewhere = tmp_path / "secrets" / "shared.key"
    environ = {key_variable("audit"): str(elsewhere)}
    assert key_variable("access-token") == "CONTROLROOM_ACCESS_TOKEN_KEY_FILE"
    made = hub_key("audit", tmp_path / "data", environ=environ)
    assert elsewhere.exists() and not (tmp_path / "data" / "keys").exists()
    assert hub_key("audit", tmp_path / "other", environ=environ) == made


def test_a_key_file_others_may_read_is_refused(tmp_path):
    hub_key("audit", tmp_path)
    key_file("audit", tmp_path).chmod(0o640)
    with pytest.raises(KeyFileError, match="chmod 600"):
        hub_key("audit", tmp_path)


@pytest.mark.parametrize("content", ["", "c2hvcnQ", "not base64 at all!"])
def test_a_key_file_that_holds_no_key_is_refused(tmp_path, content):
    path = key_file("audit", tmp_path)
    path.parent.mkdir()
    path.write_text(content)
    path.chmod(0o600)
    with pytest.raises(KeyFileError):
        hub_key("audit", tmp_path)


def test_without_create_a_missing_key_is_an_error_not_a_new_key(tmp_path):
    with pytest.raises(KeyFileError, match="no key file"):
        hub_key("audit", tmp_path, create=False)
    assert not key_file("audit", tmp_path).exists()

from __future__ import annotations

import json
import os
from pathlib import Path

import attrs
import pytest
from tests.conftest import sample_register

import gdprkit
from gdprkit import LoadError, Register


def test_round_trip_is_equal(register: Register) -> None:
    assert gdprkit.loads(gdprkit.dumps(register)) == register


def test_output_is_deterministic_and_readable(register: Register) -> None:
    text = gdprkit.dumps(register)
    assert text == gdprkit.dumps(sample_register())
    assert text.endswith("\n")
    data = json.loads(text)
    assert next(iter(data)) == "schema_version"
    assert data["schema_version"] == gdprkit.SCHEMA_VERSION
    assert "Pharmacie de l’Étoile SAS" in text  # non-ASCII kept as is
    activity = data["activities"][0]
    assert activity["purposes"][0]["legal_bases"][0]["basis"] == "art6-1-b"  # enums by id
    assert activity["data_categories"][0]["retention"]["archive"]["duration"] == "P5Y"
    assert activity["transfers"][0]["since"] == "2024-01-01"
    assert "role" not in activity  # defaults are omitted


def test_bytes_and_bom_are_accepted(register: Register) -> None:
    text = gdprkit.dumps(register)
    assert gdprkit.loads(text.encode("utf-8")) == register
    assert gdprkit.loads(b"\xef\xbb\xbf" + text.encode("utf-8")) == register


def test_dump_and_load_files(tmp_path: Path, register: Register) -> None:
    target = tmp_path / "register.json"
    gdprkit.dump(register, target)
    assert gdprkit.load(target) == register
    assert target.read_text(encoding="utf-8") == gdprkit.dumps(register)
    assert [p.name for p in tmp_path.iterdir()] == ["register.json"]


def test_dump_is_atomic(
    tmp_path: Path, register: Register, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "register.json"
    target.write_text("old content", encoding="utf-8")

    def crash(_fd: int) -> None:
        raise OSError("disk failure")

    monkeypatch.setattr(os, "fsync", crash)
    with pytest.raises(OSError, match="disk failure"):
        gdprkit.dump(register, target)
    assert target.read_text(encoding="utf-8") == "old content"
    assert [p.name for p in tmp_path.iterdir()] == ["register.json"]


def test_to_dict_and_from_dict(register: Register) -> None:
    data = gdprkit.to_dict(register)
    assert gdprkit.from_dict(data) == register
    assert data["schema_version"] == gdprkit.SCHEMA_VERSION


def test_load_reports_an_unreadable_path(tmp_path: Path) -> None:
    with pytest.raises(LoadError) as caught:
        gdprkit.load(tmp_path / "missing.json")
    assert caught.value.source.endswith("missing.json")
    assert "cannot read the file" in caught.value.problems[0].message


def test_dump_keeps_permissions_and_follows_links(tmp_path: Path, register: Register) -> None:
    target = tmp_path / "register.json"
    target.write_text("{}", encoding="utf-8")
    target.chmod(0o640)
    link = tmp_path / "link.json"
    link.symlink_to(target)
    gdprkit.dump(register, link)
    assert link.is_symlink()
    assert gdprkit.load(target) == register
    assert target.stat().st_mode & 0o777 == 0o640


def test_a_new_file_follows_the_umask(tmp_path: Path, register: Register) -> None:
    old = os.umask(0o027)
    try:
        gdprkit.dump(register, tmp_path / "new.json")
    finally:
        os.umask(old)
    assert (tmp_path / "new.json").stat().st_mode & 0o777 == 0o640


def test_no_recipients_and_recipients_not_stated_stay_apart(register: Register) -> None:
    activity = register.activities[0]
    none = attrs.evolve(register, activities=(attrs.evolve(activity, recipients=()),))
    unstated = attrs.evolve(register, activities=(attrs.evolve(activity, recipients=None),))
    assert gdprkit.to_dict(none)["activities"][0]["recipients"] == []
    assert "recipients" not in gdprkit.to_dict(unstated)["activities"][0]
    assert gdprkit.loads(gdprkit.dumps(none)).activities[0].recipients == ()
    assert gdprkit.loads(gdprkit.dumps(unstated)).activities[0].recipients is None


@pytest.mark.parametrize("version", [1, 2])
def test_earlier_versions_read_unchanged_and_are_written_at_the_current_one(
    version: int,
) -> None:
    # Neither version knew a described start or a sub-processor authorisation.
    document = {
        "schema_version": version,
        "controller": {"name": "ACME SAS", "country": "FR"},
        "activities": [
            {
                "id": "hosting",
                "name": "Hosting",
                "role": "processor",
                "data_categories": [
                    {"name": "Logs", "retention": {"duration": "P1Y", "start": "collection"}}
                ],
                "recipients": [{"name": "Backup Co", "kind": "processor"}],
            }
        ],
    }
    register = gdprkit.from_dict(document)
    (activity,) = register.activities
    assert activity.subprocessor_authorisation is None
    retention = activity.data_categories[0].retention
    assert retention is not None
    assert retention.start_description is None
    assert gdprkit.SCHEMA_VERSION == 3
    assert json.loads(gdprkit.dumps(register)) == {**document, "schema_version": 3}

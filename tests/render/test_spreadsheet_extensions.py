"""The spreadsheet keeps extension fields, accepted findings and an activity's upkeep fields."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import attrs
import pytest

import gdprkit
from gdprkit.model import AcceptedFinding, Register
from gdprkit.render.spreadsheet import export_register, import_register
from gdprkit.serialization import LoadError
from tests.serialization.test_extensions import document


def register() -> Register:
    data = document()
    data["activities"][0].update(owner="Head of sales", status="retired", next_review="2027-01-31")
    data["controller"]["contact"]["x-formula"] = "=1+1"
    accepted = (
        AcceptedFinding(
            rule="GDPR206",
            activity="crm",
            justification="Subjects listed in the CRM's own record.",
            decided_by="DPO",
            until=dt.date(2027, 1, 1),
            fingerprint="0123456789abcdef",
        ),
        AcceptedFinding(rule="GDPR201", justification="-", decided_by="DPO"),
    )
    return attrs.evolve(gdprkit.from_dict(data), accepted_findings=accepted)


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "ods"])
def test_they_survive_the_round_trip(tmp_path: Path, fmt: str) -> None:
    pytest.importorskip({"csv": "csv", "xlsx": "openpyxl", "ods": "odf"}[fmt])
    path = tmp_path / f"register.{fmt}"
    notes = export_register(register(), path, format=fmt)
    assert not [n for n in notes if "empty text" in n]
    back, read_notes = import_register(path)
    assert back == register()
    assert read_notes == ()


def test_the_cover_sheet_lists_them(tmp_path: Path) -> None:
    path = tmp_path / "register.csv"
    export_register(register(), path, format="csv")
    text = path.read_text("utf-8-sig")
    assert "Registre,Constats acceptés (gdprkit)" in text
    assert "Registre,Règle,Traitement (référence),Élément,Justification,Décidé par" in text
    assert "Registre,GDPR206,crm,,Subjects listed in the CRM's own record.,DPO,2027-01-01" in text
    assert 'Registre,,x-owner-team,"""Legal"""' in text
    assert 'Registre,activities[0],x-systems,"[""crm"", ""erp""]"' in text
    assert "Responsable interne du traitement,Head of sales" in text
    assert "Statut du traitement,Terminé,retired" in text
    # A register without any has no such block.
    export_register(
        gdprkit.from_dict({"schema_version": 1, "controller": {"name": "A"}}), path, format="csv"
    )
    assert "Constats acceptés" not in path.read_text("utf-8-sig")
    assert "Champs d’extension" not in path.read_text("utf-8-sig")


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            'x-systems,"[""crm"", ""erp""]"',
            'x-systems,"[crm"',
            "the value of x-systems is not JSON",
        ),
        ("activities[0],x-systems", "activities[7],x-systems", "no element 'activities[7]'"),
        ("activities[0],x-systems", "activities[0],systems", "unknown field"),
    ],
)
def test_a_wrong_extension_row_is_refused(tmp_path: Path, old: str, new: str, message: str) -> None:
    path = tmp_path / "register.csv"
    export_register(register(), path, format="csv")
    text = path.read_text("utf-8-sig")
    assert old in text
    path.write_text(text.replace(old, new), "utf-8-sig")
    with pytest.raises(LoadError) as caught:
        import_register(path)
    assert any(message in p.message for p in caught.value.problems), caught.value.problems

"""Shared fixtures: a small but complete register built in code."""

from __future__ import annotations

import datetime as dt
import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

from gdprkit import serialization
from gdprkit.model import (
    DPO,
    ArchivePhase,
    Contact,
    Controller,
    CountryCode,
    DataCategory,
    DataKind,
    DataSource,
    DataSubjectCategory,
    DeclaredRight,
    Duration,
    Event,
    Identifier,
    LawfulBasis,
    LegalBasis,
    ProcessingActivity,
    Purpose,
    PurposeTag,
    Recipient,
    RecipientKind,
    Register,
    RetentionRule,
    Right,
    SecurityCategory,
    SecurityMeasure,
    SourceKind,
    SubjectKind,
    Transfer,
    TransferMechanism,
)


ROOT = Path(__file__).resolve().parent.parent


def sample_register() -> Register:
    """A small register with non-ASCII text, an archive phase and a transfer."""
    return Register(
        controller=Controller(
            name="Pharmacie de l’Étoile SAS",
            identifiers=(Identifier(scheme="SIREN", value="123456789"),),
            contact=Contact(
                email="contact@etoile.example", address="1 place de l’Étoile, 75008 Paris"
            ),
            country=CountryCode("FR"),
        ),
        dpo=DPO(name="Service DPO", contact=Contact(email="dpo@etoile.example")),
        activities=(
            ProcessingActivity(
                id="clients",
                name="Gestion des clients",
                purposes=(
                    Purpose(
                        name="Commandes et facturation",
                        legal_bases=(LegalBasis(basis=LawfulBasis.CONTRACT),),
                        tags=(PurposeTag.CUSTOMER_MANAGEMENT,),
                    ),
                ),
                data_subjects=(DataSubjectCategory(name="Clients", kind=SubjectKind.CUSTOMERS),),
                data_categories=(
                    DataCategory(
                        name="Identité et coordonnées",
                        kind=DataKind.IDENTITY,
                        retention=RetentionRule(
                            until=Event.END_OF_RELATIONSHIP,
                            archive=ArchivePhase(
                                duration=Duration.parse("P5Y"), legal_ground="Code civil art. 2224"
                            ),
                        ),
                    ),
                ),
                sources=(DataSource(kind=SourceKind.DATA_SUBJECT),),
                recipients=(
                    Recipient(
                        name="Hébergeur",
                        kind=RecipientKind.PROCESSOR,
                        country=CountryCode("US"),
                        contract_reference="DPA 2024-01",
                    ),
                ),
                transfers=(
                    Transfer(
                        recipient="Hébergeur",
                        country=CountryCode("US"),
                        mechanism=TransferMechanism.SCC_2021,
                        since=dt.date(2024, 1, 1),
                    ),
                ),
                security_measures=(SecurityMeasure(category=SecurityCategory.ENCRYPTION),),
            ),
        ),
        rights=(DeclaredRight(right=Right.ACCESS), DeclaredRight(right=Right.COMPLAINT)),
        updated=dt.date(2026, 11, 1),
    )


@pytest.fixture
def register() -> Register:
    return sample_register()


# --- The serialization module with and without its accelerators ---------------------------


def _variant(*missing: str) -> ModuleType:
    """A fresh copy of gdprkit.serialization loaded while *missing* cannot be imported."""
    suffix = "_".join(missing) or "none"
    spec = importlib.util.spec_from_file_location(
        f"_gdprkit_serialization_without_{suffix}", serialization.__file__
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    with pytest.MonkeyPatch.context() as patch:
        for name in missing:
            patch.setitem(sys.modules, name, None)  # `import name` raises ImportError
        spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def variants() -> dict[str, ModuleType]:
    """The module as installed (with both accelerators), without msgspec, and
    without either."""
    pytest.importorskip("orjson")
    pytest.importorskip("msgspec")
    return {
        "msgspec": serialization,
        "orjson": _variant("msgspec"),
        "stdlib": _variant("msgspec", "orjson"),
    }

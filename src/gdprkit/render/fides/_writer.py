"""Writing a register as a Fides manifest, noting what it cannot hold."""

from __future__ import annotations

import operator
from collections.abc import Iterable, Mapping
from typing import Any

from gdprkit.model import (
    DpiaStatus,
    ProcessingActivity,
    Purpose,
    RecipientKind,
    Register,
    RetentionRule,
    Role,
)
from gdprkit.render.fides._common import KEY_CHARS, MARK, mapping


def _fides_key(text: str) -> str:
    """A FidesKey (``[A-Za-z0-9_.<>-]+``) from an id or a name."""
    return KEY_CHARS.sub("_", text).strip("_") or "key"


def _marked(description: str | None) -> str | None:
    match = MARK.match(description or "")
    return match.group(1) if match else None


def _contact_details(name: str | None, contact: Any) -> dict[str, str]:
    details = {"name": name or ""}
    for key in ("address", "email", "phone"):
        value = getattr(contact, key)
        if value:
            details[key] = value
    return details


_REGISTER_LOST = (
    "controller.identifiers",
    "controller.country",
    "controller.trade_name",
    "controller.contact.url",
    "rights",
    "rights_contact",
    "security_measures",
    "headcount",
    "public_authority",
    "supervisory_authority",
    "updated",
    "notes",
)
"""The register's fields a Fides manifest has no place for."""

_ACTIVITY_LOST = (
    "controllers",
    "processing_categories",
    "subprocessor_authorisation",
    "rights",
    "children",
    "dpia_criteria",
    "core_activity",
    "created",
    "updated",
    "notes",
)
"""An activity's fields a Fides manifest has no place for."""


def _stated(element: object, fields: Iterable[str]) -> list[str]:
    """Those of *fields* (dotted paths) that *element* states."""
    return [name for name in fields if operator.attrgetter(name)(element)]


class Writer:
    def __init__(self, register: Register) -> None:
        self.register = register
        self.notes: list[str] = []
        data = mapping()
        self.export: dict[str, Any] = data["export"]
        self.basis_names = {v: k for k, v in data["lawful_bases"].items()}
        self.condition_names = {v: k for k, v in data["special_category_bases"].items()}

    def note(self, path: str, message: str) -> None:
        self.notes.append(f"{path}: {message}" if path else message)

    def document(self) -> dict[str, Any]:
        register = self.register
        organization_key = _fides_key(register.controller.name)
        organization: dict[str, Any] = {
            "fides_key": organization_key,
            "name": register.controller.name,
            "controller": _contact_details(register.controller.name, register.controller.contact),
        }
        if register.dpo is not None:
            organization["data_protection_officer"] = _contact_details(
                register.dpo.name, register.dpo.contact
            )
        if register.representative is not None:
            organization["representative"] = _contact_details(
                register.representative.name, register.representative.contact
            )
        self.lost_register()
        systems = [
            self.system(a, f"activities[{i}]", organization_key)
            for i, a in enumerate(register.activities)
        ]
        return {"organization": [organization], "system": systems}

    def lost_register(self) -> None:
        register = self.register
        lost = _stated(register, _REGISTER_LOST)
        if register.dpo is not None and (
            register.dpo.external is not None
            or register.dpo.designated_on
            or register.dpo.authority_reference
        ):
            lost.append("dpo (beyond name and contact)")
        if lost:
            self.note("", f"not kept (a Fides manifest has no place for them): {', '.join(lost)}")

    def system(
        self, activity: ProcessingActivity, path: str, organization_key: str
    ) -> dict[str, Any]:
        register = self.register
        system: dict[str, Any] = {
            "fides_key": _fides_key(activity.id),
            "organization_fides_key": organization_key,
            "name": activity.name,
        }
        if activity.description:
            system["description"] = activity.description
        system["system_type"] = "Processing activity"
        system["responsibility"] = [
            "Processor" if activity.role is Role.PROCESSOR else "Controller"
        ]
        system["legal_name"] = register.controller.name
        if register.controller.contact.address:
            system["legal_address"] = register.controller.contact.address
        if register.dpo is not None and register.dpo.contact.email:
            system["dpo"] = register.dpo.contact.email
        if activity.joint_controllers:
            system["joint_controller_info"] = "; ".join(j.name for j in activity.joint_controllers)
        measures = (*register.security_measures, *activity.security_measures)
        if measures:
            system["data_security_practices"] = "; ".join(
                m.description or m.category.value for m in measures
            )
        significant = [d for d in activity.automated_decisions if d.significant_effects]
        if significant:
            system["uses_profiling"] = True
        if activity.transfers:
            system["does_international_transfers"] = True
            bases = self.transfer_bases(activity, path)
            if bases:
                system["legal_basis_for_transfers"] = bases
        if activity.dpia is not None and activity.dpia.status is not DpiaStatus.NOT_REQUIRED:
            system["requires_data_protection_assessments"] = True
            system["dpa_progress"] = activity.dpia.status.value
            if activity.dpia.reference:
                system["dpa_location"] = activity.dpia.reference
        system["privacy_declarations"] = [
            self.declaration(activity, purpose, f"{path}.purposes[{index}]")
            for index, purpose in enumerate(activity.purposes)
        ]
        if not activity.purposes:
            self.note(path, "no purpose: the system has no privacy declaration")
        self.lost_activity(activity, path)
        return system

    def transfer_bases(self, activity: ProcessingActivity, path: str) -> list[str]:
        names: dict[str, None] = {}
        table: dict[str, str] = self.export["transfer_basis_by_mechanism"]
        for index, transfer in enumerate(activity.transfers):
            where = f"{path}.transfers[{index}]"
            destination = transfer.country or transfer.organisation
            if destination:
                self.note(where, f"destination {destination} not kept: Fides has no field for it")
            mechanism = transfer.mechanism
            if mechanism is None:
                continue
            name = table.get(mechanism.value, "Other")
            if name == "Other":
                self.note(where, f"mechanism {mechanism.value} written as 'Other'")
            names[name] = None
        return list(names)

    def lost_activity(self, activity: ProcessingActivity, path: str) -> None:
        lost = _stated(activity, _ACTIVITY_LOST)
        if activity.sources:
            lost.append("sources")
        if any(_marked(c.description) is None for c in activity.data_categories):
            lost.append("data category names (Fides lists taxonomy keys)")
        if any(_marked(s.description) is None for s in activity.data_subjects):
            lost.append("data subject names (Fides lists taxonomy keys)")
        if any(
            c.retention is not None
            and (c.retention.start or c.retention.archive or c.retention.legal_reference)
            for c in activity.data_categories
        ):
            lost.append(
                "retention start events, archive phases and legal references (kept as words only)"
            )
        if any(t.reference or t.tia_reference or t.safeguards_copy for t in activity.transfers):
            lost.append("transfer references")
        if any(not d.significant_effects for d in activity.automated_decisions):
            lost.append("automated decisions without significant effects")
        if any(
            r.kind is RecipientKind.PROCESSOR or r.kind is RecipientKind.INTERNAL
            for r in activity.recipients or ()
        ):
            lost.append("recipients other than third parties")
        if lost:
            self.note(path, f"not kept: {', '.join(lost)}")

    def declaration(
        self, activity: ProcessingActivity, purpose: Purpose, path: str
    ) -> dict[str, Any]:
        declaration: dict[str, Any] = {
            "name": purpose.name,
            "data_use": self.data_use(purpose, path),
            "data_categories": self.keys(
                ((c.description, c.kind.value) for c in activity.data_categories),
                self.export["data_category_by_kind"],
                "user",
                f"{path.rsplit('.', 1)[0]}.data_categories",
            ),
            "data_subjects": self.keys(
                ((s.description, s.kind.value) for s in activity.data_subjects),
                self.export["data_subject_by_kind"],
                None,
                f"{path.rsplit('.', 1)[0]}.data_subjects",
            ),
        }
        if purpose.legal_bases:
            first = purpose.legal_bases[0]
            declaration["legal_basis_for_processing"] = self.basis_names[first.basis.value]
            if first.special_condition is not None:
                declaration["special_category_legal_basis"] = self.condition_names[
                    first.special_condition.value
                ]
            if first.balancing_test:
                declaration["impact_assessment_location"] = first.balancing_test
            if len(purpose.legal_bases) > 1:
                self.note(
                    path, "Fides holds one lawful basis per declaration: only the first is kept"
                )
            details = [
                name
                for name in (
                    "law",
                    "legitimate_interest",
                    "consent_method",
                    "withdrawal_method",
                    "condition_law",
                    "note",
                )
                if getattr(first, name)
            ]
            if details:
                self.note(f"{path}.legal_bases[0]", f"not kept: {', '.join(details)}")
        if purpose.description and MARK.match(purpose.description) is None:
            # The data use then comes from one tag: the others go with the description.
            self.note(path, "not kept: description" + (", tags" if len(purpose.tags) > 1 else ""))
        elif not purpose.description and len(purpose.tags) > 1:
            self.note(path, "not kept: tags other than the one the data use comes from")
        if any(c.kind.is_special for c in activity.data_categories):
            declaration["processes_special_category_data"] = True
        retention = self.retention(activity, path)
        if retention:
            declaration["retention_period"] = retention
        third = [
            r
            for r in activity.recipients or ()
            if r.kind is not RecipientKind.PROCESSOR and r.kind is not RecipientKind.INTERNAL
        ]
        if third:
            declaration["data_shared_with_third_parties"] = True
            declaration["third_parties"] = "; ".join(r.name for r in third)
        return declaration

    def data_use(self, purpose: Purpose, path: str) -> str:
        marked = _marked(purpose.description)
        if marked is not None:
            return marked
        table: dict[str, str] = self.export["data_use_by_tag"]
        for tag in purpose.tags:
            if tag.value in table:
                return table[tag.value]
        default: str = self.export["data_use_default"]
        self.note(
            path,
            f"no Fides data use for this purpose's tags: written as {default!r} (its name is the declaration's name)",
        )
        return default

    def keys(
        self,
        items: Iterable[tuple[str | None, str]],
        table: Mapping[str, str],
        default: str | None,
        path: str,
    ) -> list[str]:
        found: dict[str, None] = {}
        for index, (description, kind) in enumerate(items):
            key = _marked(description) or table.get(kind) or default
            if key is None:
                self.note(f"{path}[{index}]", f"no Fides data subject for kind {kind!r}: left out")
                continue
            if _marked(description) is None and kind in ("trade-union-membership", "sex-life"):
                self.note(
                    f"{path}[{index}]", f"no Fides data category for {kind!r}: written as {key!r}"
                )
            found[key] = None
        return list(found)

    def retention(self, activity: ProcessingActivity, path: str) -> str | None:
        periods = {
            category.name: period
            for category in activity.data_categories
            if category.retention is not None and (period := _period(category.retention))
        }
        if len(set(periods.values())) > 1:
            self.note(
                path,
                "Fides holds one retention period per declaration: the categories' periods are joined in one text",
            )
            return "; ".join(f"{name}: {period}" for name, period in periods.items())
        return next(iter(periods.values()), None)


def _period(rule: RetentionRule) -> str | None:
    """A retention rule in words: as the register states it, else its duration or end event."""
    if rule.statement:
        return rule.statement
    if rule.duration is not None:
        return rule.duration.isoformat()
    if rule.until is not None:
        return f"until {rule.until.value}"
    return None

"""Reading a Fides manifest into the JSON form of a register."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from gdprkit.model import DataKind, DpiaStatus, Duration, DurationError, RecipientKind, Role
from gdprkit.render.fides._common import FIDESLANG_RELEASE, KEY_CHARS, RETENTION_WORDS, mapping
from gdprkit.serialization import Problem


_UNIT = {"year": "Y", "month": "M", "week": "W", "day": "D"}
_DPIA_PROGRESS = {
    "complete": DpiaStatus.DONE,
    "completed": DpiaStatus.DONE,
    "done": DpiaStatus.DONE,
    "in progress": DpiaStatus.IN_PROGRESS,
    "in-progress": DpiaStatus.IN_PROGRESS,
    "in_progress": DpiaStatus.IN_PROGRESS,
    "ongoing": DpiaStatus.IN_PROGRESS,
    "planned": DpiaStatus.PLANNED,
    "not started": DpiaStatus.PLANNED,
}

# What the import reads of each fideslang model (the models' fields are in mapping.json).
_READ = {
    "system": frozenset(
        {
            "fides_key",
            "organization_fides_key",
            "name",
            "description",
            "system_type",
            "egress",
            "ingress",
            "privacy_declarations",
            "administrating_department",
            "processes_personal_data",
            "exempt_from_privacy_regulations",
            "uses_profiling",
            "legal_basis_for_profiling",
            "does_international_transfers",
            "legal_basis_for_transfers",
            "requires_data_protection_assessments",
            "dpa_location",
            "dpa_progress",
            "legal_name",
            "legal_address",
            "responsibility",
            "dpo",
            "joint_controller_info",
            "data_security_practices",
        }
    ),
    "privacy_declaration": frozenset(
        {
            "name",
            "data_categories",
            "data_use",
            "data_subjects",
            "egress",
            "ingress",
            "legal_basis_for_processing",
            "impact_assessment_location",
            "retention_period",
            "processes_special_category_data",
            "special_category_legal_basis",
            "data_shared_with_third_parties",
            "third_parties",
            "shared_categories",
        }
    ),
    "organization": frozenset(
        {
            "fides_key",
            "name",
            "description",
            "controller",
            "data_protection_officer",
            "representative",
            "security_policy",
        }
    ),
}


def _at(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def one_line(text: str) -> str:
    return " ".join(text.split())


def _slug(text: str) -> str:
    return KEY_CHARS.sub("_", text).strip("_") or "system"


class Reader:
    """Reads a parsed manifest into the JSON form of a register, collecting
    problems (the manifest is wrong) and notes (what has no place)."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []
        self.notes: list[str] = []
        data = mapping()
        self.uses: dict[str, Any] = dict(data["data_uses"])
        self.categories: dict[str, Any] = dict(data["data_categories"])
        self.subjects: dict[str, Any] = dict(data["data_subjects"])
        self.systems: dict[str, str] = {}

    # values

    def problem(self, path: str, message: str) -> None:
        self.problems.append(Problem(path, message))

    def note(self, path: str, message: str) -> None:
        self.notes.append(f"{path}: {message}")

    def text(self, node: Mapping[str, Any], key: str, path: str) -> str | None:
        value = node.get(key)
        if value is None or isinstance(value, bool):
            if isinstance(value, bool):
                self.problem(_at(path, key), "expected a string")
            return None
        if isinstance(value, (int, float)):
            return str(value)
        if not isinstance(value, str):
            self.problem(_at(path, key), "expected a string")
            return None
        return value.strip() or None

    def flag(self, node: Mapping[str, Any], key: str, path: str) -> bool:
        value = node.get(key, False)
        if not isinstance(value, bool):
            self.problem(_at(path, key), "expected true or false")
            return False
        return value

    def items(self, node: Mapping[str, Any], key: str, path: str) -> list[Any]:
        value = node.get(key)
        if value is None:
            return []
        if not isinstance(value, list):
            self.problem(_at(path, key), "expected a list")
            return []
        return value

    def texts(self, node: Mapping[str, Any], key: str, path: str) -> list[str]:
        found: list[str] = []
        for index, item in enumerate(self.items(node, key, path)):
            if isinstance(item, str) and item.strip():
                found.append(item.strip())
            else:
                self.problem(f"{path}.{key}[{index}]", "expected a string")
        return found

    def node(self, value: Any, path: str) -> Mapping[str, Any] | None:
        if not isinstance(value, Mapping):
            self.problem(path, "expected a mapping of keys to values")
            return None
        return value

    def enum(self, node: Mapping[str, Any], key: str, path: str, table: str) -> str | None:
        value = self.text(node, key, path)
        if value is None:
            return None
        known: dict[str, str] = mapping()[table]
        if value not in known:
            self.problem(_at(path, key), f"{value!r} is not one of: {', '.join(known)}")
            return None
        return known[value]

    def unread(self, node: Mapping[str, Any], path: str, model: str) -> None:
        """Note every key of a *model* node that is set but has no place in the register."""
        fields = mapping()["fields"][model]
        for key, value in node.items():
            if key in _READ[model] or value in (None, False, "", [], {}, "Not defined"):
                continue
            if key == "flexible_legal_basis_for_processing" and value is True:
                continue  # fideslang's default
            if key in fields:
                self.note(_at(path, key), "not mapped: the register has no equivalent")
            elif key in mapping()["fields_of_fideslang_1"]:
                self.note(
                    _at(path, key),
                    f"not read: a field of fideslang 1.x, absent from {FIDESLANG_RELEASE}",
                )
            else:
                self.note(_at(path, key), f"not read: not a field of fideslang {FIDESLANG_RELEASE}")

    # the document

    def read(self, document: Any) -> dict[str, Any] | None:
        top = self.node(document, "")
        if top is None:
            return None
        systems = top.get("system")
        if isinstance(systems, Mapping):
            systems = [systems]
        if not isinstance(systems, list):
            self.problem("system", "expected a Fides manifest with a 'system:' list")
            return None
        self.custom_taxonomy(top)
        for key in top:
            if key not in ("system", "organization", "data_use", "data_category", "data_subject"):
                self.note(str(key), "not read: only systems and the organization make a register")
        organization = self.organization(top)
        for index, system in enumerate(systems):
            if isinstance(system, Mapping) and isinstance(system.get("fides_key"), str):
                name = self.text(system, "name", f"system[{index}]")
                self.systems[system["fides_key"]] = name or system["fides_key"]
        activities: list[dict[str, Any]] = []
        for index, system in enumerate(systems):
            activities.extend(self.system(system, f"system[{index}]"))
        register: dict[str, Any] = {"activities": self.unique_ids(activities)}
        controller = organization.get("controller") or self.controller_from_systems(systems)
        if controller is None:
            self.problem(
                "organization",
                "no controller: give an 'organization:' entry with a 'controller:' (name, address, "
                "email) or a system whose responsibility is Controller with a 'legal_name'",
            )
            return None
        register["controller"] = controller
        for key in ("dpo", "representative", "security_measures"):
            if key in organization:
                register[key] = organization[key]
        if "dpo" not in register:
            dpo = self.dpo_from_systems(systems)
            if dpo is not None:
                register["dpo"] = dpo
        register["notes"] = (
            f"Imported from a Fides manifest (fideslang {FIDESLANG_RELEASE} mapping); "
            "each privacy declaration is one activity."
        )
        return register

    def custom_taxonomy(self, top: Mapping[str, Any]) -> None:
        """Custom data uses, categories and subjects declared in the manifest:
        their names, and the kind of their nearest known parent."""
        for section, table in (
            ("data_use", self.uses),
            ("data_category", self.categories),
            ("data_subject", self.subjects),
        ):
            for index, item in enumerate(self.items(top, section, "")):
                path = f"{section}[{index}]"
                node = self.node(item, path)
                if node is None:
                    continue
                key = self.text(node, "fides_key", path)
                if key is None:
                    self.problem(f"{path}.fides_key", "required")
                    continue
                if key not in table:
                    name = self.text(node, "name", path) or key
                    table[key] = {"name": name, "custom": True}

    def organization(self, top: Mapping[str, Any]) -> dict[str, Any]:
        """The controller, DPO and representative from the manifest's
        organization (a list, or one mapping as the fideslang documentation
        writes it)."""
        raw = top.get("organization")
        path = "organization"
        if isinstance(raw, list):
            if len(raw) > 1:
                self.note(path, "only the first organization is read")
            raw, path = (raw[0], "organization[0]") if raw else (None, path)
        if raw is None:
            return {}
        node = self.node(raw, path)
        if node is None:
            return {}
        self.unread(node, path, "organization")
        found: dict[str, Any] = {}
        name = self.text(node, "name", path)
        for key, target in (
            ("controller", "controller"),
            ("data_protection_officer", "dpo"),
            ("representative", "representative"),
        ):
            if node.get(key) is None:
                continue
            party = self.contact_details(node[key], _at(path, key))
            if party is None:
                continue
            if target == "controller" and name is not None:
                # The organization is the controller (Art. 4(7)); the
                # ContactDetails name is a person to contact there.
                person = party.get("name")
                if person and person != name:
                    self.note(
                        _at(path, "controller.name"),
                        f"{person!r} read as a contact person: the controller is the "
                        f"organization {name!r}",
                    )
                party["name"] = name
            if target != "dpo" and "name" not in party:
                self.problem(_at(path, f"{key}.name"), f"required to name the {target}")
                continue
            found[target] = party
        policy = self.text(node, "security_policy", path)
        if policy is not None:
            found["security_measures"] = [
                {"category": "organisational", "description": f"Security policy: {policy}"}
            ]
        return found

    def contact_details(self, value: Any, path: str) -> dict[str, Any] | None:
        node = self.node(value, path)
        if node is None:
            return None
        party: dict[str, Any] = {}
        name = self.text(node, "name", path)
        if name is not None:
            party["name"] = name
        contact = {
            key: text
            for key in ("email", "phone", "address")
            if (text := self.text(node, key, path)) is not None
        }
        if contact:
            party["contact"] = contact
        return party

    def controller_from_systems(self, systems: Sequence[Any]) -> dict[str, Any] | None:
        for index, system in enumerate(systems):
            if not isinstance(system, Mapping):
                continue
            if "Controller" not in (system.get("responsibility") or []):
                continue
            name = self.text(system, "legal_name", f"system[{index}]")
            if name is None:
                continue
            self.note(f"system[{index}].legal_name", "read as the controller's name")
            address = self.text(system, "legal_address", f"system[{index}]")
            return {"name": name, **({"contact": {"address": address}} if address else {})}
        return None

    def dpo_from_systems(self, systems: Sequence[Any]) -> dict[str, Any] | None:
        for index, system in enumerate(systems):
            if (
                isinstance(system, Mapping)
                and isinstance(system.get("dpo"), str)
                and system["dpo"].strip()
            ):
                text = system["dpo"].strip()
                self.note(f"system[{index}].dpo", "read as the register's DPO contact")
                return {"contact": {"email": text}} if "@" in text else {"name": text}
        return None

    # systems

    def system(self, value: Any, path: str) -> list[dict[str, Any]]:
        node = self.node(value, path)
        if node is None:
            return []
        key = self.text(node, "fides_key", path)
        if key is None:
            self.problem(f"{path}.fides_key", "required")
            key = path
        if "privacy_declarations" not in node:
            self.problem(f"{path}.privacy_declarations", "required (a list, possibly empty)")
        self.unread(node, path, "system")
        if node.get("processes_personal_data") is False:
            self.note(path, "processes_personal_data is false: not a processing activity, left out")
            return []
        if self.flag(node, "exempt_from_privacy_regulations", path):
            reason = self.text(node, "reason_for_exemption", path) or "no reason given"
            self.note(
                path, f"declared exempt from privacy regulations ({reason}); recorded all the same"
            )
        declarations = self.items(node, "privacy_declarations", path)
        if not declarations:
            self.note(path, "no privacy declaration: no activity")
        shared = self.shared(node, key, path)
        activities = []
        for index, declaration in enumerate(declarations):
            activity = self.declaration(
                declaration,
                f"{path}.privacy_declarations[{index}]",
                node,
                key,
                shared,
                len(declarations),
            )
            if activity is not None:
                activities.append(activity)
        return activities

    def shared(self, system: Mapping[str, Any], key: str, path: str) -> dict[str, Any]:
        """What a system's declarations share: role, DPIA, transfers, …"""
        name = self.text(system, "name", path) or key
        found: dict[str, Any] = {"system_name": name}
        roles = self.texts(system, "responsibility", path)
        for index, role in enumerate(roles):
            if role not in ("Controller", "Processor", "Sub-Processor"):
                self.problem(
                    f"{path}.responsibility[{index}]",
                    f"{role!r} is not one of: Controller, Processor, Sub-Processor",
                )
        if "Controller" not in roles and any(r in ("Processor", "Sub-Processor") for r in roles):
            found["role"] = Role.PROCESSOR.value
        description = self.text(system, "description", path)
        if description:
            found["description"] = description
        department = self.text(system, "administrating_department", path)
        notes = [f"Fides system {key}"]
        if department and department != "Not defined":
            notes.append(f"administrating department: {department}")
        found["notes"] = "; ".join(notes) + "."
        practices = self.text(system, "data_security_practices", path)
        if practices:
            found["security_measures"] = [{"category": "other", "description": practices}]
        joint = self.text(system, "joint_controller_info", path)
        if joint:
            found["joint_controllers"] = [{"name": joint}]
        if self.flag(system, "uses_profiling", path):
            bases = self.texts(system, "legal_basis_for_profiling", path)
            detail = f" (legal basis for profiling in Fides: {', '.join(bases)})" if bases else ""
            found["automated_decisions"] = [
                {
                    "description": f"Profiling with a legal effect, declared in Fides{detail}",
                    "significant_effects": True,
                }
            ]
        dpia = self.dpia(system, path)
        if dpia is not None:
            found["dpia"] = dpia
        found["transfer_mechanisms"] = self.transfer_mechanisms(system, path)
        found["flows"] = {
            direction: self.flows(system, direction, path) for direction in ("egress", "ingress")
        }
        return found

    def dpia(self, system: Mapping[str, Any], path: str) -> dict[str, Any] | None:
        location = self.text(system, "dpa_location", path)
        progress = self.text(system, "dpa_progress", path)
        if not self.flag(system, "requires_data_protection_assessments", path):
            if location or progress:
                self.note(
                    path,
                    "a DPIA location or progress is given but requires_data_protection_assessments is false: not read",
                )
            return None
        status = _DPIA_PROGRESS.get((progress or "").lower())
        if status is None:
            status = DpiaStatus.PLANNED
            self.note(
                f"{path}.dpa_progress",
                f"{progress or 'not given'}: the DPIA is recorded as planned",
            )
        return {"status": status.value, **({"reference": location} if location else {})}

    def transfer_mechanisms(self, system: Mapping[str, Any], path: str) -> list[str | None] | None:
        if not self.flag(system, "does_international_transfers", path):
            if system.get("legal_basis_for_transfers"):
                self.note(
                    f"{path}.legal_basis_for_transfers",
                    "given while does_international_transfers is false: not read",
                )
            return None
        known: dict[str, str | None] = mapping()["transfer_bases"]
        mechanisms: list[str | None] = []
        for index, basis in enumerate(self.texts(system, "legal_basis_for_transfers", path)):
            where = f"{path}.legal_basis_for_transfers[{index}]"
            if basis not in known:
                self.note(
                    where,
                    f"{basis!r} is not a Chapter V ground gdprkit knows: recorded without one",
                )
                mechanisms.append(None)
            elif known[basis] is None:
                self.note(
                    where, f"{basis!r} is not a Chapter V ground by itself: recorded without one"
                )
                mechanisms.append(None)
            else:
                if basis == "SCCs":
                    self.note(
                        where,
                        "'SCCs' read as the 2021 standard contractual clauses (Commission Implementing Decision (EU) 2021/914), the only ones usable since 27 December 2022 (its Art. 4)",
                    )
                mechanisms.append(known[basis])
        self.note(
            path,
            "Fides does not say where the data go: each transfer is recorded without its destination country",
        )
        return list(dict.fromkeys(mechanisms)) or [None]

    def flows(self, system: Mapping[str, Any], direction: str, path: str) -> dict[str, str]:
        """The system's data flows in *direction*: fides_key → type."""
        found: dict[str, str] = {}
        for index, flow in enumerate(self.items(system, direction, path)):
            where = f"{path}.{direction}[{index}]"
            node = self.node(flow, where)
            if node is None:
                continue
            key = self.text(node, "fides_key", where)
            kind = self.text(node, "type", where)
            if key is None or kind not in ("system", "dataset", "user"):
                self.problem(where, "expected a fides_key and a type among system, dataset, user")
                continue
            found[key] = kind
        return found

    # privacy declarations

    def declaration(
        self,
        value: Any,
        path: str,
        system: Mapping[str, Any],
        system_key: str,
        shared: Mapping[str, Any],
        count: int,
    ) -> dict[str, Any] | None:
        node = self.node(value, path)
        if node is None:
            return None
        self.unread(node, path, "privacy_declaration")
        use = self.text(node, "data_use", path)
        if use is None:
            self.problem(f"{path}.data_use", "required")
            return None
        if "data_categories" not in node:
            self.problem(f"{path}.data_categories", "required (a list)")
        use_entry = self.uses.get(use)
        if use_entry is None:
            self.note(
                f"{path}.data_use",
                f"{use!r} is not in the fideslang {FIDESLANG_RELEASE} taxonomy nor declared in the manifest: no purpose tag",
            )
            use_entry = {"name": use}
        elif "replaced_by" in use_entry:
            self.note(
                f"{path}.data_use",
                f"{use!r} is deprecated in fideslang, replaced by {use_entry['replaced_by']!r}",
            )
        name = self.text(node, "name", path)
        purpose: dict[str, Any] = {
            "name": name or use_entry["name"],
            "description": f"Fides: {use}",
        }
        tags = list(use_entry.get("tags", ()))
        if tags:
            purpose["tags"] = tags
        basis = self.legal_basis(node, path)
        if basis is not None:
            purpose["legal_bases"] = [basis]
        retention = self.retention(node, path)
        categories = [
            category
            for index, key in enumerate(self.texts(node, "data_categories", path))
            if (category := self.category(key, f"{path}.data_categories[{index}]", retention))
            is not None
        ]
        if self.flag(node, "processes_special_category_data", path) and not any(
            DataKind(c["kind"]).is_special for c in categories
        ):
            self.note(
                f"{path}.processes_special_category_data",
                "true, but no data category of the declaration is special in the taxonomy: say which in the register",
            )
        activity: dict[str, Any] = {
            "id": system_key if count == 1 else f"{system_key}.{_slug(use)}",
            "name": shared["system_name"]
            if count == 1
            else f"{shared['system_name']}: {purpose['name']}",
            "purposes": [purpose],
            "data_categories": categories,
            "data_subjects": [
                self.subject(key, f"{path}.data_subjects[{index}]")
                for index, key in enumerate(self.texts(node, "data_subjects", path))
            ],
        }
        for key in (
            "role",
            "description",
            "notes",
            "security_measures",
            "joint_controllers",
            "automated_decisions",
            "dpia",
        ):
            if key in shared:
                activity[key] = shared[key]
        recipients = self.recipients(node, path, shared)
        if recipients:
            activity["recipients"] = recipients
        sources = self.sources(node, path, shared)
        if sources:
            activity["sources"] = sources
        mechanisms = shared.get("transfer_mechanisms")
        if mechanisms is not None:
            third = [r["name"] for r in recipients if r["kind"] == RecipientKind.THIRD_PARTY.value]
            recipient = third[0] if third else "Recipient not named in the Fides system"
            activity["transfers"] = [
                {"recipient": recipient, **({"mechanism": m} if m else {})} for m in mechanisms
            ]
        return activity

    def legal_basis(self, node: Mapping[str, Any], path: str) -> dict[str, Any] | None:
        basis = self.enum(node, "legal_basis_for_processing", path, "lawful_bases")
        condition = self.enum(node, "special_category_legal_basis", path, "special_category_bases")
        assessment = self.text(node, "impact_assessment_location", path)
        if basis is None:
            if condition is not None:
                self.note(
                    f"{path}.special_category_legal_basis",
                    "not mapped: an Art. 9(2) condition is recorded with its Art. 6(1) basis, and none is given",
                )
            if assessment is not None:
                self.note(
                    f"{path}.impact_assessment_location",
                    "not mapped: no legitimate interest is declared",
                )
            return None
        found: dict[str, Any] = {"basis": basis}
        if condition is not None:
            found["special_condition"] = condition
        if assessment is not None:
            if basis == "art6-1-f":
                found["balancing_test"] = assessment
            else:
                self.note(
                    f"{path}.impact_assessment_location",
                    "not mapped: the basis is not legitimate interests",
                )
        return found

    def retention(self, node: Mapping[str, Any], path: str) -> dict[str, Any] | None:
        text = self.text(node, "retention_period", path)
        if text is None:
            return None
        try:
            return {"duration": Duration.parse(text).isoformat(), "statement": text}
        except DurationError:
            pass
        words = RETENTION_WORDS.fullmatch(text)
        if words is not None:
            return {
                "duration": f"P{words.group(1)}{_UNIT[words.group(2).lower()]}",
                "statement": text,
            }
        if text.isdigit():
            self.note(
                f"{path}.retention_period",
                f"{text!r} has no unit: kept as wording, not as a duration",
            )
        return {"statement": text}

    def category(
        self, key: str, path: str, retention: dict[str, Any] | None
    ) -> dict[str, Any] | None:
        kind = self.kind_of(key)
        if kind is None:
            self.note(path, f"{key!r} is system data, not personal data: left out")
            return None
        entry = self.categories.get(key)
        if entry is None:
            self.note(
                path,
                f"{key!r} is not in the fideslang {FIDESLANG_RELEASE} taxonomy nor declared in the manifest: kind {kind!r} from its parent",
            )
        category: dict[str, Any] = {
            "name": entry["name"] if entry else key,
            "kind": kind,
            "description": f"Fides: {key}",
        }
        if retention is not None:
            category["retention"] = retention
        return category

    def kind_of(self, key: str) -> str | None:
        """The kind of the category *key* or of its nearest ancestor with one."""
        parts = key.split(".")
        for end in range(len(parts), 0, -1):
            entry = self.categories.get(".".join(parts[:end]))
            if entry is not None and "kind" in entry:
                kind: str | None = entry["kind"]
                return kind
        return DataKind.OTHER.value

    def subject(self, key: str, path: str) -> dict[str, Any]:
        entry = self.subjects.get(key)
        if entry is None:
            self.note(
                path,
                f"{key!r} is not in the fideslang {FIDESLANG_RELEASE} taxonomy nor declared in the manifest",
            )
        return {
            "name": entry["name"] if entry else key,
            "kind": entry.get("kind", "other") if entry else "other",
            "description": f"Fides: {key}",
        }

    def recipients(
        self, node: Mapping[str, Any], path: str, shared: Mapping[str, Any]
    ) -> list[dict[str, Any]]:
        found: list[dict[str, Any]] = []
        third = self.text(node, "third_parties", path)
        if self.flag(node, "data_shared_with_third_parties", path) or third:
            categories = self.texts(node, "shared_categories", path)
            recipient: dict[str, Any] = {
                "name": third or "Third parties not named in the Fides system",
                "kind": RecipientKind.THIRD_PARTY.value,
            }
            if categories:
                recipient["description"] = "Data shared: " + ", ".join(categories)
            found.append(recipient)
        for key in self.flow_keys(node, "egress", path, shared):
            if shared["flows"]["egress"].get(key) != "system":
                continue  # to a dataset (storage) or back to the user: not a recipient
            internal = key in self.systems
            found.append(
                {
                    "name": self.systems.get(key, key),
                    "kind": (
                        RecipientKind.INTERNAL if internal else RecipientKind.THIRD_PARTY
                    ).value,
                    "description": f"Fides: {key}",
                }
            )
        return found

    def sources(
        self, node: Mapping[str, Any], path: str, shared: Mapping[str, Any]
    ) -> list[dict[str, Any]]:
        found: dict[str, dict[str, Any]] = {}
        for key in self.flow_keys(node, "ingress", path, shared):
            kind = shared["flows"]["ingress"].get(key)
            if kind == "user":
                found.setdefault("user", {"kind": "data-subject"})
            elif kind in ("system", "dataset"):
                own = kind == "dataset" or key in self.systems
                found.setdefault(
                    key,
                    {
                        "kind": "controller" if own else "third-party",
                        "description": f"Fides: {key}",
                    },
                )
        return list(found.values())

    def flow_keys(
        self, node: Mapping[str, Any], direction: str, path: str, shared: Mapping[str, Any]
    ) -> list[str]:
        """The declaration's flows in *direction*, or the system's when it names none."""
        declared = self.texts(node, direction, path)
        flows: dict[str, str] = shared["flows"][direction]
        for index, key in enumerate(declared):
            if key not in flows:
                self.problem(
                    f"{path}.{direction}[{index}]", f"{key!r} is not among the system's {direction}"
                )
        return declared or list(flows)

    def unique_ids(self, activities: list[dict[str, Any]]) -> list[dict[str, Any]]:
        seen: dict[str, int] = {}
        for activity in activities:
            base = activity["id"]
            seen[base] = seen.get(base, 0) + 1
            if seen[base] > 1:
                activity["id"] = f"{base}-{seen[base]}"
        return activities

"""The committee's organization file: zones, levels, parent organizations, yearly targets."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from checker.core.findings import Finding
from checker.core.paths import ORGANIZATION_FILE, display
from checker.core.pii_fields import field_findings
from checker.core.schema import SchemaSet
from checker.core.yamlload import Loaded, load_yaml


@dataclass(slots=True)
class Organization:
    committee: str
    levels: dict[str, str]  # id -> name
    zones: dict[str, str]  # id -> name
    organizations: dict[str, dict]  # id -> record
    targets: dict[int, float]
    file: str
    findings: list[Finding] = field(default_factory=list)
    loaded: Loaded | None = None  # the parsed file, for scanners that report lines

    def level_name(self, level: str) -> str:
        """The name organization.yaml gives a level (市直, 县（区）…); "" when undefined."""
        return self.levels.get(level, "")

    def zone_name(self, zone: str) -> str:
        """The name organization.yaml gives a responsibility zone; "" when undefined."""
        return self.zones.get(zone, "")

    def placement(self, org_id: str) -> dict[str, str]:
        """Names of the parent organization, its zone and its level, for results and pages."""
        org = self.organizations.get(org_id, {})
        return {
            "organization": org_id,
            "organization_name": org.get("name", ""),
            "zone": org.get("zone", ""),
            "zone_name": self.zone_name(org.get("zone", "")),
            "level": org.get("level", ""),
            "level_name": self.level_name(org.get("level", "")),
        }


def load_organization(root: Path, schemas: SchemaSet, max_bytes: int) -> Organization | None:
    """Load and check `root/organization.yaml`. Returns None with findings via the object."""
    path = root / ORGANIZATION_FILE
    file = display(path)
    loaded = load_yaml(path, file, max_bytes)
    findings = list(loaded.findings)
    if loaded.data is None:
        return _broken(file, findings)
    schema_findings = schemas.validate("organization", loaded)
    findings.extend(schema_findings)
    if schema_findings:
        return _broken(file, findings)
    data = loaded.data
    org = Organization(
        committee=data["committee"],
        levels={lv["id"]: lv["name"] for lv in data["levels"]},
        zones={z["id"]: z["name"] for z in data["zones"]},
        organizations={o["id"]: o for o in data["organizations"]},
        targets={int(year): float(share) for year, share in data["targets"].items()},
        file=file,
        findings=findings,
        loaded=loaded,
    )
    # Everything in this file is published (committee, zones, units): no ID or mobile
    # number belongs in it.
    findings.extend(field_findings(loaded, "organization", (), codes=("I001", "I002")))
    for index, record in enumerate(data["organizations"]):
        for key, known, label in (
            ("zone", org.zones, "责任区"),
            ("level", org.levels, "层级"),
            ("parent", org.organizations, "上级组织"),
        ):
            value = record.get(key)
            if value is not None and value not in known:
                line, column = loaded.locate(["organizations", index, key])
                findings.append(
                    Finding(
                        "R005",
                        f"{record['name']} 的{label}“{value}”未定义",
                        file,
                        line,
                        column,
                        f"/organizations/{index}/{key}",
                    )
                )
    return org


def _broken(file: str, findings: list[Finding]) -> Organization:
    return Organization("", {}, {}, {}, {}, file, findings)

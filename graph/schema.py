"""The data model, read from ``schema.yaml``, and everything derived from it.

``SCHEMA`` is the single source of truth for labels, relationship types and their properties. The Neo4j
constraints and indexes, the whitelist that guards Cypher templates, and the API's enums come from here.
"""

from __future__ import annotations

from functools import cached_property
from importlib import resources
from typing import Any, Literal

import yaml
from pydantic import BaseModel, Field

from graph.errors import SchemaError

PropertyType = Literal["str", "int", "float", "bool", "date", "list[str]", "list[int]"]

# Every node also carries this label in Neo4j, so a lookup by id needs no label and is index-backed.
BASE_LABEL = "Node"
KEY = "id"

_PYTHON_TYPES: dict[str, tuple[type, ...]] = {
    "str": (str,),
    "date": (str,),
    "int": (int,),
    "float": (float, int),
    "bool": (bool,),
    "list[str]": (list,),
    "list[int]": (list,),
}


class PropertySpec(BaseModel):
    type: PropertyType
    required: bool = False
    index: bool = False
    description: str = ""


class NodeSpec(BaseModel):
    label: str
    group: str
    description: str
    properties: dict[str, PropertySpec]


class RelationshipSpec(BaseModel):
    type: str
    description: str
    sources: list[str] = Field(alias="from")
    targets: list[str] = Field(alias="to")
    properties: dict[str, PropertySpec] = {}


class GraphSchema(BaseModel):
    nodes: dict[str, NodeSpec]
    relationships: dict[str, RelationshipSpec]
    beside_graph: dict[str, str] = {}  # label -> description: kept by the stores outside the graph

    @cached_property
    def labels(self) -> frozenset[str]:
        return frozenset(self.nodes)

    @cached_property
    def beside_graph_labels(self) -> frozenset[str]:
        """Labels of what Neo4j stores apart from the graph (no ``Node`` label, in no traversal or export)."""
        return frozenset(self.beside_graph)

    @cached_property
    def relationship_types(self) -> frozenset[str]:
        return frozenset(self.relationships)

    def labels_in_group(self, group: str) -> list[str]:
        """Labels of one group (actor, place, source, evidence), in declaration order."""
        return [label for label, spec in self.nodes.items() if spec.group == group]

    def check_label(self, label: str) -> str:
        """Return ``label`` if the schema declares it; labels are spliced into Cypher, so nothing else passes."""
        if label not in self.labels:
            raise SchemaError(f"unknown node label {label!r}; known: {', '.join(sorted(self.labels))}")
        return label

    def check_relationship_type(self, rel_type: str) -> str:
        """Return ``rel_type`` if the schema declares it (the whitelist for Cypher templates)."""
        if rel_type not in self.relationship_types:
            known = ", ".join(sorted(self.relationship_types))
            raise SchemaError(f"unknown relationship type {rel_type!r}; known: {known}")
        return rel_type

    @cached_property
    def _property_rules(self) -> dict[str, tuple[tuple[str, ...], dict[str, tuple[str, tuple[type, ...]]]]]:
        """Per label: the required property names, and each declared property's type name and Python types."""
        return {
            label: (
                tuple(name for name, prop in spec.properties.items() if prop.required),
                {name: (prop.type, _PYTHON_TYPES[prop.type]) for name, prop in spec.properties.items()},
            )
            for label, spec in self.nodes.items()
        }

    def validate_node(self, label: str, properties: dict[str, Any]) -> None:
        """Raise SchemaError if a node's label is unknown, a required property is missing or a type is wrong."""
        rules = self._property_rules.get(label)
        if rules is None:
            self.check_label(label)
            return
        required, types = rules
        for name in required:
            if properties.get(name) is None:
                raise SchemaError(f"{label} {properties.get(KEY)!r} lacks required property {name!r}")
        for name, value in properties.items():
            rule = types.get(name)
            if rule is None or value is None:
                continue
            type_name, python_types = rule
            is_bool_posing_as_number = value is True or value is False
            if not isinstance(value, python_types) or (is_bool_posing_as_number and type_name != "bool"):
                raise SchemaError(f"{label}.{name} must be {type_name}, got {type(value).__name__} ({value!r:.40})")

    def validate_relationship(self, rel_type: str, source_label: str, target_label: str) -> None:
        """Raise SchemaError unless the schema allows ``(source_label)-[rel_type]->(target_label)``."""
        spec = self.relationships.get(rel_type)
        if spec is None:
            self.check_relationship_type(rel_type)
            return
        if source_label not in spec.sources or target_label not in spec.targets:
            raise SchemaError(f"{rel_type} does not go from {source_label} to {target_label}")

    def constraint_statements(self) -> list[str]:
        """Cypher that creates the key constraints (idempotent: IF NOT EXISTS)."""
        statements = [
            f"CREATE CONSTRAINT {BASE_LABEL.lower()}_{KEY} IF NOT EXISTS FOR (n:{BASE_LABEL}) REQUIRE n.{KEY} IS UNIQUE"
        ]
        statements += [
            f"CREATE CONSTRAINT {label.lower()}_{KEY} IF NOT EXISTS FOR (n:{label}) REQUIRE n.{KEY} IS UNIQUE"
            for label in self.nodes
        ]
        return statements

    def existence_statements(self) -> list[str]:
        """Property-existence constraints for required properties (Neo4j Enterprise Edition only)."""
        return [
            f"CREATE CONSTRAINT {label.lower()}_{name}_exists IF NOT EXISTS "
            f"FOR (n:{label}) REQUIRE n.{name} IS NOT NULL"
            for label, spec in self.nodes.items()
            for name, prop in spec.properties.items()
            if prop.required and name != KEY
        ]

    def index_statements(self) -> list[str]:
        """Range indexes for declared indexed properties, and one full-text index over names and aliases."""
        statements = [
            f"CREATE INDEX {label.lower()}_{name} IF NOT EXISTS FOR (n:{label}) ON (n.{name})"
            for label, spec in self.nodes.items()
            for name, prop in spec.properties.items()
            if prop.index
        ]
        statements.append(f"CREATE INDEX {BASE_LABEL.lower()}_name IF NOT EXISTS FOR (n:{BASE_LABEL}) ON (n.name)")
        named = "|".join(label for label, spec in self.nodes.items() if "aliases" in spec.properties)
        statements.append(
            f"CREATE FULLTEXT INDEX entity_names IF NOT EXISTS FOR (n:{named}) ON EACH [n.name, n.aliases]"
        )
        return statements

    def describe(self) -> dict[str, Any]:
        """A plain-dict view of the model, for `schema show` and the /schema endpoint."""
        return {
            "key": KEY,
            "base_label": BASE_LABEL,
            "nodes": {
                label: {
                    "group": spec.group,
                    "description": spec.description,
                    "properties": {name: prop.model_dump() for name, prop in spec.properties.items()},
                }
                for label, spec in self.nodes.items()
            },
            "relationships": {
                rel_type: {
                    "description": spec.description,
                    "from": spec.sources,
                    "to": spec.targets,
                    "properties": {name: prop.model_dump() for name, prop in spec.properties.items()},
                }
                for rel_type, spec in self.relationships.items()
            },
        }


def load_schema(text: str | None = None) -> GraphSchema:
    """Parse a schema declaration (by default the packaged ``schema.yaml``)."""
    if text is None:
        text = resources.files("graph").joinpath("schema.yaml").read_text(encoding="utf-8")
    raw = yaml.safe_load(text)
    common = raw.get("common_properties", {})
    nodes = {
        label: NodeSpec(
            label=label,
            group=spec["group"],
            description=spec["description"],
            properties={**common, **(spec.get("properties") or {})},
        )
        for label, spec in raw["nodes"].items()
    }
    relationships = {
        rel_type: RelationshipSpec.model_validate({"type": rel_type, **spec})
        for rel_type, spec in raw["relationships"].items()
    }
    beside = {label: str(spec.get("description", "")) for label, spec in (raw.get("beside_graph") or {}).items()}
    schema = GraphSchema(nodes=nodes, relationships=relationships, beside_graph=beside)
    for rel in schema.relationships.values():
        for label in (*rel.sources, *rel.targets):
            schema.check_label(label)
    return schema


SCHEMA = load_schema()

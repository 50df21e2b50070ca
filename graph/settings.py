"""One Settings class: every setting Claimgraph reads from the environment (documented in the README)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import Field, SecretStr, ValidationError
from pydantic_settings import BaseSettings, SettingsConfigDict

from graph.errors import ConfigError

# Rows per write transaction. Each transaction has a fixed cost (a commit that rewrites the B-tree pages it touched
# in SQLite; a transaction and its round trips in Neo4j, whose background write then competes less with extraction
# for the interpreter), so batches of a few thousand rows, tens of articles, load faster than batches of hundreds.
DEFAULT_BATCH_SIZE = 5000


class Settings(BaseSettings):
    """Read once at the edge (CLI, app lifespan) and passed down."""

    model_config = SettingsConfigDict(env_prefix="", extra="ignore", populate_by_name=True)

    neo4j_uri: str | None = Field(None, alias="NEO4J_URI", description="Bolt URI; unset = embedded store.")
    neo4j_username: str = Field("neo4j", alias="NEO4J_USERNAME")
    neo4j_password: SecretStr = Field(SecretStr(""), alias="NEO4J_PASSWORD")
    neo4j_database: str = Field("neo4j", alias="NEO4J_DATABASE")
    data_dir: Path = Field(Path("data"), alias="CLAIMGRAPH_DATA", description="Embedded store directory.")
    batch_size: int = Field(
        DEFAULT_BATCH_SIZE, alias="CLAIMGRAPH_BATCH_SIZE", ge=1, description="Rows per write batch."
    )
    max_article_bytes: int = Field(
        5 * 1024 * 1024, alias="CLAIMGRAPH_MAX_ARTICLE_BYTES", ge=1, description="Larger articles are refused."
    )
    api_key: SecretStr | None = Field(None, alias="CLAIMGRAPH_API_KEY", description="Required by POST /articles.")
    cors_origins: str = Field("", alias="CLAIMGRAPH_CORS_ORIGINS", description="Comma-separated; empty = CORS off.")
    cypher_timeout_s: float = Field(10.0, alias="CLAIMGRAPH_CYPHER_TIMEOUT", gt=0)
    cypher_row_cap: int = Field(1000, alias="CLAIMGRAPH_CYPHER_ROW_CAP", ge=1)
    view_node_cap: int = Field(300, alias="CLAIMGRAPH_VIEW_NODE_CAP", ge=1)

    def __init__(self, **values: Any) -> None:
        """Read the environment; a malformed variable is a ConfigError naming it, not a validation traceback."""
        try:
            super().__init__(**values)
        except ValidationError as exc:
            raise ConfigError(_describe(exc)) from None


def _describe(exc: ValidationError) -> str:
    """``CLAIMGRAPH_BATCH_SIZE='abc': Input should be a valid integer`` for each bad variable."""
    problems = []
    for error in exc.errors():
        name = str(error["loc"][0]) if error.get("loc") else "a setting"
        field = Settings.model_fields.get(name)
        variable = field.alias if field is not None and field.alias else name
        problems.append(f"{variable}={error.get('input')!r}: {error['msg']}")
    return "invalid setting: " + "; ".join(problems)

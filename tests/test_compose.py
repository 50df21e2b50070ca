"""docker-compose.yml and the Dockerfile, checked as files: Docker cannot run on this machine.

The compose file is read as YAML and its ``${VAR…}`` references are resolved the way Compose resolves them, so
a missing password, a literal secret or a healthcheck that Compose would mangle fails here before it fails in
production.
"""

from __future__ import annotations

import re
import shlex
import subprocess
import tomllib
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
COMPOSE = ROOT / "docker-compose.yml"
DOCKERFILE = ROOT / "Dockerfile"
DOCKERIGNORE = ROOT / ".dockerignore"

# ${VAR}, ${VAR:-default}, ${VAR-default}, ${VAR:?error}, ${VAR?error}; $$ is a literal dollar.
_REFERENCE = re.compile(r"\$\$|\$\{(?P<name>\w+)(?:(?P<op>:?[-?])(?P<arg>[^}]*))?\}|\$(?P<bare>\w+)")


class InterpolationError(Exception):
    pass


def interpolate(value: Any, env: dict[str, str]) -> Any:
    """Resolve Compose variable references in every string of ``value``, as ``docker compose config`` does."""
    if isinstance(value, dict):
        return {key: interpolate(item, env) for key, item in value.items()}
    if isinstance(value, list):
        return [interpolate(item, env) for item in value]
    if not isinstance(value, str):
        return value

    def resolve(match: re.Match[str]) -> str:
        if match.group(0) == "$$":
            return "$"
        name = match.group("name") or match.group("bare")
        op, arg = match.group("op"), match.group("arg")
        present = name in env
        empty = not env.get(name)
        if op in (":?", "?") and (empty if op == ":?" else not present):
            raise InterpolationError(f"{name}: {arg}")
        if op in (":-", "-") and (empty if op == ":-" else not present):
            return str(arg)
        return env.get(name, "")

    return _REFERENCE.sub(resolve, value)


@pytest.fixture(scope="module")
def compose() -> dict[str, Any]:
    return yaml.safe_load(COMPOSE.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def resolved(compose: dict[str, Any]) -> dict[str, Any]:
    return interpolate(compose, {"NEO4J_PASSWORD": "correct-horse-battery"})


def test_services_and_images(compose: dict[str, Any]) -> None:
    services = compose["services"]
    assert set(services) == {"neo4j", "api"}
    # the LTS line, pinned to the release CI's Neo4j pass runs (tools/neo4j)
    tested = re.search(r"<neo4j.version>([\d.]+)</neo4j.version>", (ROOT / "tools/neo4j/pom.xml").read_text())
    assert tested and tested.group(1).startswith("5.26.")
    assert services["neo4j"]["image"] == f"neo4j:{tested.group(1)}-community"
    assert services["api"]["build"] == "."
    assert (ROOT / services["api"]["build"] / "Dockerfile").is_file()


def test_the_password_is_required_and_never_written_down(compose: dict[str, Any]) -> None:
    with pytest.raises(InterpolationError, match="NEO4J_PASSWORD: set NEO4J_PASSWORD"):
        interpolate(compose, {})
    neo4j_env = compose["services"]["neo4j"]["environment"]
    assert neo4j_env["NEO4J_AUTH"].startswith("${NEO4J_USERNAME:-neo4j}/${NEO4J_PASSWORD:?")
    for service in compose["services"].values():
        for name, value in service["environment"].items():
            if any(word in name for word in ("PASSWORD", "AUTH", "API_KEY", "SECRET")):
                # a secret is either passed through from the environment (no value) or only references variables
                assert value is None or _REFERENCE.sub("", value).strip("/") == "", (name, value)


def test_credentials_reach_both_services(resolved: dict[str, Any]) -> None:
    neo4j_env = resolved["services"]["neo4j"]["environment"]
    api_env = resolved["services"]["api"]["environment"]
    assert neo4j_env["NEO4J_AUTH"] == "neo4j/correct-horse-battery"
    assert api_env["NEO4J_URI"] == "bolt://neo4j:7687"
    assert api_env["NEO4J_USERNAME"] == "neo4j"
    assert api_env["NEO4J_PASSWORD"] == "correct-horse-battery"
    assert api_env["NEO4J_DATABASE"] == "neo4j"
    assert "CLAIMGRAPH_API_KEY" in api_env and api_env["CLAIMGRAPH_API_KEY"] is None  # passed through when set


def test_the_username_can_be_changed(compose: dict[str, Any]) -> None:
    env = {"NEO4J_PASSWORD": "correct-horse-battery", "NEO4J_USERNAME": "claims"}
    services = interpolate(compose, env)["services"]
    assert services["neo4j"]["environment"]["NEO4J_AUTH"] == "claims/correct-horse-battery"
    assert services["api"]["environment"]["NEO4J_USERNAME"] == "claims"


def test_neo4j_memory_is_set_and_tunable(compose: dict[str, Any]) -> None:
    defaults = interpolate(compose, {"NEO4J_PASSWORD": "x" * 8})["services"]["neo4j"]["environment"]
    tuned = interpolate(compose, {"NEO4J_PASSWORD": "x" * 8, "NEO4J_HEAP_SIZE": "4G", "NEO4J_PAGECACHE_SIZE": "8G"})
    tuned_env = tuned["services"]["neo4j"]["environment"]
    for key in ("NEO4J_server_memory_heap_initial__size", "NEO4J_server_memory_heap_max__size"):
        assert re.fullmatch(r"\d+[mMgG]", defaults[key]), key
        assert tuned_env[key] == "4G"
    assert tuned_env["NEO4J_server_memory_pagecache_size"] == "8G"


def test_neo4j_healthcheck_runs_cypher_shell_with_the_containers_credentials(resolved: dict[str, Any]) -> None:
    health = resolved["services"]["neo4j"]["healthcheck"]
    kind, script = health["test"]
    assert kind == "CMD-SHELL"
    words = shlex.split(script)
    assert words[0] == "cypher-shell"
    assert "RETURN 1" in words
    # after Compose's interpolation the shell still sees its own parameter expansions of NEO4J_AUTH
    assert words[words.index("-u") + 1] == "${NEO4J_AUTH%%/*}"
    assert words[words.index("-p") + 1] == "${NEO4J_AUTH#*/}"
    assert "correct-horse-battery" not in script
    assert health["retries"] >= 3
    assert health["start_period"]


@pytest.mark.parametrize("healthy", [True, False])
def test_the_healthcheck_script_passes_the_credentials_to_cypher_shell(
    resolved: dict[str, Any], tmp_path: Path, healthy: bool
) -> None:
    """Run the resolved healthcheck in a real shell, with a cypher-shell that records its arguments."""
    script = resolved["services"]["neo4j"]["healthcheck"]["test"][1]
    fake = tmp_path / "bin" / "cypher-shell"
    fake.parent.mkdir()
    fake.write_text(f'#!/bin/sh\nprintf \'%s\\n\' "$@" > "$OUT"\nexit {0 if healthy else 1}\n')
    fake.chmod(0o755)
    env = {
        "NEO4J_AUTH": "neo4j/pa ss/with/slashes",
        "OUT": str(tmp_path / "args"),
        "PATH": f"{fake.parent}:/usr/bin:/bin",
    }
    done = subprocess.run(["sh", "-c", script], env=env, capture_output=True, text=True, check=False)
    assert done.returncode == (0 if healthy else 1), done.stderr
    args = (tmp_path / "args").read_text().splitlines()
    assert args == ["-u", "neo4j", "-p", "pa ss/with/slashes", "RETURN 1"]


def test_api_waits_for_a_healthy_neo4j(compose: dict[str, Any]) -> None:
    api = compose["services"]["api"]
    assert api["depends_on"] == {"neo4j": {"condition": "service_healthy"}}
    assert api["restart"] in ("unless-stopped", "always", "on-failure")
    assert "/health" in " ".join(api["healthcheck"]["test"])
    assert "claimgraph demo --host 0.0.0.0 --port 8000 --seeds seeds" in " ".join(api["command"])


def test_the_api_loads_the_seeds_it_ships_then_serves(compose: dict[str, Any]) -> None:
    script = compose["services"]["api"]["command"][-1]
    steps = [step.strip() for step in script.split("&&")]
    assert steps[0] == "claimgraph schema apply"  # constraints before the first MERGE
    assert steps[-1].startswith("exec claimgraph demo ")  # demo loads what is not loaded yet, then serves
    seeds = shlex.split(steps[-1])[shlex.split(steps[-1]).index("--seeds") + 1]
    copied = [args.split() for instruction, args in dockerfile_instructions() if instruction == "COPY"]
    assert any(args[-2] == "seeds" and args[-1] == f"./{seeds}" for args in copied)  # the image has them there
    workdir = [args for instruction, args in dockerfile_instructions() if instruction == "WORKDIR"][-1]
    assert not Path(seeds).is_absolute() and workdir == "/home/claimgraph"


def test_ports(resolved: dict[str, Any]) -> None:
    def container_ports(service: str) -> set[int]:
        return {int(str(mapping).rsplit(":", 1)[1]) for mapping in resolved["services"][service]["ports"]}

    assert container_ports("neo4j") == {7474, 7687}
    assert container_ports("api") == {8000}
    moved = interpolate(yaml.safe_load(COMPOSE.read_text()), {"NEO4J_PASSWORD": "x" * 8, "CLAIMGRAPH_PORT": "9000"})
    assert moved["services"]["api"]["ports"] == ["9000:8000"]


def test_named_volumes_are_declared_and_keep_the_data(compose: dict[str, Any]) -> None:
    declared = set(compose["volumes"])
    used = {
        mount.split(":", 1)[0]
        for service in compose["services"].values()
        for mount in service.get("volumes", [])
        if not mount.startswith((".", "/"))
    }
    assert used == declared
    targets = {mount.split(":")[1] for mount in compose["services"]["neo4j"]["volumes"]}
    assert {"/data", "/logs"} <= targets


# -- Dockerfile ----------------------------------------------------------------------------------------------


def dockerfile_instructions() -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) pairs, continuation lines joined and comments dropped."""
    text = re.sub(r"\\\n", " ", DOCKERFILE.read_text(encoding="utf-8"))
    pairs = []
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            instruction, _, args = line.partition(" ")
            pairs.append((instruction.upper(), args.strip()))
    return pairs


def test_dockerfile_builds_from_python_slim_and_runs_as_a_user() -> None:
    steps = dockerfile_instructions()
    assert [args.split()[0] for instruction, args in steps if instruction == "FROM"] == ["python:3.11-slim"] * 2
    final_stage = steps[max(i for i, (instruction, _) in enumerate(steps) if instruction == "FROM") :]
    users = [args for instruction, args in final_stage if instruction == "USER"]
    assert users and users[-1] not in ("root", "0")
    last_run = max(i for i, (instruction, _) in enumerate(final_stage) if instruction == "RUN")
    assert final_stage.index(("USER", users[-1])) > last_run  # installs ran as root, the server does not
    assert ("EXPOSE", "8000") in final_stage
    cmd = next(args for instruction, args in reversed(final_stage) if instruction == "CMD")
    assert cmd == '["claimgraph", "serve", "--host", "0.0.0.0", "--port", "8000"]'


def test_dockerfile_copies_every_package_and_nothing_missing() -> None:
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    packages = {name.split(".")[0] for name in pyproject["tool"]["setuptools"]["packages"]}  # folders, not data
    sources = [
        source
        for instruction, args in dockerfile_instructions()
        if instruction == "COPY" and "--from=" not in args
        for source in args.split()[:-1]
        if not source.startswith("--")
    ]
    assert packages <= set(sources)
    assert {"pyproject.toml", pyproject["project"]["readme"]} <= set(sources)
    for source in sources:
        assert (ROOT / source).exists(), f"the Dockerfile copies {source}, which is not in the project"


def test_dockerignore_keeps_local_state_out_but_not_what_the_image_needs() -> None:
    ignored = {line.strip() for line in DOCKERIGNORE.read_text().splitlines() if line.strip() and line[0] != "#"}
    assert {".git", "data", ".env", "tests"} <= ignored
    copied = {
        source
        for instruction, args in dockerfile_instructions()
        if instruction == "COPY" and "--from=" not in args
        for source in args.split()[:-1]
        if not source.startswith("--")
    }
    assert not copied & ignored

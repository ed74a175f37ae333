"""The one settings object. Nothing else in the code base reads the environment."""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

PLACEHOLDER_PREFIX = "change-me"

DEFAULT_WATCHLIST = (
    # US large caps and the two index ETFs
    "AAPL", "MSFT", "NVDA", "GOOGL", "AMZN", "META", "TSLA", "AVGO", "AMD", "NFLX",
    "JPM", "V", "UNH", "XOM", "LLY", "COST", "INTC", "TSM", "SPY", "QQQ",
    # Korean large caps (KOSPI / KOSDAQ)
    "005930.KS", "000660.KS", "373220.KS", "207940.KS", "005380.KS", "000270.KS",
    "035420.KS", "035720.KS", "051910.KS", "006400.KS", "068270.KS", "105560.KS",
)


class Settings(BaseSettings):
    """Configuration from `STOCKELPER_*` environment variables and `.env`."""

    model_config = SettingsConfigDict(
        env_prefix="STOCKELPER_",
        env_file=".env",
        env_file_encoding="utf-8",
        extra="ignore",
        # `VAR=` (as docker-compose passes an unset optional) means "use the default"
        env_ignore_empty=True,
    )

    environment: Literal["development", "production"] = "development"
    data_dir: Path = Path("./var")

    # SQL store: SQLite file under data_dir unless a URL is given
    database_url: str | None = None

    # Graph store: embedded LadybugDB under data_dir, or Neo4j over Bolt
    graph_store: Literal["embedded", "neo4j"] = "embedded"
    graph_url: str = "bolt://localhost:7687"
    graph_user: str = "neo4j"
    graph_password: SecretStr | None = None
    graph_database: str | None = None

    # LLM: "none" means the deterministic offline router and templates
    llm_provider: Literal["none", "openai", "anthropic", "ollama", "openai_compatible"] = "none"
    llm_model: str | None = None
    llm_base_url: str | None = None
    llm_api_key: SecretStr | None = None
    llm_timeout_s: float = 30.0
    llm_max_calls: int = 4
    llm_max_tokens: int = 6000

    # Langfuse: tracing is off unless both keys are set
    langfuse_public_key: str | None = None
    langfuse_secret_key: SecretStr | None = None
    langfuse_host: str = "http://localhost:3000"
    # The address people open in a browser, when it differs from the one the app talks to
    # (in compose the app reaches http://langfuse-web:3000, people http://localhost:3000).
    langfuse_public_url: str | None = None

    # Collection
    watchlist: Annotated[list[str], NoDecode] = Field(
        default_factory=lambda: list(DEFAULT_WATCHLIST)
    )
    us_timezone: str = "America/New_York"
    kr_timezone: str = "Asia/Seoul"
    ui_timezone: str = "Asia/Seoul"
    ui_language: Literal["auto", "en", "ko"] = "auto"

    @field_validator("database_url")
    @classmethod
    def _normalise_database_url(cls, value: str | None) -> str | None:
        if not value:
            return None
        for prefix in ("postgres://", "postgresql://"):
            if value.startswith(prefix):
                return "postgresql+psycopg://" + value[len(prefix):]
        return value

    @field_validator("watchlist", mode="before")
    @classmethod
    def _split_watchlist(cls, value: object) -> object:
        if isinstance(value, str):
            text = value.strip()
            if text.startswith("["):
                return json.loads(text)
            return [item.strip() for item in text.split(",") if item.strip()]
        return value

    @model_validator(mode="after")
    def _refuse_placeholders(self) -> Settings:
        if self.environment != "production":
            return self
        secrets = {
            "STOCKELPER_GRAPH_PASSWORD": self.graph_password,
            "STOCKELPER_LLM_API_KEY": self.llm_api_key,
            "STOCKELPER_LANGFUSE_SECRET_KEY": self.langfuse_secret_key,
        }
        for name, secret in secrets.items():
            if secret is not None and secret.get_secret_value().startswith(PLACEHOLDER_PREFIX):
                raise ValueError(f"{name} still holds the placeholder from .env.example")
        if self.database_url and PLACEHOLDER_PREFIX in self.database_url:
            raise ValueError("STOCKELPER_DATABASE_URL still holds the placeholder password")
        return self

    @property
    def sql_url(self) -> str:
        """The SQLAlchemy URL of the SQL store (SQLite under data_dir by default)."""
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.data_dir / 'stockelper.db').as_posix()}"

    @property
    def is_sqlite(self) -> bool:
        return self.sql_url.startswith("sqlite")

    @property
    def graph_path(self) -> Path:
        return self.data_dir / "graph.lbug"

    @property
    def checkpoint_path(self) -> Path:
        return self.data_dir / "checkpoints.sqlite"

    @property
    def trace_url_template(self) -> str | None:
        """Link to one trace in the Langfuse UI, `{trace_id}` to be filled in."""
        if not self.tracing_enabled:
            return None
        base = (self.langfuse_public_url or self.langfuse_host).rstrip("/")
        return base + "/trace/{trace_id}"

    @property
    def tracing_enabled(self) -> bool:
        return bool(self.langfuse_public_key and self.langfuse_secret_key)


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()

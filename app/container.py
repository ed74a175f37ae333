"""The composition root: the only place that builds engines, drivers, chat models and tracing.

Everything is built lazily on first use and shared for the life of the process. Tests build
their own Container with their own Settings.
"""

from __future__ import annotations

import logging
from functools import cached_property
from typing import TYPE_CHECKING

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from app.db.engine import make_engine, make_session_factory
from app.settings import Settings
from app.tracing_port import NoTracing, Tracing

if TYPE_CHECKING:
    from app.symbols import SymbolDirectory


logger = logging.getLogger(__name__)


class Container:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    # --- SQL store -------------------------------------------------------------------
    @cached_property
    def engine(self) -> Engine:
        return make_engine(self.settings.sql_url)

    @cached_property
    def session_factory(self) -> sessionmaker[Session]:
        return make_session_factory(self.engine)

    @cached_property
    def read_engine(self) -> Engine:
        """Connections that refuse writes: the chat path reads market data through these."""
        return make_engine(self.settings.sql_url, read_only=True)

    @cached_property
    def read_session_factory(self) -> sessionmaker[Session]:
        return make_session_factory(self.read_engine)

    def migrate(self) -> None:
        from app.db.migrate import upgrade

        self.settings.data_dir.mkdir(parents=True, exist_ok=True)
        upgrade(self.settings.sql_url)

    # --- Symbol directory ---------------------------------------------------------------
    @cached_property
    def symbols(self) -> SymbolDirectory:
        """The shipped seed merged with companies refreshed from live listings (if any)."""
        from sqlalchemy.exc import SQLAlchemyError

        from app.db.repositories import list_companies
        from app.symbols import SymbolDirectory

        directory = SymbolDirectory.from_seed()
        try:
            with self.read_session_factory() as session:
                refreshed = list_companies(session=session, source="listing")
        except SQLAlchemyError:
            refreshed = []  # store not initialised yet: the seed alone still resolves
        return directory.with_companies(refreshed) if refreshed else directory

    # --- Tracing ------------------------------------------------------------------------
    @cached_property
    def tracing(self) -> Tracing:
        """Langfuse tracing when both keys are set, else `NoTracing` (one log line says so)."""
        settings = self.settings
        if not (settings.tracing_enabled and settings.langfuse_secret_key is not None):
            logger.info("tracing off: no Langfuse keys")
            return NoTracing()
        from app.tracing import build_langfuse_tracing

        return build_langfuse_tracing(
            public_key=str(settings.langfuse_public_key),
            secret_key=settings.langfuse_secret_key.get_secret_value(),
            host=settings.langfuse_host,
            environment=settings.environment,
            mode="offline" if settings.llm_provider == "none" else "llm",
        )

    def close(self) -> None:
        for name in ("engine", "read_engine"):
            engine = self.__dict__.pop(name, None)
            if engine is not None:
                engine.dispose()

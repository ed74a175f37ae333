"""The container builds Langfuse tracing only when both keys are set."""

from __future__ import annotations

import logging

import pytest

from app.container import Container
from app.settings import Settings
from app.tracing import LangfuseTracing
from app.tracing_port import NoTracing
from tests.tracing.conftest import unique_public_key


def settings(**values: object) -> Settings:
    return Settings(_env_file=None, **values)  # type: ignore[call-arg]


def test_no_keys_means_no_tracing_and_one_log_line(caplog: pytest.LogCaptureFixture) -> None:
    container = Container(settings(langfuse_public_key=None, langfuse_secret_key=None))
    with caplog.at_level(logging.INFO):
        tracing = container.tracing
        assert container.tracing is tracing  # built once
    assert isinstance(tracing, NoTracing)
    assert not tracing.enabled
    lines = [r.getMessage() for r in caplog.records if "tracing off" in r.getMessage()]
    assert lines == ["tracing off: no Langfuse keys"]


def test_one_key_alone_is_not_enough() -> None:
    container = Container(settings(langfuse_public_key="pk-lf-only", langfuse_secret_key=None))
    assert isinstance(container.tracing, NoTracing)


def test_keys_give_langfuse_tracing(closed_port_url: str) -> None:
    container = Container(settings(
        langfuse_public_key=unique_public_key(), langfuse_secret_key="sk-lf-test",
        langfuse_host=closed_port_url, llm_provider="ollama", llm_model="llama3.2",
    ))
    tracing = container.tracing
    assert isinstance(tracing, LangfuseTracing)
    assert tracing.enabled
    with tracing.chat_run(thread_id="t", user_id="u", question="q") as handle:
        assert handle.tags == ["llm"]  # mode from the settings
        assert handle.trace_id is not None and len(handle.callbacks) == 1
    tracing.close()


def test_the_chat_services_mode_wins_over_the_configured_one(closed_port_url: str) -> None:
    container = Container(settings(
        langfuse_public_key=unique_public_key(), langfuse_secret_key="sk-lf-test",
        langfuse_host=closed_port_url, llm_provider="openai",
    ))
    tracing = container.tracing
    # e.g. an LLM is configured but could not be built, so the chat runs offline
    with tracing.chat_run(thread_id="t", user_id="u", question="q",
                          metadata={"mode": "offline"}) as handle:
        handle.update(tags=["offline"])
    assert handle.tags == ["offline"]
    tracing.close()

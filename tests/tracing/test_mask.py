"""Secrets never reach a trace: the masking functions, and a whole run end to end."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from langfuse.types import MaskOtelSpansParams, OtelSpanData, OtelSpanIdentifier
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

from app.tracing import LangfuseTracing
from app.tracing_mask import REDACTED, mask, mask_otel_spans, redact
from tests.tracing.graph import build_chat_graph, scripted_model

SECRETS = {
    "openai": "sk-proj-A1b2C3d4E5f6G7h8I9j0KlMnOpQr",
    "anthropic": "sk-ant-api03-Zx9Yw8Vu7Ts6Rq5Po4",
    "langfuse_secret": "sk-lf-6f1c2d3e-4a5b-4c6d-8e7f-9a0b1c2d3e4f",
    "langfuse_public": "pk-lf-0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d",
    "aws": "AKIAIOSFODNN7EXAMPLE",
}


@pytest.mark.parametrize("name", sorted(SECRETS))
def test_api_keys_are_redacted(name: str) -> None:
    text = f"my key is {SECRETS[name]}, please keep it"
    cleaned = redact(text)
    assert SECRETS[name] not in cleaned
    assert cleaned.startswith("my key is ") and REDACTED in cleaned


@pytest.mark.parametrize(
    ("text", "secret", "kept"),
    [
        ("Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.payload.sig", "eyJhbGciOiJIUzI1NiJ9",
         "Authorization: Bearer"),
        ("Basic cGstbGYtMTIzOnNrLWxmLTQ1Ng==", "cGstbGYtMTIzOnNrLWxmLTQ1Ng==", "Basic"),
        ("postgresql://stockelper:s3cr3t-pw@db:5432/app", "s3cr3t-pw", "@db:5432/app"),
        ("postgresql+psycopg://u:p%40ss@localhost/x", "p%40ss", "postgresql+psycopg://u:"),
        ("redis://:myredissecret@redis:6379", "myredissecret", "redis://:"),
        ("connect with password=hunter2&sslmode=require", "hunter2", "&sslmode=require"),
        ("api_key: abc123def456", "abc123def456", "api_key: "),
        ('{"password": "hunter2", "user": "bob"}', "hunter2", '"user": "bob"'),
        ('{"api_key":"k-123"}', "k-123", '{"api_key":"'),
    ],
)
def test_tokens_passwords_and_url_credentials_are_redacted(
    text: str, secret: str, kept: str
) -> None:
    cleaned = redact(text)
    assert secret not in cleaned
    assert kept in cleaned


@pytest.mark.parametrize(
    "text",
    [
        "What is the price of SK Hynix (000660.KS)?",
        "sk-hynix and sk-innovation news",  # lowercase company slugs, no digits
        "삼성전자 주가 알려줘",
        "https://finance.yahoo.com/quote/AAPL?p=AAPL",
        "token usage was 1234",
        "Basic Materials and Bearer bonds are not credentials",
    ],
)
def test_ordinary_text_is_left_alone(text: str) -> None:
    assert redact(text) == text


def test_mask_walks_nested_structures() -> None:
    data = {"q": f"use {SECRETS['openai']}", "items": [{"dsn": "postgresql://a:b@h/d"}], "n": 3}
    masked = mask(data=data)
    assert SECRETS["openai"] not in str(masked)
    assert "a:b@" not in str(masked)
    assert masked["n"] == 3


def test_mask_otel_spans_patches_only_spans_with_secrets() -> None:
    leaky = OtelSpanIdentifier(trace_id="0" * 32, span_id="1" * 16)
    clean = OtelSpanIdentifier(trace_id="0" * 32, span_id="2" * 16)

    def span(identifier: OtelSpanIdentifier, attributes: dict[str, object]) -> OtelSpanData:
        return OtelSpanData(
            trace_id=identifier.trace_id, span_id=identifier.span_id, parent_span_id=None,
            name="x", instrumentation_scope_name="langchain", instrumentation_scope_version=None,
            attributes=attributes, resource_attributes={},  # type: ignore[arg-type]
        )

    result = mask_otel_spans(params=MaskOtelSpansParams(spans={
        leaky: span(leaky, {"input": f'"{SECRETS["anthropic"]}"', "tags": ["Bearer abc123def456"],
                            "n": 5}),
        clean: span(clean, {"input": '"hello"'}),
    }))
    assert result is not None
    patch = result.span_patches[leaky]
    assert patch is not None
    assert SECRETS["anthropic"] not in str(patch.set_attributes["input"])
    assert patch.set_attributes["tags"] == [f"Bearer {REDACTED}"]
    assert "n" not in patch.set_attributes
    assert clean not in result.span_patches


def test_no_secret_reaches_any_exported_span(
    memory_tracing: LangfuseTracing, exporter: InMemorySpanExporter
) -> None:
    question = f"AAPL price? my key is {SECRETS['openai']}"
    graph = build_chat_graph(scripted_model())  # its tool returns a DSN with a password
    with memory_tracing.chat_run(
        thread_id="t", user_id="u", question=question,
        metadata={"llm_url": "https://user:topsecretpw@llm.internal/v1"},
    ) as handle:
        graph.invoke({"question": question}, config={"callbacks": handle.callbacks})
        handle.update(metadata={"note": f"Bearer {SECRETS['langfuse_secret']}"})
    memory_tracing.flush()

    exported = " ".join(
        str(value) for span in exporter.get_finished_spans()
        for value in (span.attributes or {}).values()
    )
    assert "AAPL price?" in exported  # the content is there ...
    for secret in (SECRETS["openai"], SECRETS["langfuse_secret"], "hunter2-db-pass",
                   "topsecretpw"):
        assert secret not in exported  # ... the secrets are not


@given(
    before=st.text(max_size=40), after=st.text(max_size=40),
    body=st.text(alphabet="abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_", min_size=15,
                 max_size=40),
    digit=st.sampled_from("0123456789"), prefix=st.sampled_from(["sk-", "sk-proj-", "pk-lf-"]),
)
def test_a_key_never_survives_whatever_surrounds_it(
    before: str, after: str, body: str, digit: str, prefix: str
) -> None:
    key = f"{prefix}{body}{digit}"
    cleaned = redact(f"{before} {key} {after}")
    assert key not in cleaned
    assert REDACTED in cleaned

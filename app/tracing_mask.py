"""Secrets never reach a trace: redaction of API keys, tokens and passwords in strings.

Two hooks of the Langfuse client use it (see app/tracing.py): `mask` runs when the SDK
records inputs, outputs and metadata; `mask_otel_spans` runs on every exported attribute,
including those of spans the SDK did not create (e.g. LangChain's serialised messages).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from langfuse.types import (
    MaskOtelSpansParams,
    MaskOtelSpansResult,
    OtelSpanIdentifier,
    OtelSpanPatch,
)

REDACTED = "[REDACTED]"

_SECRET_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = (
    # OpenAI / Anthropic / Langfuse style keys: sk-..., sk-proj-..., sk-lf-..., pk-lf-...
    (re.compile(r"\b(?:sk|pk|rk)-(?=[A-Za-z0-9_-]*\d)[A-Za-z0-9_-]{16,}"), REDACTED),
    (re.compile(r"\bAKIA[0-9A-Z]{16}\b"), REDACTED),
    # HTTP credentials; the token must hold a digit or symbol ("Basic Materials" is a sector)
    (
        re.compile(r"\b([Bb]earer|[Bb]asic)\s+(?=[A-Za-z_-]*[0-9.~+/=])[A-Za-z0-9._~+/=-]{8,}"),
        r"\1 " + REDACTED,
    ),
    # credentials inside URLs: postgresql://user:secret@host, redis://:secret@host
    (re.compile(r"([a-z][a-z0-9+.-]*://[^:/@\s\"'\\]*:)[^@/\s\"'\\]+@"), r"\1" + REDACTED + "@"),
    # password=..., api_key: ..., token=... (query strings, DSNs, logs)
    (
        re.compile(
            r"(?i)\b((?:password|passwd|pwd|secret|secret_key|api[_-]?key|access[_-]?token"
            r"|auth[_-]?token|token)\s*[=:]\s*)(?![\"'{\[])[^\s&;,\"'\\]+"
        ),
        r"\1" + REDACTED,
    ),
    # the same as JSON: "password": "..."
    (
        re.compile(
            r"(?i)(\"(?:password|passwd|secret|secret_key|api_key|apikey|access_token"
            r"|auth_token|token)\"\s*:\s*\")[^\"\\]*"
        ),
        r"\1" + REDACTED,
    ),
)


# Every pattern above needs one of these; most strings have none and skip the six passes.
_MAYBE_SECRET = re.compile(
    r"(?i)[spr]k-[\w-]{16}|AKIA|bearer\s|basic\s|://[^\s/@]*@|passw|pwd|secret|api[_-]?key|token"
)


def redact(text: str) -> str:
    """`text` with API keys, bearer tokens, passwords and URL credentials replaced."""
    if not _MAYBE_SECRET.search(text):
        return text
    for pattern, replacement in _SECRET_PATTERNS:
        text = pattern.sub(replacement, text)
    return text


def mask(*, data: Any, **kwargs: Any) -> Any:
    """Langfuse `mask` hook: redacts strings inside dicts, lists and tuples (other objects are
    serialised by the SDK later and caught by `mask_otel_spans` at export)."""
    if isinstance(data, str):
        return redact(data)
    if isinstance(data, Mapping):
        return {key: mask(data=value) for key, value in data.items()}
    if isinstance(data, list | tuple):
        return [mask(data=value) for value in data]
    return data


def mask_otel_spans(*, params: MaskOtelSpansParams) -> MaskOtelSpansResult | None:
    """Langfuse export hook: redacts every string attribute of every exported span."""
    patches: dict[OtelSpanIdentifier, OtelSpanPatch | None] = {}
    for identifier, span in params.spans.items():
        changed: dict[str, Any] = {}
        for key, value in span.attributes.items():
            if isinstance(value, str):
                cleaned = redact(value)
                if cleaned != value:
                    changed[key] = cleaned
            elif isinstance(value, list | tuple) and value and isinstance(value[0], str):
                items = [redact(str(v)) for v in value]
                if items != list(value):
                    changed[key] = items
        if changed:
            patches[identifier] = OtelSpanPatch(set_attributes=changed)
    return MaskOtelSpansResult(span_patches=patches)

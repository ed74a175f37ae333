"""The container builds a chat model for every supported provider (construction only: no
request leaves the machine), and refuses an incomplete configuration clearly."""

from __future__ import annotations

from pathlib import Path

import pytest
from langchain_core.language_models import BaseChatModel

from app.container import Container
from app.settings import Settings


@pytest.mark.parametrize(
    ("provider", "model", "extra", "class_name"),
    [
        ("openai", "gpt-4o-mini", {"llm_api_key": "sk-test-not-real"}, "ChatOpenAI"),
        ("anthropic", "claude-sonnet-4-5", {"llm_api_key": "sk-ant-test"}, "ChatAnthropic"),
        ("ollama", "llama3.1", {"llm_base_url": "http://127.0.0.1:11434"}, "ChatOllama"),
        ("openai_compatible", "qwen2.5", {"llm_base_url": "http://127.0.0.1:8000/v1"},
         "ChatOpenAI"),
    ],
)
def test_chat_model_for_each_provider(tmp_path: Path, provider: str, model: str,
                                      extra: dict[str, str], class_name: str) -> None:
    settings = Settings(data_dir=tmp_path, llm_provider=provider, llm_model=model,  # type: ignore[arg-type]
                        _env_file=None, **extra)  # type: ignore[call-arg]
    container = Container(settings)
    chat_model = container.chat_model
    assert isinstance(chat_model, BaseChatModel)
    assert type(chat_model).__name__ == class_name
    assert container.llm_label == f"{provider}:{model}"


def test_missing_model_name_is_a_clear_error(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path, llm_provider="openai",  # type: ignore[arg-type]
                        _env_file=None)  # type: ignore[call-arg]
    with pytest.raises(ValueError, match="STOCKELPER_LLM_MODEL is required"):
        _ = Container(settings).chat_model

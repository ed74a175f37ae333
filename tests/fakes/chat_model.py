"""A scripted chat model: the only fake at the LLM edge.

It is a real `BaseChatModel`, so LangGraph, callbacks and `with_structured_output` (which
langchain-core builds on `bind_tools`) run their real code paths. Each call pops the next
scripted response: an `AIMessage`, a plain string, an exception to raise, or a callable that
receives the prompt messages. Every call is recorded with its messages and bound tools.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from langchain_core.callbacks import CallbackManagerForLLMRun
from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, BaseMessage
from langchain_core.outputs import ChatGeneration, ChatResult
from langchain_core.utils.function_calling import convert_to_openai_tool
from pydantic import BaseModel, PrivateAttr

Scripted = AIMessage | str | BaseException | Callable[[list[BaseMessage]], AIMessage | str]


@dataclass
class RecordedCall:
    messages: list[BaseMessage]
    tools: list[str] = field(default_factory=list)  # names of the tools bound for this call
    tool_choice: Any = None


def tool_call(name: str, args: dict[str, Any], *, call_id: str = "call_1") -> AIMessage:
    """An assistant message that calls one tool (what structured output expects)."""
    return AIMessage(content="", tool_calls=[{"name": name, "args": args, "id": call_id}])


def structured(value: BaseModel) -> AIMessage:
    """The response a provider gives to `with_structured_output(type(value))`."""
    return tool_call(type(value).__name__, value.model_dump(mode="json"))


class ScriptedChatModel(BaseChatModel):
    """`ScriptedChatModel(responses=[...])`; `default` answers once the script runs out
    (None: running out raises, so a test notices an unexpected extra call)."""

    responses: list[Any] = []
    default: Any = None
    model_name: str = "scripted"
    _lock: threading.Lock = PrivateAttr(default_factory=threading.Lock)
    _calls: list[RecordedCall] = PrivateAttr(default_factory=list)

    @property
    def _llm_type(self) -> str:
        return "scripted-fake"

    @property
    def calls(self) -> list[RecordedCall]:
        with self._lock:
            return list(self._calls)

    def script(self, *responses: Scripted) -> None:
        """Append more responses to the script."""
        with self._lock:
            self.responses.extend(responses)

    def bind_tools(self, tools: Sequence[Any], **kwargs: Any) -> Any:
        formatted = [convert_to_openai_tool(t) for t in tools]
        return self.bind(tools=formatted, **kwargs)

    def _next(self) -> Any:
        with self._lock:
            if self.responses:
                return self.responses.pop(0)
        if self.default is None:
            raise AssertionError("ScriptedChatModel: the script ran out of responses")
        return self.default

    def _generate(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> ChatResult:
        tools = [t["function"]["name"] for t in kwargs.get("tools", [])]
        with self._lock:
            self._calls.append(RecordedCall(list(messages), tools, kwargs.get("tool_choice")))
        item = self._next()
        if callable(item) and not isinstance(item, BaseException | AIMessage):
            item = item(list(messages))
        if isinstance(item, BaseException):
            raise item
        message = AIMessage(content=item) if isinstance(item, str) else item
        if message.usage_metadata is None:
            prompt = sum(len(str(m.content)) for m in messages) // 4 + 1
            output = len(str(message.content)) // 4 + 1 + 20 * len(message.tool_calls)
            message = message.model_copy(update={"usage_metadata": {
                "input_tokens": prompt, "output_tokens": output,
                "total_tokens": prompt + output,
            }})
        return ChatResult(generations=[ChatGeneration(message=message)])

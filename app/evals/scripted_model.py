"""A scripted chat model for the offline checks of the LLM path (`stockelper eval --suite
llm`): a real `BaseChatModel` (so `with_structured_output`, callbacks and the chat graph run
their real code), whose replies come from a responder function instead of a provider.

The responder receives the prompt messages and the names of the tools bound for the call
and returns an AIMessage, a string, or an exception to raise. Every call is recorded."""

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

Reply = AIMessage | str | BaseException
Responder = Callable[[list[BaseMessage], list[str]], Reply]


@dataclass(frozen=True, slots=True)
class ModelCall:
    bound_tools: list[str]
    called_tools: list[str] = field(default_factory=list)
    failed: bool = False


def tool_reply(name: str, args: dict[str, Any]) -> AIMessage:
    """An assistant message calling one tool (structured output is a tool call)."""
    return AIMessage(content="", tool_calls=[{"name": name, "args": args, "id": "call_1"}])


def structured_reply(value: BaseModel) -> AIMessage:
    return tool_reply(type(value).__name__, value.model_dump(mode="json"))


class ScriptedModel(BaseChatModel):
    """`ScriptedModel(responder=fn)`; `calls` lists what each call bound and returned."""

    responder: Any
    model_name: str = "eval-scripted"
    _lock: threading.Lock = PrivateAttr(default_factory=threading.Lock)
    _calls: list[ModelCall] = PrivateAttr(default_factory=list)

    @property
    def _llm_type(self) -> str:
        return "eval-scripted"

    @property
    def calls(self) -> list[ModelCall]:
        with self._lock:
            return list(self._calls)

    def bind_tools(self, tools: Sequence[Any], **kwargs: Any) -> Any:
        return self.bind(tools=[convert_to_openai_tool(t) for t in tools], **kwargs)

    def _generate(
        self, messages: list[BaseMessage], stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None, **kwargs: Any,
    ) -> ChatResult:
        tools = [t["function"]["name"] for t in kwargs.get("tools", [])]
        reply = self.responder(list(messages), tools)
        if isinstance(reply, BaseException):
            with self._lock:
                self._calls.append(ModelCall(bound_tools=tools, failed=True))
            raise reply
        message = AIMessage(content=reply) if isinstance(reply, str) else reply
        prompt = sum(len(str(m.content)) for m in messages) // 4 + 1
        output = len(str(message.content)) // 4 + 1 + 20 * len(message.tool_calls)
        message = message.model_copy(update={"usage_metadata": {
            "input_tokens": prompt, "output_tokens": output, "total_tokens": prompt + output}})
        with self._lock:
            self._calls.append(ModelCall(bound_tools=tools,
                                         called_tools=[c["name"] for c in message.tool_calls]))
        return ChatResult(generations=[ChatGeneration(message=message)])

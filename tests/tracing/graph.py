"""A small chat-shaped LangGraph graph for the tracing tests: guard -> router -> two agents in
parallel (one calls an LLM that calls a tool) -> composer. Real LangGraph, scripted LLM."""

from __future__ import annotations

import operator
from typing import Annotated, Any, TypedDict

from langchain_core.messages import HumanMessage
from langchain_core.tools import tool
from langgraph.graph import END, START, StateGraph

from tests.fakes.chat_model import ScriptedChatModel, tool_call

LEAKY_DSN = "postgresql://stockelper:hunter2-db-pass@db:5432/stockelper"


class ChatState(TypedDict, total=False):
    question: str
    agents: list[str]
    results: Annotated[list[str], operator.add]
    answer: str


@tool
def get_price(ticker: str) -> str:
    """Latest close of a ticker."""
    return f"{ticker} closed at 123.45 (source {LEAKY_DSN})"


def scripted_model() -> ScriptedChatModel:
    return ScriptedChatModel(responses=[tool_call("get_price", {"ticker": "AAPL"})])


def build_chat_graph(model: ScriptedChatModel) -> Any:
    def guard(state: ChatState) -> ChatState:
        return {"question": state["question"].strip()}

    def router(state: ChatState) -> ChatState:
        return {"agents": ["market", "news"]}

    def market(state: ChatState) -> ChatState:
        reply = model.bind_tools([get_price]).invoke([HumanMessage(state["question"])])
        outputs = [str(get_price.invoke(call)) for call in reply.tool_calls]
        return {"results": outputs}

    def news(state: ChatState) -> ChatState:
        return {"results": ["no news today"]}

    def composer(state: ChatState) -> ChatState:
        return {"answer": " / ".join(sorted(state.get("results", [])))}

    graph = StateGraph(ChatState)
    for name, fn in [("guard", guard), ("router", router), ("market", market),
                     ("news", news), ("composer", composer)]:
        graph.add_node(name, fn)
    graph.add_edge(START, "guard")
    graph.add_edge("guard", "router")
    graph.add_edge("router", "market")
    graph.add_edge("router", "news")
    graph.add_edge(["market", "news"], "composer")
    graph.add_edge("composer", END)
    return graph.compile()

"""Suite runs as Langfuse dataset runs with scores.

Each labelled turn becomes a dataset item (stable id, question as input, labels as expected
output); one experiment run per evaluation replays the recorded answers as the task output
and attaches the grades as scores (`route_correct`, `entity_correct`, `grounded`, and the
judge's aspects when present). The client is passed in (the CLI builds the Langfuse client;
tests pass a fake object with the same methods)."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from app.evals.report import Section
from app.evals.runner import TurnRecord

log = logging.getLogger(__name__)


class DatasetClient(Protocol):
    """The subset of `langfuse.Langfuse` used here."""

    def create_dataset(self, *, name: str, description: str | None = None,
                       metadata: Any | None = None) -> Any: ...

    def create_dataset_item(self, *, dataset_name: str, input: Any | None = None,
                            expected_output: Any | None = None, metadata: Any | None = None,
                            id: str | None = None) -> Any: ...

    def get_dataset(self, name: str) -> Any: ...

    def run_experiment(self, *, name: str, run_name: str | None = None,
                       description: str | None = None, data: Any, task: Any,
                       evaluators: Any = ..., metadata: dict[str, str] | None = None) -> Any: ...

    def flush(self) -> None: ...


@dataclass(frozen=True, slots=True)
class Score:
    name: str
    value: float
    comment: str = ""


def item_id(dataset: str, record: TurnRecord) -> str:
    return f"{dataset}/{record.script_id}/{record.turn}"


def scores_of(record: TurnRecord, judged: dict[str, dict[str, Any]] | None = None) -> list[Score]:
    out: list[Score] = []
    if record.grade is not None:
        g = record.grade
        out.append(Score("route_correct", float(g.route_ok),
                         f"expected {g.expected_route}, got {g.got_route}"))
        if g.entity_ok is not None:
            out.append(Score("entity_correct", float(g.entity_ok)))
    if record.grounding is not None:
        out.append(Score("grounded", float(record.grounding.grounded),
                         ", ".join(record.grounding.untraced)))
    row = (judged or {}).get(f"{record.script_id}#{record.turn}", {})
    for aspect in ("relevance", "truthfulness", "completeness"):
        if aspect in row:
            out.append(Score(f"judge_{aspect}", float(row[aspect]),
                             str(row.get(f"{aspect}_reason", ""))))
    return out


def publish(
    *, client: DatasetClient, records: Sequence[TurnRecord], dataset: str, run_name: str,
    judge: Section | None = None,
) -> Section:
    """Create/refresh the dataset and record one experiment run with scores."""
    from langfuse import Evaluation

    graded = [r for r in records if r.answer is not None and r.skipped is None]
    judged = {str(row["id"]): row for row in (judge.rows if judge else [])}
    try:
        client.create_dataset(name=dataset, description="Stockelper labelled routing suite",
                              metadata={"source": "app/evals/data"})
    except Exception as exc:  # an existing dataset is reused; items are upserted by id
        log.info("dataset %s not created (%s); reusing it", dataset, exc)
    by_id: dict[str, TurnRecord] = {}
    for r in graded:
        key = item_id(dataset, r)
        by_id[key] = r
        client.create_dataset_item(
            dataset_name=dataset, id=key, input={"question": r.question, "turn": r.turn,
                                                 "script": r.script_id, "lang": r.lang},
            expected_output={"agents": sorted(r.expect.agents),
                             "tickers": list(r.expect.tickers or [])},
            metadata={"category": r.category})
    items = [i for i in client.get_dataset(dataset).items if getattr(i, "id", None) in by_id]

    def task(*, item: Any, **_: Any) -> dict[str, Any]:
        answer = by_id[item.id].answer
        assert answer is not None
        return {"item": item.id, "answer": answer.answer, "agents": answer.agents,
                "tickers": answer.tickers, "trace_id": answer.trace_id}

    def evaluator(*, output: Any, **_: Any) -> list[Any]:
        record = by_id.get(str((output or {}).get("item")))
        if record is None:
            return []
        return [Evaluation(name=s.name, value=s.value, comment=s.comment or None)
                for s in scores_of(record, judged)]

    client.run_experiment(name=dataset, run_name=run_name, data=items, task=task,
                          evaluators=[evaluator], description="stockelper eval",
                          metadata={"turns": str(len(graded))})
    client.flush()
    return Section(title="Langfuse dataset run", notes=[
        f"dataset {dataset}: {len(graded)} items; run {run_name} with "
        f"{sum(len(scores_of(r, judged)) for r in graded)} scores"])

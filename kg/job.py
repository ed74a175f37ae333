"""The `graph` collection job: brings the graph up to date from the directory, stored
profiles, the curated relations file and the news co-mentions since the last run.

Every write is a MERGE, so a rerun is harmless and nothing is dropped; co-mention weights
only grow by articles not yet counted. The caller (app/cli, scheduler) owns the run ledger:
it passes the mentions ingested since its watermark and records the returned counts.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Literal

from app.records import CompanyProfile
from kg.builder import CompanyDirectory, GraphBuilder, Mention
from kg.relations import CuratedRelation, load_relations
from kg.store import GraphStore

log = logging.getLogger(__name__)

JOB_NAME = "graph"
JobStatus = Literal["success", "partial", "failed"]


@dataclass(slots=True)
class GraphJobResult:
    status: JobStatus
    counts: dict[str, int] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    latest_article: datetime | None = None


class _Tracked:
    """Counts mentions and remembers the newest publication time while streaming."""

    def __init__(self, mentions: Iterable[Mention]) -> None:
        self._mentions = mentions
        self.count = 0
        self.latest: datetime | None = None

    def __iter__(self) -> Iterator[Mention]:
        for mention in self._mentions:
            self.count += 1
            if self.latest is None or mention.published_at > self.latest:
                self.latest = mention.published_at
            yield mention


def run_graph_job(
    *,
    store: GraphStore,
    directory: CompanyDirectory,
    profiles: Iterable[CompanyProfile] = (),
    news_mentions: Iterable[Mention] = (),
    relations: Sequence[CuratedRelation] | None = None,
    as_of: date | None = None,
) -> GraphJobResult:
    """Update the graph; each step runs even when an earlier one failed (status partial).

    counts: `written_<Label|TYPE>` rows merged this run, `profiles`, `relations`,
    `mentions`, `co_mentioned_pairs`, and the graph totals afterwards (`<Label|TYPE>`)."""
    builder = GraphBuilder(store=store, directory=directory, as_of=as_of)
    tracked = _Tracked(news_mentions)
    counts: dict[str, int] = {}
    errors: list[str] = []

    try:
        store.ensure_schema()
    except Exception as exc:  # noqa: BLE001 - nothing else can run without a schema
        log.exception("graph schema failed")
        return GraphJobResult(status="failed", errors=[f"schema: {exc}"])

    steps: tuple[tuple[str, Callable[[], int]], ...] = (
        ("companies", lambda: builder.add_companies()),
        ("profiles", lambda: builder.add_profiles(profiles)),
        ("relations", lambda: builder.add_relations(
            load_relations() if relations is None else relations)),
        ("co_mentioned_pairs", lambda: builder.add_co_mentions(tracked)),
    )
    for name, action in steps:
        try:
            counts[name] = action()
        except Exception as exc:  # noqa: BLE001 - recorded in the run ledger, next step runs
            log.exception("graph step %s failed", name)
            errors.append(f"{name}: {exc}")
    counts["mentions"] = tracked.count
    for kind in (builder.counts.nodes, builder.counts.edges):
        counts.update({f"written_{k}": v for k, v in kind.items()})
    try:
        counts.update(store.counts())
    except Exception as exc:  # noqa: BLE001
        errors.append(f"counts: {exc}")
    status: JobStatus = "success" if not errors else (
        "failed" if len(errors) >= len(steps) else "partial")
    return GraphJobResult(
        status=status, counts=counts, errors=errors, skipped=list(builder.counts.skipped),
        latest_article=tracked.latest,
    )

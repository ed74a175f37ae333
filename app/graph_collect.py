"""The `graph` collection run: kg's graph job with the run ledger, tracing and the news
watermark. Composition code (it joins collectors' ledger, kg's job and the SQL store), so it
lives in app/ beside the CLI rather than in collectors/ or kg/, which import only app's core.

The watermark (`graph` / `news_ingested_at`) is the newest `ingested_at` in the news store
when the run started. It moves forward only when the co-mention step succeeded (the run is
then `success` or `partial`); otherwise the next run sees the same articles again (every
graph write is a MERGE and co-mention weights count distinct article keys, so a rerun is
harmless).

Synthetic demo rows (source `demo`) stay out of the graph: demo profiles carry placeholder
industries ("Information Technology (demo)") that would make every IT company an industry
peer of every other, and demo articles name random pairs of companies. Offline, the graph
is the curated relations and the symbol directory; real profiles and news join it when
collected.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from app.db.models import NewsArticleRow
from app.db.repositories import get_watermarks, iter_news_mentions, list_profiles, set_watermarks
from app.db.repositories.collection import DEMO_SOURCE
from app.tracing_port import NoTracing, Tracing
from collectors.ledger import JobReport, RunBook, recorded_run
from kg.builder import CompanyDirectory
from kg.job import JOB_NAME, GraphJobResult, run_graph_job
from kg.relations import CuratedRelation
from kg.schema import NODE_LABELS, REL_TYPES
from kg.store import GraphStore

WATERMARK = "news_ingested_at"
MENTIONS_STEP = "co_mentioned_pairs"
STEPS = ("companies", "profiles", "relations", MENTIONS_STEP)


def news_watermark(*, session: Session) -> datetime | None:
    value = get_watermarks(session=session, job=JOB_NAME).get(WATERMARK)
    return datetime.fromisoformat(value) if value else None


def collect_graph(
    *,
    session_factory: sessionmaker[Session],
    open_store: Callable[[], GraphStore],
    directory: CompanyDirectory,
    tracing: Tracing | None = None,
    relations: Sequence[CuratedRelation] | None = None,
    as_of: date | None = None,
) -> JobReport:
    """Bring the graph up to date and record the run (job `graph`) in the ledger.

    `open_store` is called inside the run, so a store that cannot be opened (embedded file
    held by another writer, Neo4j down) is a `failed` ledger row with the reason."""
    tracing = tracing or NoTracing()
    with session_factory() as session:
        since = news_watermark(session=session)
        upto = session.scalar(select(func.max(NewsArticleRow.ingested_at)))
    params = {"news_since": since.isoformat() if since else None}
    with recorded_run(job=JOB_NAME, params=params, session_factory=session_factory,
                      tracing=tracing) as book:
        _run(book, session_factory, open_store, directory, since, relations, as_of)
        if MENTIONS_STEP in book.ok and upto is not None:
            with session_factory() as session:
                set_watermarks(session=session, job=JOB_NAME,
                               values={WATERMARK: upto.isoformat()})
                session.commit()
    assert book.report is not None
    return book.report


def _run(
    book: RunBook, session_factory: sessionmaker[Session],
    open_store: Callable[[], GraphStore], directory: CompanyDirectory, since: datetime | None,
    relations: Sequence[CuratedRelation] | None, as_of: date | None,
) -> GraphJobResult | None:
    try:
        store = open_store()
    except Exception as exc:  # noqa: BLE001 - recorded as the run's reason
        book.fail("store", f"{type(exc).__name__}: {exc}"[:500])
        return None
    with session_factory() as session:
        profiles = list_profiles(session=session)
        real = [p for p in profiles if p.source != DEMO_SOURCE]
        demo_keys = set(session.scalars(
            select(NewsArticleRow.key).where(NewsArticleRow.source == DEMO_SOURCE)))
        mentions = (m for m in iter_news_mentions(session=session, since=since)
                    if m.key not in demo_keys)
        result = run_graph_job(store=store, directory=directory, profiles=real,
                               news_mentions=mentions, relations=relations, as_of=as_of)
    book.add("demo_profiles_left_out", len(profiles) - len(real))
    book.add("demo_articles_left_out", len(demo_keys))
    failed: dict[str, str] = {}
    for error in result.errors:
        step, _, reason = error.partition(": ")
        failed[step] = reason
        book.fail(step, reason[:500])
    for step in STEPS:
        if step in result.counts and step not in failed:
            book.succeed(step, rows=result.counts[step])
    if result.skipped:
        shown = ", ".join(result.skipped[:5])
        more = f" and {len(result.skipped) - 5} more" if len(result.skipped) > 5 else ""
        book.warn("skipped", f"{len(result.skipped)} companies not in the directory: "
                             f"{shown}{more}")
    for name, value in result.counts.items():
        book.add(name, int(value))
    book.add("written", sum(v for k, v in result.counts.items() if k.startswith("written_")))
    book.add("nodes", sum(result.counts.get(label, 0) for label in NODE_LABELS))
    book.add("edges", sum(result.counts.get(rel, 0) for rel in REL_TYPES))
    return result

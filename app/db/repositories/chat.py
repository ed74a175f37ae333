"""Chat thread metadata (titles, owners) and answer feedback. The conversations themselves
live in the LangGraph checkpointer; this is the only chat-path module that writes SQL."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import delete, exists, func, select
from sqlalchemy.orm import Session

from app.chat_types import ThreadInfo
from app.db.models import ChatThreadRow, DailyPriceRow, FeedbackRow, NewsArticleRow
from app.db.types import utcnow

TITLE_CHARS = 60


@dataclass(frozen=True, slots=True)
class FeedbackRecord:
    thread_id: str
    message_id: str
    trace_id: str | None
    value: int
    comment: str | None
    created_at: datetime


def thread_title(question: str) -> str:
    text = " ".join(question.split())
    return text if len(text) <= TITLE_CHARS else text[: TITLE_CHARS - 1].rstrip() + "…"


def touch_thread(*, session: Session, thread_id: str, user_id: str, question: str) -> None:
    """Create the thread row on its first question (titled after it), else bump
    `updated_at`. Caller commits."""
    row = session.get(ChatThreadRow, thread_id)
    now = utcnow()
    if row is None:
        session.add(ChatThreadRow(thread_id=thread_id, user_id=user_id,
                                  title=thread_title(question), created_at=now, updated_at=now))
    else:
        row.updated_at = now
    session.flush()


def list_threads(*, session: Session, user_id: str, limit: int = 100) -> list[ThreadInfo]:
    stmt = (select(ChatThreadRow).where(ChatThreadRow.user_id == user_id)
            .order_by(ChatThreadRow.updated_at.desc(), ChatThreadRow.thread_id).limit(limit))
    return [ThreadInfo(thread_id=r.thread_id, title=r.title, updated_at=r.updated_at)
            for r in session.scalars(stmt)]


def thread_owner(*, session: Session, thread_id: str) -> str | None:
    row = session.get(ChatThreadRow, thread_id)
    return row.user_id if row is not None else None


def delete_thread(*, session: Session, thread_id: str) -> None:
    session.execute(delete(ChatThreadRow).where(ChatThreadRow.thread_id == thread_id))


def add_feedback(
    *, session: Session, thread_id: str, message_id: str, trace_id: str | None, value: int,
    comment: str | None = None,
) -> None:
    if value not in (-1, 1):
        raise ValueError("feedback value must be +1 or -1")
    session.add(FeedbackRow(thread_id=thread_id, message_id=message_id, trace_id=trace_id,
                            value=value, comment=comment, created_at=utcnow()))
    session.flush()


def list_feedback(*, session: Session, thread_id: str) -> list[FeedbackRecord]:
    stmt = select(FeedbackRow).where(FeedbackRow.thread_id == thread_id).order_by(FeedbackRow.id)
    return [FeedbackRecord(r.thread_id, r.message_id, r.trace_id, r.value, r.comment,
                           r.created_at) for r in session.scalars(stmt)]


def newest_price_date(*, session: Session) -> date | None:
    """The newest stored bar date of any ticker (an index lookup)."""
    return session.scalar(select(func.max(DailyPriceRow.date)))


def demo_data_present(*, session: Session) -> bool:
    """True when any stored price or news row comes from the synthetic demo data set."""
    prices = session.scalar(select(exists().where(DailyPriceRow.source == "demo")))
    news = session.scalar(select(exists().where(NewsArticleRow.source == "demo")))
    return bool(prices or news)

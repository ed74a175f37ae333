"""Read model of the store's state: counts, date ranges, freshness, last runs."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from sqlalchemy.orm import Session, sessionmaker

from app.db.repositories.collection import DEMO_SOURCE, has_rows_from_source
from app.db.repositories.companies import profile_summary
from app.db.repositories.news import news_summary
from app.db.repositories.prices import price_summary
from app.db.repositories.runs import list_runs


def store_status(*, session_factory: sessionmaker[Session], runs: int = 10) -> dict[str, Any]:
    with session_factory() as session:
        return {
            "datasets": {
                "prices": price_summary(session=session),
                "news": news_summary(session=session),
                "profiles": profile_summary(session=session),
            },
            "runs": [asdict(r) for r in list_runs(session=session, limit=runs)],
            "synthetic": has_rows_from_source(session=session, source=DEMO_SOURCE),
        }

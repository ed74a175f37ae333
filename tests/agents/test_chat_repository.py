"""Thread titles and feedback on SQLite and PostgreSQL (same tests), and the PostgreSQL
checkpointer the container builds in server mode."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from app.db.repositories import chat as repo


def test_threads_titles_order_and_deletion(session: Session) -> None:
    repo.touch_thread(session=session, thread_id="a", user_id="u", question="  AAPL   price ")
    repo.touch_thread(session=session, thread_id="b", user_id="u", question="x" * 100)
    repo.touch_thread(session=session, thread_id="c", user_id="other", question="NVDA")
    repo.touch_thread(session=session, thread_id="a", user_id="u", question="ignored")
    session.commit()
    threads = repo.list_threads(session=session, user_id="u")
    assert [t.thread_id for t in threads] == ["a", "b"]  # "a" was touched last
    assert threads[0].title == "AAPL price"
    assert len(threads[1].title) == repo.TITLE_CHARS and threads[1].title.endswith("…")
    assert repo.thread_owner(session=session, thread_id="c") == "other"
    repo.delete_thread(session=session, thread_id="a")
    session.commit()
    assert [t.thread_id for t in repo.list_threads(session=session, user_id="u")] == ["b"]


def test_feedback_and_demo_flag(session: Session) -> None:
    repo.add_feedback(session=session, thread_id="t", message_id="m1", trace_id="tr",
                      value=-1, comment="wrong number")
    session.commit()
    [fb] = repo.list_feedback(session=session, thread_id="t")
    assert (fb.message_id, fb.trace_id, fb.value, fb.comment) == ("m1", "tr", -1, "wrong number")
    with pytest.raises(ValueError):
        repo.add_feedback(session=session, thread_id="t", message_id="m2", trace_id=None,
                          value=0)
    assert repo.demo_data_present(session=session) is False
    assert repo.newest_price_date(session=session) is None


def test_container_uses_the_postgres_checkpointer_in_server_mode(
    postgres_url: str, tmp_path: Path,
) -> None:
    from langgraph.checkpoint.postgres import PostgresSaver

    from app.container import Container
    from app.settings import Settings

    container = Container(Settings(_env_file=None, data_dir=tmp_path,  # type: ignore[call-arg]
                                   database_url=postgres_url))
    try:
        assert isinstance(container.checkpointer, PostgresSaver)
        first = container.chat_service.ask("pg-thread", "u", "What's the weather?")
        assert first.agents == []
        assert [t.role for t in container.chat_service.history("pg-thread")] == [
            "user", "assistant"]
        assert not (tmp_path / "checkpoints.sqlite").exists()
    finally:
        container.close()

"""`stockelper eval`: labelled suites against the real ChatService, Markdown + JSON report.

By default the suites run on a generated fixture store (SQLite + embedded graph in a
temporary directory) so the figures are reproducible and CI can gate on them; `--store
configured` runs them on the configured stores instead."""

from __future__ import annotations

import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console

from app.cli.context import fail
from app.container import Container
from app.evals.fixtures import (
    DAYS,
    FORECAST_DAYS,
    WATCHLIST,
    build_fixture,
    build_fixture_graph,
    train_fixture_forecast,
)
from app.evals.grounding import AllStores, GraphStoreFacts, SqlStoreFacts, StoreFacts
from app.evals.report import Check, EvalReport, Gate, Section, write_reports
from app.evals.suites import Script, SuiteError, load_file, load_suite, suite_tickers
from app.settings import Settings, get_settings

console = Console()
SUITES = ("routing", "groundedness", "llm", "judge", "all")
NO_LLM = "no LLM configured (STOCKELPER_LLM_PROVIDER=none)"


@dataclass
class Env:
    """The stores and services one evaluation runs against."""

    settings: Settings
    container: Container
    label: str
    graph: Any = None
    extra: list[Container] = field(default_factory=list)

    def wire(self, container: Container) -> Container:
        """Share one graph connection (an embedded graph opens once per process) and one
        tracing client."""
        if self.graph is not None:
            container.__dict__["graph_queries"] = self.graph
        if container is not self.container:  # one Langfuse client per process
            container.__dict__["tracing"] = self.container.tracing
        return container

    def store_facts(self) -> StoreFacts:
        sql = SqlStoreFacts(engine=self.container.read_engine)
        queries = self.graph if self.graph is not None else getattr(
            self.container, "graph_queries", None)
        return AllStores(sql, GraphStoreFacts(graph=queries)) if queries is not None else sql

    def factory(self, *, model: Any, max_calls: int = 4, max_tokens: int = 6000) -> Any:
        """A ChatService on the same stores whose LLM edge is `model`."""
        settings = self.settings.model_copy(update={"llm_max_calls": max_calls,
                                                    "llm_max_tokens": max_tokens})
        container = self.wire(Container(settings))
        container.__dict__["chat_model"] = model  # the test double at the LLM edge
        self.extra.append(container)
        return container.chat_service


@contextmanager
def fixture_env(base: Settings, tickers: list[str], *, forecast: bool = False) -> Iterator[Env]:
    with tempfile.TemporaryDirectory(prefix="stockelper-eval-") as tmp:
        settings = base.model_copy(update={
            "data_dir": Path(tmp), "database_url": None, "graph_store": "embedded",
            "watchlist": list(WATCHLIST)})
        container = Container(settings)
        container.migrate()
        wanted = [*tickers, "SPY"] if forecast else tickers
        build_fixture(session_factory=container.session_factory, names=container.symbols,
                      tickers=wanted, now=datetime.now(UTC),
                      days=FORECAST_DAYS if forecast else DAYS)
        if forecast:
            from forecast.bars import SqlBarsLoader

            train_fixture_forecast(
                load_bars=SqlBarsLoader(session_factory=container.read_session_factory),
                registry=container.forecast_registry, tickers=[*wanted, *WATCHLIST])
        from kg.ladybug_store import LadybugGraphStore
        from kg.queries import GraphQueries

        builder = LadybugGraphStore(path=settings.graph_path)
        try:
            build_fixture_graph(store=builder, directory=container.symbols)
        finally:
            builder.close()
        store: LadybugGraphStore | None = None
        queries = getattr(container, "graph_queries", None)  # the container's own wiring
        if queries is None:  # none yet: the CLI opens the fixture graph for the chat
            store = LadybugGraphStore(path=settings.graph_path)
            queries = GraphQueries(store=store, directory=container.symbols)
        env = Env(settings=settings, container=container, label="fixture", graph=queries)
        env.wire(container)
        try:
            yield env
        finally:
            for c in [*env.extra, container]:
                c.close()
            if store is not None:
                store.close()


@contextmanager
def configured_env(settings: Settings) -> Iterator[Env]:
    container = Container(settings)
    try:
        yield Env(settings=settings, container=container, label="configured")
    finally:
        container.close()


def _scripts(cases: Path | None, limit: int | None, questions: str) -> list[Script]:
    try:
        scripts = load_file(cases) if cases else load_suite(questions)
    except (SuiteError, OSError) as exc:
        fail(str(exc))
    return scripts[:limit] if limit else scripts


def _langfuse_section(env: Env, report: EvalReport, judge: Section | None) -> Section:
    title = "Langfuse dataset run"
    tracing = env.container.tracing
    client = getattr(tracing, "client", None)  # the container's one Langfuse client
    if not tracing.enabled or client is None:
        return Section(title, skipped="Langfuse keys not set (STOCKELPER_LANGFUSE_PUBLIC_KEY "
                                      "and STOCKELPER_LANGFUSE_SECRET_KEY)")
    if report.run is None:
        return Section(title, skipped="no suite run to publish")
    from app.evals.langfuse_runs import publish

    run_name = f"eval-{report.started.strftime('%Y%m%d-%H%M%S')}-{report.mode}"
    try:
        return publish(client=client, records=report.run.records, dataset="stockelper-routing",
                       run_name=run_name, judge=judge)
    except Exception as exc:  # Langfuse down must not lose the local report
        return Section(title, checks=[Check("dataset run published", False,
                                            f"{type(exc).__name__}: {exc}")])


def _judge_model(settings: Settings, env: Env, spec: str | None) -> tuple[Any, str] | None:
    if spec:
        from langchain.chat_models import init_chat_model

        return init_chat_model(spec), spec
    model = env.container.chat_model
    return (model, env.container.llm_label or "configured") if model is not None else None


def evaluate(
    suite: Annotated[str, typer.Option(help="routing | groundedness | llm | judge | all")] = "all",
    report: Annotated[Path | None, typer.Option(help="Markdown report path")] = None,
    json_path: Annotated[Path | None, typer.Option("--json", help="JSON report path")] = None,
    min_routing: Annotated[float, typer.Option(help="Fail below this routing accuracy")] = 0.95,
    min_grounded: Annotated[float, typer.Option(help="Fail below this grounded share")] = 1.0,
    store: Annotated[str, typer.Option(help="fixture (generated) or configured")] = "fixture",
    offline: Annotated[bool, typer.Option(help="Ignore a configured LLM")] = False,
    questions: Annotated[str, typer.Option(help="routing (labelled) or holdout")] = "routing",
    cases: Annotated[Path | None, typer.Option(help="Another suite file (JSONL)")] = None,
    limit: Annotated[int | None, typer.Option(help="Only the first N scripts")] = None,
    judge_model: Annotated[str | None, typer.Option(help="provider:model for the judge")] = None,
    judge_limit: Annotated[int, typer.Option(help="Answers the judge grades")] = 30,
    llm_sample: Annotated[int, typer.Option(help="Scripts sent to a live model")] = 20,
    with_forecast: Annotated[bool, typer.Option(
        help="Fixture: two years of bars and trained forecast models")] = False,
) -> None:
    """Run the labelled evaluation suites and write a Markdown + JSON report."""
    if suite not in SUITES or store not in ("fixture", "configured"):
        fail(f"--suite must be one of {', '.join(SUITES)}; --store fixture or configured")
    wanted = {"routing", "groundedness", "llm", "judge"} if suite == "all" else {suite}
    settings = get_settings()
    if offline:
        settings = settings.model_copy(update={"llm_provider": "none"})
    mode = "offline" if settings.llm_provider == "none" else \
        f"{settings.llm_provider}:{settings.llm_model}"
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    out_dir = settings.data_dir / "evals"
    md_path = report or out_dir / f"report-{stamp}.md"
    js_path = json_path or md_path.with_suffix(".json")
    scripts = _scripts(cases, limit, questions)
    result = EvalReport(suites=sorted(wanted), mode=mode, store=store)
    started = time.perf_counter()
    run_id = uuid.uuid4().hex[:8]
    env_cm = (fixture_env(settings, suite_tickers(scripts), forecast=with_forecast)
              if store == "fixture" else configured_env(settings))
    with env_cm as env:
        from app.evals.runner import run_scripts

        service = env.container.chat_service
        available = list(service.status().get("agents") or [])
        if wanted & {"routing", "groundedness", "judge"}:
            with console.status(f"asking {sum(len(s.turns) for s in scripts)} questions"):
                result.run = run_scripts(service=service, scripts=scripts, available=available,
                                         store=env.store_facts(), run_id=run_id)
            if "routing" in wanted:
                result.gates.append(Gate("routing accuracy",
                                         result.run.routing.accuracy.value, min_routing))
            if "groundedness" in wanted:
                result.gates.append(Gate("answers fully grounded",
                                         result.run.grounding.share, min_grounded))
        if "llm" in wanted:
            from app.evals.llm_checks import live_checks, offline_checks

            result.sections.append(offline_checks(factory=env.factory, available=available,
                                                  run_id=run_id))
            if settings.llm_provider == "none":
                result.sections.append(Section("LLM path (live)", skipped=NO_LLM))
            else:
                result.sections.append(live_checks(
                    service=service, scripts=scripts[:: max(len(scripts) // llm_sample, 1)],
                    available=available, label=mode, max_calls=settings.llm_max_calls,
                    max_tokens=settings.llm_max_tokens, run_id=run_id))
        judge: Section | None = None
        if "judge" in wanted:
            picked = _judge_model(settings, env, judge_model)
            if picked is None or result.run is None:
                judge = Section("LLM-as-judge", skipped=NO_LLM)
            else:
                from app.evals.judge import judge_records

                judge = judge_records(model=picked[0], judge_label=picked[1],
                                      records=result.run.records, limit=judge_limit)
            result.sections.append(judge)
        result.sections.append(_langfuse_section(env, result, judge))
    result.seconds = time.perf_counter() - started
    write_reports(result, markdown=md_path, json_path=js_path)
    _print_summary(result, md_path, js_path)
    if not result.passed:
        raise typer.Exit(1)


def _print_summary(result: EvalReport, md_path: Path, js_path: Path) -> None:
    run = result.run
    if run is not None:
        r, g = run.routing, run.grounding
        console.print(f"routing {r.accuracy.correct}/{r.accuracy.total}"
                      f" ({(r.accuracy.value or 0) * 100:.1f}%), entities "
                      f"{r.entity.correct}/{r.entity.total}, grounded {g.grounded}/{g.answers}"
                      f", skipped {sum(run.skipped.values())}, errors {run.errors}")
    for section in result.sections:
        state = f"skipped ({section.skipped})" if section.skipped else (
            "ok" if section.ok else "[red]FAILED[/red]")
        console.print(f"{section.title}: {state}")
    for gate in result.gates:
        mark = "[green]pass[/green]" if gate.passed else "[red]FAIL[/red]"
        console.print(f"gate {gate.name}: {gate.value} >= {gate.minimum} {mark}")
    console.print(f"report: {md_path} and {js_path}")


def register(app: typer.Typer) -> None:
    app.command("eval")(evaluate)

"""A company-relations network as an interactive Plotly figure.

Input is the `graph` artifact shape: {"center", "nodes": [{"id", "kind", "name_en",
"name_ko"} | {"id", "label"}], "edges": [{"source", "target", "type", "as_of"?,
"evidence"?}]}. The centre sits in the middle, direct neighbours on an inner ring, two-hop
neighbours on an outer ring near the neighbour that leads to them. Edges are coloured by
type, labelled at their midpoint and arrowed when the relation has a direction.
"""

from __future__ import annotations

import html
import math
from collections import deque
from typing import Any

import plotly.graph_objects as go

from ui.i18n import t

SYMMETRIC = frozenset({"COMPETES_WITH", "PARTNERS_WITH", "CO_MENTIONED"})
EDGE_COLOURS = {
    "SUPPLIES": "#f58518", "COMPETES_WITH": "#e45756", "SUBSIDIARY_OF": "#54a24b",
    "PARTNERS_WITH": "#4c78a8", "HOLDS": "#b279a2", "OFFICER_OF": "#9d755d",
    "IN_SECTOR": "#bab0ac", "IN_INDUSTRY": "#bab0ac", "CO_MENTIONED": "#72b7b2",
}
NODE_COLOURS = {
    "Company": "#4c78a8", "Sector": "#9d9d9d", "Industry": "#bcbcbc",
    "Institution": "#b279a2", "Person": "#9d755d",
}


def relation_label(kind: str, lang: str) -> str:
    label = t(f"rel_{kind}", lang)
    return kind.lower().replace("_", " ") if label == f"rel_{kind}" else label


def node_name(node: dict[str, Any], lang: str) -> str:
    label = node.get("label") if node.get("label") not in NODE_COLOURS else None
    return str(node.get(f"name_{lang}") or node.get("name_en") or label or node["id"])


def edge_label(edge: dict[str, Any], lang: str) -> str:
    """The edge's own label in this language (label_en / label_ko), else the type's."""
    own = edge.get(f"label_{lang}") or edge.get("label")
    return str(own) if own else relation_label(str(edge.get("type", "")), lang)


def normalise(data: dict[str, Any]) -> tuple[str, dict[str, dict[str, Any]], list[dict[str, Any]]]:
    """Accept `id`/`key` for nodes and `source`/`src`, `target`/`dst` for edges."""
    nodes: dict[str, dict[str, Any]] = {}
    for raw in data.get("nodes") or []:
        node_id = str(raw.get("id") or raw.get("key") or raw.get("ticker") or "")
        if node_id:  # `label` is the node label (Company, Sector ...) in the agents' shape
            kind = raw.get("kind") or (raw.get("label") if raw.get("label") in NODE_COLOURS
                                       else "Company")
            nodes[node_id] = {**raw, "id": node_id, "kind": kind}
    edges = []
    for raw in data.get("edges") or []:
        src = str(raw.get("source") or raw.get("src") or "")
        dst = str(raw.get("target") or raw.get("dst") or "")
        if not src or not dst:
            continue
        for end in (src, dst):
            nodes.setdefault(end, {"id": end, "kind": "Company"})
        edges.append({**raw, "source": src, "target": dst, "type": str(raw.get("type", ""))})
    center = str(data.get("center") or (next(iter(nodes)) if nodes else ""))
    return center, nodes, edges


def layout(center: str, nodes: dict[str, Any], edges: list[dict[str, Any]]) -> dict[str, Any]:
    """Ring positions by hop distance from the centre."""
    adjacent: dict[str, list[str]] = {n: [] for n in nodes}
    for e in edges:
        adjacent[e["source"]].append(e["target"])
        adjacent[e["target"]].append(e["source"])
    hops, parent = {center: 0}, {center: center}
    queue = deque([center])
    while queue:
        here = queue.popleft()
        for there in sorted(adjacent.get(here, [])):
            if there not in hops:
                hops[there], parent[there] = hops[here] + 1, here
                queue.append(there)
    for n in nodes:  # unreachable nodes go on the outer ring
        hops.setdefault(n, 2)
        parent.setdefault(n, center)
    pos: dict[str, tuple[float, float]] = {center: (0.0, 0.0)}
    ring1 = sorted(n for n in nodes if hops[n] == 1)
    angle: dict[str, float] = {center: 0.0}
    for i, n in enumerate(ring1):
        angle[n] = 2 * math.pi * i / max(len(ring1), 1)
        pos[n] = (math.cos(angle[n]), math.sin(angle[n]))
    # Outer nodes sit in their parent's sector, so an edge to them never crosses the centre.
    sector = 2 * math.pi / max(len(ring1), 1)
    outer = sorted((n for n in nodes if hops[n] >= 2), key=lambda n: (hops[n], parent[n], n))
    by_parent: dict[str, list[str]] = {}
    for n in outer:
        by_parent.setdefault(parent[n], []).append(n)
    for n in outer:
        siblings = by_parent[parent[n]]
        base = angle.get(parent[n])
        if base is None or parent[n] == center:  # unreachable: spread over the whole ring
            base, width = 0.0, 2 * math.pi
        else:
            width = min(sector, math.pi / 2)
        k = siblings.index(n)
        angle[n] = base + width * ((k + 0.5) / len(siblings) - 0.5) + (
            0.3 if len(siblings) == 1 else 0.0)
        radius = 1.9 if hops[n] == 2 else 2.7
        pos[n] = (radius * math.cos(angle[n]), radius * math.sin(angle[n]))
    return pos


def network_figure(data: dict[str, Any], lang: str, *, height: int = 520) -> go.Figure:
    center, nodes, edges = normalise(data)
    pos = layout(center, nodes, edges)
    fig = go.Figure()
    annotations: list[dict[str, Any]] = []
    for kind in sorted({e["type"] for e in edges}):
        colour = EDGE_COLOURS.get(kind, "#999")
        xs: list[float | None] = []
        ys: list[float | None] = []
        mids_x, mids_y, hovers, texts = [], [], [], []
        for e in (e for e in edges if e["type"] == kind):
            (x0, y0), (x1, y1) = pos[e["source"]], pos[e["target"]]
            xs += [x0, x1, None]
            ys += [y0, y1, None]
            mids_x.append((x0 + x1) / 2)
            mids_y.append((y0 + y1) / 2)
            hovers.append(_edge_hover(e, nodes, lang))
            texts.append(edge_label(e, lang))
            if kind not in SYMMETRIC:
                annotations.append({
                    "x": x0 + 0.8 * (x1 - x0), "y": y0 + 0.8 * (y1 - y0), "ax": x0, "ay": y0,
                    "xref": "x", "yref": "y", "axref": "x", "ayref": "y", "showarrow": True,
                    "arrowhead": 2, "arrowsize": 1.2, "arrowwidth": 1.2, "arrowcolor": colour,
                    "text": "",
                })
        label = relation_label(kind, lang)
        fig.add_trace(go.Scatter(
            x=xs, y=ys, mode="lines", line={"color": colour, "width": 1.6}, name=label,
            hoverinfo="skip", legendgroup=kind,
        ))
        fig.add_trace(go.Scatter(
            x=mids_x, y=mids_y, mode="text", text=texts,
            textfont={"size": 10, "color": colour}, hovertext=hovers, hoverinfo="text",
            showlegend=False, legendgroup=kind,
        ))
    ids = list(nodes)
    fig.add_trace(go.Scatter(
        x=[pos[n][0] for n in ids], y=[pos[n][1] for n in ids], mode="markers+text",
        text=[node_name(nodes[n], lang) for n in ids], textposition="bottom center",
        customdata=ids, name="",
        hovertext=[f"{node_name(nodes[n], lang)} ({n}) · "
                   f"{t('kind_' + str(nodes[n].get('kind', 'Company')), lang)}" for n in ids],
        hoverinfo="text", showlegend=False,
        marker={
            "size": [30 if n == center else 18 for n in ids],
            "color": [NODE_COLOURS.get(str(nodes[n].get("kind", "Company")), "#4c78a8")
                      for n in ids],
            "line": {"width": [3 if n == center else 1 for n in ids], "color": "#222"},
        },
    ))
    reach = max((math.hypot(x, y) for x, y in pos.values()), default=1.0) or 1.0
    axis = {"visible": False, "range": [-reach * 1.3, reach * 1.3]}
    fig.update_layout(
        height=height, margin={"l": 0, "r": 0, "t": 10, "b": 0}, annotations=annotations,
        xaxis=axis, yaxis={**axis, "scaleanchor": "x"}, dragmode="pan", clickmode="event",
        legend={"orientation": "h", "y": -0.02}, plot_bgcolor="rgba(0,0,0,0)",
    )
    return fig


def _edge_hover(edge: dict[str, Any], nodes: dict[str, Any], lang: str) -> str:
    parts = [
        f"{node_name(nodes[edge['source']], lang)} → {node_name(nodes[edge['target']], lang)}",
        edge_label(edge, lang),
    ]
    for key in ("as_of", "evidence"):
        if edge.get(key):
            parts.append(f"{key}: {html.escape(str(edge[key]))}")
    return "<br>".join(parts)


def neighbour_rows(data: dict[str, Any], lang: str) -> list[dict[str, str]]:
    """The centre's direct relations as table rows (also the click-through list)."""
    center, nodes, edges = normalise(data)
    rows = []
    for e in edges:
        if center not in (e["source"], e["target"]):
            continue
        other = e["target"] if e["source"] == center else e["source"]
        rows.append({
            "id": other, "name": node_name(nodes[other], lang),
            "kind": str(nodes[other].get("kind", "Company")),
            "relation": edge_label(e, lang),
            "direction": "→" if e["source"] == center else "←",
        })
    return sorted(rows, key=lambda r: (r["relation"], r["name"]))

"""Layout of the relations network view."""

from __future__ import annotations


def test_second_ring_nodes_sit_beside_their_parent_not_across_the_centre() -> None:
    import math

    from ui.network import layout

    nodes = {"TSM": {}, "QCOM": {}, "005930.KS": {}, "AAPL": {}}
    edges = [{"source": "TSM", "target": "QCOM"}, {"source": "QCOM", "target": "005930.KS"},
             {"source": "TSM", "target": "AAPL"}]
    pos = layout("TSM", nodes, edges)
    qx, qy = pos["QCOM"]
    sx, sy = pos["005930.KS"]
    between = math.acos((qx * sx + qy * sy) / (math.hypot(qx, qy) * math.hypot(sx, sy)))
    assert between < math.pi / 2  # same side: the QCOM -> Samsung edge avoids TSMC
    assert math.hypot(sx, sy) > math.hypot(qx, qy)

"""Colours of the node groups, shared by the page, the conflicts chart and the overview."""

from __future__ import annotations

GROUP_COLOURS: dict[str, str] = {
    "armed group": "#d62728",
    "military": "#2f6b2f",
    "government": "#1f77b4",
    "media": "#9467bd",
    "international body": "#17becf",
    "person": "#ff7f0e",
    "country": "#8c564b",
    "anonymous source": "#7f7f7f",
    "organisation": "#bcbd22",
    "actor": "#aaaaaa",
    "event": "#e377c2",
    "topic": "#dddddd",
}
"""Node group -> fill colour (colour-blind-aware tab10 colours where possible)."""


def colour(group: str) -> str:
    """The fill colour of a node group (grey for an unknown group).

    >>> colour("armed group")
    '#d62728'
    """
    return GROUP_COLOURS.get(group, "#aaaaaa")

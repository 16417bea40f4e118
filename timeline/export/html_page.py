"""The HTML document around the timeline's figure: head, plotly.js (inline or from the CDN),
the header with its search and filters, and the call that draws the plot and starts PAGE_JS.

Everything that reaches the page from article text is escaped: JSON through `script_json`
(no `</script>`), the title and options through `html.escape`.
"""

from __future__ import annotations

import html
import importlib.util
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from timeline.export.html_js import PAGE_JS

DIV_ID = "timeline"
FONT_STACK = (
    '"Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", '
    '"WenQuanYi Micro Hei", sans-serif'
)

# Two spots in the bundled plotly.js that offline checkers flag; neither matters to this page.
# U+FFFD sits in one regex literal, where the escape means the same character; the map-icon
# URL is used only by map traces, which this page never draws: it must never be fetched.
PLOTLYJS_FIXES = (
    ("\ufffd", "\\uFFFD"),
    ("https://cdn.jsdelivr.net/npm/@mapbox/maki@8.2.0/icons/", "offline-disabled:maki/"),
)


def script_json(value: object) -> str:
    """JSON that is safe inside <script>: no `</script>`, no `<!--`, no U+2028 line breaks."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    for raw, escaped in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"),
                         ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(raw, escaped)
    return text


def plotly_template(name: str) -> dict[str, Any]:
    """The layout template `name` (plotly_white) read from plotly's own JSON file, its keys in
    the order plotly's figure writes them: the same bytes, without building plotly's validated
    objects (0.14 s of CPU)."""
    template = json.loads(_plotly_file(f"package_data/templates/{name}.json"))
    traces = template["data"]
    # plotly lists the trace types as its Data class does: by name + "s" (barpolar before bar)
    data = {kind: [plotly_trace(t.pop("type"), t) for t in traces[kind]] for kind in sorted(traces, key=lambda k: k + "s")}
    return {"data": data, "layout": sorted_keys(template["layout"])}


def plotly_trace(kind: str, properties: dict[str, Any]) -> dict[str, Any]:
    """A trace as plotly's figure writes it: its properties' keys sorted, its type last."""
    return {**sorted_keys(properties), "type": kind}


def sorted_keys(value: Any) -> Any:
    """`value` with the keys of every dict in it sorted, as plotly writes the objects it builds
    from keyword arguments (traces, shapes, annotations, a template's layout)."""
    if isinstance(value, dict):
        return {key: sorted_keys(value[key]) for key in sorted(value)}
    if isinstance(value, list) and value and isinstance(value[0], (dict, list)):  # not the long lists of text
        return [sorted_keys(v) for v in value]
    return value


def _plotly_file(relative: str) -> bytes:
    """A file of the installed plotly package, found without importing plotly (35 ms)."""
    spec = importlib.util.find_spec("plotly")
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError("plotly is needed to write the page")
    return (Path(next(iter(spec.submodule_search_locations))) / relative).read_bytes()


def _plotlyjs() -> bytes:
    # Kept as UTF-8 bytes: as text, 4.6 MB of it would be copied into the page's wide string
    # (the page holds Chinese) and encoded back, which cost more than the rest of a small page.
    js = _plotly_file("package_data/plotly.min.js")  # what plotly's get_plotlyjs reads
    for old, new in PLOTLYJS_FIXES:
        js = js.replace(old.encode("utf-8"), new.encode("utf-8"))
    return js


def _plotly_tag(page_js: str) -> bytes:
    """plotly.js for the page: embedded, or loaded from plotly's CDN (`--page-js cdn`)."""
    if page_js == "inline":
        return b'<script type="text/javascript">' + _plotlyjs() + b"</script>"
    if page_js == "cdn":
        from plotly.offline.offline import get_plotlyjs_version  # type: ignore[import-untyped]

        url = f"https://cdn.plot.ly/plotly-{get_plotlyjs_version()}.min.js"
        return f'<script src="{url}" charset="utf-8"></script>'.encode()
    raise ValueError(f"page_js must be 'inline' or 'cdn', got {page_js!r}")


def controls(kinds: Sequence[tuple[str, str]], projects: Sequence[str]) -> str:
    """The search box and the kind (value, label) and project lists that PAGE_JS reads by their ids."""
    kind_options = "".join(f'<option value="{value}">{html.escape(label)}</option>' for value, label in kinds)
    project_options = "".join(f'<option value="{html.escape(p)}">{html.escape(p)}</option>' for p in projects)
    return (
        '<form class="filters" onsubmit="return false">'
        '<input id="q" type="search" placeholder="搜索标题、原文、文章、项目…" aria-label="搜索">'
        f'<select id="kind" aria-label="类型"><option value="">全部类型</option>{kind_options}</select>'
        f'<select id="project" aria-label="项目"><option value="">全部项目</option>{project_options}</select>'
        '<span id="matches" class="note"></span></form>'
    )


def page(*, title: str, summary: str, call: str, min_height: int, page_js: str, controls: str) -> bytes:
    """The HTML document (UTF-8): header (title, summary, filters), plotly.js, the plot and its script."""
    script = _plotly_tag(page_js)
    head = f"""<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{html.escape(title)}</title>
<style>
html, body {{ margin: 0; height: 100%; background: #ffffff; color: #222222;
  font-family: {FONT_STACK}; }}
header {{ padding: 10px 16px 0; }}
h1 {{ font-size: 20px; margin: 0 0 4px; font-weight: 600; }}
p.note {{ margin: 0; font-size: 13px; color: #555555; }}
form.filters {{ margin: 6px 0 0; display: flex; gap: 8px; align-items: center; flex-wrap: wrap; font-size: 13px; }}
form.filters input {{ width: 16em; padding: 2px 6px; }}
#{DIV_ID} {{ width: 100%; height: calc(100vh - 96px); min-height: {min_height}px; }}
</style>
"""
    rest = f"""
</head>
<body>
<header><h1>{html.escape(title)}</h1><p class="note">{html.escape(summary)}</p>{controls}</header>
<noscript><p class="note">这个页面需要 JavaScript 才能画出时间线。</p></noscript>
<div id="{DIV_ID}" class="plotly-graph-div"></div>
<script type="text/javascript">
Plotly.newPlot({call}).then({PAGE_JS});
</script>
</body>
</html>
"""
    return b"".join((head.encode("utf-8"), script, rest.encode("utf-8")))

"""A report as one self-contained HTML page: inline SVG charts, no JavaScript, no external files.

Every chart is an image with a text alternative and sits above the table of the same
figures; colours meet 3:1 against white and series are also told apart by their legend
and by the value printed at each bar, so the page reads in black and white when printed.
"""

from __future__ import annotations

from html import escape

from generator.reports.document import Cell, Chart, Report, Section

COLOURS = ("#1d4f91", "#b34700", "#2e6b30", "#6b3a8c")  # all ≥ 4.5:1 on white
LABEL_W, BAR_W, ROW_H, GAP = 220, 430, 16, 10

STYLE = """
body{font-family:"PingFang SC","Microsoft YaHei","Noto Sans CJK SC",sans-serif;color:#1a1a1a;margin:2rem auto;
max-width:60rem;padding:0 1rem;line-height:1.6;font-size:16px}
h1{font-size:1.6rem;margin:0 0 .5rem}h2{font-size:1.25rem;margin:2rem 0 .5rem;border-bottom:2px solid #1d4f91}
.basis,.notes{color:#333;font-size:.95rem}.internal{color:#8a1c1c;font-weight:bold}
dl.summary{display:flex;flex-wrap:wrap;gap:.5rem 2rem}dl.summary div{min-width:9rem}
dl.summary dt{color:#333;font-size:.9rem}dl.summary dd{margin:0;font-size:1.3rem;font-weight:bold}
table{border-collapse:collapse;width:100%;margin:.5rem 0 1rem;font-size:.95rem}
caption{text-align:left;font-weight:bold;padding:.25rem 0}
th,td{border:1px solid #767676;padding:.3rem .5rem;text-align:left;vertical-align:top}
th{background:#eef2f7}td.n{text-align:right;font-variant-numeric:tabular-nums}
figure{margin:1rem 0}figcaption{font-size:.9rem;color:#333}svg{max-width:100%;height:auto}
@media print{body{margin:0;max-width:none;font-size:11pt}h2{break-after:avoid}figure,tr{break-inside:avoid}
*{print-color-adjust:exact;-webkit-print-color-adjust:exact}}
"""


def render(report: Report, generated: str) -> str:
    parts = [
        "<!DOCTYPE html>",
        '<html lang="zh-CN"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        '<meta name="robots" content="noindex, nofollow">',
        f"<title>{escape(report.title)}</title><style>{STYLE}</style></head><body><main>",
        f"<h1>{escape(report.title)}</h1>",
        '<p class="internal">内部资料，仅供办公厅使用，不在网站公开（第十八条）。</p>',
        f'<p class="basis">生成时间：{escape(generated)}</p>',
    ]
    parts += [f'<p class="basis">{escape(line)}</p>' for line in report.basis]
    if report.summary:
        parts.append('<dl class="summary">')
        parts += [f"<div><dt>{escape(k)}</dt><dd>{escape(v)}</dd></div>" for k, v in report.summary]
        parts.append("</dl>")
    for index, section in enumerate(report.sections):
        parts.append(_section(section, index))
    if report.notes:
        parts.append('<h2 id="notes">说明：未能按常规计入的情况</h2><ul class="notes">')
        parts += [f"<li>{escape(note)}</li>" for note in report.notes]
        parts.append("</ul>")
    parts.append("</main></body></html>\n")
    return "\n".join(parts)


def _section(section: Section, index: int) -> str:
    anchor = f"s{index}-{section.id}"
    out = [f'<section aria-labelledby="{anchor}"><h2 id="{anchor}">{escape(section.heading)}</h2>']
    if section.chart and section.chart.labels:
        out.append(chart_svg(section.chart, f"{anchor}-chart", f"{anchor}-table"))
    out += [f'<p class="notes">{escape(note)}</p>' for note in section.notes]
    if not section.rows:
        out.append(f"<p>{escape(section.empty)}</p></section>")
        return "\n".join(out)
    shown = section.rows if section.html_rows is None else section.rows[: section.html_rows]
    if len(shown) < len(section.rows):
        out.append(
            f'<p class="notes">共 {len(section.rows)} 行，此处列出前 {len(shown)} 行；全部明细见同名 CSV 文件。</p>'
        )
    numeric = [
        all(isinstance(r[i], (int, float)) or r[i] is None for r in section.rows) for i in range(len(section.headers))
    ]
    out.append(f'<table id="{anchor}-table"><caption>{escape(section.heading)}（数据表）</caption><thead><tr>')
    out += [f'<th scope="col">{escape(h)}</th>' for h in section.headers]
    out.append("</tr></thead><tbody>")
    for row in shown:
        cells = []
        for i, cell in enumerate(row):
            tag = 'th scope="row"' if i == 0 else "td"
            cls = ' class="n"' if numeric[i] and i else ""
            cells.append(f"<{tag}{cls}>{escape(show(cell))}</{tag.split()[0]}>")
        out.append("<tr>" + "".join(cells) + "</tr>")
    out.append("</tbody></table></section>")
    return "\n".join(out)


def show(cell: Cell) -> str:
    if cell is None:
        return "—"
    if isinstance(cell, float):
        return f"{cell:g}" if cell != int(cell) else str(int(cell))
    return str(cell)


def chart_svg(chart: Chart, chart_id: str, table_id: str) -> str:
    """A grouped horizontal bar chart; its description names the table with the same figures."""
    groups = len(chart.labels)
    per = len(chart.series)
    legend_h = 22 if per > 1 else 0
    height = legend_h + groups * (per * ROW_H + GAP) + GAP
    width = LABEL_W + BAR_W + 90
    top = max((v for _, values in chart.series for v in values), default=0) or 1
    svg = [
        (
            f'<figure><svg id="{chart_id}" role="img" aria-labelledby="{chart_id}-t {chart_id}-d" '
            f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" xmlns="http://www.w3.org/2000/svg" '
            'font-size="13" font-family="sans-serif">'
        ),
        f'<title id="{chart_id}-t">{escape(chart.title)}</title>',
        f'<desc id="{chart_id}-d">条形图，单位：{escape(chart.unit)}；全部数值见下方数据表。</desc>',
    ]
    for s, (name, _values) in enumerate(chart.series if per > 1 else ()):
        x = LABEL_W + s * 140
        svg.append(f'<rect x="{x}" y="4" width="12" height="12" fill="{COLOURS[s % len(COLOURS)]}"/>')
        svg.append(f'<text x="{x + 16}" y="15" fill="#1a1a1a">{escape(name)}</text>')
    for g, label in enumerate(chart.labels):
        y0 = legend_h + GAP + g * (per * ROW_H + GAP)
        mid = y0 + per * ROW_H / 2 + 4
        svg.append(
            f'<text x="{LABEL_W - 6}" y="{mid:.0f}" text-anchor="end" fill="#1a1a1a">{escape(_clip(label))}</text>'
        )
        for s, (name, values) in enumerate(chart.series):
            value = values[g] if g < len(values) else 0
            w = max(BAR_W * value / top, 0)
            y = y0 + s * ROW_H
            colour = COLOURS[s % len(COLOURS)]
            svg.append(
                f'<rect x="{LABEL_W}" y="{y}" width="{w:.1f}" height="{ROW_H - 3}" fill="{colour}">'
                f"<title>{escape(label)} {escape(name)}：{escape(show(value))} {escape(chart.unit)}</title></rect>"
            )
            svg.append(
                f'<text x="{LABEL_W + w + 4:.1f}" y="{y + ROW_H - 5}" fill="#1a1a1a">{escape(show(value))}</text>'
            )
    svg.append(f'<line x1="{LABEL_W}" y1="{legend_h}" x2="{LABEL_W}" y2="{height}" stroke="#1a1a1a"/>')
    svg.append(
        f'</svg><figcaption>{escape(chart.title)}（单位：{escape(chart.unit)}；数据见<a href="#{table_id}">下表</a>）</figcaption></figure>'
    )
    return "\n".join(svg)


def _clip(label: str, limit: int = 16) -> str:
    return label if len(label) <= limit else label[: limit - 1] + "…"

"""The risk matrix (heat map), drawn on the server as SVG like the charts in cpboard.charts.

Likelihood runs down the side, most likely at the top; impact runs along the bottom, most
severe on the right, so the worst risks sit top right as in most councils' registers. Each
cell is shaded by band (high, medium, low) AND says in words how many risks it holds and
which: colour is never the only signal. The page puts a table of the same risks beside it.
No style attributes (CSP); the font family is set on every text for WeasyPrint.
"""

from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from cpboard.charts import FONT_FAMILY, TEXT_COLOUR
from strategy.selectors import RiskRegister

# Light tints so black text keeps well over 4.5:1 contrast; the band is also written in the
# legend and each cell's label, so the tint is only a help to the eye.
BAND_FILLS = {"high": "#f4c6c2", "medium": "#fde6a8", "low": "#cce2d8"}
BAND_WORDS = {"high": "High", "medium": "Medium", "low": "Low"}
_CELL_W = 120
_CELL_H = 72
_LEFT = 150
_TOP = 16
_FONT = 13
_SMALL = 12
_LINE = 16


def _text(
    content, x: float, y: float, *, anchor: str = "middle", size: int = _FONT, weight=""
) -> SafeString:
    bold = format_html(' font-weight="{}"', weight) if weight else ""
    return format_html(
        '<text x="{}" y="{}" font-family="{}" font-size="{}" fill="{}" text-anchor="{}"{}>{}'
        "</text>",
        round(x, 1),
        round(y, 1),
        FONT_FAMILY,
        size,
        TEXT_COLOUR,
        anchor,
        bold,
        content,
    )


def _cell_lines(references: list[str], width_chars: int) -> list[str]:
    """The references in a cell, wrapped onto lines that fit it (at most three lines)."""
    lines: list[str] = []
    current = ""
    for reference in references:
        candidate = f"{current}, {reference}" if current else reference
        if len(candidate) > width_chars and current:
            lines.append(current + ",")
            current = reference
        else:
            current = candidate
    if current:
        lines.append(current)
    if len(lines) > 3:
        shown = sum(len(line.rstrip(",").split(", ")) for line in lines[:2])
        lines = [*lines[:2], f"and {len(references) - shown} more"]
    return lines


def risk_matrix_svg(register: RiskRegister, *, id_prefix: str = "risk-matrix") -> SafeString:
    """The register's matrix as an accessible SVG: a title and a description that lists the
    risks in each occupied cell, a count and the references written in every cell, the
    likelihood and impact codes and words on the axes, and a legend of the bands."""
    width = _LEFT + _CELL_W * len(register.impacts) + 16
    grid_bottom = _TOP + _CELL_H * len(register.cells)
    legend_top = grid_bottom + 56
    height = legend_top + 40
    parts: list[SafeString] = [
        format_html(
            '<svg xmlns="http://www.w3.org/2000/svg" class="cpb-chart cpb-risk-matrix" role="img" '
            'aria-labelledby="{}-title {}-desc" viewBox="0 0 {} {}" width="100%">',
            id_prefix,
            id_prefix,
            width,
            height,
        ),
        format_html(
            '<title id="{}-title">Risk matrix: where the open risks sit</title>', id_prefix
        ),
        format_html('<desc id="{}-desc">{}</desc>', id_prefix, _description(register)),
        format_html('<rect x="0" y="0" width="{}" height="{}" fill="#ffffff"/>', width, height),
        *_likelihood_rows(register),
        *_impact_axis(register, grid_bottom),
        *_legend(legend_top),
        mark_safe("</svg>"),
    ]
    return mark_safe("\n".join(parts))


def _description(register: RiskRegister) -> str:
    """What a screen reader reads: the risks in each occupied cell, worst first."""
    occupied = [cell for row in register.cells for cell in row if cell.count]
    if not occupied:
        return f"No open risks are rated. {register.scale.legend}"
    placed = "; ".join(
        f"{cell.code}: {', '.join(cell.references)}"
        for cell in sorted(occupied, key=lambda c: (-_cell_score(c), c.code))
    )
    return (
        f"{len(register.risks)} open risks on a {register.scale.name} matrix. "
        f"By rating: {placed}. {register.scale.legend}"
    )


def _likelihood_rows(register: RiskRegister) -> list[SafeString]:
    """The likelihood axis's title, then each likelihood's code and word beside its row of
    cells."""
    rows = register.cells
    parts = [_text("Likelihood", 14, _TOP + _CELL_H * len(rows) / 2, anchor="start", weight="bold")]
    for row_index, (likelihood, word) in enumerate(register.likelihoods):
        y = _TOP + _CELL_H * row_index
        parts.append(
            _text(likelihood, _LEFT - 12, y + _CELL_H / 2 - 2, anchor="end", weight="bold")
        )
        parts.append(
            _text(word, _LEFT - 12, y + _CELL_H / 2 + _LINE - 2, anchor="end", size=_SMALL)
        )
        for column_index, cell in enumerate(rows[row_index]):
            parts.extend(_cell(cell, _LEFT + _CELL_W * column_index, y))
    return parts


def _cell(cell, x: float, y: float) -> list[SafeString]:
    """One cell: shaded by band, with its rating code, how many risks and which."""
    parts = [
        format_html(
            '<rect class="cpb-risk-matrix__cell cpb-risk-matrix__cell--{}" x="{}" y="{}" '
            'width="{}" height="{}" fill="{}" stroke="{}" stroke-width="1"/>',
            cell.level,
            x,
            y,
            _CELL_W,
            _CELL_H,
            BAND_FILLS[cell.level],
            TEXT_COLOUR,
        )
    ]
    count = "No risks" if not cell.count else f"{cell.count} risk" + ("s" if cell.count > 1 else "")
    parts.append(_text(cell.code, x + 8, y + _LINE, anchor="start", size=_SMALL))
    parts.append(
        _text(count, x + _CELL_W / 2, y + _LINE * 2, size=_SMALL, weight="bold")
        if cell.count
        else _text(count, x + _CELL_W / 2, y + _LINE * 2 + 4, size=_SMALL)
    )
    for line_number, line in enumerate(_cell_lines(cell.references, 16)):
        parts.append(_text(line, x + _CELL_W / 2, y + _LINE * (3 + line_number), size=_SMALL))
    return parts


def _impact_axis(register: RiskRegister, grid_bottom: float) -> list[SafeString]:
    """Each impact's code and word under its column, then the axis's title."""
    columns = register.impacts
    parts: list[SafeString] = []
    for column_index, (impact, word) in enumerate(columns):
        x = _LEFT + _CELL_W * column_index + _CELL_W / 2
        parts.append(_text(impact, x, grid_bottom + _LINE + 2, weight="bold"))
        parts.append(_text(word, x, grid_bottom + _LINE * 2 + 2, size=_SMALL))
    parts.append(
        _text(
            "Impact",
            _LEFT + _CELL_W * len(columns) / 2,
            grid_bottom + _LINE * 3 + 4,
            weight="bold",
        )
    )
    return parts


def _legend(legend_top: float) -> list[SafeString]:
    """A swatch and the name of each band."""
    parts: list[SafeString] = []
    x = _LEFT
    for band in ("high", "medium", "low"):
        parts.append(
            format_html(
                '<rect x="{}" y="{}" width="18" height="18" fill="{}" stroke="{}" '
                'stroke-width="1"/>',
                x,
                legend_top,
                BAND_FILLS[band],
                TEXT_COLOUR,
            )
        )
        parts.append(_text(f"{BAND_WORDS[band]} risk", x + 24, legend_top + 14, anchor="start"))
        x += 130
    return parts


def _cell_score(cell) -> int:
    return cell.rows[0].rating.score if cell.rows else 0

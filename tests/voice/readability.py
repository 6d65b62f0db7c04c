"""How hard the young people's pages are to read: the Flesch-Kincaid grade (textstat 0.7.4,
which works offline) of the sentences of six words or more in a page's <main>, figures left
out. Headings, list items, table cells and terms each end a sentence, as a reader hears them."""

import re
from html.parser import HTMLParser

import textstat

MIN_WORDS = 6
_BLOCKS = frozenset(
    ("p", "li", "dt", "dd", "h1", "h2", "h3", "h4", "td", "th", "caption", "summary", "label")
)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n+")
_FIGURE = re.compile(r"\S*\d\S*")


class _MainText(HTMLParser):
    def __init__(self):
        super().__init__()
        self.in_main = 0
        self.hidden = 0
        self.parts: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "main":
            self.in_main += 1
        if tag in ("script", "style", "svg"):
            self.hidden += 1
        if tag in _BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag == "main":
            self.in_main -= 1
        if tag in ("script", "style", "svg"):
            self.hidden -= 1
        if tag in _BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data):
        if self.in_main and not self.hidden:
            self.parts.append(data)


def main_text(html: str) -> str:
    parser = _MainText()
    parser.feed(html)
    return "".join(parser.parts)


def sentences(text: str) -> list[str]:
    """The sentences of six words or more, figures left out, each ending with a full stop."""
    found = []
    for sentence in _SENTENCE_END.split(text):
        words = _FIGURE.sub(" ", sentence).split()
        if len(words) >= MIN_WORDS:
            line = " ".join(words)
            found.append(line if line[-1] in ".!?" else line + ".")
    return found


def grade(text: str) -> float:
    return textstat.flesch_kincaid_grade(" ".join(sentences(text)))


def hardest(text: str, n: int = 5) -> list[tuple[float, str]]:
    """The sentences that raise the grade most, to say which to rewrite when a test fails."""
    scored = [(textstat.flesch_kincaid_grade(s), s) for s in sentences(text)]
    return sorted(scored, reverse=True)[:n]


def pdf_text(text: str) -> str:
    """pdftotext's output as blocks: lines wrapped inside a paragraph, cell or heading are
    joined, and each block (separated by a blank line) ends a sentence."""
    return "\n".join(" ".join(block.split()) for block in text.split("\n\n"))

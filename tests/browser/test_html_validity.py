"""The HTML of every page the walks reached, as the server sent it, passes the Nu Html
Checker (the W3C validator), run once over all the pages."""

import json
import subprocess
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from tests.browser.conftest import WALKERS
from tests.browser.crawl import ROOT

pytestmark = pytest.mark.browser

VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def nu_html_check(files: list[Path]) -> list[dict]:
    """The checker's error messages for `files`; fails the test if the checker did not run."""
    command = ["java", "-jar", str(VNU), "--errors-only", "--format", "json", "--stdout"]
    try:
        result = subprocess.run(
            [*command, *map(str, files)], capture_output=True, text=True, timeout=300
        )
    except FileNotFoundError as error:
        pytest.fail(f"Java is not installed, so the Nu Html Checker cannot run: {error}")
    try:
        messages = json.loads(result.stdout)["messages"]
    except (json.JSONDecodeError, KeyError):
        pytest.fail(
            f"The Nu Html Checker did not run (exit status {result.returncode}):\n"
            f"{result.stdout}\n{result.stderr}"
        )
    # It exits 1 when it found errors, 0 when it found none; anything else, or a status
    # that disagrees with its report, means it did not check the pages.
    if result.returncode != (1 if messages else 0):
        pytest.fail(f"The Nu Html Checker exited {result.returncode}:\n{result.stderr}")
    return messages


def test_every_page_reached_is_valid_html(crawl_of):
    pages = {
        page.html: (crawl.who, page)
        for crawl in (crawl_of(who) for who in WALKERS)
        for page in crawl.pages
    }
    # The checker says nothing about a file it cannot read.
    assert all(path.is_file() for path in pages)
    assert len(pages) >= 3 * len(WALKERS)

    messages = nu_html_check(list(pages))

    errors = []
    for message in messages:
        who, page = pages.get(Path(unquote(urlsplit(message.get("url", "")).path)), ("?", None))
        where = f"{page.url}" + (f" ({page.state})" if page.state else "") if page else "?"
        errors.append(
            f"{who} {where} line {message.get('lastLine', '?')}: "
            f"{message.get('message')} [{' '.join(message.get('extract', '').split())}]"
        )
    assert not errors, f"{len(errors)} HTML errors in {len(pages)} pages:\n" + "\n".join(errors)

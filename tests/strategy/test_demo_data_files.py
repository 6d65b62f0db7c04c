"""A demo data file with a row the loader cannot place is refused by file and row, and nothing
is loaded."""

import json
import shutil
from pathlib import Path

import pytest

import performance.demo as performance_demo
import strategy.demo as strategy_demo
from cpboard.demo import DemoDataError
from performance.models import Kpi
from strategy.models import Action

pytestmark = pytest.mark.django_db


def _copy_demo_data(module, tmp_path, app: str) -> Path:
    """The app's demo data files copied to tmp_path/<app>/demo, where a test may spoil one."""
    folder = tmp_path / app / "demo"
    shutil.copytree(module.DATA, folder, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    return folder


def test_a_data_file_row_naming_an_unknown_outcome_is_refused_by_file_and_row(
    demo_board, tmp_path, monkeypatch
):
    folder = _copy_demo_data(strategy_demo, tmp_path, "strategy")
    actions = json.loads((folder / "actions.json").read_text())
    actions[2]["outcome"] = 99
    (folder / "actions.json").write_text(json.dumps(actions))
    monkeypatch.setattr(strategy_demo, "DATA", folder)

    with pytest.raises(
        DemoDataError, match=r"strategy/demo/actions.json, row 3: unknown outcome 99"
    ):
        strategy_demo.load_demo_plan()
    assert not Action.objects.exists()


def test_a_kpi_row_naming_an_unknown_outcome_is_refused_by_file_and_row(
    demo_board, tmp_path, monkeypatch
):
    folder = _copy_demo_data(performance_demo, tmp_path, "performance")
    content = json.loads((folder / "kpis.json").read_text())
    content["kpis"][4]["outcome"] = 42
    (folder / "kpis.json").write_text(json.dumps(content))
    monkeypatch.setattr(performance_demo, "DATA", folder)

    with pytest.raises(
        DemoDataError, match=r"performance/demo/kpis.json, row 5: unknown outcome 42"
    ):
        performance_demo.load_demo_kpis()
    assert not Kpi.objects.exists()

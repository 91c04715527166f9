"""``interviewcoder map`` (PNG, SVG, PDF, headless) and ``interviewcoder saturation``."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from interviewcoder.core.types import Dimension
from tests.builders import run_cli
from tests.evidence_study import COSTS, PEERS, REVIEWS, SLACK, build


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> Path:
    from interviewcoder.services.demo import build_demo

    return build_demo(tmp_path_factory.mktemp("demo") / "demo.icstudy")


@pytest.fixture(scope="module")
def step_names(demo: Path) -> list[str]:
    from interviewcoder.services.studies import open_study

    with open_study(demo) as study:
        return [c.name for c in study.codes.in_dimension(Dimension.STEP)]


def svg_text(path: Path) -> str:
    """Every text element of the SVG, in document order, joined by spaces (a wrapped name's
    lines are separate elements)."""
    root = ET.parse(path).getroot()
    return " ".join((e.text or "").strip() for e in root.iter() if e.tag.endswith("}text") or
                    e.tag == "text")


def test_svg_has_every_step_in_journey_order(demo, step_names, tmp_path, capsys) -> None:
    out = tmp_path / "map.svg"
    code, stdout, err = run_cli(capsys, "map", str(demo), str(out))
    assert code == 0, err
    assert f"wrote {out}" in stdout and "21 steps, 42 participants" in stdout
    text = svg_text(out)
    at = -1
    for name in step_names:
        found = text.find(name, at + 1)
        assert found > at, f"{name!r} missing or out of journey order"
        at = found
    assert "Journey map" in text and "friction" in text
    assert "Claire Novak" in text  # a quote's participant, unredacted


def test_png_is_drawn_at_twice_the_scene_size(demo, step_names, tmp_path, capsys) -> None:
    out = tmp_path / "map.png"
    assert run_cli(capsys, "map", str(demo), str(out))[0] == 0
    from PySide6.QtGui import QImage

    from interviewcoder.services import journey_map
    from interviewcoder.services.studies import open_study
    from interviewcoder.ui.map.map_export import png_size
    from interviewcoder.ui.map.map_scene import MapScene
    from interviewcoder.ui.map.map_style import COLUMN, GAP

    image = QImage(str(out))
    with open_study(demo) as study:
        scene = MapScene(journey_map.build(study))
    rect = scene.sceneRect()
    assert (image.width(), image.height()) == (png_size(scene).width(), png_size(scene).height())
    assert image.width() == round(rect.width() * 2) and image.height() == round(rect.height() * 2)
    assert image.width() >= 2 * (len(step_names) * (COLUMN + GAP) - GAP)
    assert image.pixelColor(4, 4).name() == "#ffffff"
    small = tmp_path / "small.png"
    assert run_cli(capsys, "map", str(demo), str(small), "--scale", "1")[0] == 0
    assert QImage(str(small)).width() == round(rect.width())


def test_pdf_headless_in_a_fresh_process(demo, step_names, tmp_path) -> None:
    """The command sets QT_QPA_PLATFORM=offscreen itself when there is no display."""
    out = tmp_path / "map.pdf"
    env = {k: v for k, v in os.environ.items()
           if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    proc = subprocess.run([sys.executable, "-m", "interviewcoder", "map", str(demo), str(out)],
                          env=env, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert out.read_bytes().startswith(b"%PDF")
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed: cannot read the PDF's text")
    text = " ".join(subprocess.run(["pdftotext", "-layout", str(out), "-"], capture_output=True,
                                   text=True, check=True).stdout.split())
    for name in ("Noticed a problem", "Chose another vendor", "Churned"):
        assert name in text


def test_redacted_map_draws_no_participant_name(demo, tmp_path, capsys) -> None:
    from interviewcoder.services.studies import open_study

    out = tmp_path / "redacted.svg"
    assert run_cli(capsys, "map", str(demo), str(out), "--redact")[0] == 0
    text = svg_text(out)
    with open_study(demo) as study:
        names = [p.name for p in study.participants.list()]
    assert not [n for n in names if n in text]
    assert "[Participant " in text


def test_map_filters_and_bad_input(demo, tmp_path, capsys) -> None:
    out = tmp_path / "lost.svg"
    code, stdout, _ = run_cli(capsys, "map", str(demo), str(out), "--outcome", "lost",
                              "--persona", "Operations")
    assert code == 0 and "participants)" in stdout
    text = svg_text(out)
    assert "persona Operations; outcome lost" in text
    assert "won " not in text.split("filters:")[0].split("participants (")[1]  # only lost counted
    for args, message in (
            ((str(tmp_path / "map.txt"),), "written as .png, .svg or .pdf"),
            ((str(out), "--persona", "Nobody"), "no persona 'Nobody'"),
            ((str(out), "--coder", "Nobody"), "no coder 'Nobody'"),
            ((str(tmp_path / "missing" / "map.png"),), "does not exist"),
            ((str(out), "--scale", "9"), "outside 0.25–4")):
        code, _, err = run_cli(capsys, "map", str(demo), *args)
        assert code == 2 and message in err and err.count("\n") == 1, err


def test_saturation_json_counts_new_codes_in_interview_order(study, capsys) -> None:
    build(study)
    study.close()
    code, out, _ = run_cli(capsys, "saturation", str(study.path), "--json")
    assert code == 0
    result = json.loads(out)
    rows = result["participants"]
    # Ana (interview), Bo then Cy (focus group, in turn order), Di then Ed (survey), Fay (an
    # interview with nothing coded); Gus has no turns: he was never interviewed.
    assert [r["participant"] for r in rows] == ["Ana", "Bo", "Cy", "Di", "Ed", "Fay"]
    assert result["left_out"] == ["Gus"] and result["order_by"] == "import"
    assert [r["new_codes"] for r in rows] == [3, 0, 1, 0, 0, 0]
    assert sorted(rows[0]["new_code_names"]) == sorted(
        [f"step/{PEERS}", f"influence/{SLACK}", f"anxiety/{COSTS}"])
    assert rows[2]["new_code_names"] == [f"step/{REVIEWS}"]
    assert [r["codes_reaching_3"] for r in rows] == [0, 0, 1, 0, 1, 0]  # peers with Cy, costs with Ed
    assert [r["new_step_anxiety_pairs"] for r in rows] == [1, 0, 1, 0, 0, 0]
    assert [r["step_anxiety_pairs_reaching_3"] for r in rows] == [0, 0, 0, 0, 1, 0]
    assert [r["total_codes"] for r in rows] == [3, 3, 4, 4, 4, 4]
    assert [r["participant"] for r in result["by_outcome"]["won"]] == ["Ana", "Bo", "Fay"]
    assert [r["total_codes"] for r in result["by_outcome"]["lost"]] == [3, 3]  # Cy, Di
    assert [r["new_codes"] for r in result["by_outcome"]["churned"]] == [3]


def test_saturation_in_an_order_the_researcher_sets(study, capsys) -> None:
    from interviewcoder.services import participants as people

    build(study)
    for name, when in (("Ed", "1"), ("Di", "2"), ("Ana", "10")):  # numbers sort as numbers
        people.set_participant(study, name, "tester", attributes={"interviewed": when})
    study.close()
    code, out, _ = run_cli(capsys, "saturation", str(study.path), "--order-by", "interviewed",
                           "--json")
    assert code == 0
    rows = json.loads(out)["participants"]
    assert [r["participant"] for r in rows] == ["Ed", "Di", "Ana", "Bo", "Cy", "Fay"]
    assert [r["new_codes"] for r in rows] == [3, 0, 1, 0, 0, 0]  # Ed: peers, reviews, costs
    code, text, _ = run_cli(capsys, "saturation", str(study.path))
    assert code == 0 and "the last new code came with participant 3 of 6" in text
    code, _, err = run_cli(capsys, "saturation", str(study.path), "--order-by", "nope")
    assert code == 2 and "no participant attribute 'nope'" in err

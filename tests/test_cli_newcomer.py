"""What a newcomer meets first: ``ppsp --help`` in Indonesian listing every command,
``ppsp --version``, progress of ``ppsp run`` on stderr, ``demo-data --statistik`` taking the
official population; the doctests of the modules involved."""

from __future__ import annotations

import argparse
import doctest
import importlib
import re
import subprocess
import sys

import pandas as pd
import pytest

from ppsp_analysis import __version__
from ppsp_analysis.cli import build_parser, main


def _commands() -> list[str]:
    sub = next(a for a in build_parser()._actions if isinstance(a, argparse._SubParsersAction))
    return list(sub.choices)


def test_help_lists_every_command_in_indonesian_without_markup():
    proc = subprocess.run([sys.executable, "-m", "ppsp_analysis", "--help"],
                          capture_output=True, text=True, check=True)
    text = proc.stdout
    for name in _commands():
        assert re.search(rf"^\s+{re.escape(name)}\b", text, re.M), name
    assert "``" not in text and ":func:" not in text  # no RST
    for english in ("usage:", "positional arguments", "options:", "show this help"):
        assert english not in text
    assert "pemakaian:" in text and "ppsp PERINTAH --help" in text


@pytest.mark.parametrize("command", ["run", "batch", "maps", "demo", "demo-data", "validate"])
def test_every_option_of_the_main_commands_is_explained(command, capsys):
    with pytest.raises(SystemExit):
        main([command, "--help"])
    text = capsys.readouterr().out
    assert "show this help" not in text and "pemakaian:" in text
    sub = next(a for a in build_parser()._actions if isinstance(a, argparse._SubParsersAction))
    for action in sub.choices[command]._actions:
        assert action.help, f"{command} {action.option_strings or action.dest} has no help"
    if "--kertas" in text:
        assert "A3 lanskap" in text and "A4 saja" in text


def test_version(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["--version"])
    assert exc.value.code == 0
    assert capsys.readouterr().out.strip() == f"ppsp-analysis {__version__}"


def test_run_prints_each_step_with_its_time(tiny_packages, tmp_path, capfd):
    from ppsp_analysis.report.runner import MapOptions, run_report

    run_report(tiny_packages[0], tmp_path / "out", notebooks=(), progress=True,
               maps=MapOptions(papers=("A4",), dpi=50, formats=("png",)))
    err = capfd.readouterr().err
    steps = re.findall(r"^\[(\d)/(\d)\] (.+?) … (\d+,\d) s$", err, re.M)
    assert [int(s[0]) for s in steps] == list(range(1, 7)), err
    assert {s[1] for s in steps} == {"6"}
    assert steps[0][2] == "membaca dan memeriksa paket" and steps[-1][2] == "menyimpan keluaran"


def test_doctests():
    for name in ("ppsp_analysis.report.steps", "ppsp_analysis.demo",
                 "ppsp_analysis.io.index_page", "ppsp_analysis.report.monev"):
        result = doctest.testmod(importlib.import_module(name))
        assert result.failed == 0, name


@pytest.mark.shared
def test_demo_data_takes_the_official_population(shared_dir, tmp_path, capsys):
    table = shared_dir / "statistik" / "kabupaten_kepmendagri2025.csv"
    official = pd.read_csv(table, dtype={"kode": str}).set_index("kode").loc["62.10"]
    out = tmp_path / "62.10"
    assert main(["demo-data", "--boundaries", str(shared_dir / "desa.geojson"),
                 "--kabupaten", "62.10", "--statistik", str(table), "--out", str(out)]) == 0
    said = capsys.readouterr().out
    from ppsp_analysis.io.package import read_package

    pkg, _problems = read_package(out)
    f2 = pkg.sheet("Form2")
    assert int(f2["penduduk"].sum()) == int(official["penduduk_total"]) == 134482
    assert (f2["penduduk"] > 0).all()
    kel = f2["kode_desa"].str[-4:].str.startswith("1").sum()
    assert (kel, len(f2) - kel) == (official["jumlah_kelurahan"], official["jumlah_desa"])
    assert "134.482 jiwa" in said and "13 kelurahan dan 114 desa" in said
    assert "kabupaten_kepmendagri2025.csv" in str(pkg.form1["sumber_data_sekunder"])

    # a kabupaten the table does not have: a sentence naming the file, exit status 2
    bad = tmp_path / "stat.csv"
    bad.write_text("kode,penduduk_total\n62.03,1000\n", encoding="utf-8")
    assert main(["demo-data", "--boundaries", str(shared_dir / "desa.geojson"),
                 "--kabupaten", "62.10", "--statistik", str(bad),
                 "--out", str(tmp_path / "x")]) == 2
    err = capsys.readouterr().err
    assert "stat.csv" in err and "62.10" in err and "Traceback" not in err

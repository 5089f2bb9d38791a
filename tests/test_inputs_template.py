"""``ppsp template``: the pre-filled Instrumen SSK workbook, its round trip, and the end-to-end
run on the real Gunung Mas boundaries (template → filled messily → validate → run).
"""

from __future__ import annotations

import json
import math
import shutil
from pathlib import Path

import geopandas as gpd
import numpy as np
import openpyxl
import pandas as pd
import pytest
from _inputs_helpers import SHARED, SMALL, run_cli

from ppsp_analysis.demo import DemoOptions, synthetic_package
from ppsp_analysis.io import read_package
from ppsp_analysis.io.sources import read_desa_source
from ppsp_analysis.io.workbook import read_workbook
from ppsp_analysis.schema import COLUMNS, FORM2_NUMERIC, SHEETS, SUMBER_DANA

CONTRACT = list(SHEETS)


@pytest.fixture(scope="module")
def small_template(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("tpl") / "instrumen.xlsx"
    code, stdout, err = run_cli("template", SMALL / "batas.gpkg", "--kabupaten", "99.03",
                                "--out", out, "--tahun", "2026")
    assert code == 0, err
    assert f"ditulis: {out}" in stdout
    return out


def test_template_structure(small_template):
    wb = openpyxl.load_workbook(small_template)
    assert wb.sheetnames == ["Petunjuk", *CONTRACT, "Daftar"]
    assert wb["Daftar"].sheet_state == "hidden"
    desa = gpd.read_file(SMALL / "batas.gpkg", layer="desa").sort_values("kode_desa")
    ws = wb["Form2"]
    assert [c.value for c in ws[1]] == list(SHEETS["Form2"].columns)
    assert ws["E2"].value == "Luas wilayah (ha)"                    # unit in the header
    assert "hektar" in ws["E1"].comment.text                         # help note per column
    assert ws.freeze_panes == "E3" and ws.protection.sheet
    codes = [ws.cell(row=r, column=1).value for r in range(3, ws.max_row + 1)]
    assert codes == desa["kode_desa"].tolist()
    assert [ws.cell(row=r, column=4).value for r in range(3, 5)] == desa["nama_kec"].tolist()[:2]
    assert ws["A3"].protection.locked and ws["B3"].protection.locked     # codes/names locked
    assert not ws["E3"].protection.locked                                 # inputs open
    lists = {dv.formula1 for dv in ws.data_validations.dataValidation}
    assert '"ya,tidak"' in lists and '"1,2"' in lists
    per = wb["Persepsi"]
    assert per.max_row == 2 + 7 * len(desa)                          # one row per OPD × desa
    assert '"1,2,3,4"' in {dv.formula1 for dv in per.data_validations.dataValidation}
    prog = {dv.formula1 for dv in wb["Program"].data_validations.dataValidation}
    assert '"' + ",".join(SUMBER_DANA) + '"' in prog
    f1 = {wb["Form1"].cell(row=r, column=1).value: wb["Form1"].cell(row=r, column=2).value
          for r in range(2, wb["Form1"].max_row + 1)}
    assert f1["kode_kabupaten"] == "99.03" and f1["tahun"] == 2026
    for name in CONTRACT:
        assert wb[name].freeze_panes in ("A2", "A3", "D3", "E3"), name


def _messy(value: float, kind: str, i: int):
    """How a person might type ``value`` (cycling through styles by ``i``)."""
    if kind == "flag":
        return ["tidak", "ya"][int(value)] if i % 3 else ["Tidak ", "YA"][int(value)]
    if kind == "pct":
        return f"{value:g}%".replace(".", ",") if i % 2 else value
    if kind in ("number", "count") and i % 2:
        whole, _, frac = f"{value:.10g}".partition(".")
        return f"{int(whole):,}".replace(",", ".") + ("," + frac if frac else "")
    return value


def fill_template(path: Path, pkg, messy: bool = True) -> dict[str, pd.DataFrame]:
    """Type a synthetic package's values into a template; return what was meant."""
    wb = openpyxl.load_workbook(path)
    ws = wb["Form1"]
    for r in range(2, ws.max_row + 1):
        key = ws.cell(row=r, column=1).value
        if key == "nama_pokja":
            ws.cell(row=r, column=2).value = "  Pokja PKP  " + pkg.form1["nama_kabupaten"]
        elif key == "tahun_ehra":
            ws.cell(row=r, column=2).value = str(pkg.form1["tahun_ehra"])
    f2 = pkg.sheets["Form2"].set_index("kode_desa")
    ws = wb["Form2"]
    head = [c.value for c in ws[1]]
    for r in range(3, ws.max_row + 1):
        row = f2.loc[ws.cell(row=r, column=1).value]
        for c, col in enumerate(head, start=1):
            if col in FORM2_NUMERIC:
                v = float(row[col])
                ws.cell(row=r, column=c).value = _messy(v, COLUMNS[col].kind, r) if messy else v
    per = pkg.sheets["Persepsi"].set_index(["kode_opd", "kode_desa"])
    ws = wb["Persepsi"]
    for r in range(3, ws.max_row + 1):
        key = (ws.cell(row=r, column=4).value, ws.cell(row=r, column=1).value)
        if key in per.index:
            for c, col in ((5, "air_limbah"), (6, "persampahan"), (7, "drainase")):
                v = int(per.loc[key, col])
                ws.cell(row=r, column=c).value = str(v) if messy and r % 5 == 0 else v
    prog = pkg.sheets["Program"].head(12)
    ws = wb["Program"]
    head = [c.value for c in ws[1]]
    for i, p in enumerate(prog.itertuples(index=False), start=3):
        values = p._asdict()
        for c, col in enumerate(head, start=1):
            v = values.get(col)
            if col == "sumber_dana" and messy:
                v = f" {v.upper()} " if i % 2 else v.lower()
            elif col == "kode_desa" and messy and isinstance(v, str):
                v = int(v.replace(".", "")) if i % 2 else v
            elif col == "rencana_rp" and messy:
                v = f"Rp {int(v):,}".replace(",", ".") + (",-" if i % 3 == 0 else "")
            ws.cell(row=i, column=c).value = v
    akses = pkg.sheets["Akses"]
    last = akses[akses["tahun"] == akses["tahun"].max()].set_index("kode_desa")
    ws = wb["Akses"]
    head = [c.value for c in ws[1]]
    for r in range(3, 3 + len(last)):
        code = ws.cell(row=r, column=1).value
        for c, col in enumerate(head, start=1):
            if col in last.columns and col not in ("kode_desa",):
                ws.cell(row=r, column=c).value = float(last.loc[code, col])
    wb.save(path)
    akses_exp = last.reset_index()
    return {"Form2": pkg.sheets["Form2"], "Persepsi": pkg.sheets["Persepsi"],
            "Program": prog.reset_index(drop=True), "Akses": akses_exp}


def _synthetic(desa, kode, nama, tahun=2026):
    return synthetic_package(desa, kode, nama, "Provinsi Uji", {}, n_opd=7,
                             options=DemoOptions(tahun=tahun))


def test_filled_template_round_trips(small_template, tmp_path):
    path = tmp_path / "instrumen.xlsx"
    shutil.copy(small_template, path)
    desa = gpd.read_file(SMALL / "batas.gpkg", layer="desa")
    pkg = _synthetic(desa, "99.03", "Kota Bandar Fiktif")
    want = fill_template(path, pkg)
    form1, sheets, problems = read_workbook(path)
    assert [p for p in problems if p.severity == "error"] == []
    assert form1["nama_pokja"] == "Pokja PKP Kota Bandar Fiktif" and form1["tahun_ehra"] == 2025
    got = sheets["Form2"].set_index("kode_desa")
    exp = want["Form2"].set_index("kode_desa").loc[got.index]
    for col in FORM2_NUMERIC:
        np.testing.assert_allclose(got[col].to_numpy(float), exp[col].to_numpy(float),
                                   rtol=1e-12, err_msg=col)
    assert got["nama_desa"].tolist() == exp["nama_desa"].tolist()
    per = sheets["Persepsi"].set_index(["kode_opd", "kode_desa"]).sort_index()
    per_exp = want["Persepsi"].set_index(["kode_opd", "kode_desa"]).sort_index()
    assert len(per) == len(per_exp)
    for col in ("air_limbah", "persampahan", "drainase"):
        assert per[col].tolist() == per_exp.loc[per.index, col].astype(float).tolist()
    prog = sheets["Program"]
    cols = ["tahun", "nama_kegiatan", "komponen", "sumber_dana", "jenis", "kode_desa",
            "rencana_rp", "realisasi_rp"]
    for col in cols:
        a, b = prog[col].tolist(), want["Program"][col].tolist()
        assert [None if isinstance(x, float) and math.isnan(x) else x for x in a] == \
               [None if isinstance(x, float) and math.isnan(x) else x for x in b], col
    akses = sheets["Akses"].set_index("kode_desa").sort_index()
    akses_exp = want["Akses"].set_index("kode_desa").sort_index()
    assert len(akses) == len(akses_exp)
    for col in ("tahun", "sanitasi_aman", "sampah_timbulan_ton", "odf"):
        np.testing.assert_allclose(akses[col].to_numpy(float), akses_exp[col].to_numpy(float))


def test_template_refuses_to_overwrite(small_template):
    before = small_template.read_bytes()
    code, _, err = run_cli("template", SMALL / "batas.gpkg", "--kabupaten", "99.03", "--out",
                           small_template)
    assert code == 2 and "sudah ada; tidak ditimpa" in err and "--timpa" in err
    assert small_template.read_bytes() == before


# --- done criterion: the real Gunung Mas boundaries -------------------------------------------

@pytest.mark.shared
@pytest.mark.slow
def test_gunung_mas_template_filled_validates_and_runs(tmp_path):
    if not (SHARED / "desa.geojson").is_file():
        pytest.skip(f"../shared/data/kalteng not found: {SHARED} (real boundaries absent)")
    pkg_dir = tmp_path / "62.10-gunung-mas"
    code, stdout, err = run_cli("template", SHARED / "desa.geojson", "--kabupaten", "62.10",
                                "--out", pkg_dir / "instrumen.xlsx", "--tahun", "2026",
                                "--dengan-batas")
    assert code == 0, err
    assert "Kabupaten Gunung Mas (62.10): 127 desa/kelurahan, 12 kecamatan" in stdout
    desa, context, info = read_desa_source(SHARED / "desa.geojson", "62.10")
    pkg = synthetic_package(desa, "62.10", info["nama_kabupaten"], info["nama_provinsi"],
                            context, options=DemoOptions(tahun=2026))
    fill_template(pkg_dir / "instrumen.xlsx", pkg)
    # an override given by desa name only (matched within its kecamatan, reported)
    wb = openpyxl.load_workbook(pkg_dir / "instrumen.xlsx")
    ws = wb["Override"]
    target = desa.sort_values("kode_desa").iloc[5]
    ws.append([None, f"  {target['nama_desa'].upper()} ", "drainase", 4,
               "Verifikasi lapangan: genangan permanen"])
    wb.save(pkg_dir / "instrumen.xlsx")
    # EHRA as exported on a Windows laptop: Windows-1252, semicolons, codes without dots
    ehra = pkg.ehra.copy()
    ehra["kode_desa"] = ehra["kode_desa"].str.replace(".", "", regex=False)
    ehra.to_csv(pkg_dir / "ehra.csv", sep=";", index=False, encoding="cp1252")

    code, stdout, err = run_cli("validate", pkg_dir)
    assert code == 0, err
    assert ("OK: Kabupaten Gunung Mas (62.10), tahun 2026: 127 desa/kelurahan, 12 kecamatan"
            in stdout)
    assert f"dicocokkan dengan {target['kode_desa']}" in err
    read, _ = read_package(pkg_dir)
    assert read.sheet("Override")["kode_desa"].tolist() == [target["kode_desa"]]

    out = tmp_path / "keluaran"
    code, stdout, err = run_cli("run", pkg_dir, "--out", out)
    assert code == 0, err
    folder = out / "2026" / "62.10-kabupaten-gunung-mas"
    for name in ("skor_desa.csv", "tabel.xlsx", "area_berisiko.gpkg", "ringkasan.json",
                 "laporan_area_berisiko.html", "laporan_area_berisiko.pdf"):
        assert (folder / name).is_file(), name
    scored = gpd.read_file(folder / "area_berisiko.gpkg", layer="desa")
    assert len(scored) == 127
    assert scored.loc[scored["kode_desa"] == target["kode_desa"], "kelas_drainase"].iloc[0] == 4
    summary = json.loads((folder / "ringkasan.json").read_text("utf-8"))
    assert "62.10" in json.dumps(summary)

"""The EHRA survey plan (issue 13, item 2): ``plan_survey`` worked by hand and ``ppsp
rencana-ehra`` on a package that has no survey yet.
"""

from __future__ import annotations

import doctest
import shutil

import openpyxl
import pandas as pd
import pytest
from PIL import Image

from ppsp_analysis import rencana_ehra
from ppsp_analysis.cli import main
from ppsp_analysis.io import read_default_method
from ppsp_analysis.io.outputs import OutputFolder
from ppsp_analysis.maps import class_counts, get_theme, map_sheet
from ppsp_analysis.method import merge_method
from ppsp_analysis.rencana_ehra import plan_survey


def _form2(n: int = 40) -> pd.DataFrame:
    """n desa: stratum 0 for most, a few with river (1), river + flood (2), + density (3)."""
    rows = []
    for i in range(n):
        s = 0 if i < n - 9 else 1 if i < n - 5 else 2 if i < n - 1 else 3
        rows.append({"kode_desa": f"99.09.{1 + i // 20:02d}.{2001 + i}", "nama_desa": f"Desa {i}",
                     "kode_kec": f"99.09.{1 + i // 20:02d}", "nama_kec": f"Kec {1 + i // 20}",
                     "penduduk": 3000 if s == 3 else 1000, "luas_ha": 100.0,
                     "jumlah_kk": 250, "kk_miskin": 10, "sungai_mck": int(s >= 1),
                     "banjir_mengganggu": int(s >= 2)})
    return pd.DataFrame(rows)


def test_plan_ppsp2014_hand():
    # 40 desa: strata 0 31, 1 4, 2 4, 3 1 (density 30 > 25; poverty 10 % = median: no one
    # is above it). 10 000 KK -> KM 370 < 400 -> 400 HH / 40 = 10 desa.
    # quotas 10*31/40 = 7.75, 1, 1, 0.25 -> floors 7, 1, 1, 0 (9); one left -> .75 (stratum 0)
    plan = plan_survey(_form2(), read_default_method())
    assert plan.desa["strata"].value_counts().sort_index().to_dict() == {0: 31, 1: 4, 2: 4,
                                                                        3: 1}
    assert (plan.n_desa, plan.n_rumah_tangga) == (10, 400)
    assert plan.alokasi[["strata", "jumlah_desa", "desa_sampel", "rt_sampel"]].values.tolist() \
        == [[0, 31, 8, 320], [1, 4, 1, 40], [2, 4, 1, 40], [3, 1, 0, 0]]
    assert plan.alokasi["kuota_proporsional"].tolist() == [7.75, 1.0, 1.0, 0.25]
    assert any("strata tanpa desa sampel" in n and n.endswith(": 3") for n in plan.notes)
    sample = plan.sample
    assert sample["urutan_sampel"].tolist() == list(range(1, 11))
    assert sample["strata"].tolist() == [0] * 8 + [1, 2]
    assert sample["rt_sampel"].eq(40).all()
    assert int(plan.desa["sampel_ehra"].sum()) == 10
    assert plan.desa.loc[~plan.desa["sampel_ehra"], "rt_sampel"].eq(0).all()
    # seeded: the same seed gives the same desa, another seed (usually) others
    assert plan_survey(_form2(), read_default_method()).sample.equals(sample)
    other = merge_method(read_default_method(), {"sampel": {"seed": 7}})
    assert len(plan_survey(_form2(), other).sample) == 10
    summary = dict(zip(plan.ringkasan["parameter"], plan.ringkasan["nilai"], strict=True))
    assert summary["Jumlah KK kabupaten"] == "10.000"
    assert summary["Rumah tangga menurut Krejcie–Morgan"] == "370"
    assert summary["Jumlah desa sampel"] == "10"
    assert summary["Rumah tangga minimal"] == "400"


def test_plan_proporsi_desa_hand():
    # 25 % of 40 desa = 10 -> 10 desa (the 400-household floor gives 10 too); with the floor
    # of one desa per stratum: 4 strata get 1 each, the other 6 go to (30, 3, 3, 0):
    # quotas 6*30/36 = 5, 0.5, 0.5, 0 -> 5, 0, 0 (5); one left: tie .5/.5 -> equal size,
    # first key (stratum 1) -> 6, 2, 1, 1
    m = merge_method(read_default_method(), {"sampel": {"metode": "proporsi_desa"}})
    plan = plan_survey(_form2(), m)
    assert plan.n_desa == 10
    assert plan.alokasi["desa_sampel"].tolist() == [6, 2, 1, 1]
    assert not plan.notes
    # 50 %: 20 desa -> 1 each, 16 over (30, 3, 3, 0) -> 13.33, 1.33, 1.33 -> 13, 1, 1 (15);
    # the one left: three equal remainders (.33) -> the larger stratum (0) -> 14, 1, 1, 0;
    # plus the floor -> 15, 2, 2, 1
    plan = plan_survey(_form2(), merge_method(m, {"sampel": {"proporsi": 0.5}}))
    assert plan.n_desa == 20 and plan.n_rumah_tangga == 800
    assert plan.alokasi["desa_sampel"].tolist() == [15, 2, 2, 1]
    summary = dict(zip(plan.ringkasan["parameter"], plan.ringkasan["nilai"], strict=True))
    assert summary["Proporsi desa"] == "50 %"


def test_plan_reproduces_the_demo_survey(tiny_packages):
    # demo EHRA records are drawn with the same plan: the surveyed desa are the sample desa
    from ppsp_analysis import load_package

    for path in tiny_packages:
        pkg = load_package(path)
        plan = plan_survey(pkg.sheet("Form2"), pkg.method)
        assert sorted(plan.sample["kode_desa"]) == sorted(set(pkg.ehra["kode_desa"]))


def test_rencana_theme_marks_the_sample_desa():
    import geopandas as gpd
    from shapely.geometry import box

    plan = plan_survey(_form2(), read_default_method())
    geoms = [box(113.0 + 0.03 * (i % 8), -1.0 - 0.03 * (i // 8), 113.03 + 0.03 * (i % 8),
                 -0.97 - 0.03 * (i // 8)) for i in range(40)]
    gdf = gpd.GeoDataFrame(plan.desa, geometry=geoms, crs="EPSG:4326")
    theme = get_theme("rencana_ehra")
    assert theme.columns == ("strata", "sampel_ehra")
    fig = map_sheet(gdf, theme, {"nama_kabupaten": "Uji", "kode_kabupaten": "99.09",
                                 "tahun": 2026}, paper="A4")
    ax = next(a for a in fig.axes if a.get_gid() == "map")
    marked = sorted(a.get_gid().split(":", 1)[1] for a in ax.patches
                    if str(a.get_gid()).startswith("desa-mark:"))
    assert marked == sorted(plan.sample["kode_desa"])
    texts = [t.get_text() for t in fig.axes[0].texts]
    assert "Desa sampel EHRA (terpilih)" in texts
    assert any("PETA RENCANA STUDI EHRA" in t for t in texts)
    counts = {t.get_gid(): t.get_text() for t in fig.axes[0].texts}
    assert counts["legend-count:None"] == "10 desa"            # the marked desa
    assert class_counts(gdf, theme) == {0: 31, 1: 4, 2: 4, 3: 1, 4: 0, None: 0}
    assert any(str(g).startswith("legend-mark") for g in
               (p.get_gid() for p in fig.axes[0].patches))


def _presurvey(src, dst):
    """A package before the survey: no ehra.csv, perception not done (one stray score out of
    range), a Form 2 column the plan does not read holding text."""
    shutil.copytree(src, dst)
    (dst / "ehra.csv").unlink()
    wb = openpyxl.load_workbook(dst / "instrumen.xlsx")
    for name, cols in (("Persepsi", ("air_limbah", "persampahan", "drainase")),
                       ("Form2", ("kk_tanpa_jamban",))):
        ws = wb[name]
        keys = [c.value for c in ws[1]]
        for col in cols:
            j = keys.index(col) + 1
            for r in range(2, ws.max_row + 1):
                ws.cell(r, j).value = None
    wb["Persepsi"].cell(2, [c.value for c in wb["Persepsi"][1]].index("drainase") + 1).value = 7
    wb["Form2"].cell(2, [c.value for c in wb["Form2"][1]].index("kk_tanpa_jamban") + 1).value = \
        "belum didata"
    wb.save(dst / "instrumen.xlsx")
    return dst


def test_cli_rencana_ehra_before_the_survey(tiny_packages, tmp_path, capsys):
    pkg = _presurvey(tiny_packages[0], tmp_path / "paket")
    assert main(["validate", str(pkg)]) == 2            # not ready for scoring ...
    err = capsys.readouterr().err
    assert "sheet Persepsi" in err and "kolom kk_tanpa_jamban" in err
    out = tmp_path / "keluaran"
    out.mkdir()
    mine = out / "catatan saya.txt"
    mine.write_text("punya Pokja", encoding="utf-8")
    args = ["rencana-ehra", str(pkg), "--out", str(out), "--kertas", "A4", "--format-peta",
            "png", "--dpi", "50"]
    assert main(args) == 0                               # ... but ready for the plan
    text = capsys.readouterr().out
    assert "Rencana studi EHRA" in text and "sampel 10 desa, 400 rumah tangga" in text
    assert sorted(OutputFolder.owned_files(out)) == ["peta/peta_rencana_ehra_a4.png",
                                                     "rencana_ehra.xlsx"]
    assert mine.read_text(encoding="utf-8") == "punya Pokja"
    book = pd.read_excel(out / "rencana_ehra.xlsx", sheet_name=None, header=1,
                         dtype={"kode_desa": str})
    assert list(book) == ["Daftar Isi", "Ringkasan Rencana", "Alokasi per Strata",
                          "Desa Sampel", "Stratifikasi Desa", "Keterangan Kolom"]
    assert len(book["Desa Sampel"]) == 10 and len(book["Stratifikasi Desa"]) == 10
    titles = pd.read_excel(out / "rencana_ehra.xlsx", sheet_name="Desa Sampel", nrows=0)
    assert {"Nomor urut sampel", "Rumah tangga sampel (RT)"} <= set(titles.columns)
    with Image.open(out / "peta" / "peta_rencana_ehra_a4.png") as im:
        assert im.size[0] == pytest.approx(210 / 25.4 * 50, abs=1)
        assert im.size[1] == pytest.approx(297 / 25.4 * 50, abs=1)
    # a second run replaces its own files and keeps the user's
    assert main(args) == 0
    assert mine.read_text(encoding="utf-8") == "punya Pokja"


def test_cli_rencana_ehra_user_errors(tiny_packages, tmp_path, capsys):
    pkg = tmp_path / "paket"
    shutil.copytree(tiny_packages[0], pkg)
    (pkg / "metode.yaml").write_text("sampel: {metode: proporsi, proporsi: 25}\n",
                                     encoding="utf-8")
    assert main(["rencana-ehra", str(pkg), "--out", str(tmp_path / "o")]) == 2
    err = capsys.readouterr().err
    assert "sampel.metode" in err and "proporsi_desa" in err and "sampel.proporsi" in err
    assert not (tmp_path / "o").exists() or not any((tmp_path / "o").iterdir())
    (pkg / "metode.yaml").unlink()
    assert main(["rencana-ehra", str(pkg), "--out", str(tmp_path / "o"), "--kertas", "A5"]) == 2
    assert "--kertas" in capsys.readouterr().err


def test_docstring_examples():
    assert doctest.testmod(rencana_ehra).failed == 0


@pytest.mark.parametrize("share", [0.25, 0.5])
def test_plan_totals_match_the_sample_size(share):
    m = merge_method(read_default_method(), {"sampel": {"metode": "proporsi_desa",
                                                        "proporsi": share}})
    plan = plan_survey(_form2(), m)
    assert plan.alokasi["desa_sampel"].sum() == plan.n_desa == len(plan.sample)
    assert plan.alokasi["rt_sampel"].sum() == plan.n_rumah_tangga

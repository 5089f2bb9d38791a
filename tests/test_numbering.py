"""One map number per desa (``no_peta``): the same on every sheet, table and the interactive map.

The numbers a sheet prints are read from what the layout code placed (the labels and the key
of :func:`ppsp_analysis.maps.plan_sheet`), not recomputed here.
"""

from __future__ import annotations

import json
import re

import numpy as np
import pandas as pd
import pytest

from ppsp_analysis.numbering import MAP_NUMBER, code_order_key, map_numbers, with_map_numbers


def test_numbers_run_per_kabupaten_in_code_order_whatever_the_row_order():
    codes = ["62.10.10.2001", "62.10.02.2003", "62.10.02.1001", "62.10.09.2001",
             "62.03.01.2001", "62.03.01.1002", "62.10.02.2010"]
    numbers = map_numbers(codes)
    by_code = dict(zip(codes, numbers, strict=True))
    assert [by_code[c] for c in sorted(codes[:4] + codes[-1:], key=code_order_key)] == [
        1, 2, 3, 4, 5]                                   # 62.10: 02.1001, 02.2003, 02.2010 …
    assert by_code["62.10.10.2001"] == 5                 # 10 after 09 (numeric, not text)
    assert by_code["62.03.01.1002"] == 1 and by_code["62.03.01.2001"] == 2
    rng = np.random.default_rng(3)
    order = rng.permutation(len(codes))
    shuffled = map_numbers(pd.Series([codes[i] for i in order], index=order))
    assert {codes[i]: n for i, n in shuffled.items()} == by_code


def test_existing_numbers_are_kept_and_duplicates_refused():
    df = pd.DataFrame({"kode_desa": ["99.01.01.2002", "99.01.01.2001"], "nama_kec": ["A", "A"],
                       MAP_NUMBER: [7, 9]})
    assert with_map_numbers(df)[MAP_NUMBER].tolist() == [7, 9]
    with pytest.raises(ValueError, match="ganda"):
        map_numbers(["99.01.01.2001", "99.01.01.2001"])


def _sheet_numbers(plan) -> dict[str, int]:
    """kode_desa → number as placed on a planned sheet (labels of all views and the key)."""
    labels = plan.labels.labels + plan.labels.detail_labels
    placed = {lab.kode: int(lab.text) for lab in labels if lab.kind == "nomor"}
    keyed = {k.kode_desa: k.number for k in plan.labels.keys}
    assert placed == keyed
    if plan.keys is not None:   # the printed key rows carry the same numbers
        printed = sorted(int(n) for n, _ in plan.keys.entries)
        assert printed == sorted(placed.values())
    return placed


@pytest.mark.shared
def test_same_number_on_a3_a4_report_interactive_and_skor_desa(shared_dir, tmp_path):
    """Gunung Mas (real boundaries): a desa numbered on the A3 poster and on the A4 sheet of
    the report has one number, the one in skor_desa, the report tables and the interactive
    map's search data."""
    import geopandas as gpd

    from ppsp_analysis.demo import DemoOptions, synthetic_package
    from ppsp_analysis.io.writers import CSV_OPTIONS, write_scored
    from ppsp_analysis.maps import interactive_html, plan_sheet, prepare_map_data
    from ppsp_analysis.pipeline import score_package
    from ppsp_analysis.report.area import area_report

    desa = gpd.read_file(shared_dir / "desa.geojson")
    desa = desa[desa["kode_kab"] == "62.10"].rename(columns={"kode": "kode_desa",
                                                             "nama": "nama_desa"})
    desa = desa[["kode_desa", "nama_desa", "kode_kec", "nama_kec", "geometry"]]
    pkg = synthetic_package(desa.sample(frac=1.0, random_state=1), "62.10", "Gunung Mas",
                            "Kalimantan Tengah", {}, 5, DemoOptions(seed=5))
    result = score_package(pkg)
    write_scored(result.desa, tmp_path)
    csv = pd.read_csv(tmp_path / "skor_desa.csv", sep=CSV_OPTIONS["sep"],
                      decimal=CSV_OPTIONS["decimal"], dtype={"kode_desa": str})
    skor = dict(zip(csv["kode_desa"], csv[MAP_NUMBER], strict=True))
    xlsx = pd.read_excel(tmp_path / "skor_desa.xlsx", sheet_name="skor_desa", header=1,
                         dtype={"kode_desa": str})
    assert dict(zip(xlsx["kode_desa"], xlsx[MAP_NUMBER], strict=True)) == skor
    assert sorted(skor.values()) == list(range(1, len(desa) + 1))

    data = prepare_map_data(result.desa, result.meta)
    a3 = _sheet_numbers(plan_sheet(data, "A3"))
    a4 = _sheet_numbers(plan_sheet(data, "A4"))
    # the papers number different sets of desa (A4 has less room) …
    assert set(a3) != set(a4) and set(a3) & set(a4)
    # … but a desa's number is the same on both and in skor_desa
    assert a3 == {k: skor[k] for k in a3}
    assert a4 == {k: skor[k] for k in a4}

    report = area_report(result, pkg)
    frame = next(t for s in report.sections for t in s.tables()
                 if t.name == "area_berisiko").data
    by_name = dict(zip(result.desa["nama_desa"], result.desa["kode_desa"], strict=False))
    for name, number in zip(frame["nama_desa"], frame[MAP_NUMBER], strict=True):
        if list(result.desa["nama_desa"]).count(name) == 1:
            assert skor[by_name[name]] == number

    page = interactive_html(result.desa, result.meta)
    payload = json.loads(re.search(r'id="ppsp-data">(.*?)</script>', page, re.S).group(1))
    assert {d["kode"]: d["no"] for d in payload["desa"]} == skor

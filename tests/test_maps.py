"""Tests of ppsp_analysis.maps: printed sheets (A3/A4, PDF/PNG) and the interactive map.

Real boundaries come from ../shared/data/kalteng (never copied into the repo);
tests that need them are skipped with a clear message when the folder is absent.
"""

from __future__ import annotations

import base64
import contextlib
import datetime as dt
import doctest
import json
import os
import queue
import shutil
import subprocess
import tempfile
import threading
import time
from dataclasses import replace
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
from PIL import Image
from shapely.geometry import box

from ppsp_analysis import maps
from ppsp_analysis.io import read_default_method
from ppsp_analysis.io.map_files import write_interactive, write_sheet_set
from ppsp_analysis.maps import (
    THEMES,
    MapInputError,
    MapStyle,
    class_counts,
    draw_sheet,
    get_theme,
    interactive_html,
    map_sheet,
    plan_sheet,
    prepare_map_data,
    sheet_title,
)
from ppsp_analysis.maps.labels import text_size_pt
from ppsp_analysis.maps.layout import MM_PER_PT
from ppsp_analysis.method import class_labels

KALTENG = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "kalteng"
needs_kalteng = pytest.mark.skipif(
    not (KALTENG / "desa.geojson").exists(),
    reason=f"real Kalimantan Tengah boundaries not found at {KALTENG} (../shared/data/kalteng)",
)
CLASS_COLUMNS = ["kelas_air_limbah", "kelas_persampahan", "kelas_drainase", "kelas_gabungan",
                 "kelas_irs"]
MM = 25.4


# --- fixtures -----------------------------------------------------------------------------


def _meta(nama: str, kode: str, sintetis: bool = True) -> dict[str, object]:
    return {
        "nama_kabupaten": nama, "kode_kabupaten": kode, "nama_provinsi": "Kalimantan Tengah",
        "tahun": 2026, "nama_pokja": f"Pokja PKP {nama}", "sintetis": sintetis,
        "versi_metode": "2026.1", "tanggal_peta": dt.date(2026, 11, 22),
        "sumber_data": ["Batas administrasi: cahyadsn/wilayah_boundaries (MIT)",
                        "Survei EHRA 2025 (data uji)"],
        # class names of the method, as score_package puts them in the meta
        "label_kelas": class_labels(read_default_method(), "area"),
    }


def _assign_classes(gdf: gpd.GeoDataFrame, seed: int) -> gpd.GeoDataFrame:
    """Deterministic random classes 1–4 (a few <NA>) and strata 0–4."""
    rng = np.random.default_rng(seed)
    gdf = gdf.copy()
    for col in CLASS_COLUMNS:
        values = pd.array(rng.integers(1, 5, len(gdf)), dtype="Int64")
        values[rng.random(len(gdf)) < 0.05] = pd.NA
        gdf[col] = values
    gdf["strata"] = pd.array(rng.integers(0, 5, len(gdf)), dtype="Int64")
    gdf["area_air_limbah"] = rng.integers(1, 17, len(gdf))
    gdf["prioritas_air_limbah"] = (gdf["kelas_air_limbah"] >= 3).fillna(False)
    return gdf


def synthetic_kabupaten(n: int = 6, sintetis: bool = True):
    """A tiny fictional kabupaten: an n × n grid of desa in three kecamatan (99.01)."""
    rows = []
    size = 0.03  # degrees, about 3.3 km
    for i in range(n):
        for j in range(n):
            kec = 1 + (i * 3) // n
            rows.append({
                "kode_desa": f"99.01.{kec:02d}.{2001 + i * n + j}",
                "nama_desa": f"Desa Rekaan {i * n + j + 1}",
                "kode_kec": f"99.01.{kec:02d}",
                "nama_kec": ["Sukamaju", "Sukamundur", "Harapan Baru"][kec - 1],
                "geometry": box(110.0 + j * size, -7.0 - (i + 1) * size,
                                110.0 + (j + 1) * size, -7.0 - i * size),
            })
    gdf = gpd.GeoDataFrame(rows, crs="EPSG:4326").set_index("kode_desa", drop=False)
    return _assign_classes(gdf, 7), _meta("Sukamaju Rekaan", "99.01", sintetis)


def real_kabupaten(kode: str, seed: int = 1):
    """Real desa of one Kalteng kabupaten with deterministic random classes, and context."""
    desa = gpd.read_file(KALTENG / "desa.geojson")
    d = desa[desa["kode_kab"] == kode].rename(columns={"kode": "kode_desa", "nama": "nama_desa"})
    d = _assign_classes(d.set_index("kode_desa", drop=False), seed)
    kec = gpd.read_file(KALTENG / "kecamatan.geojson")
    kab = gpd.read_file(KALTENG / "kabupaten.geojson")
    context = {
        "kecamatan": kec[kec["kode_kab"] == kode],
        "kabupaten": kab[kab["kode"] == kode],
        "konteks_kabupaten": kab,
        "sungai": gpd.read_file(KALTENG / "konteks" / "sungai_gshhg_wdbii.geojson"),
    }
    return d, _meta(str(d["nama_kab"].iloc[0]), kode), context


@pytest.fixture(scope="module")
def synth():
    return synthetic_kabupaten()


def _map_axes(fig, gid="map"):
    return next(a for a in fig.axes if a.get_gid() == gid)


def _drawn_desa(fig, gid="map", prefix="desa:") -> list[str]:
    ax = _map_axes(fig, gid)
    return [a.get_gid()[len(prefix):] for a in ax.get_children()
            if isinstance(a.get_gid(), str) and a.get_gid().startswith(prefix)]


def _legend_counts(fig) -> dict[int, int]:
    out = {}
    for t in fig.axes[0].texts:
        gid = t.get_gid()
        if isinstance(gid, str) and gid.startswith("legend-count:"):
            out[int(gid.split(":")[1])] = int(t.get_text().split()[0].replace(".", ""))
    return out


def _check_sheet_figure(fig, gdf, theme, paper) -> None:
    w, h = (420, 297) if paper == "A3" else (210, 297)
    assert fig.get_size_inches() * MM == pytest.approx([w, h], abs=1e-6)
    drawn = _drawn_desa(fig)
    assert len(drawn) == len(gdf), "every desa drawn exactly once"
    assert sorted(drawn) == sorted(gdf["kode_desa"].astype(str))
    counts = class_counts(gdf, theme)
    legend = _legend_counts(fig)
    assert legend.pop(-1) == counts.pop(None)
    assert legend == counts


# --- small pure pieces ------------------------------------------------------------------


@pytest.mark.parametrize("module", ["style", "labels", "layout", "sheet", "data",
                                    "elements"])
def test_docstring_examples(module):
    mod = getattr(maps, module)
    result = doctest.testmod(mod, optionflags=doctest.ELLIPSIS)
    assert result.failed == 0


def test_title_and_theme_lookup():
    meta = {"nama_kabupaten": "Kapuas", "tahun": 2026}
    assert sheet_title("air_limbah", meta) == (
        "PETA AREA BERISIKO SANITASI — AIR LIMBAH DOMESTIK / KABUPATEN KAPUAS / TAHUN 2026")
    assert [t.name for t in THEMES] == [
        "Air Limbah Domestik", "Persampahan", "Drainase", "Gabungan (Prioritas)",
        "Indeks Risiko Sanitasi (EHRA)", "Strata Desa EHRA"]
    with pytest.raises(ValueError, match="tidak dikenal"):
        get_theme("sampah")


def test_class_names_come_from_the_method(synth):
    from ppsp_analysis.io import read_default_method
    from ppsp_analysis.maps.style import (
        EXTRA_THEMES,
        style_for_method,
        theme_classes,
        with_class_names,
    )
    from ppsp_analysis.method import class_labels, merge_method

    gdf, meta = synth
    default = read_default_method()
    # one definition: the default style names classes as the default method does
    plain = with_class_names(MapStyle())
    assert dict(enumerate(plain.risk_labels, 1)) == class_labels(default, "area")
    assert dict(enumerate(plain.irs_labels, 1)) == class_labels(default, "irs")
    assert [lab for _, lab, _ in theme_classes(get_theme("gabungan"), MapStyle())][:2] == [
        "Berisiko sangat rendah", "Berisiko rendah"]
    assert [lab for _, lab, _ in theme_classes(get_theme("irs"), MapStyle())][:2] == [
        "Kurang berisiko", "Berisiko sedang"]
    # a sheet shows the names of the method it is given: area and IRS sets apart
    lama = style_for_method(merge_method(default, {"kelas": {"label": "lama"}}))
    texts = [t.get_text() for t in map_sheet(gdf, "drainase", meta, style=lama).axes[0].texts]
    assert "Berisiko sedang" in texts and "Berisiko rendah" not in texts
    texts = [t.get_text() for t in map_sheet(gdf, "drainase", meta).axes[0].texts]
    assert "Berisiko rendah" in texts and "Berisiko sedang" not in texts
    texts = [t.get_text() for t in map_sheet(gdf, "irs", meta).axes[0].texts]
    assert "Kurang berisiko" in texts and "Berisiko sangat rendah" not in texts
    # the interactive map names IRS classes with the IRS set, area classes with the area set
    html = interactive_html(gdf, meta)
    assert "Kurang berisiko" in html and "Berisiko sangat rendah" in html
    # the extra themes are drawn on request only
    assert not {t.key for t in EXTRA_THEMES} & {t.key for t in THEMES}
    assert get_theme("kecamatan").unit == "kecamatan"


def test_class_counts_treat_na_and_strangers_as_no_data():
    df = pd.DataFrame({"kelas_drainase": pd.array([1, 4, 4, None, 9], dtype="Int64"),
                       "strata": pd.array([0, 0, 4, 2, None], dtype="Int64")})
    assert class_counts(df, "drainase") == {1: 1, 2: 0, 3: 0, 4: 2, None: 2}
    assert class_counts(df, "strata") == {0: 2, 1: 0, 2: 1, 3: 0, 4: 1, None: 1}


def _srgb_to_lab(rgb: np.ndarray) -> np.ndarray:
    lin = np.where(rgb <= 0.04045, rgb / 12.92, ((rgb + 0.055) / 1.055) ** 2.4)
    m = np.array([[0.4124, 0.3576, 0.1805], [0.2126, 0.7152, 0.0722], [0.0193, 0.1192, 0.9505]])
    xyz = lin @ m.T / np.array([0.95047, 1.0, 1.08883])
    f = np.where(xyz > 0.008856, np.cbrt(xyz), 7.787 * xyz + 16 / 116)
    return np.stack([116 * f[:, 1] - 16, 500 * (f[:, 0] - f[:, 1]), 200 * (f[:, 1] - f[:, 2])], 1)


#: Machado, Oliveira & Fernandes (2009) simulation matrices, severity 1.0 (linear RGB).
MACHADO = {
    "protanopia": [[0.152286, 1.052583, -0.204868], [0.114503, 0.786281, 0.099216],
                   [-0.003882, -0.048116, 1.051998]],
    "deuteranopia": [[0.367322, 0.860646, -0.227968], [0.280085, 0.672501, 0.047413],
                     [-0.011820, 0.042940, 0.968881]],
    "tritanopia": [[1.255528, -0.076749, -0.178779], [-0.078411, 0.930809, 0.147602],
                   [0.004733, 0.691367, 0.303900]],
}


@pytest.mark.parametrize("palette", ["risk_colors", "strata_colors"])
def test_palette_survives_colour_blindness(palette):
    colors = getattr(MapStyle(), palette)
    rgb = np.array([[int(c[i:i + 2], 16) / 255 for i in (1, 3, 5)] for c in colors])
    lin = np.where(rgb <= 0.04045, rgb / 12.92, ((rgb + 0.055) / 1.055) ** 2.4)
    for name, matrix in MACHADO.items():
        sim = np.clip(lin @ np.array(matrix).T, 0, 1)
        srgb = np.where(sim <= 0.0031308, 12.92 * sim, 1.055 * sim ** (1 / 2.4) - 0.055)
        lab = _srgb_to_lab(srgb)
        dist = np.sqrt(((lab[:, None] - lab[None]) ** 2).sum(-1))
        np.fill_diagonal(dist, np.inf)
        assert dist.min() > 10, f"{palette}: two classes look alike under {name}"


def test_risk_palette_runs_green_to_red_and_darkens():
    lab = _srgb_to_lab(np.array([[int(c[i:i + 2], 16) / 255 for i in (1, 3, 5)]
                                 for c in MapStyle().risk_colors]))
    assert np.all(np.diff(lab[:, 0]) < -10), "lightness falls from class 1 to class 4"
    assert lab[0, 1] < 0 < lab[3, 1], "class 1 is greenish, class 4 reddish"


# --- input handling -----------------------------------------------------------------------


def test_bad_input_is_reported(synth):
    gdf, meta = synth
    with pytest.raises(MapInputError, match="CRS"):
        map_sheet(gdf.set_crs(None, allow_override=True), "drainase", meta)
    with pytest.raises(MapInputError, match="nama_kec"):
        map_sheet(gdf.drop(columns="nama_kec"), "drainase", meta)
    dup = pd.concat([gdf, gdf.iloc[:1]])
    with pytest.raises(MapInputError, match="ganda"):
        map_sheet(dup, "drainase", meta)
    with pytest.raises(KeyError, match="kelas_irs"):
        map_sheet(gdf.drop(columns="kelas_irs"), "irs", meta)


def test_projection_is_the_utm_zone_of_the_kabupaten(synth):
    gdf, meta = synth
    data = prepare_map_data(gdf, meta)
    assert data.crs.to_epsg() == 32749  # 110°E, south of the equator
    assert data.utm_zone == "49S"
    # kecamatan and kabupaten dissolved from the desa when no context is given
    assert sorted(data.kecamatan["kode_kec"]) == ["99.01.01", "99.01.02", "99.01.03"]
    assert data.kabupaten.area == pytest.approx(data.desa.area.sum(), rel=1e-4)


# --- synthetic sheets -------------------------------------------------------------------


@pytest.mark.parametrize("paper", ["A3", "A4"])
@pytest.mark.parametrize("theme", ["air_limbah", "strata"])
def test_sheet_figure_synthetic(synth, paper, theme):
    gdf, meta = synth
    fig = map_sheet(gdf, theme, meta, paper=paper)
    _check_sheet_figure(fig, gdf, get_theme(theme), paper)
    texts = " ".join(t.get_text() for t in fig.axes[0].texts)
    # the representative fraction only on the sheet printed at its size (A3), never on the
    # A4 sheet that reports and slides place smaller; the scale bar on both
    assert ("SKALA 1 : " in texts) == (paper == "A3")
    assert ("benar untuk cetak" in texts) == (paper == "A3")
    assert any(a.get_gid() == "scale-bar" for a in fig.axes[0].patches)
    assert "Grid geografis: interval " in texts and "(derajat)" not in texts
    assert "LEGENDA" in texts and "DIAGRAM LOKASI" in texts
    assert "SUMBER DATA" in texts and "Pokja PKP Sukamaju Rekaan" in texts
    assert "22 November 2026" in texts and "versi metode 2026.1" in texts
    assert "EPSG:32749" in texts and "DATA SINTETIS" in texts
    assert any(t.get_gid() == "watermark" for t in _map_axes(fig).texts)


def test_indicative_boundaries_caveat(synth):
    gdf, meta = synth
    from ppsp_analysis.maps.sheet import INDICATIVE_NOTE

    for paper in ("A3", "A4"):   # the test meta names cahyadsn/wilayah_boundaries
        fig = map_sheet(gdf, "drainase", meta, paper=paper)
        assert INDICATIVE_NOTE in " ".join(t.get_text() for t in fig.axes[0].texts)
    fig = map_sheet(gdf, "drainase", {**meta, "sumber_data": ["Batas wilayah: BIG 1:5.000"]})
    assert INDICATIVE_NOTE not in " ".join(t.get_text() for t in fig.axes[0].texts)


def test_sea_land_and_neighbouring_provinces(synth):
    """With a coastline, the sea is water and what is not sea (a neighbouring province) land;
    an island in the sea stays land; without one, nothing outside the province is claimed."""
    from shapely.geometry import LineString, Point

    from ppsp_analysis.maps.data import sea_in_frame

    gdf, meta = synth
    plan = plan_sheet(prepare_map_data(gdf, meta), "A3")
    x0, y0, x1, y1 = plan.extent
    kx0, ky0, kx1, ky1 = prepare_map_data(gdf, meta).kabupaten.bounds
    assert ky0 - y0 > 1000              # room below the kabupaten for a coast and the sea
    cy = (y0 + ky0) / 2                 # the coast runs west–east below the kabupaten
    coast = LineString([(x0 - 5000, cy), (x1 + 5000, cy)])
    r = (cy - y0) / 4
    island = Point((kx0 + kx1) / 2, (y0 + cy) / 2).buffer(r).exterior   # closed: an island
    crs = prepare_map_data(gdf, meta).crs
    pantai = gpd.GeoDataFrame({"gshhg_level": [1, 1]}, geometry=[coast, island], crs=crs)
    data = prepare_map_data(gdf, meta, {"garis_pantai": pantai})
    sea = sea_in_frame(data, plan.extent)
    assert not sea.is_empty and not sea.intersects(data.kabupaten)
    assert sea.contains(Point(x0 + 100, y0 + 100))                      # open sea
    assert not sea.contains(Point((kx0 + kx1) / 2, (y0 + cy) / 2))      # the island
    assert not sea.contains(Point(x0 + 100, y1 - 100))                  # land beyond the border
    fig = draw_sheet(data, plan, get_theme("drainase"), meta, MapStyle())
    ax = _map_axes(fig)
    assert matplotlib_color(ax.get_facecolor()) == MapStyle().land_fill
    assert any(a.get_gid() == "desa-laut" for a in ax.patches)
    texts = [t.get_text() for t in fig.axes[0].texts]
    assert "Laut" in texts and "Provinsi lain" in texts

    bare = prepare_map_data(gdf, meta)
    assert sea_in_frame(bare, plan.extent) is None
    fig = draw_sheet(bare, plan, get_theme("drainase"), meta, MapStyle())
    assert matplotlib_color(_map_axes(fig).get_facecolor()) == "#ffffff"
    assert "Laut" not in [t.get_text() for t in fig.axes[0].texts]


def matplotlib_color(rgba) -> str:
    import matplotlib.colors as mcolors

    return mcolors.to_hex(rgba)


def test_no_watermark_for_real_data(synth):
    gdf, meta = synth
    fig = map_sheet(gdf, "drainase", {**meta, "sintetis": False})
    assert not any(t.get_gid() == "watermark" for a in fig.axes for t in a.texts)
    assert "DATA SINTETIS" not in " ".join(t.get_text() for t in fig.axes[0].texts)


def test_scale_is_true_on_paper(synth):
    gdf, meta = synth
    data = prepare_map_data(gdf, meta)
    for paper, width_mm in (("A3", 420.0), ("A4", 210.0)):
        plan = plan_sheet(data, paper)
        fig = draw_sheet(data, plan, get_theme("drainase"), meta, MapStyle())
        ax = _map_axes(fig)
        ground = np.diff(ax.get_xlim())[0]
        paper_m = ax.get_position().width * width_mm / 1000
        assert ground / paper_m == pytest.approx(plan.denominator, rel=1e-9)
        text = f"1 : {plan.denominator:,}".replace(",", ".")
        assert any(text in t.get_text() for t in fig.axes[0].texts) == (paper == "A3")
        # the scale bar: its length on paper is its km at the plan's scale
        bar = [a for a in fig.axes[0].patches if a.get_gid() == "scale-bar"]
        km = float([t.get_text() for t in fig.axes[0].texts if t.get_text() != "km"
                    and abs(t.get_position()[0] - (bar[-1].get_x() + bar[-1].get_width()))
                    < 1e-6][0].replace(".", "").replace(",", "."))
        length_mm = bar[-1].get_x() + bar[-1].get_width() - bar[0].get_x()
        assert km * 1e6 / plan.denominator == pytest.approx(length_mm, rel=1e-9)
        # the whole kabupaten is inside the frame
        x0, y0, x1, y1 = data.kabupaten.bounds
        assert ax.get_xlim()[0] < x0 and x1 < ax.get_xlim()[1]
        assert ax.get_ylim()[0] < y0 and y1 < ax.get_ylim()[1]


def test_style_override(synth):
    gdf, meta = synth
    colors = ("#00ff00", "#ffff00", "#ff8800", "#ff0000")
    style = replace(MapStyle(), risk_colors=colors, producer="Bappeda Rekaan")
    fig = map_sheet(gdf, "drainase", meta, style=style)
    ax = _map_axes(fig)
    faces = {a.get_gid(): a.get_facecolor() for a in ax.patches
             if str(a.get_gid()).startswith("desa:")}
    row = gdf[gdf["kelas_drainase"] == 4].iloc[0]
    assert faces[f"desa:{row['kode_desa']}"][:3] == pytest.approx((1.0, 0.0, 0.0))
    assert "Bappeda Rekaan" in " ".join(t.get_text() for t in fig.axes[0].texts)


def test_sheet_set_files_synthetic(synth, tmp_path):
    gdf, meta = synth
    paths = write_sheet_set(gdf, meta, tmp_path / "peta", dpi=40)
    assert len(paths) == len(THEMES) * 2 * 2
    assert all(p.exists() and p.stat().st_size > 0 for p in paths)
    assert not list((tmp_path / "peta").glob(".*tmp")), "no temporary files left behind"
    _check_files(paths, dpi=40)
    # a theme whose column is missing is skipped by default, an error when asked for
    no_irs = gdf.drop(columns="kelas_irs")
    assert len(write_sheet_set(no_irs, meta, tmp_path / "b", papers=("A4",), formats=("pdf",),
                               themes=None)) == len(THEMES) - 1
    with pytest.raises(KeyError):
        write_sheet_set(no_irs, meta, tmp_path / "c", themes=["irs"], formats=("pdf",))


def _check_files(paths, dpi):
    from pypdf import PdfReader

    for p in paths:
        paper = "A3" if p.stem.endswith("_a3") else "A4"
        w, h = (420, 297) if paper == "A3" else (210, 297)
        if p.suffix == ".pdf":
            reader = PdfReader(p)
            assert len(reader.pages) == 1
            box_ = reader.pages[0].mediabox
            assert float(box_.width) / 72 * MM == pytest.approx(w, abs=0.01)
            assert float(box_.height) / 72 * MM == pytest.approx(h, abs=0.01)
            assert reader.metadata.title.startswith("PETA AREA BERISIKO SANITASI — ")
        else:
            with Image.open(p) as im:
                assert im.size[0] == pytest.approx(w / MM * dpi, abs=1)
                assert im.size[1] == pytest.approx(h / MM * dpi, abs=1)
                assert im.info["dpi"] == pytest.approx((dpi, dpi), rel=1e-3)  # pHYs is px/m


def test_png_at_300_dpi_and_greyscale(synth, tmp_path):
    """A3 PNG at 300 dpi has 4961 × 3508 px; the legend classes stay apart in greyscale."""
    gdf, meta = synth
    for theme, n in (("gabungan", 4), ("strata", 5)):
        paths = write_sheet_set(gdf, meta, tmp_path, themes=[theme], papers=("A3",),
                                formats=("png",), dpi=300)
        with Image.open(paths[0]) as im:
            assert im.size == (4961, 3508) or im.size == (4960, 3507)
            grey = np.asarray(im.convert("L"), dtype=float)
        fig = map_sheet(gdf, theme, meta)
        page = fig.axes[0]
        values = []
        for patch in page.patches:
            gid = patch.get_gid()
            if isinstance(gid, str) and gid.startswith("legend-patch:") and not gid.endswith("-1"):
                x, y = patch.get_x() + patch.get_width() / 2, patch.get_y() + patch.get_height() / 2
                px, py = int(x / MM * 300), int((297 - y) / MM * 300)
                values.append(grey[py - 3:py + 4, px - 3:px + 4].mean())
        assert len(values) == n
        gaps = np.abs(np.subtract.outer(values, values))[np.triu_indices(n, 1)]
        assert gaps.min() >= 25, f"{theme}: greyscale levels {values} too close"


# --- real kabupaten (Kalteng) -------------------------------------------------------------


def _label_boxes(plan, style):
    """Paper-space boxes (mm) of placed labels, per view."""
    out = {}
    for view, labels, mpm in (("main", plan.labels.labels, plan.metres_per_mm),
                              ("detail", plan.labels.detail_labels,
                               plan.detail.metres_per_mm if plan.detail else 1.0)):
        boxes = []
        for lab in labels:
            weight = "bold" if lab.kind in ("kecamatan", "nomor") else "normal"
            stretch = style.label_font_stretch if lab.kind == "desa" else "normal"
            w, h = text_size_pt(lab.text, lab.size, style.font_family, weight, stretch)
            hw, hh = w * MM_PER_PT / 2, h * MM_PER_PT / 2
            x, y = lab.x / mpm, lab.y / mpm
            boxes.append((x - hw, y - hh, x + hw, y + hh))
        out[view] = np.array(boxes).reshape(-1, 4)
    return out


def _check_real_plan(data, plan, gdf):
    style = MapStyle()
    # labels do not collide
    for view, b in _label_boxes(plan, style).items():
        x0, y0, x1, y1 = (b[:, k] for k in range(4))
        inter_w = np.minimum.outer(x1, x1) - np.maximum.outer(x0, x0)
        inter_h = np.minimum.outer(y1, y1) - np.maximum.outer(y0, y0)
        overlap = (inter_w > 0.05) & (inter_h > 0.05)
        np.fill_diagonal(overlap, False)
        assert not overlap.any(), f"{view}: {int(overlap.sum()) // 2} label pairs collide"
    # every desa has a name or a number (exactly one), numbers are keyed once
    labels = plan.labels.labels + plan.labels.detail_labels
    named = [lab.kode for lab in labels if lab.kind == "desa"]
    numbered = [lab.kode for lab in labels if lab.kind == "nomor"]
    if not plan.keys_dropped:
        assert sorted(named + numbered) == sorted(gdf["kode_desa"])
        assert sorted(k.kode_desa for k in plan.labels.keys) == sorted(numbered)
        # the key shows each numbered desa's map number (no_peta), the one of every output
        keyed = [int(n) for n, _ in plan.keys.entries]
        number = data.desa["no_peta"]
        assert keyed == sorted(int(number[k]) for k in numbered)
        assert {lab.kode: int(lab.text) for lab in labels if lab.kind == "nomor"} == {
            k: int(number[k]) for k in numbered}
    # every kecamatan is named on the sheet
    kec_text = " ".join(lab.text.replace("\n", " ") for lab in labels if lab.kind == "kecamatan")
    for name in data.kecamatan["nama_kec"]:
        assert str(name).upper() in kec_text


@needs_kalteng
@pytest.mark.shared
@pytest.mark.slow
@pytest.mark.parametrize("kode", ["62.03", "62.10"])
def test_real_kabupaten_sheet_set(kode, tmp_path_factory):
    """Full sheet set (6 themes × A3/A4 × PDF/PNG) for Kapuas and Gunung Mas."""
    gdf, meta, context = real_kabupaten(kode)
    out = tmp_path_factory.mktemp(f"peta_{kode}")
    paths = write_sheet_set(gdf, meta, out, context=context, dpi=50)
    assert len(paths) == 24
    _check_files(paths, dpi=50)

    data = prepare_map_data(gdf, meta, context)
    for paper in ("A3", "A4"):
        plan = plan_sheet(data, paper)
        _check_real_plan(data, plan, gdf)
        for theme in (get_theme("gabungan"), get_theme("strata")):
            fig = draw_sheet(data, plan, theme, meta, MapStyle())
            _check_sheet_figure(fig, gdf, theme, paper)
            if plan.detail is not None:  # the detail repeats part of the kabupaten
                detail = _drawn_desa(fig, "detail", "detail-desa:")
                assert len(detail) == len(set(detail)) > 0
    if kode == "62.03":  # long, narrow, crowded coast: A3 gets an enlarged detail
        assert plan_sheet(data, "A3").detail is not None


# --- interactive map ------------------------------------------------------------------------


EVIL = "<script>alert(1)</script>"


def test_interactive_html_is_self_contained_and_escaped(synth, tmp_path):
    gdf, meta = synth
    gdf = gdf.copy()
    gdf.loc[gdf.index[0], "nama_desa"] = EVIL
    gdf.loc[gdf.index[1], "nama_kec"] = 'Kec "kutip" & <b>'
    text = interactive_html(gdf, meta)
    assert EVIL not in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text
    assert "<b>" not in text
    lowered = text.lower()
    for needle in ("http://", "https://", "<link", "src=", "@import", "//cdn"):
        assert needle not in lowered, needle
    payload = text.split('<script type="application/json" id="ppsp-data">')[1].split("</script>")[0]
    data = json.loads(payload)
    assert data["desa"][0]["nama"] == EVIL
    assert [t["key"] for t in data["themes"]] == [t.key for t in THEMES]
    for t in data["themes"]:
        counts = class_counts(gdf, t["key"])
        assert [c["count"] for c in t["classes"]] == [v for k, v in counts.items() if k is not None]
    assert text.count('class="desa"') == len(gdf)
    path = write_interactive(gdf, meta, tmp_path / "peta_interaktif.html")
    assert path.read_text(encoding="utf-8") == text


class _Chromium:
    """Headless Chromium driven over the DevTools pipe (no TCP port needed).

    Runs in a fresh network namespace (``unshare --net``) when possible, so the
    browser has no network at all; host resolution and a dead proxy are set as
    well.
    """

    def __init__(self, exe: str):
        self.tmp = tempfile.mkdtemp()
        cmd = [exe, "--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run",
               "--no-default-browser-check", "--remote-debugging-pipe",
               f"--user-data-dir={self.tmp}", "--host-resolver-rules=MAP * ~NOTFOUND",
               "--proxy-server=127.0.0.1:9", "--disable-background-networking",
               "--disable-component-update", "--window-size=1400,900"]
        self.isolated = False
        if shutil.which("unshare") and os.geteuid() == 0 and subprocess.run(
                ["unshare", "--net", "true"], capture_output=True).returncode == 0:
            cmd = ["unshare", "--net", "--", *cmd]
            self.isolated = True
        r_cmd, self._w = os.pipe()
        self._r, w_res = os.pipe()

        def child() -> None:
            os.dup2(r_cmd, 3)
            os.dup2(w_res, 4)

        self.proc = subprocess.Popen(cmd, preexec_fn=child, pass_fds=(3, 4),
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        os.close(r_cmd)
        os.close(w_res)
        self._q: queue.Queue = queue.Queue()
        self.events: list[dict] = []
        self._id = 0
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        buf = b""
        while chunk := os.read(self._r, 1 << 16):
            buf += chunk
            while b"\0" in buf:
                msg, buf = buf.split(b"\0", 1)
                self._q.put(json.loads(msg))

    def _next(self, deadline: float) -> dict:
        msg = self._q.get(timeout=max(0.01, deadline - time.time()))
        return msg

    def send(self, method: str, params: dict | None = None, session: str | None = None,
             timeout: float = 60) -> dict:
        self._id += 1
        msg = {"id": self._id, "method": method, "params": params or {}}
        if session:
            msg["sessionId"] = session
        os.write(self._w, json.dumps(msg).encode() + b"\0")
        deadline = time.time() + timeout
        while True:
            reply = self._next(deadline)
            if reply.get("id") == self._id:
                if "error" in reply:
                    raise RuntimeError(reply["error"])
                return reply.get("result", {})
            self.events.append(reply)

    def wait_for(self, method: str, timeout: float = 60) -> dict:
        for event in self.events:
            if event.get("method") == method:
                return event
        deadline = time.time() + timeout
        while True:
            event = self._next(deadline)
            self.events.append(event)
            if event.get("method") == method:
                return event

    def close(self) -> None:
        with contextlib.suppress(Exception):  # best-effort shutdown
            self.send("Browser.close", timeout=10)
        try:
            self.proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        shutil.rmtree(self.tmp, ignore_errors=True)


def _open_in_chromium(html_path: Path, exe: str, screenshot: Path | None = None) -> dict:
    browser = _Chromium(exe)
    try:
        target = browser.send("Target.createTarget", {"url": "about:blank"})
        session = browser.send("Target.attachToTarget",
                               {"targetId": target["targetId"], "flatten": True})["sessionId"]
        for domain in ("Network", "Page", "Runtime"):
            browser.send(f"{domain}.enable", session=session)
        browser.send("Page.navigate", {"url": html_path.resolve().as_uri()}, session=session)
        browser.wait_for("Page.loadEventFired")

        def js(expr: str):
            return browser.send("Runtime.evaluate", {"expression": expr, "returnByValue": True},
                                session=session)["result"].get("value")

        state = {
            "ready": js("document.documentElement.getAttribute('data-ready')"),
            "paths": js("document.querySelectorAll('path.desa').length"),
            "layers": js("document.querySelectorAll('input[name=layer]').length"),
            "legend": js("document.getElementById('legend').innerText"),
        }
        # switch layer, search the hostile name, read the info panel
        js("document.querySelector('input[name=layer][value=\"2\"]').click();"
           "var q=document.getElementById('q'); q.value='alert';"
           "q.dispatchEvent(new KeyboardEvent('keydown',{key:'Enter'}));")
        state["info"] = js("document.getElementById('info').innerText")
        state["fill_after_switch"] = js("document.querySelector('path.desa').getAttribute('fill')")
        state["scripts"] = js("document.scripts.length")
        if screenshot is not None:
            shot = browser.send("Page.captureScreenshot", {"format": "png"}, session=session)
            screenshot.write_bytes(base64.b64decode(shot["data"]))
        time.sleep(0.3)
        browser.send("Runtime.evaluate", {"expression": "1"}, session=session)  # flush events
        state["requests"] = [e["params"]["request"]["url"] for e in browser.events
                             if e.get("method") == "Network.requestWillBeSent"]
        state["dialogs"] = [e for e in browser.events
                            if e.get("method") == "Page.javascriptDialogOpening"]
        state["isolated"] = browser.isolated
        return state
    finally:
        browser.close()


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.mark.skipif(CHROMIUM is None,
                    reason="headless Chromium not installed (Debian: apt-get install chromium)")
def test_interactive_map_offline_in_chromium(synth, tmp_path):
    gdf, meta = synth
    gdf = gdf.copy()
    gdf.loc[gdf.index[3], "nama_desa"] = EVIL
    path = write_interactive(gdf, meta, tmp_path / "peta_interaktif.html")
    state = _open_in_chromium(path, CHROMIUM, tmp_path / "shot.png")
    assert state["ready"] == "1", "the page script ran"
    assert state["paths"] == len(gdf)
    assert state["layers"] == len(THEMES)
    assert "Berisiko sangat rendah" in state["legend"] and "Tidak ada data" in state["legend"]
    assert state["requests"] == [path.resolve().as_uri()], "no request but the page itself"
    assert state["dialogs"] == [], "the hostile name did not run as script"
    assert state["info"].splitlines()[0] == EVIL, "the hostile name shows as text"
    assert state["scripts"] == 2  # the JSON block and the page script, nothing injected
    with Image.open(tmp_path / "shot.png") as im:
        assert len(np.unique(np.asarray(im.convert("L")))) > 10, "something drawn"


@needs_kalteng
@pytest.mark.shared
@pytest.mark.skipif(CHROMIUM is None,
                    reason="headless Chromium not installed (Debian: apt-get install chromium)")
def test_interactive_map_kapuas_in_chromium(tmp_path):
    gdf, meta, context = real_kabupaten("62.03")
    path = write_interactive(gdf, meta, tmp_path / "peta_interaktif.html", context=context)
    assert path.stat().st_size < 2_000_000
    state = _open_in_chromium(path, CHROMIUM)
    assert state["ready"] == "1"
    assert state["paths"] == len(gdf) == 231
    assert state["requests"] == [path.resolve().as_uri()]


def test_edge_cases_tiny_and_empty_classes(tmp_path):
    """One kecamatan of two desa, one of them two islands; a theme with no data at all."""
    from shapely.geometry import MultiPolygon

    islands = MultiPolygon([box(120.0, -2.0, 120.05, -1.95), box(120.1, -2.0, 120.12, -1.98)])
    gdf = gpd.GeoDataFrame(
        {"kode_desa": ["99.09.01.2001", "99.09.01.2002"], "nama_desa": ["Satu", "Dua Pulau"],
         "kode_kec": ["99.09.01"] * 2, "nama_kec": ["Tunggal"] * 2,
         "kelas_drainase": pd.array([pd.NA, pd.NA], dtype="Int64"),
         "strata": pd.array([0, 4], dtype="Int64")},
        geometry=[box(119.9, -2.0, 120.0, -1.9), islands], crs="EPSG:4326")
    meta = _meta("Kecil", "99.09")
    konteks = gpd.GeoDataFrame({"kode": ["9999"], "nama": ["Kabupaten Kecil"]},
                               geometry=[box(119.8, -2.1, 120.2, -1.8)], crs="EPSG:4326")
    paths = write_sheet_set(gdf, meta, tmp_path, context={"konteks_kabupaten": konteks},
                            formats=("png",), dpi=30)
    assert [p.name for p in paths] == ["peta_drainase_a3.png", "peta_drainase_a4.png",
                                       "peta_strata_a3.png", "peta_strata_a4.png"]
    fig = map_sheet(gdf, "drainase", meta)
    assert _legend_counts(fig) == {1: 0, 2: 0, 3: 0, 4: 0, -1: 2}
    assert sorted(_drawn_desa(fig)) == sorted(gdf["kode_desa"])
    # the context kabupaten with a foreign code is still recognised as this kabupaten
    data = prepare_map_data(gdf, meta, {"konteks_kabupaten": konteks})
    assert list(data.konteks["kode_kab"]) == ["99.09"]


def test_key_heading_never_runs_into_the_panel():
    """A heading longer than the key's one column ("INDEKS NOMOR DESA/KELURAHAN") shrinks to
    the column's width instead of running into the info panel beside it."""
    import matplotlib.pyplot as plt

    from ppsp_analysis.maps.elements import draw_key
    from ppsp_analysis.maps.layout import KeyColumn, KeyLayout
    from ppsp_analysis.maps.style import MapStyle

    fig = plt.figure(figsize=(200 / 25.4, 100 / 25.4), dpi=100)
    page = fig.add_axes((0, 0, 1, 1))
    page.set_xlim(0, 200)
    page.set_ylim(0, 100)
    key = KeyLayout(10.0, 90.0, (KeyColumn(10.0, 80.0, (("desa", "1", "Sepang"),)),), 30.0,
                    3.0, 5.5)
    for heading, shrinks in (("INDEKS", False), ("INDEKS NOMOR DESA/KELURAHAN", True)):
        draw_key(page, key, heading, MapStyle())
        (text,) = [t for t in page.texts if t.get_text() == heading]
        fig.canvas.draw()
        box = text.get_window_extent().transformed(page.transData.inverted())
        assert box.x1 <= 10.0 + 30.0 + 0.5, (heading, box.x1)
        assert (text.get_fontsize() < 5.5 * 1.3) == shrinks
    plt.close(fig)

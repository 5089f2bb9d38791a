"""The batch index page (``OUT/index.html``): DATA SINTETIS, the whole province on the
overview map, every output linked, a failed kabupaten with its error and log, sortable table.

Fast: the kabupaten output folders are written by hand (what a batch leaves); the full batch
path is in test_batch.py.
"""

from __future__ import annotations

import json

import geopandas as gpd
import pytest
from _text import assert_offline_links_resolve, english_numbers, html_text

from ppsp_analysis.batch import BatchSummary, Entry
from ppsp_analysis.io.index_page import (
    NOT_RUN,
    class_labels,
    overview_figure,
    overview_table,
    priority_class,
    write_index,
)
from ppsp_analysis.io.index_page import _collect as collect_kabupaten

OUTPUTS = ("laporan_area_berisiko.html", "laporan_area_berisiko.pdf",
           "laporan_area_berisiko.docx", "laporan_monev.html", "laporan_monev.pdf",
           "laporan_monev.docx", "paparan.pptx", "lembar_advokasi.pdf", "peta_interaktif.html",
           "tabel.xlsx", "skor_desa.xlsx", "skor_desa.csv", "area_berisiko.gpkg",
           "peta/peta_gabungan_a3.pdf", "peta/peta_gabungan_a3.png",
           "peta/peta_air_limbah_a3.pdf", "peta/peta_gabungan_a4.png")


@pytest.fixture(scope="module")
def kalteng_batch(tmp_path_factory, shared_dir):
    """Two packages of Kalimantan Tengah (their boundary files carry all 14 kab/kota):
    Gunung Mas processed, Kapuas failed; the other twelve not in the batch."""
    root = tmp_path_factory.mktemp("idx")
    kab = gpd.read_file(shared_dir / "kabupaten.geojson")
    out = root / "out"
    entries = []
    for kode, ok in (("62.10", True), ("62.03", False)):
        paket = root / "paket" / kode
        paket.mkdir(parents=True)
        kab.to_file(paket / "batas.gpkg", layer="konteks_kabupaten", driver="GPKG")
        nama = kab.loc[kab["kode"] == kode, "nama"].iloc[0]
        if not ok:  # a failed one: only what the package says; its log
            (out / "log").mkdir(parents=True)
            (out / "log" / "62-03.log").write_text("GALAT: sheet Form2 tidak ada",
                                                   encoding="utf-8")
            entries.append(Entry(paket=str(paket), status="gagal", galat="sheet Form2 "
                                 "tidak ada\n" + "\n".join(f"baris {i}" for i in range(30)),
                                 detik=0.5, log="log/62-03.log"))
            continue
        folder = out / "2026" / f"{kode}-gunung-mas"
        for name in OUTPUTS:
            (folder / name).parent.mkdir(parents=True, exist_ok=True)
            (folder / name).write_bytes(b"x")
        (folder / "ringkasan.json").write_text(json.dumps(
            {"kode_kabupaten": kode, "nama_kabupaten": nama, "tahun": 2026,
             "data_sintetis": True, "jumlah_desa": 127, "penduduk": 134482,
             "jumlah_rumah_tangga_ehra": 416, "persen_desa_prioritas": 31.5,
             "irs_rata_rata": 177.9, "jumlah_kelas": 4, "ambang_prioritas": 3,
             "prioritas": {"gabungan": 40},
             "monev": {"tahun_laporan": 2025, "sanitasi_layak": 84.96}}), encoding="utf-8")
        entries.append(Entry(paket=str(paket), status="ok", kode=kode, nama=nama,
                             folder=str(folder), detik=75.4))
    summary = BatchSummary(entries, 80.0)
    return out, summary, write_index(summary, out)


def test_every_kabupaten_of_the_province_is_drawn(kalteng_batch, shared_dir):
    _out, summary, _page = kalteng_batch
    table = overview_table(collect_kabupaten(summary))
    official = gpd.read_file(shared_dir / "kabupaten.geojson")
    assert sorted(table["kode_kab"]) == sorted(official["kode"]) and len(table) == 14
    status = dict(zip(table["kode_kab"], table["status"], strict=True))
    assert status.pop("62.10") == "ok" and status.pop("62.03") == "gagal"
    assert set(status.values()) == {"belum"}
    fig = overview_figure(table, "Provinsi Kalimantan Tengah", "kelas 3–4", synthetic=True)
    texts = " ".join(t.get_text() for t in fig.findobj(lambda a: hasattr(a, "get_text")))
    for name in official["nama"]:
        short = name.removeprefix("Kabupaten ").removeprefix("Kota ")
        assert short in texts, name
    assert texts.count(NOT_RUN) >= 12 and "31,5%" in texts and "DATA SINTETIS" in texts
    for label in class_labels():
        assert label in texts  # the legend names every class
    # one patch per kab/kota (14), drawn in the axes
    assert len(fig.axes[0].collections) >= 3


def test_page_says_synthetic_links_resolve_failed_shows_error_and_log(kalteng_batch):
    out, _summary, page = kalteng_batch
    words = html_text(page)
    assert "DATA SINTETIS" in words
    assert_offline_links_resolve(page)
    text = page.read_text("utf-8")
    for name in OUTPUTS:  # every output there is linked (A3 sheets: the printable ones)
        if "_a4" in name:
            continue
        assert f'href="2026/62.10-gunung-mas/{name}"' in text, name
    assert 'href="log/62-03.log"' in text and "sheet Form2 tidak ada" in words
    assert "lihat log" in words  # a long error is cut on the page, whole in the log
    assert "Kabupaten Kapuas" in words  # the failed one is named (from its package)
    assert "Belum diproses (12)" in words and "Kabupaten Murung Raya" in words
    assert "134.482" in words and "31,5" in words and "2025" in words
    assert not english_numbers(words, allowed=["62.10", "62.03"]), words
    # sortable: every comparison cell carries its raw value; the script is inline
    assert 'data-v="31.5"' in text and "aria-sort" in text


def test_priority_classes():
    assert [priority_class(p) for p in (0, 25, 25.01, 50, 75, 75.5, 100, None)] == \
        [0, 0, 1, 1, 2, 3, 3, -1]
    assert class_labels() == ["0–25%", ">25–50%", ">50–75%", ">75–100%"]

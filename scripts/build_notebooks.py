"""Regenerate the report notebooks in notebooks/ (committed without outputs).

The report notebooks are thin on purpose: parameters, the library calls that produce the
report (read + validate, score, figures, build, save), one display call. The words of a
report live in ppsp_analysis/report/area.py and monev.py, never here.
Edit the cell lists here, run `python scripts/build_notebooks.py`, commit.
"""

from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

ROOT = Path(__file__).resolve().parents[1] / "notebooks"


def params_cell(source: str):
    cell = new_code_cell(source)
    cell.metadata["tags"] = ["parameters"]
    return cell


def intro_cell(source: str):
    cell = new_markdown_cell(source)
    cell.metadata["tags"] = ["hanya-notebook"]  # not in the HTML report
    return cell


def notebook(cells):
    nb = new_notebook(cells=cells)
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}
    nb.metadata["language_info"] = {"name": "python"}
    return nb


INTRO = (
    "# {judul}\n\n"
    "Notebook ini **menghasilkan** laporannya: membaca dan memeriksa paket masukan, menghitung "
    "skor, menyusun laporan, menyimpannya di samping notebook "
    "(`{berkas}`) dan menampilkannya. `ppsp run` membuat PDF, Word dan paparan dari berkas "
    "itu, jadi semua angka dan kalimat laporan berasal dari jalannya notebook ini.\n\n"
    "Notebook hasil eksekusi di folder `notebook/` keluaran adalah **jejak audit**: jalankan "
    "ulang (JupyterLab: *Run All*, atau `papermill {nama}.ipynb ulang.ipynb`) dari paket "
    "masukan yang sama dan angka kuncinya sama."
)

AREA = [
    intro_cell(INTRO.format(judul="Laporan Area Berisiko Sanitasi",
                                   berkas="laporan_area_berisiko.laporan.json",
                                   nama="laporan_area_berisiko")),
    params_cell('paket = "../data/demo/99.03-kota-bandar-fiktif"  # folder paket masukan\n'
                "tahun = None  # tahun laporan (None: tahun Form 1)\n"
                "metode = None  # opsi metode di atas metode.yaml, mis. "
                '{"area_berisiko": {"ambang_prioritas": 4}}\n'
                "peta = None  # folder gambar peta dari ppsp run (None: digambar di sini)\n"
                "tanggal = None  # tanggal laporan ISO (None: hari ini)"),
    new_code_cell("from ppsp_analysis import score_package\n"
                  "from ppsp_analysis.report import nb\n"
                  "from ppsp_analysis.report.area import area_report\n\n"
                  "pkg = nb.load(paket, metode=metode, tahun=tahun, peta=peta, "
                  "tanggal=tanggal)\n"
                  "hasil = score_package(pkg)\n"
                  "gambar = nb.map_images(hasil, pkg, peta, tahun=tahun, tanggal=tanggal)\n"
                  "laporan = area_report(hasil, pkg, tahun=tahun, figures=gambar, "
                  "slides=nb.slide_images(peta), today=nb.today(tanggal))\n"
                  'nb.save(laporan, "laporan_area_berisiko.laporan.json")'),
    new_code_cell("nb.show(laporan)"),
]


MONEV = [
    intro_cell(INTRO.format(judul="Laporan Monitoring dan Evaluasi Sanitasi",
                                   berkas="laporan_monev.laporan.json",
                                   nama="laporan_monev")),
    params_cell('paket = "../data/demo/99.03-kota-bandar-fiktif"  # folder paket masukan\n'
                "metode = None  # opsi metode di atas metode.yaml\n"
                "tanggal = None  # tanggal laporan ISO (None: hari ini)"),
    new_code_cell("from ppsp_analysis import score_package\n"
                  "from ppsp_analysis.report import nb\n"
                  "from ppsp_analysis.report.monev import compute_package_monev, "
                  "monev_figures, monev_report\n\n"
                  "pkg = nb.load(paket, metode=metode, tanggal=tanggal)\n"
                  "hasil = score_package(pkg)\n"
                  "monev = compute_package_monev(hasil, pkg)\n"
                  "gambar = nb.save_figures(monev_figures(monev, hasil, pkg))\n"
                  "laporan = monev_report(hasil, pkg, monev, figures=gambar, "
                  "today=nb.today(tanggal))\n"
                  'nb.save(laporan, "laporan_monev.laporan.json")'),
    new_code_cell("nb.show(laporan)"),
]

EXPLORE = [
    params_cell('paket = "../data/demo/99.01-kabupaten-sukamaju-rekaan"  # folder paket masukan'),
    new_markdown_cell(
        "# Eksplorasi paket data\n\nUntuk analis Pokja di JupyterLab: periksa masalah data, "
        "lihat hasil skor dan peta interaktif, ubah bobot bersama Pokja, lalu lihat desa mana "
        "yang berubah kelas dan mengapa. Ganti `paket` di sel pertama dengan folder paket "
        "kabupaten Anda, lalu *Run All*.\n\nHasil dengan metode yang diubah adalah "
        "**skenario**: peta, tabel dan laporannya bertanda *SKENARIO — bukan hasil resmi*. "
        "Hasil resmi memakai `metode.yaml` paket."),
    new_code_cell("import ppsp_analysis as pa\n\n"
                  "pkg, masalah = pa.read_package(paket)\n"
                  "masalah += pa.validate_package(pkg)\n"
                  "masalah"),
    new_code_cell("pkg"),
    new_markdown_cell("## Skor dengan metode paket"),
    new_code_cell("hasil = pa.score_package(pkg)\nhasil"),
    new_code_cell('hasil.explore(theme="gabungan")'),
    new_code_cell('hasil.desa[["nama_desa", "nama_kec", "impact", "exposure_air_limbah", '
                  '"kelas_air_limbah", "kelas_gabungan"]].head(10)'),
    new_markdown_cell("## Ubah bobot EXPOSURE lalu bandingkan\n\nContoh: IRS EHRA diberi "
                      "bobot dua kali lipat untuk air limbah domestik. Tekan Tab setelah "
                      "`metode.` untuk melihat opsi; `metode.table()` menjelaskan semuanya."),
    new_code_cell("metode = pa.Method(pkg.method)\n"
                  'skenario_metode = metode.with_weights(air_limbah={"irs": 2})\n'
                  "skenario_metode"),
    new_code_cell("skenario = pa.score_package(pkg, skenario_metode)\n"
                  "pa.compare(hasil, skenario)"),
    new_code_cell('skenario.explore(theme="air_limbah")'),
    new_code_cell('pa.map_sheet(skenario.desa, "air_limbah", skenario.meta, paper="A4", '
                  "context=pkg.context)"),
    new_markdown_cell("Bila Pokja menyepakati bobot baru, simpan sebagai `metode.yaml` paket "
                      "(hanya opsi yang berbeda dari bawaan yang ditulis; berkas yang sudah "
                      "ada tidak ditimpa):\n\n"
                      "```python\nskenario_metode.to_yaml(paket + \"/metode.yaml\")\n```"),
]


def main() -> None:
    ROOT.mkdir(exist_ok=True)
    nbformat.write(notebook(AREA), ROOT / "laporan_area_berisiko.ipynb")
    nbformat.write(notebook(MONEV), ROOT / "laporan_monev.ipynb")
    nbformat.write(notebook(EXPLORE), ROOT / "eksplorasi.ipynb")


if __name__ == "__main__":
    main()

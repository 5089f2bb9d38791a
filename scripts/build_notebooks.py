"""Regenerate the report notebooks in notebooks/ (committed without outputs).

The notebooks are thin on purpose: parameters, one context call, display calls and the
narrative. Edit the cell lists here, run `python scripts/build_notebooks.py`, commit.
"""

from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

ROOT = Path(__file__).resolve().parents[1] / "notebooks"


def params_cell(source: str):
    cell = new_code_cell(source)
    cell.metadata["tags"] = ["parameters"]
    return cell


def notebook(cells):
    nb = new_notebook(cells=cells)
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}
    nb.metadata["language_info"] = {"name": "python"}
    return nb


AREA = [
    params_cell('paket = "../data/demo/99.03-kota-bandar-fiktif"\ntahun = None\nkonteks = None'),
    new_code_cell("from ppsp_analysis.report import nb\n\n"
                  "ctx = nb.area_context(paket=paket, tahun=tahun, konteks=konteks)\n"
                  'nb.show_cover(ctx, "Laporan Area Berisiko Sanitasi")'),
    new_markdown_cell("## Ringkasan Eksekutif"),
    new_code_cell("nb.show_paragraphs(nb.summary_paragraphs(ctx))\n"
                  'nb.show_table(ctx, "Jumlah Desa per Kelas")\n'
                  'nb.show_figure(ctx, "peta_gabungan", "Peta area berisiko gabungan (prioritas)")'),
    new_markdown_cell("## Profil Wilayah\n\nJumlah desa, penduduk, kepadatan dan proporsi KK "
                      "miskin per kecamatan (Form 2 Instrumen SSK)."),
    new_code_cell('nb.show_table(ctx, "Profil Wilayah")'),
    new_markdown_cell("## Hasil Studi EHRA\n\nIndeks Risiko Sanitasi (IRS) per strata dan per "
                      "desa yang disurvei. Skor komponen adalah persentase rumah tangga berisiko "
                      "(0–100); IRS adalah jumlah skor komponen. Desa yang tidak disurvei "
                      "memakai IRS strata-nya."),
    new_code_cell('nb.show_table(ctx, "Hasil EHRA per Strata")\n'
                  'nb.show_table(ctx, "IRS Desa Disurvei")\n'
                  'nb.show_figure(ctx, "peta_irs", "Peta Indeks Risiko Sanitasi (EHRA)")\n'
                  'nb.show_figure(ctx, "peta_strata", "Peta strata desa EHRA")'),
    new_markdown_cell("## Data Sekunder\n\nIndikator turunan Form 2 dan skornya (1–4, interval "
                      "sama antara nilai minimum dan maksimum)."),
    new_code_cell('nb.show_table(ctx, "Data Sekunder", max_rows=40)'),
    new_markdown_cell("## Persepsi OPD\n\nRata-rata skor persepsi OPD anggota Pokja per desa "
                      "dan komponen (1 kurang berisiko … 4 sangat berisiko)."),
    new_code_cell('nb.show_table(ctx, "Persepsi OPD", max_rows=40)'),
    new_markdown_cell("## Area Berisiko per Komponen\n\nSkor area berisiko = IMPACT × EXPOSURE; "
                      "kelas 3–4 adalah prioritas."),
    new_code_cell('nb.show_figure(ctx, "peta_air_limbah", "Area berisiko air limbah domestik")\n'
                  'nb.show_figure(ctx, "peta_persampahan", "Area berisiko persampahan")\n'
                  'nb.show_figure(ctx, "peta_drainase", "Area berisiko drainase")\n'
                  'nb.show_table(ctx, "Area Berisiko", max_rows=40)'),
    new_markdown_cell("## Daftar Desa Prioritas per Kecamatan"),
    new_code_cell('nb.show_table(ctx, "Desa Prioritas")'),
    new_markdown_cell("## Override Pokja\n\nKelas yang diubah Pokja setelah verifikasi lapangan, "
                      "dengan alasannya."),
    new_code_cell('nb.show_table(ctx, "Override Pokja")\nnb.show_list(ctx.notes)'),
    new_markdown_cell("## Metode dan Asumsi\n\nOpsi metode yang benar-benar dipakai dalam laporan "
                      "ini (bobot sudah dinormalkan)."),
    new_code_cell('nb.show_table(ctx, "Metode dan Asumsi")'),
    new_markdown_cell("## Sumber Data"),
    new_code_cell('nb.show_list(ctx.meta["sumber_data"])'),
]


MONEV = [
    params_cell('paket = "../data/demo/99.03-kota-bandar-fiktif"\ntahun = None\nkonteks = None'),
    new_code_cell("from ppsp_analysis.report import nb\n\n"
                  "ctx = nb.monev_context(paket=paket, tahun=tahun, konteks=konteks)\n"
                  'nb.show_cover(ctx, "Laporan Monitoring dan Evaluasi Sanitasi")'),
    new_markdown_cell("## Ringkasan"),
    new_code_cell("nb.show_paragraphs(nb.monev_paragraphs(ctx))\n"
                  'nb.show_figure(ctx, "grafik_status", "Status capaian indikator terhadap target")'),
    new_markdown_cell("## Capaian terhadap Target\n\nNilai terakhir, target (SSK bila ada, "
                      "selain itu target nasional) dan laju per tahun yang diperlukan "
                      "dibandingkan dengan tren yang teramati."),
    new_code_cell('nb.show_table(ctx, "Status Capaian terhadap Target")\n'
                  'nb.show_paragraphs([ctx.meta["aturan_status"]])\n'
                  'nb.show_figure(ctx, "grafik_tren_sanitasi", "Tren akses sanitasi dan target")\n'
                  'nb.show_figure(ctx, "grafik_tren_sampah", "Tren pengurangan dan penanganan '
                  'sampah")'),
    new_markdown_cell("## Tangga Akses per Kecamatan\n\nPersentase KK per anak tangga, "
                      "dijumlahkan dari desa (tertimbang jumlah KK, bukan rata-rata persentase)."),
    new_code_cell('nb.show_figure(ctx, "grafik_tangga_air_limbah", "Tangga akses air limbah '
                  'domestik")\n'
                  'nb.show_table(ctx, "Tangga Akses Air Limbah Domestik per Kecamatan")\n'
                  'nb.show_figure(ctx, "grafik_tangga_air_minum", "Tangga akses air minum")\n'
                  'nb.show_table(ctx, "Tangga Akses Air Minum per Kecamatan")\n'
                  'nb.show_figure(ctx, "grafik_tangga_persampahan", "Pengelolaan sampah")\n'
                  'nb.show_table(ctx, "Pengelolaan Sampah per Kecamatan")\n'
                  'nb.show_table(ctx, "Drainase dan Desa ODF/STBM")'),
    new_markdown_cell("## Program dan Anggaran\n\nRencana dan realisasi per tahun, komponen, "
                      "sumber dana dan jenis belanja; APBD murni untuk sanitasi = belanja "
                      "sanitasi − DAK sanitasi − pinjaman/hibah."),
    new_code_cell('nb.show_figure(ctx, "grafik_realisasi", "Rencana dan realisasi program")\n'
                  'nb.show_figure(ctx, "grafik_sumber_dana", "Realisasi menurut sumber dana")\n'
                  'nb.show_table(ctx, "Anggaran Sanitasi dan APBD Murni")\n'
                  'nb.show_table(ctx, "Program: Rencana dan Realisasi", max_rows=30)'),
    new_markdown_cell("## Komitmen Pendanaan"),
    new_code_cell('nb.show_table(ctx, "Rekap Komitmen")\nnb.show_table(ctx, "Komitmen Pendanaan")'),
    new_markdown_cell("## Ketepatan Sasaran\n\nBerapa bagian anggaran yang berlokasi di desa "
                      "jatuh di desa prioritas (kelas 3–4), dan berapa desa prioritas yang juga "
                      "desa lokus stunting."),
    new_code_cell('nb.show_figure(ctx, "grafik_sasaran", "Anggaran di desa prioritas")\n'
                  'nb.show_figure(ctx, "peta_sasaran_air_limbah", "Sebaran anggaran air limbah '
                  'dan area berisiko")\n'
                  'nb.show_table(ctx, "Anggaran di Desa Prioritas")\n'
                  'nb.show_table(ctx, "Desa Prioritas dan Lokus Stunting")'),
    new_markdown_cell("## Catatan Data"),
    new_code_cell("nb.show_list(ctx.notes or ['Tidak ada catatan.'])"),
    new_markdown_cell("## Target dan Sumber Data"),
    new_code_cell('nb.show_table(ctx, "Target yang Dipakai")\nnb.show_list(ctx.meta["sumber_data"])'),
]

EXPLORE = [
    params_cell('paket = "../data/demo/99.01-kabupaten-sukamaju-rekaan"'),
    new_markdown_cell("# Eksplorasi paket data\n\nUntuk analis Pokja di JupyterLab: periksa "
                      "masalah data, ubah bobot, dan lihat perubahan kelas serta peta seketika."),
    new_code_cell("from ppsp_analysis import read_package, score_package\n"
                  "from ppsp_analysis.explore import compare_classes, problems_table, "
                  "with_weights\nfrom ppsp_analysis.maps import map_sheet\n\n"
                  "pkg, problems = read_package(paket)\nproblems_table(pkg, problems)"),
    new_markdown_cell("## Skor dengan metode bawaan"),
    new_code_cell("base = score_package(pkg)\n"
                  'base.desa[["nama_desa", "nama_kec", "impact", "exposure_air_limbah", '
                  '"kelas_air_limbah", "kelas_gabungan"]].head(15)'),
    new_markdown_cell("## Ubah bobot EXPOSURE lalu bandingkan\n\nContoh: IRS EHRA diberi "
                      "bobot dua kali lipat untuk air limbah domestik."),
    new_code_cell('bobot = {"air_limbah": {"sekunder": 1, "irs": 2, "persepsi": 1}}\n'
                  "tuned = score_package(pkg, with_weights(pkg.method, bobot))\n"
                  'compare_classes(base.desa, tuned.desa, "kelas_air_limbah")'),
    new_code_cell('map_sheet(tuned.desa, "air_limbah", tuned.meta, paper="A4", '
                  "context=pkg.context)"),
]


def main() -> None:
    ROOT.mkdir(exist_ok=True)
    nbformat.write(notebook(AREA), ROOT / "laporan_area_berisiko.ipynb")
    nbformat.write(notebook(MONEV), ROOT / "laporan_monev.ipynb")
    nbformat.write(notebook(EXPLORE), ROOT / "eksplorasi.ipynb")


if __name__ == "__main__":
    main()

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


def main() -> None:
    ROOT.mkdir(exist_ok=True)
    nbformat.write(notebook(AREA), ROOT / "laporan_area_berisiko.ipynb")


if __name__ == "__main__":
    main()

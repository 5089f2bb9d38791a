"""Command line: ``ppsp demo | demo-data | validate | score | maps | run | batch | rencana-ehra``.

User errors (bad input, bad options) print a plain message and exit with status 2, never a
traceback; status 1 means some kabupaten of a batch failed.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from . import fmt
from ._errors import InputError, PPSPError, visible

EXIT_USER_ERROR = 2


def _print_problems(problems, stream=None) -> None:
    stream = stream or sys.stderr
    errors = [p for p in problems if p.severity == "error"]
    warnings_ = [p for p in problems if p.severity != "error"]
    if errors:
        print(f"GALAT: {len(errors)} masalah harus diperbaiki:", file=stream)
        for p in errors:
            print(f"  - {p}", file=stream)
    if warnings_:
        print(f"Peringatan ({len(warnings_)}):", file=stream)
        for p in warnings_:
            print(f"  - {p}", file=stream)


def cmd_validate(args) -> int:
    from .io.package import read_package
    from .validation import validate_package

    pkg, problems = read_package(args.dir)
    if pkg is not None:
        problems += validate_package(pkg)
    _print_problems(problems)
    if pkg is None or any(p.severity == "error" for p in problems):
        return EXIT_USER_ERROR
    from .labels import UnitNames

    n_hh = 0 if pkg.ehra is None else len(pkg.ehra)
    f2 = pkg.sheet("Form2")
    units = UnitNames.from_codes(f2["kode_desa"])
    print(f"OK: {visible(pkg.nama)} ({pkg.kode}), tahun {fmt.year(pkg.tahun)}: {units.n(len(f2))}, "
          f"{fmt.integer(f2['kode_kec'].nunique())} kecamatan, {fmt.integer(n_hh)} rumah tangga "
          f"EHRA, {fmt.integer(pkg.sheet('OPD')['kode_opd'].nunique())} OPD")
    return 0


def cmd_score(args) -> int:
    from .io.outputs import OutputFolder
    from .io.package import load_package
    from .io.writers import write_scored
    from .pipeline import score_package
    from .report.area import method_rows

    pkg = load_package(args.dir)
    result = score_package(pkg)
    extra = {"strata": result.strata.reset_index(names="strata"),
             "metode": method_rows(result.method)}
    if len(result.subindikator_kosong):  # where ehra.subindikator_kosong applied
        extra["subindikator_kosong"] = result.subindikator_kosong
    with OutputFolder(args.out, "score") as folder:
        stage = folder.stage()
        write_scored(result.desa, stage, extra, method=result.method)
        written = folder.commit(stage)
    for note in result.notes:
        print(f"Catatan: {visible(note)}")
    for name in written:
        print(f"ditulis: {Path(args.out) / name}")
    return 0


def cmd_demo_data(args) -> int:
    from .demo import DemoOptions, demo_packages, synthetic_package
    from .io.sources import read_desa_source
    from .io.writers import slug, write_package
    from .labels import UnitNames

    opts = DemoOptions(seed=args.seed, tahun=args.tahun)
    if args.statistik and not args.boundaries:
        raise PPSPError("--statistik hanya berlaku bersama --boundaries dan --kabupaten")
    if args.boundaries:
        if not args.kabupaten:
            raise PPSPError("--kabupaten KODE wajib bersama --boundaries")
        desa, context, info = read_desa_source(args.boundaries, args.kabupaten)
        stats = None
        if args.statistik:
            from dataclasses import replace

            from .io.sources import read_kabupaten_statistics

            stats = read_kabupaten_statistics(args.statistik, args.kabupaten)
            opts = replace(opts, penduduk_total=stats["penduduk_total"],
                           sumber_penduduk=stats["sumber"])
        pkg = synthetic_package(desa, args.kabupaten, info["nama_kabupaten"],
                                info["nama_provinsi"], context, n_opd=args.opd, options=opts,
                                sumber_batas=info.get("sumber_batas"))
        write_package(pkg, args.out)
        units = UnitNames.from_codes(desa["kode_desa"])
        print(f"ditulis: {args.out} ({units.n(len(desa))}, {fmt.integer(len(pkg.ehra))} "
              "rumah tangga EHRA, "
              "atribut SINTETIS pada batas nyata)")
        if stats is not None:
            for line in _statistics_notes(stats, desa["kode_desa"],
                                          int(pkg.sheet("Form2")["penduduk"].sum())):
                print(line)
        return 0
    out = Path(args.out or "data/demo")
    for pkg in demo_packages(args.seed, opts):
        target = out / f"{pkg.form1['kode_kabupaten']}-{slug(pkg.form1['nama_kabupaten'])}"
        write_package(pkg, target)
        print(f"ditulis: {target} "
              f"({UnitNames.from_codes(pkg.desa['kode_desa']).n(len(pkg.desa))})")
    return 0


def _statistics_notes(stats: dict, codes, penduduk: int) -> list[str]:
    """What ``demo-data --statistik`` took from the table, and where the boundaries differ."""
    kel = int(codes.astype(str).str[-4:].str.startswith("1").sum())
    desa = len(codes) - kel
    lines = [f"penduduk: {fmt.integer(penduduk)} jiwa, sama dengan {stats['sumber']}"]
    if "jumlah_kelurahan" in stats and "jumlah_desa" in stats:
        want = (stats["jumlah_kelurahan"], stats["jumlah_desa"])
        said = (f"{fmt.integer(want[0])} kelurahan dan {fmt.integer(want[1])} desa menurut "
                "tabel statistik")
        if want == (kel, desa):
            lines.append(f"jumlah wilayah: {said}, sama dengan file batas")
        else:
            lines.append(f"Catatan: {said}, tetapi file batas berisi {fmt.integer(kel)} "
                         f"kelurahan dan {fmt.integer(desa)} desa; paket memakai file batas")
    return lines


def _map_options(args):
    from .report.runner import MapOptions

    return MapOptions(papers=tuple(p.strip().upper() for p in args.kertas.split(",")),
                      dpi=args.dpi,
                      formats=tuple(f.strip().lower() for f in args.format_peta.split(",")))


def cmd_maps(args) -> int:
    from .io.outputs import OutputFolder
    from .io.package import load_package
    from .pipeline import score_package
    from .report.area import report_meta
    from .report.runner import render_maps

    options = _map_options(args)
    pkg = load_package(args.dir)
    result = score_package(pkg)
    with OutputFolder(args.out, "maps") as folder:
        stage = folder.stage()
        render_maps(result, pkg, report_meta(result, pkg), stage, options)
        written = folder.commit(stage)
    print(f"ditulis: {args.out} ({len(written)} file: peta/, grafik/, peta_interaktif.html)")
    return 0


#: Form 2 columns the EHRA survey plan reads (other Form 2 problems do not block it).
_PLAN_COLUMNS = {"kode_desa", "nama_desa", "kode_kec", "nama_kec", "penduduk", "luas_ha",
                 "jumlah_kk", "kk_miskin", "sungai_mck", "banjir_mengganggu"}


def _plan_blockers(pkg, problems) -> list:
    """The errors that stop a survey plan: boundaries, method, Form 1, and the Form 2 columns
    the plan reads. Before the survey there is no EHRA file and no perception yet."""
    wb = pkg.files.get("instrumen") if pkg is not None else None
    out = []
    for p in problems:
        if p.severity != "error":
            continue
        if pkg is not None and p.file in (pkg.files.get("ehra"), pkg.files.get("pemetaan_ehra")):
            continue
        if p.file == wb and p.sheet not in (None, "Form1", "Form2"):
            continue
        if p.file == wb and p.sheet == "Form2" and p.column not in (None, *_PLAN_COLUMNS):
            continue
        out.append(p)
    return out


def _sheet_options(args) -> tuple[tuple[str, ...], tuple[str, ...], int]:
    papers = tuple(p.strip().upper() for p in args.kertas.split(",") if p.strip())
    formats = tuple(f.strip().lower() for f in args.format_peta.split(",") if f.strip())
    if not papers or not set(papers) <= {"A3", "A4"}:
        raise PPSPError("--kertas harus A3, A4 atau A3,A4")
    if not formats or not set(formats) <= {"pdf", "png"}:
        raise PPSPError("--format-peta harus pdf, png atau pdf,png")
    if not 50 <= args.dpi <= 600:
        raise PPSPError("--dpi harus 50–600")
    return papers, formats, args.dpi


def cmd_rencana_ehra(args) -> int:
    from .io.map_files import write_sheet_set
    from .io.outputs import OutputFolder
    from .io.package import read_package
    from .io.writers import write_excel
    from .maps.style import style_for_method
    from .rencana_ehra import plan_survey
    from .validation import validate_package

    papers, formats, dpi = _sheet_options(args)
    pkg, problems = read_package(args.dir)
    if pkg is not None:
        problems += validate_package(pkg)
    blockers = _plan_blockers(pkg, problems)
    if pkg is None or blockers:
        raise InputError(blockers or problems)
    plan = plan_survey(pkg.sheet("Form2"), pkg.method)
    desa = pkg.desa.drop(columns="_baris", errors="ignore")
    desa = desa[desa["kode_desa"].astype(str).isin(plan.desa["kode_desa"])]
    cols = plan.desa.set_index("kode_desa")[["strata", "sampel_ehra", "urutan_sampel"]]
    desa = desa.join(cols, on="kode_desa")
    f1 = pkg.form1
    sources = [f"Batas wilayah: {f1.get('sumber_batas') or pkg.files.get('batas', '-')}",
               f"Form 2 (stratifikasi): {f1.get('sumber_data_sekunder') or 'instrumen.xlsx'}",
               f"Sampel: {plan.n_desa} desa, {plan.n_rumah_tangga} rumah tangga, metode "
               f"{pkg.method['sampel']['metode']}, seed {pkg.method['sampel']['seed']}"]
    meta = {"nama_kabupaten": pkg.nama, "kode_kabupaten": pkg.kode,
            "nama_provinsi": str(f1.get("nama_provinsi", "")), "tahun": pkg.tahun,
            "nama_pokja": f1.get("nama_pokja"), "sintetis": pkg.sintetis,
            "versi_metode": pkg.method["versi"], "sumber_data": sources}
    with OutputFolder(args.out, "rencana-ehra") as folder:
        stage = folder.stage()
        write_excel(plan.tables(), stage / "rencana_ehra.xlsx", contents="Daftar Isi",
                    dictionary="Keterangan Kolom")
        write_sheet_set(desa, meta, stage / "peta", style_for_method(pkg.method),
                        context=pkg.context, themes=["rencana_ehra"], papers=papers,
                        formats=formats, dpi=dpi)
        written = folder.commit(stage)
    print(f"Rencana studi EHRA {pkg.nama}: {len(plan.desa)} desa dalam "
          f"{plan.alokasi['jumlah_desa'].gt(0).sum()} strata; sampel {plan.n_desa} desa, "
          f"{plan.n_rumah_tangga} rumah tangga (metode {pkg.method['sampel']['metode']})")
    for row in plan.alokasi.itertuples(index=False):
        print(f"  strata {row.strata}: {row.desa_sampel} dari {row.jumlah_desa} desa")
    for note in plan.notes:
        print(f"Catatan: {note}")
    for name in written:
        print(f"ditulis: {Path(args.out) / name}")
    return 0


def cmd_run(args) -> int:
    import time

    from .process import run_in_worker
    from .report.runner import run_report

    start = time.perf_counter()
    # in a child that dies with this process: a killed run leaves no kernel behind;
    # the child prints each step with its time on stderr
    rec = run_in_worker(run_report, args.dir, args.out, args.tahun, maps=_map_options(args),
                        progress=True)
    print(f"selesai dalam {fmt.number(time.perf_counter() - start, 0)} s: {rec.folder} "
          f"({fmt.integer(len(rec.outputs))} file)")
    return 0


def cmd_batch(args) -> int:
    from .batch import run_many
    from .io.package import find_packages

    packages = find_packages(args.root)
    if not packages:
        raise PPSPError(f"tidak ada paket masukan (folder berisi instrumen.xlsx) di {args.root}")
    summary = run_many(packages, args.out, workers=args.workers, scheduler=args.scheduler,
                       resume=args.resume, tahun=args.tahun, maps=_map_options(args),
                       time_limit_min=args.batas_waktu)
    done = sum(e.status == "ok" for e in summary.entries)
    skipped = sum(e.status == "dilewati" for e in summary.entries)
    print(f"selesai dalam {fmt.integer(summary.detik)} s: {done} berhasil, {skipped} dilewati "
          f"(tidak berubah), {len(summary.failed)} gagal. Indeks: {Path(args.out) / 'index.html'}")
    for e in summary.failed:
        print(f"GAGAL {e.paket}:\n  {e.galat}", file=sys.stderr)
    return 1 if summary.failed else 0


def cmd_demo(args) -> int:
    from .io.package import find_packages
    from .io.resources import demo_dir

    args.data = args.data or str(demo_dir())
    packages = find_packages(args.data)
    if not packages:
        raise PPSPError(f"tidak ada paket masukan di {args.data}")
    return cmd_batch(argparse.Namespace(root=args.data, out=args.out, workers=args.workers,
                                        scheduler=None, resume=False, tahun=None,
                                        dpi=args.dpi, kertas=args.kertas,
                                        format_peta=args.format_peta,
                                        batas_waktu=args.batas_waktu))


def cmd_template(args) -> int:
    import datetime

    from .io.sources import read_desa_source
    from .io.template import opd_list, write_template
    from .schema import normalise_kode

    kode = normalise_kode(args.kabupaten)
    desa, context, info = read_desa_source(args.boundaries, args.kabupaten, args.layer)
    form1 = {"kode_kabupaten": kode, "nama_kabupaten": info.get("nama_kabupaten"),
             "nama_provinsi": info.get("nama_provinsi"), "sumber_batas": info.get("sumber_batas"),
             "tahun": args.tahun or datetime.date.today().year}
    batas = Path(args.out).with_name("batas.gpkg") if args.dengan_batas else None
    written = write_template(desa, args.out, form1, opd_list(args.opd), overwrite=args.timpa,
                             boundaries_out=batas, context=context)
    n_kec = desa["kode_kec"].nunique()
    for path in written:
        print(f"ditulis: {path}")
    print(f"{visible(form1['nama_kabupaten'])} ({kode}): {fmt.number(len(desa))} "
          f"desa/kelurahan, {n_kec} kecamatan")
    return 0


def cmd_wilayah_unduh(args) -> int:
    from .io.download import download_wilayah

    download_wilayah(args.kode, args.out, url=args.url, cache=args.cache, refresh=args.segarkan,
                     overwrite=args.timpa, log=print)
    return 0


PAKET_HELP = "folder paket masukan (batas.gpkg, instrumen.xlsx, ehra.csv, metode.yaml)"
OUT_HELP = "folder keluaran (bawaan: reports); hasil di OUT/TAHUN/KODE-NAMA/"
TAHUN_HELP = "tahun analisis (bawaan: tahun di Form1)"
KERTAS_HELP = ("ukuran kertas lembar peta di folder peta/: A3,A4 (bawaan: poster A3 lanskap "
               "untuk dicetak dan dipajang, ditambah A4) atau A4 saja (lebih cepat, untuk "
               "draf). Laporan dan paparan selalu memakai lembar A4")


def _add_map_flags(p: argparse.ArgumentParser) -> None:
    p.add_argument("--dpi", type=int, default=300,
                   help="resolusi PNG lembar peta dalam dpi (bawaan 300, untuk cetak; 100 "
                        "cukup untuk draf)")
    p.add_argument("--kertas", default="A3,A4", metavar="A3,A4", help=KERTAS_HELP)
    p.add_argument("--format-peta", default="pdf,png", metavar="FORMAT",
                   help="format lembar peta: pdf,png (bawaan) atau png saja")


class _Formatter(argparse.RawDescriptionHelpFormatter):
    """Help in Indonesian: ``pemakaian:`` instead of ``usage:``."""

    def add_usage(self, usage, actions, groups, prefix=None):
        super().add_usage(usage, actions, groups, "pemakaian: " if prefix is None else prefix)


def _indonesian(p: argparse.ArgumentParser) -> argparse.ArgumentParser:
    """Section titles and the -h text of a parser in Indonesian."""
    p._positionals.title = "argumen"
    p._optionals.title = "pilihan"
    for action in p._actions:
        if isinstance(action, argparse._HelpAction):
            action.help = "tampilkan bantuan ini lalu keluar"
    return p


DESCRIPTION = """\
ppsp: peta area berisiko sanitasi dan laporan monev PPSP untuk kabupaten/kota.

Mulai dari sini:
  ppsp demo --out keluaran          seluruh alur pada data demo (DATA SINTETIS)
  ppsp validate PAKET               periksa paket masukan
  ppsp run PAKET --out laporan      semua keluaran satu kabupaten
Bantuan tiap perintah: ppsp PERINTAH --help

Status keluar: 0 berhasil; 1 ada kabupaten yang gagal dalam batch; 2 masukan atau pilihan
salah (pesan menyebut file, sheet, baris dan kolom)."""


def _minutes(text: str) -> float:
    try:
        value = float(text.replace(",", "."))
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' bukan angka menit, mis. 30 atau 0,5") \
            from None
    if not value >= 0 or value == float("inf"):
        raise argparse.ArgumentTypeError("batas waktu harus angka menit >= 0 (0: tanpa batas)")
    return value


def _add_batas_waktu(p: argparse.ArgumentParser) -> None:
    from .batch import DEFAULT_TIME_LIMIT_MIN

    p.add_argument("--batas-waktu", type=_minutes, default=DEFAULT_TIME_LIMIT_MIN,
                   metavar="MENIT",
                   help=f"batas waktu per kabupaten dalam menit (bawaan "
                        f"{DEFAULT_TIME_LIMIT_MIN:.0f}; 0: tanpa batas); kabupaten yang "
                        "melewatinya dihentikan dan dicatat gagal, yang lain tetap jalan "
                        "(tidak berlaku dengan --scheduler)")


def build_parser() -> argparse.ArgumentParser:
    from . import __version__

    parser = _indonesian(argparse.ArgumentParser(prog="ppsp", description=DESCRIPTION,
                                                 formatter_class=_Formatter))
    parser.add_argument("--version", action="version", version=f"ppsp-analysis {__version__}",
                        help="tampilkan versi lalu keluar")
    sub = parser.add_subparsers(dest="command", required=True, title="perintah",
                                metavar="PERINTAH")

    p = sub.add_parser("validate", help="periksa paket masukan; semua masalah sekaligus")
    p.add_argument("dir", metavar="PAKET", help=PAKET_HELP)
    p.set_defaults(func=cmd_validate)

    p = sub.add_parser("score", help="hitung skor dan kelas area berisiko per desa")
    p.add_argument("dir", metavar="PAKET", help=PAKET_HELP)
    p.add_argument("--out", required=True, help="folder keluaran (skor_desa.csv/.xlsx)")
    p.set_defaults(func=cmd_score)

    p = sub.add_parser("maps", help="lembar peta A3/A4 (PDF+PNG) dan peta interaktif")
    p.add_argument("dir", metavar="PAKET", help=PAKET_HELP)
    p.add_argument("--out", required=True, help="folder keluaran (peta/, grafik/, "
                   "peta_interaktif.html)")
    _add_map_flags(p)
    p.set_defaults(func=cmd_maps)

    p = sub.add_parser("run", help="laporan lengkap satu kabupaten (notebook, HTML, PDF, ...)")
    p.add_argument("dir", metavar="PAKET", help=PAKET_HELP)
    p.add_argument("--out", default="reports", help=OUT_HELP)
    p.add_argument("--tahun", type=int, default=None, help=TAHUN_HELP)
    _add_map_flags(p)
    p.set_defaults(func=cmd_run)

    p = sub.add_parser("batch", help="laporan untuk semua paket di bawah ROOT, dengan "
                       "halaman indeks (index.html)")
    p.add_argument("root", metavar="ROOT", help="folder yang berisi paket-paket masukan "
                   "(dicari di semua subfolder)")
    p.add_argument("--out", default="reports", help=OUT_HELP + "; juga index.html dan "
                   "manifest.json")
    p.add_argument("--workers", type=int, default=2, help="jumlah proses paralel (bawaan 2)")
    p.add_argument("--scheduler", default=None,
                   help="jalankan di Dask: alamat scheduler, mis. tcp://127.0.0.1:8786, atau "
                        "'local' (klaster Dask di mesin ini dengan --workers proses)")
    p.add_argument("--resume", action="store_true",
                   help="lewati kabupaten yang sudah selesai dan tidak berubah")
    p.add_argument("--tahun", type=int, default=None, help=TAHUN_HELP)
    _add_batas_waktu(p)
    _add_map_flags(p)
    p.set_defaults(func=cmd_batch)

    p = sub.add_parser("rencana-ehra",
                       help="rencana studi EHRA: strata desa, jumlah sampel, alokasi, desa "
                            "terpilih (XLSX + peta)")
    p.add_argument("dir", help="folder paket masukan (batas + instrumen.xlsx; EHRA belum perlu)")
    p.add_argument("--out", required=True, help="folder keluaran")
    p.add_argument("--dpi", type=int, default=300, help="resolusi PNG peta (bawaan 300)")
    p.add_argument("--kertas", default="A3,A4", metavar="A3,A4",
                   help="ukuran kertas lembar peta: A3,A4 (bawaan), A3 saja atau A4 saja")
    p.add_argument("--format-peta", default="pdf,png", help="format lembar peta: pdf,png, pdf "
                   "atau png")
    p.set_defaults(func=cmd_rencana_ehra)

    p = sub.add_parser("demo-data", help="tulis paket masukan sintetis (untuk pelatihan)")
    p.add_argument("--out", default=None, help="folder keluaran (bawaan: data/demo)")
    p.add_argument("--boundaries", help="file batas desa (mis. desa.geojson provinsi): atribut "
                   "sintetis pada batas nyata")
    p.add_argument("--kabupaten", help="kode Kemendagri kabupaten, mis. 62.03")
    p.add_argument("--statistik", metavar="CSV",
                   help="tabel resmi per kabupaten (kolom kode, penduduk_total; opsional "
                        "jumlah_kelurahan, jumlah_desa), mis. statistik/"
                        "kabupaten_kepmendagri2025.csv: penduduk desa sintetis dijumlahkan "
                        "tepat ke penduduk resmi kabupaten, jumlah kelurahan/desa dicocokkan "
                        "dengan file batas")
    p.add_argument("--seed", type=int, default=2026, help="benih acak (bawaan 2026)")
    p.add_argument("--tahun", type=int, default=2026, help="tahun analisis (bawaan 2026)")
    p.add_argument("--opd", type=int, default=7, choices=range(5, 10),
                   help="jumlah OPD Pokja, 5–9 (bawaan 7)")
    p.set_defaults(func=cmd_demo_data)

    p = sub.add_parser("demo", help="jalankan seluruh alur pada data demo")
    p.add_argument("--data", default=None,
                   help="folder paket demo (bawaan: data demo yang ikut terpasang)")
    p.add_argument("--out", default="reports", help=OUT_HELP)
    p.add_argument("--workers", type=int, default=2, help="jumlah proses paralel (bawaan 2)")
    _add_batas_waktu(p)
    _add_map_flags(p)
    p.set_defaults(func=cmd_demo)
    p = sub.add_parser("template", help="tulis instrumen.xlsx kosong berisi semua desa")
    p.add_argument("boundaries", help="file batas desa (GeoPackage, shapefile, GeoJSON)")
    p.add_argument("--kabupaten", required=True, help="kode Kemendagri, mis. 62.10")
    p.add_argument("--out", required=True, help="file .xlsx yang ditulis")
    p.add_argument("--tahun", type=int, default=None, help="tahun analisis (bawaan: tahun ini)")
    p.add_argument("--opd", default=None, help="OPD Pokja: KODE=Nama,KODE2=Nama2 (5–9 OPD)")
    p.add_argument("--layer", default=None, help="layer desa di GeoPackage")
    p.add_argument("--dengan-batas", action="store_true",
                   help="tulis juga batas.gpkg kabupaten itu di samping file .xlsx")
    p.add_argument("--timpa", action="store_true", help="timpa file yang sudah ada")
    p.set_defaults(func=cmd_template)

    p = sub.add_parser("wilayah", help="batas wilayah resmi")
    wsub = p.add_subparsers(dest="wilayah_command", required=True)
    p = wsub.add_parser("unduh", help="unduh batas provinsi/kabupaten (cahyadsn, MIT) ke GPKG")
    p.add_argument("kode", help="kode Kemendagri provinsi (62) atau kabupaten (62.10)")
    p.add_argument("--out", required=True, help="folder keluaran (berisi batas.gpkg)")
    p.add_argument("--url", default=None, help="URL sumber (bawaan: $PPSP_WILAYAH_URL atau "
                   "GitHub cahyadsn/wilayah_boundaries)")
    p.add_argument("--cache", default=None, help="folder cache (bawaan: $PPSP_CACHE_DIR)")
    p.add_argument("--segarkan", action="store_true", help="unduh ulang meski ada di cache")
    p.add_argument("--timpa", action="store_true", help="timpa batas.gpkg yang sudah ada")
    p.set_defaults(func=cmd_wilayah_unduh)
    for action in parser._actions:  # every sub-command's help in Indonesian too
        if isinstance(action, argparse._SubParsersAction):
            for child in action.choices.values():
                child.formatter_class = _Formatter
                _indonesian(child)
                for grand in child._actions:
                    if isinstance(grand, argparse._SubParsersAction):
                        for leaf in grand.choices.values():
                            leaf.formatter_class = _Formatter
                            _indonesian(leaf)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``ppsp`` command."""
    from .io import scratch

    args = build_parser().parse_args(argv)
    scratch.sweep()  # temporary folders of ppsp processes that were killed
    try:
        if getattr(args, "out", None) and args.func is not cmd_template:
            from .io.outdir import check_out_folder

            check_out_folder(args.out)  # a file where the output folder should go
        return args.func(args)
    except InputError as exc:
        _print_problems(exc.problems)
        return EXIT_USER_ERROR
    except PPSPError as exc:
        print(f"GALAT: {exc}", file=sys.stderr)
        return EXIT_USER_ERROR
    except OSError as exc:  # full disk, read-only or forbidden folder: a sentence, no traceback
        from .io.outdir import describe_os_error

        print(f"GALAT: {describe_os_error(exc, getattr(args, 'out', None))}", file=sys.stderr)
        return EXIT_USER_ERROR
    except KeyboardInterrupt:
        print("dihentikan", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())

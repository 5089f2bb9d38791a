"""The analyst in JupyterLab: displays, the inline map, the Method object, scenarios, the API.

One demo package (99.02) is read and scored once per module; the scenario changes one
EXPOSURE weight by hand, so the expected differences can be worked out independently.
"""

from __future__ import annotations

import doctest
import html
import html.parser
import importlib
import json
import pickle
import re
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import ppsp_analysis as pa
from ppsp_analysis import Method, MethodError, Problem, Problems
from ppsp_analysis.method import class_labels, merge_method
from ppsp_analysis.method_object import method_changes

DEMO = Path(__file__).resolve().parents[1] / "data" / "demo" / "99.02-kabupaten-tanjung-khayali"
EVIL = "<script>alert(1)</script>"
MISSPELT = ("metode.yaml: opsi tidak dikenal 'exposure.bobott' — periksa ejaannya; opsi yang "
            "tersedia ada di ppsp_analysis/data/metode_default.yaml")


@pytest.fixture(scope="module")
def lab():
    pkg = pa.load_package(DEMO)
    official = pa.score_package(pkg)
    tuned_method = Method(pkg.method).with_weights(air_limbah={"irs": 3})
    tuned = pa.score_package(pkg, tuned_method)
    return pkg, official, tuned, tuned_method


# --- HTML displays --------------------------------------------------------------------------

VOID = {"br", "hr", "img", "input", "meta", "link", "col", "wbr", "area", "base", "source"}


class _Checker(html.parser.HTMLParser):
    """Every element closed in order; no script, no external reference."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.errors: list[str] = []
        self.tags: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        if tag in ("script", "link", "object", "embed"):
            self.errors.append(f"<{tag}> in a display")
        for name, value in attrs:
            if name in ("src", "href", "action", "data") and value and \
                    ("http" in value.lower() or "//" in value):
                self.errors.append(f"external {name}={value}")
        if tag not in VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag):
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> does not close <{self.stack[-1] if self.stack else ''}>")
        else:
            self.stack.pop()


def _check_html(text: str) -> _Checker:
    checker = _Checker()
    checker.feed(text)
    checker.close()
    assert checker.errors == [], checker.errors
    assert checker.stack == [], f"unclosed: {checker.stack}"
    lowered = text.lower()
    for needle in ("http://", "https://", "@import", "<script"):
        assert needle not in lowered, needle
    # only references inside the document (url(#nodata) patterns of the map)
    assert not re.search(r"url\(\s*['\"]?(?!#)", html.unescape(lowered))
    return checker


def test_every_display_is_valid_offline_html_and_repr_is_short(lab):
    from ppsp_analysis.monev import MonevInput, compute_monev

    pkg, official, tuned, tuned_method = lab
    problems = Problems([
        Problem("instrumen.xlsx", f"kode {EVIL} tidak dikenal", "Form2", 7, "kode_desa",
                hint="periksa kode"),
        Problem("ehra.csv", "umur di luar 18–60", row=3, column="umur", severity="warning")])
    monev = compute_monev(MonevInput.from_package(pkg), official.desa)
    shown = {"package": pkg, "problems": problems, "no problems": Problems(),
             "result": official, "scenario": tuned, "method": tuned_method,
             "default method": Method.default(), "monev": monev,
             "comparison": pa.compare(official, tuned)}
    for name, obj in shown.items():
        text = repr(obj)
        assert len(text) < 700, (name, len(text))
        assert "\n" not in text or name == "problems", name
        page = obj._repr_html_()
        _check_html(page)
        assert len(page) < 60_000, (name, len(page))
    # problems: located, escaped, errors first
    page = problems._repr_html_()
    assert EVIL not in page and html.escape(EVIL) in page
    assert page.index("galat</span></td>") < page.index("peringatan</span></td>")
    for part in ("instrumen.xlsx", "Form2", ">7<", "kode_desa", "periksa kode", "ehra.csv",
                 "umur"):
        assert part in page, part
    # the result: kabupaten, counts per class with the class colours, priorities
    page = official._repr_html_()
    assert pkg.nama in page and "#a81e2b" in page and "Prioritas" in page
    n4 = official.class_counts("kelas_gabungan").get(4, 0)
    assert f"4 {class_labels(official.method)[4]}</td><td class=\"n\">" in page
    assert f"<td class=\"n\">{n4}</td></tr>" in page or f">{n4}<" in page
    assert "SKENARIO" not in page and "SKENARIO" in tuned._repr_html_()
    assert "exposure.bobot.air_limbah.irs: 1 → 3" in tuned._repr_html_()
    assert "metode paket" in repr(official) and "SKENARIO" in repr(tuned)
    assert len(repr(official)) < 400  # was 5–6 thousand characters


# --- the inline interactive map ---------------------------------------------------------------

def test_explore_is_the_offline_map_in_a_sandboxed_frame(lab):
    _, official, tuned, _ = lab
    view = tuned.explore(theme="drainase")
    frame = view._repr_html_()
    _check_html(frame)
    assert frame.startswith("<iframe") and 'sandbox="allow-scripts"' in frame
    assert "allow-same-origin" not in frame
    doc = view.html
    assert "default-src 'none'" in doc and "SKENARIO — bukan hasil resmi" in doc
    assert "SKENARIO" not in official.explore().html
    checked = doc.split('checked>')[1].split("</label>")[0]
    assert "Drainase" in checked, "the layer asked for is shown first"


@pytest.mark.skipif(
    importlib.import_module("test_maps").CHROMIUM is None,
    reason="headless Chromium not installed (Debian: apt-get install chromium)")
def test_explore_runs_without_network_in_chromium(lab, tmp_path):
    """The notebook output (iframe srcdoc) loaded in headless Chromium with no network: the map
    script runs inside the frame, search and click work, nothing is requested."""
    from test_maps import CHROMIUM, _Chromium

    pkg, _, tuned, _ = lab
    page = tmp_path / "notebook.html"
    page.write_text("<!DOCTYPE html><html><body><h1>Notebook</h1>"
                    + tuned.explore(theme="air_limbah")._repr_html_() + "</body></html>",
                    encoding="utf-8")
    name = str(tuned.desa["nama_desa"].iloc[5])
    b = _Chromium(CHROMIUM)
    try:
        target = b.send("Target.createTarget", {"url": "about:blank"})
        top = b.send("Target.attachToTarget", {"targetId": target["targetId"],
                                               "flatten": True})["sessionId"]
        for domain in ("Network", "Page", "Runtime"):
            b.send(f"{domain}.enable", session=top)
        # the sandboxed frame runs as its own target: attach before it starts
        b.send("Target.setAutoAttach", {"autoAttach": True, "waitForDebuggerOnStart": True,
                                        "flatten": True}, session=top)
        b.send("Page.navigate", {"url": page.as_uri()}, session=top)
        deadline = time.time() + 60
        frame = None
        while frame is None:
            frame = next((e["params"]["sessionId"] for e in b.events
                          if e.get("method") == "Target.attachedToTarget"
                          and e["params"]["targetInfo"]["type"] == "iframe"), None)
            if frame is None:
                b.events.append(b._next(deadline))
        for domain in ("Network", "Runtime"):
            b.send(f"{domain}.enable", session=frame)
        b.send("Runtime.runIfWaitingForDebugger", session=frame)
        b.wait_for("Page.loadEventFired")

        def js(expr: str, session: str = frame):
            return b.send("Runtime.evaluate", {"expression": expr, "returnByValue": True},
                          session=session)["result"].get("value")

        while js("document.documentElement.getAttribute('data-ready')") != "1":
            assert time.time() < deadline, "the map script did not run"
            time.sleep(0.2)
        assert js("document.querySelectorAll('path.desa').length") == len(tuned.desa)
        assert js("document.querySelectorAll('input[name=layer]').length") >= 5
        assert "Air Limbah" in js("document.querySelector('input[name=layer]:checked')"
                                  ".parentNode.textContent")
        assert "SKENARIO" in js("document.querySelector('header').innerText")
        js(f"var q=document.getElementById('q'); q.value={json.dumps(name)};"
           "q.dispatchEvent(new KeyboardEvent('keydown',{key:'Enter'}));")
        info = js("document.getElementById('info').innerText")
        assert info.splitlines()[0] == name
        assert "IMPACT" in info and "EXPOSURE" in info, "the IMPACT × EXPOSURE breakdown"
        js("document.querySelectorAll('path.desa')[0].dispatchEvent(new MouseEvent('click'))")
        assert js("document.getElementById('info').innerText").splitlines()[0] == \
            str(tuned.desa["nama_desa"].iloc[0])
        assert js("document.querySelector('iframe').getBoundingClientRect().height",
                  top) > 500
        time.sleep(0.3)
        js("1", top)
        requests = [e["params"]["request"]["url"] for e in b.events
                    if e.get("method") == "Network.requestWillBeSent"]
        assert requests == [page.resolve().as_uri()], requests
    finally:
        b.close()


# --- Method ---------------------------------------------------------------------------------

def test_method_is_frozen_typed_and_a_mapping():
    m = Method.default()
    assert m.exposure.bobot.air_limbah.irs == m["exposure"]["bobot"]["air_limbah"]["irs"] == 1
    assert {"exposure", "kelas", "with_weights", "table", "diff"} <= set(dir(m))
    assert "bobot" in dir(m.exposure) and "setdefault" not in dir(m.exposure)
    with pytest.raises(TypeError):
        m["versi"] = "x"
    with pytest.raises(TypeError):
        m.exposure.bobot.air_limbah["irs"] = 5
    with pytest.raises(TypeError):
        m.kelas = {}
    assert m.exposure.bobot.air_limbah.irs == 1
    # every function that takes a method dict takes a Method
    assert class_labels(m) == class_labels(m.to_dict())
    assert json.loads(json.dumps(m)) == m.to_dict()
    assert pickle.loads(pickle.dumps(m)) == m and hash(m) == hash(Method())
    assert merge_method(m, {"gabungan": {"metode": "rata_rata"}})["gabungan"]["metode"] == \
        "rata_rata"
    assert m.is_default and repr(m).endswith("bawaan)")


def test_with_weights_and_options_check_like_the_file():
    m = Method.default()
    w = m.with_weights(air_limbah={"irs": 2})
    assert dict(w.exposure.bobot.air_limbah) == {"sekunder": 1, "irs": 2, "persepsi": 1}
    assert m.exposure.bobot.air_limbah.irs == 1, "the original is unchanged"
    assert w.with_options({"area_berisiko.ambang_prioritas": 4}).area_berisiko \
        .ambang_prioritas == 4
    with pytest.raises(MethodError) as exc:
        m.with_weights(air_limbh={"irs": 2})
    assert "opsi tidak dikenal 'exposure.bobot.air_limbh'" in str(exc.value)
    with pytest.raises(MethodError) as exc:
        m.with_weights(air_limbah={"irs": -1})
    assert "exposure.bobot.air_limbah.irs: bobot harus angka 0–100" in str(exc.value)
    diff = w.diff(m)
    assert diff.values.tolist() == [["exposure.bobot.air_limbah.irs", 2, 1]]
    t = w.table()
    assert list(t.columns) == ["Opsi", "Nilai", "Kunci", "Diubah"]
    row = t[t["Kunci"] == "exposure.bobot.air_limbah"].iloc[0]
    assert row["Opsi"].startswith("Bobot EXPOSURE air limbah") and row["Diubah"] == "ya"
    assert (t["Diubah"] == "ya").sum() == 1


def test_method_round_trips_through_yaml_and_rejects_a_misspelt_option(tmp_path):
    from ppsp_analysis.io.package import _read_method

    m = Method.default().with_weights(drainase={"persepsi": 3}).with_options(
        {"gabungan": {"metode": "rata_rata"}, "kelas": {"label_area": {2: "Risiko rendah"}},
         # a replaced group: the urban/rural indicator dropped from IMPACT
         "sekunder": {"impact": {k: dict(v) for k, v in
                                 Method.default().sekunder.impact.items()
                                 if k != "fungsi_urban"}}})
    path = m.to_yaml(tmp_path / "metode.yaml")
    assert Method.from_yaml(path) == m
    text = path.read_text(encoding="utf-8")
    assert "rata_rata" in text and "sampel" not in text, "only what differs is written"
    with pytest.raises(MethodError):
        m.to_yaml(path)  # never replaces an existing file unasked
    assert Method.default().to_yaml(path, overwrite=True) == path
    assert Method.from_yaml(path) == Method.default()
    # a package's metode.yaml and Method.from_yaml read the same file the same way
    bad = tmp_path / "pkg"
    bad.mkdir()
    (bad / "metode.yaml").write_text("exposure:\n  bobott: 1\n", encoding="utf-8")
    with pytest.raises(MethodError) as exc:
        Method.from_yaml(bad / "metode.yaml")
    assert str(exc.value) == MISSPELT
    with pytest.raises(MethodError) as exc2:
        merge_method(Method.default(), {"exposure": {"bobott": 1}})
    assert str(exc2.value) == MISSPELT
    problems: list = []
    assert _read_method(bad, {}, problems) is None
    assert [str(p) for p in problems] == [MISSPELT], "ppsp validate says the same"


# --- scenarios ------------------------------------------------------------------------------

def test_compare_a_hand_made_weight_change(lab):
    _, official, tuned, _ = lab
    c = pa.compare(official, tuned)
    assert c.method_changes == ["exposure.bobot.air_limbah.irs: 1 → 3"]
    a, b = official.desa, tuned.desa
    # independently: which desa change class, per component
    for comp in ("air_limbah", "persampahan", "drainase", "gabungan"):
        col = f"kelas_{comp}"
        moved = set(a.index[(a[col].astype("Float64") != b[col].astype("Float64"))
                            .fillna(a[col].isna() != b[col].isna())])
        listed = set(c.table.loc[c.table["komponen"] == comp, "kode_desa"])
        assert listed == moved, comp
    assert not (c.table["komponen"].isin(["persampahan", "drainase"])).any(), \
        "only the air limbah weights changed"
    rows = c.table[c.table["komponen"] == "air_limbah"]
    assert len(rows) > 0, "tripling the IRS weight moves some desa"
    for r in rows.itertuples():
        d_a, d_b = a.loc[r.kode_desa], b.loc[r.kode_desa]
        srcs = [d_a[f"skor_{s}_air_limbah"] for s in ("sekunder", "irs", "persepsi")]
        if not any(pd.isna(srcs)):
            expected = (srcs[0] + 3 * srcs[1] + srcs[2]) / 5
            assert r.exposure_b == pytest.approx(expected)
            assert r.area_b == pytest.approx(d_b["impact"] * expected)
        assert r.kelas_a == d_a["kelas_air_limbah"] and r.kelas_b == d_b["kelas_air_limbah"]
        assert r.arah == ("naik" if r.kelas_b > r.kelas_a else "turun")
        if r.exposure_a != r.exposure_b:
            assert r.sebab.startswith("EXPOSURE ") and "bobot EXPOSURE air limbah" in r.sebab
        else:
            assert "batas kelas bergeser" in r.sebab
    s = c.summary().set_index("komponen")
    assert s.loc["air limbah", "jumlah"] == len(rows)
    assert s.loc["air limbah", "naik"] + s.loc["air limbah", "turun"] == len(rows)
    assert np.array_equal(c.matrices["air_limbah"].to_numpy().sum(), len(a))


def test_scenario_mark_on_maps_reports_and_slides(lab, tmp_path):
    from ppsp_analysis.maps import map_sheet
    from ppsp_analysis.report.area import area_report
    from ppsp_analysis.report.html import cover_html
    from ppsp_analysis.report.pdf import report_payload

    pkg, official, tuned, _ = lab
    gids = {}
    for name, result in (("official", official), ("tuned", tuned)):
        for paper in ("A3", "A4"):
            fig = map_sheet(result.desa, "air_limbah", result.meta, paper=paper,
                            context=pkg.context)
            found = {a.get_gid() for a in fig.findobj()}
            texts = " ".join(t.get_text() for t in fig.findobj(
                lambda a: hasattr(a, "get_text")))
            gids[name, paper] = ("skenario-banner" in found, "SKENARIO" in texts,
                                 "irs: 1 → 3" in texts)
    assert gids["tuned", "A3"] == gids["tuned", "A4"] == (True, True, True)
    assert gids["official", "A3"] == gids["official", "A4"] == (False, False, False)
    for result, marked in ((official, False), (tuned, True)):
        report = area_report(result, pkg)
        first = report.sections[0].blocks[0]
        assert first.text.startswith("SKENARIO — bukan hasil resmi") is marked
        assert ("SKENARIO" in cover_html(report)) is marked
        payload = report_payload(report, tmp_path)
        assert bool(payload["meta"]["skenario"]) is marked
        assert (report.meta["skenario"] == ["exposure.bobot.air_limbah.irs: 1 → 3"]) is marked


def test_report_parameter_metode_makes_a_scenario():
    """The report notebooks' ``metode`` parameter changes the method: a scenario."""
    from ppsp_analysis.report import nb

    pkg = nb.load(str(DEMO), metode={"gabungan": {"metode": "rata_rata"}})
    result = pa.score_package(pkg)
    assert result.meta["skenario"] == ["gabungan.metode: maks → rata_rata"]
    assert pa.score_package(pa.load_package(DEMO)).meta["skenario"] == []


def test_method_changes_lists_removed_and_added_options():
    base = {"a": {"x": 1, "y": [1, 2]}, "b": 2}
    assert method_changes(base, {"a": {"x": 1, "y": [1, 3]}, "c": "z"}) == [
        "a.y: [1, 2] → [1, 3]", "b: dihapus", "c: ditambahkan (z)"]


# --- public API and doctests ----------------------------------------------------------------

def test_public_api():
    assert set(pa.__all__) >= {"read_package", "validate_package", "load_package",
                               "score_package", "Method", "map_sheet", "area_report",
                               "monev_report", "compare"}
    names = dir(pa)
    assert {"maps", "monev", "report", "io"} <= set(names)
    assert not [n for n in names if n.startswith("_") and n != "__version__"]
    for name in pa.__all__:
        obj = getattr(pa, name)
        assert obj.__doc__, name
    assert pa.maps.map_sheet is pa.map_sheet
    with pytest.raises(AttributeError):
        pa.nothing_here  # noqa: B018


DOCUMENTED = ["ppsp_analysis", "ppsp_analysis.method_object", "ppsp_analysis.scenario",
              "ppsp_analysis.pipeline", "ppsp_analysis.labels", "ppsp_analysis.method",
              "ppsp_analysis._errors",
              "ppsp_analysis.validation"]


@pytest.mark.parametrize("name", DOCUMENTED)
def test_doctests(name):
    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0 and result.failed == 0

"""The interactive map's search: two desa may share a name; the search lists every one, with
its kecamatan, and selects the one picked (headless Chromium)."""

from __future__ import annotations

import pytest
from test_maps import CHROMIUM, _Chromium, synthetic_kabupaten

from ppsp_analysis.io.map_files import write_interactive
from ppsp_analysis.numbering import MAP_NUMBER, with_map_numbers


@pytest.mark.skipif(CHROMIUM is None,
                    reason="headless Chromium not installed (Debian: apt-get install chromium)")
def test_search_lists_every_desa_of_a_shared_name_with_its_kecamatan(tmp_path):
    gdf, meta = synthetic_kabupaten()
    gdf = gdf.copy()
    first, last = gdf.index[0], gdf.index[-1]
    assert gdf.loc[first, "nama_kec"] != gdf.loc[last, "nama_kec"]
    gdf.loc[[first, last], "nama_desa"] = "Sungai Kembar"
    path = write_interactive(gdf, meta, tmp_path / "peta_interaktif.html")
    browser = _Chromium(CHROMIUM)
    try:
        target = browser.send("Target.createTarget", {"url": "about:blank"})
        session = browser.send("Target.attachToTarget",
                               {"targetId": target["targetId"], "flatten": True})["sessionId"]
        for domain in ("Page", "Runtime"):
            browser.send(f"{domain}.enable", session=session)
        browser.send("Page.navigate", {"url": path.resolve().as_uri()}, session=session)
        browser.wait_for("Page.loadEventFired")

        def js(expr: str):
            return browser.send("Runtime.evaluate", {"expression": expr, "returnByValue": True},
                                session=session)["result"].get("value")

        js("var q=document.getElementById('q'); q.value='kembar';"
           "q.dispatchEvent(new KeyboardEvent('keydown',{key:'Enter'}));")
        listed = js("Array.from(document.querySelectorAll('#info ul.hits button'))"
                    ".map(function (b) { return b.textContent; })")
        js("document.querySelectorAll('#info ul.hits button')[1].click();")
        shown = js("document.getElementById('info').innerText")
    finally:
        browser.close()
    no = with_map_numbers(gdf)[MAP_NUMBER]
    assert listed == [f"{no[i]}. Sungai Kembar (Kec. {gdf.loc[i, 'nama_kec']})"
                      for i in (first, last)]
    assert shown.splitlines()[0] == "Sungai Kembar"
    assert f"Kec. {gdf.loc[last, 'nama_kec']}" in shown and gdf.loc[last, "kode_desa"] in shown

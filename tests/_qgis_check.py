"""Open ``area_berisiko.gpkg`` in real QGIS, report what QGIS sees as JSON, render a PNG.

Run by tests/test_qgis.py with Debian's ``/usr/bin/python3`` (which has ``python3-qgis``),
not with the project's virtualenv::

    QT_QPA_PLATFORM=offscreen /usr/bin/python3 tests/_qgis_check.py area_berisiko.gpkg out.png
"""

from __future__ import annotations

import json
import sys

from qgis.core import (
    QgsApplication,
    QgsMapRendererParallelJob,
    QgsMapSettings,
    QgsPointXY,
    QgsVectorLayer,
)
from qgis.PyQt.QtCore import QSize
from qgis.PyQt.QtGui import QColor

SIZE = 1000


def layer_report(layer: QgsVectorLayer) -> dict:
    """What QGIS loaded for one layer: renderer, categories, aliases, widgets, labels."""
    renderer = layer.renderer()
    out = {
        "valid": layer.isValid(),
        "features": layer.featureCount(),
        "renderer": type(renderer).__name__,
        "aliases": {f.name(): layer.attributeDisplayName(i)
                    for i, f in enumerate(layer.fields())},
        "labels": layer.labelsEnabled(),
        "label_field": layer.labeling().settings().fieldName if layer.labeling() else None,
        "styles_in_database": layer.listStylesInDatabase()[2],
    }
    if hasattr(renderer, "categories"):
        out["attribute"] = renderer.classAttribute()
        out["categories"] = [
            {"value": c.value(), "label": c.label(), "color": c.symbol().color().name(),
             "symbol_layers": [s.layerType() for s in c.symbol().symbolLayers()]}
            for c in renderer.categories()]
    widgets = {}
    registry = QgsApplication.fieldFormatterRegistry()
    for i, f in enumerate(layer.fields()):
        setup = layer.editorWidgetSetup(i)
        if setup.type() == "ValueMap":
            formatter = registry.fieldFormatter("ValueMap")
            widgets[f.name()] = {str(v): formatter.representValue(layer, i, setup.config(),
                                                                  None, v) for v in (1, 4)}
    out["value_maps"] = widgets
    return out


def main(gpkg: str, png: str) -> None:
    app = QgsApplication([], False)
    app.initQgis()
    layers = {name: QgsVectorLayer(f"{gpkg}|layername={name}", name, "ogr")
              for name in ("desa", "kecamatan", "kabupaten")}
    report = {name: layer_report(layer) for name, layer in layers.items()}

    settings = QgsMapSettings()
    settings.setLayers([layers["kabupaten"], layers["kecamatan"], layers["desa"]])  # top first
    settings.setDestinationCrs(layers["desa"].crs())
    extent = layers["kabupaten"].extent()
    settings.setExtent(extent.buffered(extent.width() * 0.03))
    settings.setOutputSize(QSize(SIZE, SIZE))
    settings.setBackgroundColor(QColor("white"))
    job = QgsMapRendererParallelJob(settings)
    job.start()
    job.waitForFinished()
    report["render_errors"] = [e.message for e in job.errors()]
    report["saved"] = job.renderedImage().save(png, "PNG")
    to_pixel = job.mapSettings().mapToPixel()
    points = {}
    for feature in layers["desa"].getFeatures():
        p = feature.geometry().pointOnSurface().asPoint()
        xy = to_pixel.transform(QgsPointXY(p.x(), p.y()))
        points[feature["kode_desa"]] = [round(xy.x()), round(xy.y())]
    report["pixels"] = points
    print(json.dumps(report, default=str), flush=True)
    del job, settings, layers  # QGIS objects go before QGIS does, or exit crashes
    app.exitQgis()


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])

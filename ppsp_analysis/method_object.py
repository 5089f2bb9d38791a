"""The method as an object: frozen, tab-completable, loaded from and saved to ``metode.yaml``.

:class:`Method` is the same nested set of options as the ``metode.yaml`` files and
``ppsp_analysis/data/metode_default.yaml`` (same keys, same checks, same messages: it is
built by :func:`~ppsp_analysis.method.merge_method` and
:func:`~ppsp_analysis.method.check_method`), wrapped so that an analyst can write
``m.exposure.bobot.air_limbah`` with tab completion, derive a changed method with
:meth:`Method.with_weights` / :meth:`Method.with_options`, print it in plain Indonesian
(:meth:`Method.table`) and see what differs from another method (:meth:`Method.diff`).

A :class:`Method` is also a read-only mapping (a ``dict`` subclass whose mutating methods
raise), so every function that takes a method dict takes a :class:`Method` too:
``m["exposure"]["bobot"]`` keeps working.

Examples
--------
>>> m = Method.default()
>>> m.exposure.bobot.air_limbah.irs, m["exposure"]["bobot"]["air_limbah"]["irs"]
(1, 1)
>>> skenario = m.with_weights(air_limbah={"irs": 2})
>>> skenario.exposure.bobot.air_limbah
Options(exposure.bobot.air_limbah: sekunder=1, irs=2, persepsi=1)
>>> skenario.changes(m)
['exposure.bobot.air_limbah.irs: 1 → 2']
>>> m.with_options({"gabungan.metode": "rata_rata"}).gabungan.metode
'rata_rata'
>>> m.with_options({"exposure": {"bobott": 1}})  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
ppsp_analysis._errors.MethodError: metode.yaml: opsi tidak dikenal 'exposure.bobott' — ...
"""

from __future__ import annotations

import functools
import json
import keyword
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pandas as pd

from . import fmt
from .method import (  # noqa: F401 (method_changes re-exported)
    _NO,
    _REPLACE,
    MAX_LISTED,
    _differences,
    _show,
    check_method,
    listed_changes,
    merge_method,
    method_changes,
    plain,
)

__all__ = ["Method", "Options", "method_changes", "plain"]


def _freeze(value: Any, path: tuple) -> Any:
    if isinstance(value, Mapping):
        return Options(value, path)
    if isinstance(value, (list, tuple)):
        return tuple(_freeze(v, path) for v in value)
    return value


def _readonly(self, *args, **kwargs):
    raise TypeError("metode tidak dapat diubah di tempat; buat salinan yang diubah dengan "
                    "with_weights(...) atau with_options(...)")


class Options(dict):
    """One read-only section of a method (``m.exposure``, ``m.exposure.bobot`` …).

    Keys are items (``o["bobot"]``) and, where they are Python names, attributes too
    (``o.bobot``, completed by the Tab key). Lists are tuples; :func:`plain` gives the
    plain form back.
    """

    def __init__(self, data: Mapping = (), path: tuple = ()):
        dict.__init__(self, {k: _freeze(v, (*path, k)) for k, v in dict(data).items()})
        object.__setattr__(self, "_path", tuple(path))
        for key, value in dict.items(self):
            if (isinstance(key, str) and key.isidentifier() and not keyword.iskeyword(key)
                    and not key.startswith("_") and not hasattr(dict, key)
                    and key not in type(self).__dict__ and key not in _RESERVED):
                object.__setattr__(self, key, value)

    __setitem__ = __delitem__ = __setattr__ = __delattr__ = _readonly
    clear = pop = popitem = setdefault = update = __ior__ = _readonly

    def __dir__(self) -> list[str]:
        keys = [k for k in dict.keys(self) if k in self.__dict__]
        public = [n for n in dir(type(self)) if not n.startswith("_") and n not in _MUTATING]
        return sorted(set(keys + public)) + ["__getitem__"]

    def __hash__(self) -> int:  # type: ignore[override]
        return hash(json.dumps(plain(self), sort_keys=True, default=str))

    def __copy__(self) -> Options:
        return self

    def __deepcopy__(self, memo: dict) -> Options:
        return self

    def __reduce__(self):
        return (Options, (plain(self), self._path))

    def __repr__(self) -> str:
        where = ".".join(map(str, self._path)) or "metode"
        parts = [f"{k}={v!r}" if not isinstance(v, Mapping) else f"{k}=…"
                 for k, v in self.items()]
        text = ", ".join(parts)
        if len(text) > 160:
            text = ", ".join(str(k) for k in self) + " (…)"
        return f"Options({where}: {text})"


_MUTATING = {"clear", "pop", "popitem", "setdefault", "update", "fromkeys", "copy"}
_RESERVED = {name for name in dir(Options) if not name.startswith("_")} | {
    "default", "from_yaml", "to_yaml", "with_weights", "with_options", "table", "diff",
    "changes", "to_dict", "is_default"}


@functools.lru_cache(maxsize=1)
def _default_plain_json() -> str:
    from .io.package import read_default_method

    return json.dumps(read_default_method())


def _default_dict() -> dict:
    return json.loads(_default_plain_json())


class Method(Options):
    """The PPSP method options: frozen, typed sections, tab completion, YAML in and out.

    Parameters
    ----------
    options : mapping, optional
        Options laid over the defaults, with the keys of ``metode.yaml`` (a whole merged
        method, a package's ``pkg.method`` or a few overrides). Checked like the file: an
        unknown (misspelt) key or a bad value raises :class:`~ppsp_analysis.MethodError`
        with the same message as ``ppsp validate``.

    Attributes
    ----------
    versi : str
        Version name of the method.
    kelas, stratifikasi, sampel, ehra, sekunder, persepsi, exposure, area_berisiko, \
gabungan, kecamatan, pendanaan : Options
        The sections of ``metode.yaml`` (read-only, keys as attributes).

    Examples
    --------
    >>> m = Method({"area_berisiko": {"ambang_prioritas": 4}})
    >>> m.area_berisiko.ambang_prioritas, m.is_default
    (4, False)
    >>> m.diff(Method.default())[["opsi", "nilai", "pembanding"]].values.tolist()
    [['area_berisiko.ambang_prioritas', 4, 3]]
    >>> Method({"gabungan": {"metode": "terburuk"}})
    Traceback (most recent call last):
    ...
    ppsp_analysis._errors.MethodError: metode.yaml tidak valid:
      - opsi gabungan.metode = 'terburuk' tidak dikenal; pilihan: maks, rata_rata
    """

    versi: str
    kelas: Options
    stratifikasi: Options
    sampel: Options
    ehra: Options
    sekunder: Options
    persepsi: Options
    exposure: Options
    area_berisiko: Options
    gabungan: Options
    kecamatan: Options
    pendanaan: Options

    def __init__(self, options: Mapping | None = None):
        merged = check_method(merge_method(_default_dict(), plain(options or {})))
        super().__init__(merged, ())

    def __reduce__(self):
        return (Method, (plain(self),))

    # --- construction -----------------------------------------------------------------------
    @classmethod
    def default(cls) -> Method:
        """The default method shipped with the toolkit (``metode_default.yaml``).

        Examples
        --------
        >>> Method.default().versi
        'ppsp-analysis/metode-2017-v1'
        """
        return cls()

    @classmethod
    def from_yaml(cls, path: str | Path) -> Method:
        """Read a ``metode.yaml`` (options over the defaults), checked like ``ppsp validate``.

        Raises
        ------
        MethodError
            A misspelt option, a bad value, or text that is not YAML.
        """
        from .io.method_file import read_method_file

        return cls(read_method_file(path))

    def to_yaml(self, path: str | Path, overwrite: bool = False) -> Path:
        """Write the options that differ from the defaults as a ``metode.yaml``.

        An existing file is kept unless ``overwrite`` is true. Reading the file back with
        :meth:`from_yaml` gives this method again.
        """
        from .io.method_file import write_method_file

        return write_method_file(self.overrides(), path, overwrite=overwrite,
                                 changes=self.changes())

    def with_options(self, changes: Mapping | None = None, /, **sections: Any) -> Method:
        """A copy with some options changed (checked; the same messages as ``metode.yaml``).

        Parameters
        ----------
        changes : mapping, optional
            Nested like ``metode.yaml`` (``{"gabungan": {"metode": "rata_rata"}}``) or with
            dotted keys (``{"gabungan.metode": "rata_rata"}``).
        **sections
            Whole sections by name: ``with_options(gabungan={"metode": "rata_rata"})``.

        Examples
        --------
        >>> Method.default().with_options(gabungan={"metode": "rata_rata"}).gabungan.metode
        'rata_rata'
        """
        nested: dict = {}
        for key, value in {**dict(changes or {}), **sections}.items():
            parts = str(key).split(".") if isinstance(key, str) else [key]
            node = nested
            for part in parts[:-1]:
                node = node.setdefault(part, {})
            if isinstance(node.get(parts[-1]), dict) and isinstance(value, Mapping):
                node[parts[-1]].update(plain(value))
            else:
                node[parts[-1]] = plain(value)
        return Method(merge_method(plain(self), nested))

    def with_weights(self, weights: Mapping[str, Mapping[str, float]] | None = None, /,
                     **components: Mapping[str, float]) -> Method:
        """A copy with some EXPOSURE weights changed; sources not named keep their weight.

        Parameters
        ----------
        weights : mapping, optional
            Component → source → weight, e.g. ``{"air_limbah": {"irs": 2}}``.
        **components
            The same by keyword: ``with_weights(air_limbah={"irs": 2})``. Components:
            ``air_limbah``, ``persampahan``, ``drainase``; sources: ``sekunder``, ``irs``,
            ``persepsi``; weights 0–100 (relative).

        Examples
        --------
        >>> Method.default().with_weights(drainase={"persepsi": 3}).exposure.bobot.drainase
        Options(exposure.bobot.drainase: sekunder=1, irs=1, persepsi=3)
        """
        every = {**dict(weights or {}), **components}
        return self.with_options({"exposure": {"bobot": {c: dict(w) for c, w in every.items()}}})

    # --- reading ----------------------------------------------------------------------------
    def to_dict(self) -> dict:
        """The plain nested dict (as ``pkg.method`` and ``ScoredResult.method`` hold it)."""
        return plain(self)

    @property
    def is_default(self) -> bool:
        """True when every option equals the toolkit's default."""
        return not self.changes()

    def overrides(self, base: Mapping | None = None) -> dict:
        """The options that differ from ``base`` (default: the defaults), nested like
        ``metode.yaml``; a section that replaces as a whole (``sekunder.<kelompok>``,
        ``ehra.pemetaan.<komponen>``, ``pendanaan.<opsi>``) is written whole."""
        return _overrides(plain(base) if base is not None else _default_dict(), plain(self), ())

    def changes(self, base: Mapping | None = None) -> list[str]:
        """One line per option that differs from ``base`` (default: the defaults):
        ``exposure.bobot.air_limbah.irs: 1 → 2``."""
        return method_changes(base if base is not None else _default_dict(), self)

    def diff(self, other: Mapping | None = None) -> pd.DataFrame:
        """The options whose values differ from ``other`` (default: the defaults).

        Returns
        -------
        pandas.DataFrame
            ``opsi`` (dotted key), ``nilai`` (this method), ``pembanding`` (the other);
            ``–`` where an option exists on one side only.
        """
        other = other if other is not None else _default_dict()
        rows = [(k, fmt.MISSING if a is _NO else a, fmt.MISSING if b is _NO else b)
                for k, b, a in _differences(plain(other), plain(self), ())]
        return pd.DataFrame(rows, columns=["opsi", "nilai", "pembanding"])

    def table(self) -> pd.DataFrame:
        """The method in plain Indonesian: what each main option means and its value.

        Returns
        -------
        pandas.DataFrame
            ``Opsi`` (in words), ``Nilai``, ``Kunci`` (the key in ``metode.yaml``),
            ``Diubah`` (differs from the default).

        Examples
        --------
        >>> t = Method.default().with_weights(air_limbah={"irs": 2}).table()
        >>> t.loc[t["Kunci"] == "exposure.bobot.air_limbah", ["Nilai", "Diubah"]].values.tolist()
        [['sekunder 0,25, irs 0,50, persepsi 0,25', 'ya']]
        """
        from .report.area import method_rows

        rows = method_rows(self.to_dict())
        changed = {c.split(":")[0] for c in self.changes()}
        out = pd.DataFrame({
            "Opsi": [_plain_words(k) for k in rows["opsi"]],
            "Nilai": rows["nilai"],
            "Kunci": rows["opsi"],
            "Diubah": ["ya" if any(c == k or c.startswith(k + ".") for c in changed) else ""
                       for k in rows["opsi"]],
        })
        return out

    def __repr__(self) -> str:
        changes = self.changes()
        if not changes:
            return f"Method({self.versi!r}: bawaan)"
        listed = ", ".join(c.split(":")[0] for c in changes[:3])
        more = f", +{len(changes) - 3} lagi" if len(changes) > 3 else ""
        return f"Method({self.versi!r}: {len(changes)} opsi diubah — {listed}{more})"

    def _repr_html_(self) -> str:
        from .display import method_html

        return method_html(self)


def _overrides(base: Any, new: Any, path: tuple) -> dict:
    out: dict = {}
    for key, value in new.items():
        here = (*path, key)
        if key not in base:
            out[key] = value
        elif path in _REPLACE:
            if value != base[key]:
                out[key] = value
        elif isinstance(value, dict) and isinstance(base[key], dict):
            inner = _overrides(base[key], value, here)
            if inner:
                out[key] = inner
        elif value != base[key]:
            out[key] = value
    return out


_WORDS = {
    "exposure.bobot": "Bobot EXPOSURE {comp} (data sekunder, IRS EHRA, persepsi OPD)",
    "sekunder.impact": "Indikator IMPACT: {name}",
    "sekunder": "Indikator data sekunder {comp}: {name}",
    "ehra.unit_irs": "IRS desa yang tidak disurvei diambil dari",
    "ehra.agregasi": "Cara menggabungkan subindikator EHRA dalam satu komponen",
    "ehra.subindikator_kosong": "Subindikator EHRA tanpa jawaban",
    "persepsi.agregasi": "Cara menggabungkan skor persepsi para OPD",
    "persepsi.pembulatan": "Pembulatan skor persepsi",
    "exposure.sumber_hilang": "Jika satu sumber EXPOSURE tidak ada data",
    "area_berisiko.metode_kelas": "Cara menentukan kelas dari skor IMPACT × EXPOSURE",
    "area_berisiko.ambang_prioritas": "Kelas terendah yang menjadi prioritas",
    "gabungan.metode": "Kelas gabungan dari tiga komponen",
    "stratifikasi.ambang_kepadatan_jiwa_ha": "Batas kepadatan strata EHRA (jiwa/ha)",
    "stratifikasi.ambang_kemiskinan_pct": "Batas % KK miskin strata EHRA",
    "kelas.jumlah": "Jumlah kelas risiko",
    "kelas.desimal_batas": "Desimal batas interval kelas",
    "kelas.pembulatan_batas": "Pembulatan batas interval kelas",
    "kelas.label": "Nama kelas",
    "kecamatan.metode": "Kelas kecamatan",
    "sampel.metode": "Cara menentukan sampel desa EHRA",
    "sampel.pembulatan_krejcie_morgan": "Pembulatan rumus Krejcie-Morgan",
}
_COMP = {"air_limbah": "air limbah domestik", "persampahan": "persampahan",
         "drainase": "drainase"}


def _plain_words(key: str) -> str:
    parts = key.split(".")
    if key in _WORDS:
        return _WORDS[key]
    if parts[:2] == ["exposure", "bobot"] and len(parts) == 3:
        return _WORDS["exposure.bobot"].format(comp=_COMP.get(parts[2], parts[2]))
    if parts[0] == "sekunder" and len(parts) == 3:
        name = parts[2].replace("_", " ")
        if parts[1] == "impact":
            return _WORDS["sekunder.impact"].format(name=name)
        return _WORDS["sekunder"].format(comp=_COMP.get(parts[1], parts[1]), name=name)
    return key


"""Pt 4f (public CasaXPS export) with an asymmetric line and a free doublet, against lmfit.

The peer fits the same model with lmfit's own Doniach-Sunjic function (``lmfit.lineshapes.
doniach``, whose tail points to lower abscissa, so it is evaluated on ``-BE``) and the same jointly
fitted Shirley step ``offset + k * int peaks``; the data, weights (Poisson) and start values are
the same. Numbers (recorded in the analysis report): ncled 4f7/2 71.0974 +/- 0.0075 eV, splitting
3.3225 +/- 0.0097 eV, ratio 0.755 +/- 0.015.
"""

from pathlib import Path

import numpy as np
import pytest

from ncled.analysis.xps_fit import Component, fit_xps
from ncled.io.vamas import find_block, read_vamas

lmfit = pytest.importorskip("lmfit")

DATA = Path(__file__).resolve().parents[1] / "data" / "xps" / "pt4f_casaxps.vms"


def _spectrum():
    b = find_block(read_vamas(DATA)[0], "Pt 4f")
    e, y = b.binding_energy_ev(), b.intensity
    order = np.argsort(e)
    return e[order], y[order]


def _lmfit_peer(e, y):
    """lmfit: two Doniach-Sunjic lines (shared width and asymmetry, free splitting and ratio)
    on a Shirley step fitted jointly."""
    from lmfit.lineshapes import doniach

    w = 1 / np.sqrt(np.maximum(y, 1.0))
    p = lmfit.Parameters()
    p.add("center", 71.1)
    p.add("sigma", 0.4, min=5e-4)  # lmfit's sigma is half the Lorentzian FWHM
    p.add("gamma", 0.05, min=0, max=0.5)
    p.add("amp", float(np.ptp(y)), min=0)
    p.add("split", 3.3, min=1e-3)
    p.add("ratio", 0.75, min=1e-3)
    n = max(3, e.size // 40)
    p.add("offset", float(y[:n].mean()))
    p.add("k", 0.01)

    def resid(pp):
        v = pp.valuesdict()
        peaks = (doniach(-e, v["amp"], -v["center"], v["sigma"], v["gamma"])
                 + doniach(-e, v["amp"] * v["ratio"], -(v["center"] + v["split"]), v["sigma"],
                           v["gamma"]))
        step = np.concatenate([[0], np.cumsum(0.5 * (peaks[1:] + peaks[:-1]) * np.diff(e))])
        return (y - v["offset"] - v["k"] * step - peaks) * w

    return lmfit.minimize(resid, p, method="leastsq")


def test_pt4f_free_doublet_agrees_with_lmfit():
    e, y = _spectrum()
    comp = Component("Pt4f", center=71.1, fwhm=0.8, area=float(np.ptp(y)),
                     shape="doniach_sunjic", shape_params={"asymmetry": 0.05},
                     doublet_splitting_ev=3.3, orbital="4f")  # ratio free, starts at 0.75
    fit = fit_xps(e, y, [comp], background="shirley_joint")
    peer = _lmfit_peer(e, y)
    assert fit.success and peer.success
    assert fit.parameters["Pt4f.ratio"][2] == "free"
    for ours, theirs in (("Pt4f.center", "center"), ("Pt4f.splitting", "split"),
                         ("Pt4f.ratio", "ratio")):
        # same model, same data: agreement within the peer's standard error (the acceptance
        # criterion of issue 13); in practice the two agree to < 1 % of it
        assert abs(fit.value(ours) - peer.params[theirs].value) < peer.params[theirs].stderr
        # and the standard errors themselves agree (both inv(J^T J) * redchi) within 5 %
        assert fit.stderr(ours) == pytest.approx(peer.params[theirs].stderr, rel=0.05)
    # the spin-orbit ratio 4f5/2 : 4f7/2 = 6 : 8 (2j+1), within 0.1 (issue 13)
    assert abs(fit.value("Pt4f.ratio") - 0.75) < 0.1
    # Pt 4f7/2 of the metal: 71.0-71.2 eV, splitting 3.33 eV (NIST SRD 20, Moulder handbook)
    assert 71.0 < fit.value("Pt4f.center") < 71.2
    assert abs(fit.value("Pt4f.splitting") - 3.33) < 0.05
    assert fit.undetermined == ()
    assert fit.provenance["function"].endswith("fit_xps") and fit.provenance["success"]


def test_pt4f_line_shapes_fit_the_maximum():
    """Casa's LA shape (Gaussian-broadened, asymmetric) reaches the 4f7/2 maximum that
    symmetric peaks missed (3441 against 4152 counts near 71.0 eV, issue 13); the pure
    Doniach-Sunjic line, with no instrumental Gaussian, overshoots it by 6 %."""
    e, y = _spectrum()
    imax = int(np.argmax(y))
    for shape, extra in (("casa_la", {"gauss_fwhm": "=0.3"}),):
        comp = Component("Pt", center=71.1, fwhm=0.8, area=float(np.ptp(y)), shape=shape,
                         shape_params=extra, doublet_splitting_ev=3.3, orbital="4f")
        fit = fit_xps(e, y, [comp], background="shirley_joint")
        # the model's maximum within 4 % of the measured one (counting noise ~1.5 %)
        assert fit.model[imax] == pytest.approx(y[imax], rel=0.04), shape
        assert abs(fit.value("Pt.ratio") - 0.75) < 0.1, shape

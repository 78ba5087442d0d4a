"""Write the synthetic measurement files of examples/measurements/ from a seeded model.

The files imitate the reference HgTe LED (Qu et al., Nat. Photon. 16, 38 (2022),
doi:10.1038/s41566-021-00902-y): EL near 2 um with a 280 nm FWHM, a 1 mm^2 pixel, a peak EQE of
0.3 %, a lifetime of about 10 h from 1 W sr^-1 m^-2. They are made by the forward model of
ncled.analysis (photocurrent_from_eqe, stretched_exponential), so the analysis commands should
recover the numbers below within their stated uncertainties:

    peak EQE 0.30 % (model), turn-on about 0.6 V, LT50 = tau (ln 2)^(1/beta) = 9.7 h.

Run:  .venv/bin/python examples/make_measurement_examples.py
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from ncled.analysis.led import collection_efficiency_disc, photocurrent_from_eqe
from ncled.analysis.lifetime import stretched_exponential
from ncled.analysis.spectra import convert_spectrum, gaussians_ev
from ncled.constants import q

OUT = Path(__file__).resolve().parent / "measurements"
SEED = 20220101

PIXEL_AREA = 1e-6  # 1 mm^2, the paper's pixel
RESPONSIVITY = 1.0  # A/W, extended InGaAs near 2 um (typical datasheet value)
DET_AREA, DET_DISTANCE = 7.07e-6, 10e-3  # 3 mm diameter detector 10 mm from the pixel
EQE_MAX = 3e-3  # the paper's best device
J_ON, J_ROLL = 150.0, 4000.0  # A/m^2 (15 and 400 mA/cm^2): EQE rise and roll-off scales
NOISE_A = 1e-9  # photocurrent noise
EL_CENTER_EV, EL_SIGMA_EV = 0.616, 0.0369  # 2.0 um, FWHM 280 nm in wavelength
PL_CENTER_EV, PL_SIGMA_EV = 0.622, 0.0345  # PL slightly bluer and narrower than EL
TAU_H, BETA, L0 = 15.0, 0.8, 1.0  # lifetime model from 1 W sr^-1 m^-2


def current_a(v):
    """A diode-like J(V): leakage plus a soft turn-on near 0.55 V, series-limited at high bias."""
    j = 0.5 * v + 2.0e4 * (0.06 * np.logaddexp(0.0, (v - 0.55) / 0.06)) ** 1.6  # A/m^2
    return j * PIXEL_AREA


def _eqe_shape(j):
    return (j / J_ON) ** 2 / (1 + (j / J_ON) ** 2) / (1 + j / J_ROLL)


def eqe_model(j):
    """EQE rising above J_ON and rolling off at high current density; its maximum is EQE_MAX."""
    return EQE_MAX * _eqe_shape(j) / np.max(_eqe_shape(np.geomspace(1.0, 1e6, 20001)))


def main() -> None:
    rng = np.random.default_rng(SEED)
    OUT.mkdir(parents=True, exist_ok=True)
    v = np.round(np.arange(0.0, 3.0001, 0.05), 3)
    i = current_a(v)
    eta = float(collection_efficiency_disc(DET_AREA, DET_DISTANCE))
    lam = 1239.84198 / EL_CENTER_EV * 1e-9
    iph = photocurrent_from_eqe(i, eqe_model(i / PIXEL_AREA), lam, RESPONSIVITY, eta)
    iph = iph + rng.normal(0.0, NOISE_A, v.size)
    rows = ["# synthetic sweep, seeded model (examples/make_measurement_examples.py)",
            "Voltage (V),Current (mA),Photocurrent (uA)"]
    rows += [f"{a:.3f},{b * 1e3:.6g},{c * 1e6:.6g}" for a, b, c in zip(v, i, iph, strict=True)]
    (OUT / "led_sweep.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")

    e = np.linspace(0.45, 0.80, 351)
    for name, e0, s0 in (("el", EL_CENTER_EV, EL_SIGMA_EV), ("pl", PL_CENTER_EV, PL_SIGMA_EV)):
        per_ev = gaussians_ev(e, amplitude_0=1.0, center_ev_0=e0, sigma_ev_0=s0)
        lam_m, per_m = convert_spectrum(e * q, per_ev, "energy", "wavelength")
        per_nm = per_m / per_m.max()  # power per unit wavelength, 1 at the maximum
        per_nm = per_nm + rng.normal(0.0, 0.003, per_nm.size)
        text = [f"wavelength (nm),{name.upper()} (arb.)"]
        text += [f"{a * 1e9:.3f},{b:.6g}" for a, b in zip(lam_m, per_nm, strict=True)]
        (OUT / f"{name}_spectrum.csv").write_text("\n".join(text) + "\n", encoding="utf-8")

    t_h = np.linspace(0.0, 24.0, 145)
    lum = stretched_exponential(t_h, L0, TAU_H, BETA) + rng.normal(0.0, 0.005, t_h.size)
    text = ["time (h),Radiance (W/sr/m2)"]
    text += [f"{a:.4f},{b:.6g}" for a, b in zip(t_h, lum, strict=True)]
    (OUT / "lifetime_trace.csv").write_text("\n".join(text) + "\n", encoding="utf-8")

    (OUT / "measurement.toml").write_text(f"""\
# Geometry and calibration of the synthetic example measurement.
name = "synthetic HgTe LED, 2 um"
pixel_area = "1 mm2"
pixel_area_rel_unc = 0.03

[detector]
responsivity_a_w = {RESPONSIVITY}
responsivity_rel_unc = 0.05
area = "7.07 mm2"
area_rel_unc = 0.01
distance = "10 mm"
distance_rel_unc = 0.02

[emission]
spectrum = "el_spectrum.csv"

[criteria]
turn_on = {{ method = "noise", value = 5, dark_points = 5 }}
threshold = {{ method = "noise", value = 5, dark_points = 5 }}

[lifetime]
acceleration_exponent = 1.7
acceleration_exponent_unc = 0.2
target_radiances = [0.1, 3.0]

[spectrum]
gaussians = 1
""", encoding="utf-8")
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()

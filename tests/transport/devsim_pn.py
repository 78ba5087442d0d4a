"""The short pn diode of test_dd_core solved with DEVSIM (peer code), for tests and benchmarks.

DEVSIM needs a BLAS/LAPACK: scipy's bundled OpenBLAS is used through DEVSIM_MATH_LIBS (with its
``scipy_`` symbol prefix); this must be set before devsim is first imported. Units are DEVSIM's
(cm, cm^-3, A/cm^2). Built with DEVSIM's own ``simple_physics`` helpers.

Extended precision (DEVSIM's 128-bit float in model evaluation, equation assembly and the linear
solve) is on by default. It is needed at low bias: the anode's hole current is a majority-carrier
flux (p = 1e17 cm^-3) whose drift and diffusion parts, ~1e5 A/cm^2 each, cancel down to ~1e-10
A/cm^2 (1e-15 relative, at double's resolution). In double precision DEVSIM's current is 40 %
off at 0.02 V and 3 % at 0.1 V; with extended precision it matches ncled to ~1e-7 at every bias,
and Newton converges to the tight default tolerances (relative 1e-24), which double cannot reach.
"""

import glob
import os

import numpy as np


def import_devsim():
    """Import devsim with scipy's OpenBLAS, or return None when it cannot be loaded."""
    try:
        import scipy

        libs = glob.glob(os.path.join(os.path.dirname(scipy.__file__) + ".libs",
                                      "libscipy_openblas*.so"))
        if libs and "DEVSIM_MATH_LIBS" not in os.environ:
            os.environ.update(DEVSIM_MATH_LIBS=libs[0], DEVSIM_BLAS_PREFIX="scipy_",
                              DEVSIM_BLAS_SUFFIX="_")
        import devsim
        return devsim
    except (ImportError, RuntimeError, OSError):
        return None


def devsim_pn_sweep(voltages, n_nodes=500, width_cm=1e-4, doping_cm3=1e17, ni_cm3=1e10,
                    mu_n=1000.0, mu_p=400.0, extended=True, abs_err=1e-10, rel_err=1e-24):
    """Current density [A/cm^2] of the symmetric pn diode at each bias (anode = p side).

    ``extended`` switches on DEVSIM's 128-bit float (extended_solver/_model/_equation);
    ``abs_err`` (V for the potential, cm^-3 for carriers) and ``rel_err`` are Newton's
    tolerances on the update, for every solve. Without ``extended`` loosen them (e.g. 1e10, 1e-12).
    """
    ds = import_devsim()
    from devsim.python_packages import simple_physics as sp

    ds.reset_devsim()
    if extended:
        for name in ("extended_solver", "extended_model", "extended_equation"):
            ds.set_parameter(name=name, value=True)
    dev, reg = "pn", "si"
    ds.create_1d_mesh(mesh="m")
    ds.add_1d_mesh_line(mesh="m", pos=0.0, ps=2 * width_cm / (n_nodes - 1), tag="top")
    ds.add_1d_mesh_line(mesh="m", pos=2 * width_cm, ps=2 * width_cm / (n_nodes - 1), tag="bot")
    ds.add_1d_contact(mesh="m", name="anode", tag="top", material="metal")
    ds.add_1d_contact(mesh="m", name="cathode", tag="bot", material="metal")
    ds.add_1d_region(mesh="m", material="Si", region=reg, tag1="top", tag2="bot")
    ds.finalize_mesh(mesh="m")
    ds.create_device(mesh="m", device=dev)
    sp.SetSiliconParameters(dev, reg, 300.0)
    # the helper's rounded constants (q = 1.6e-19, eps = 11.1 * 8.85e-14) replaced by CODATA ones
    from scipy import constants as sc

    kt = sc.k * 300.0
    for name, val in (("ElectronCharge", sc.e), ("Permittivity", 11.7 * sc.epsilon_0 * 1e-2),
                      ("kT", kt), ("V_t", kt / sc.e), ("k", sc.k),
                      ("n_i", ni_cm3), ("n1", ni_cm3), ("p1", ni_cm3), ("mu_n", mu_n),
                      ("mu_p", mu_p), ("taun", 1e30), ("taup", 1e30)):
        ds.set_parameter(device=dev, region=reg, name=name, value=val)
    ds.node_model(device=dev, region=reg, name="NetDoping",
                  equation=f"ifelse(x < {width_cm}, -{doping_cm3}, {doping_cm3})")
    sp.CreateSolution(dev, reg, "Potential")
    sp.CreateSiliconPotentialOnly(dev, reg)
    for c in ("anode", "cathode"):
        sp.CreateSiliconPotentialOnlyContact(dev, reg, c)
        ds.set_parameter(device=dev, name=sp.GetContactBiasName(c), value=0.0)
    ds.solve(type="dc", absolute_error=abs_err, relative_error=rel_err, maximum_iterations=40)
    sp.CreateSolution(dev, reg, "Electrons")
    sp.CreateSolution(dev, reg, "Holes")
    ds.set_node_values(device=dev, region=reg, name="Electrons", init_from="IntrinsicElectrons")
    ds.set_node_values(device=dev, region=reg, name="Holes", init_from="IntrinsicHoles")
    sp.CreateSiliconDriftDiffusion(dev, reg)
    for c in ("anode", "cathode"):
        sp.CreateSiliconDriftDiffusionAtContact(dev, reg, c)
    ds.solve(type="dc", absolute_error=abs_err, relative_error=rel_err, maximum_iterations=40)
    out = []
    for v in np.atleast_1d(voltages):
        ds.set_parameter(device=dev, name=sp.GetContactBiasName("anode"), value=float(v))
        ds.solve(type="dc", absolute_error=abs_err, relative_error=rel_err, maximum_iterations=40)
        je = ds.get_contact_current(device=dev, contact="anode",
                                    equation="ElectronContinuityEquation")
        jh = ds.get_contact_current(device=dev, contact="anode",
                                    equation="HoleContinuityEquation")
        out.append(je + jh)
    return np.array(out)

"""One-dimensional drift-diffusion: mesh, Poisson, continuity, recombination, contacts, solver.

The public entry point is :func:`solve_sweep` on a :class:`Device` made of :class:`Layer` objects
between two :class:`Contact` objects; it returns a :class:`SweepResult`.
"""

from ncled.transport.params import Contact, Device, Layer, thermionic_velocity
from ncled.transport.sweep import SweepResult, solve_sweep

__all__ = ["Contact", "Device", "Layer", "SweepResult", "solve_sweep", "thermionic_velocity"]

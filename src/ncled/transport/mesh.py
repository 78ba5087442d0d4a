"""One-dimensional finite-volume mesh for a stack of layers.

Each node belongs to exactly one layer. The two contact nodes sit on the outer surfaces; inside
the stack every heterointerface lies at the midpoint of the element that straddles it, so that
the control volumes (which end half-way between nodes) never cross an interface: the doping and
recombination of a control volume are those of one layer, and the band offset sits exactly at
the element midpoint, where the flux integral of :func:`ncled.transport.physics.electron_flux`
puts it.

References
----------
S. Selberherr, *Analysis and Simulation of Semiconductor Devices* (Springer, 1984), ch. 6,
doi:10.1007/978-3-7091-8752-4 (box integration on a non-uniform grid).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ncled.errors import ConfigError


@dataclass(frozen=True)
class Mesh:
    """Node positions and the geometry of the finite volumes.

    Attributes
    ----------
    x : ndarray, shape (N,)
        Node positions [m], x[0] = 0 (left contact), x[-1] = total thickness (right contact).
    layer : ndarray of int, shape (N,)
        Index of the layer each node belongs to.
    h : ndarray, shape (N-1,)
        Element lengths x[i+1] - x[i] [m].
    volume : ndarray, shape (N,)
        Control-volume widths (h[i-1] + h[i]) / 2 [m] (half an element at the contacts).
    interfaces : ndarray, shape (n_layers + 1,)
        Layer boundaries [m], from 0 to the total thickness.
    """

    x: np.ndarray
    layer: np.ndarray
    h: np.ndarray
    volume: np.ndarray
    interfaces: np.ndarray

    @property
    def n_nodes(self) -> int:
        """Number of nodes."""
        return int(self.x.size)

    @property
    def x_mid(self) -> np.ndarray:
        """Element midpoints [m], where the fluxes (currents) live."""
        return 0.5 * (self.x[1:] + self.x[:-1])


def nodes_per_layer(thicknesses, n_nodes: int, min_nodes: int = 5) -> np.ndarray:
    """Share ``n_nodes`` between layers in proportion to their thickness (at least ``min_nodes``).

    Parameters
    ----------
    thicknesses : array_like
        Layer thicknesses [m].
    n_nodes : int
        Total number of nodes wanted.
    min_nodes : int
        Fewest nodes any layer gets.

    Returns
    -------
    ndarray of int
        Nodes of each layer; their sum is ``max(n_nodes, min_nodes * n_layers)``.
    """
    d = np.asarray(thicknesses, dtype=float)
    total = max(int(n_nodes), min_nodes * d.size)
    share = np.maximum(np.floor(total * d / d.sum()).astype(int), min_nodes)
    while share.sum() > total:  # take back from the largest layers
        share[np.argmax(share)] -= 1
    while share.sum() < total:  # hand the remainder to the coarsest layers
        share[np.argmax(d / share)] += 1
    return share


def build_mesh(thicknesses, nodes) -> Mesh:
    """Build the mesh of a layer stack.

    Parameters
    ----------
    thicknesses : array_like
        Layer thicknesses [m], from the left contact to the right one.
    nodes : array_like of int
        Nodes in each layer (>= 3).

    Returns
    -------
    Mesh

    Notes
    -----
    Layer k has a nominal spacing s_k = d_k / m_k. The element straddling the interface between
    layers k-1 and k has length min(s_{k-1}, s_k) and the interface at its midpoint; the nodes of
    a layer are evenly spaced between its first and last node.
    """
    d = np.asarray(thicknesses, dtype=float)
    m = np.asarray(nodes, dtype=int)
    problems = []
    if d.ndim != 1 or d.size == 0 or d.size != m.size:
        raise ConfigError("mesh: need one node count per layer and at least one layer")
    if not np.all(np.isfinite(d)) or np.any(d <= 0):
        problems.append(f"mesh: layer thicknesses must be > 0 m, got {d.tolist()}")
    if np.any(m < 3):
        problems.append(f"mesh: each layer needs >= 3 nodes, got {m.tolist()}")
    if problems:
        raise ConfigError(problems)
    bounds = np.concatenate(([0.0], np.cumsum(d)))
    s = d / m
    gap = np.minimum(s[:-1], s[1:])  # interface element lengths
    xs, layer = [], []
    for k in range(d.size):
        a = bounds[k] if k == 0 else bounds[k] + 0.5 * gap[k - 1]
        b = bounds[k + 1] if k == d.size - 1 else bounds[k + 1] - 0.5 * gap[k]
        xs.append(np.linspace(a, b, m[k]))
        layer.append(np.full(m[k], k))
    x = np.concatenate(xs)
    h = np.diff(x)
    volume = 0.5 * (np.concatenate(([0.0], h)) + np.concatenate((h, [0.0])))
    return Mesh(x=x, layer=np.concatenate(layer), h=h, volume=volume, interfaces=bounds)

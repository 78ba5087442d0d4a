"""Re-indexing a result from internal biases to contact voltages refuses what it cannot map."""

import numpy as np
import pytest
import xarray as xr

from ncled.device.led import to_contact_voltage
from ncled.errors import ConfigError, ConvergenceError


def _result(v_applied):
    v = np.array([0.0, 0.5, 1.0])
    return xr.Dataset({"voltage_applied": ("voltage", np.asarray(v_applied, float)),
                       "current_density": ("voltage", [0.0, 10.0, 100.0])},
                      coords={"voltage": v})


def test_linear_interpolation_on_the_contact_voltage():
    # contact voltage = internal bias + 0.01 V per A/m^2: J is linear between the nodes
    ds = to_contact_voltage(_result([0.0, 0.6, 2.0]), [0.3, 1.3])
    np.testing.assert_allclose(ds.current_density.values, [5.0, 10.0 + 90.0 * 0.7 / 1.4],
                               rtol=1e-12)


def test_a_non_finite_current_is_a_convergence_error_naming_the_bias():
    # a NaN contact voltage (an overflowing solve) used to escape as pandas' "index must be
    # monotonic" ValueError through the studies, instead of a point recorded as failed
    with pytest.raises(ConvergenceError, match=r"non-finite current .* 0\.5 V"):
        to_contact_voltage(_result([0.0, np.nan, 2.0]), [0.3])


def test_a_falling_contact_voltage_is_refused():
    with pytest.raises(ConfigError, match="not monotonic"):
        to_contact_voltage(_result([0.0, 0.6, 0.4]), [0.3])

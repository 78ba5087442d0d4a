"""Physical constants (SI), taken from :mod:`scipy.constants` (CODATA) only."""

from scipy import constants as _c

q = _c.elementary_charge  #: elementary charge [C]
h = _c.h  #: Planck constant [J s]
hbar = _c.hbar  #: reduced Planck constant [J s]
c = _c.c  #: speed of light in vacuum [m/s]
k_B = _c.k  #: Boltzmann constant [J/K]
m_e = _c.m_e  #: electron rest mass [kg]
eps0 = _c.epsilon_0  #: vacuum permittivity [F/m]
mu0 = _c.mu_0  #: vacuum permeability [H/m]
N_A = _c.N_A  #: Avogadro constant [1/mol]
sigma_SB = _c.Stefan_Boltzmann  #: Stefan-Boltzmann constant [W m^-2 K^-4]
zero_celsius = _c.zero_Celsius  #: 0 degC in kelvin [K]
hc_ev_nm = _c.h * _c.c / _c.elementary_charge * 1e9  #: h c / e [eV nm], about 1239.84

"""The entries of the parameter registry, film by film (see :mod:`ncled.parameters`).

Values are in the units of the literature (eV, nm, cm^-3, cm^2/Vs); the name's suffix says which.
"""

from __future__ import annotations

from ncled.parameters.registry import Parameter as P

QU2022 = "10.1038/s41566-021-00902-y"
XU2000 = "10.2138/am-2000-0416"
CHUANG2014 = "10.1038/nmat3984"
CAREY2015 = "10.1021/acs.chemrev.5b00063"
SCHER1970 = "10.1063/1.1673555"
STAUFFER1994 = "10.1201/9781315274386"
KUIK2011 = "10.1103/PhysRevLett.107.256805"
NC_TRAPS = ("trap densities of NC films 1e15-1e17 cm^-3 (Carey et al., Chem. Rev. 115, 12732 "
            "(2015), review of PbS NC solids)")

ZNO = (
    P("ZnO.diameter_nm", 4.0, "nm", "declared",
      "butylamine-capped ZnO NCs of NC-LED electron injectors are 3-6 nm (Qian et al., Nat. "
      "Photon. 5, 543 (2011)); 4 nm is the size the nanocrystal spectra always used. One value "
      "for the electronic model and ncled.nanocrystal.spectra", "10.1038/nphoton.2011.171",
      "ZnO NC diameter", low=3.0, high=6.0),
    P("ZnO.electron_affinity_ev", 3.96, "eV", "derived",
      "bulk CB -4.19 eV (Xu & Schoonen 2000) raised by 71 % of the 0.32 eV confinement of 4 nm NCs "
      "(Jacobsson & Edvinsson, Inorg. Chem. 50, 9578 (2011); m_e 0.24, m_h 0.59)", XU2000,
      "conduction-band edge below vacuum"),
    P("ZnO.band_gap_ev", 3.62, "eV", "derived", "Jacobsson & Edvinsson 2011 sizing at 4 nm",
      "10.1021/ic201327n", "optical gap of the ZnO NCs"),
    P("ZnO.eps_r", 5.0, "1", "derived", "Looyenga mixing of eps 8.5 ZnO at packing 0.5", "",
      "static relative permittivity of the film"),
    P("ZnO.mu_n_cm2", 1e-3, "cm^2/Vs", "literature",
      "annealed ZnO NC films 1e-4 to 1e-2 cm^2/Vs (Qian et al. 2011)", "10.1038/nphoton.2011.171",
      "electron mobility", low=1e-4, high=1e-2),
    P("ZnO.mu_p_cm2", 1e-6, "cm^2/Vs", "declared",
      "holes do not enter ZnO (2.5 eV below the HgTe valence band); any small value", "",
      "hole mobility"),
    P("ZnO.nd_cm3", 2e18, "cm^-3", "declared",
      "ZnO NC films are n-type through oxygen vacancies and hydrogen, 1e17-1e19 cm^-3 (Qian et al. "
      "2011)", "10.1038/nphoton.2011.171", "net donor density of the ZnO NC film", low=1e17,
      high=1e19),
    P("ZnO.dos_width_ev", 0.05, "eV", "declared",
      "disorder of oxide NC films, 0.03-0.1 eV (Urbach tails of ZnO NC films)", "",
      "Gaussian width of the ZnO conduction level", low=0.03, high=0.1),
    P("ZnO.trap_density_cm3", 1e17, "cm^-3", "declared", NC_TRAPS, CAREY2015,
      "density of recombination centres (midgap)", low=1e15, high=1e18),
)

HGTE = (
    P("HgTe.valence_edge_ev", 4.95, "eV", "measured",
      "photoemission band diagram of Qu et al. 2022 (Fig. 2b, Supp. note 3)", QU2022,
      "valence-band edge of MPA-capped HgTe NCs below vacuum"),
    P("HgTe.charging_energy_ev", 0.020, "eV", "measured", "Qu et al. 2022, Methods", QU2022,
      "charging energy of one HgTe NC in the film (added to the transport gap; the "
      "capacitance of the NC in Fermi-level equilibration)"),
    P("HgTe.eps_r", 10.0, "1", "derived", "Looyenga mixing of eps_s(HgTe) = 20 at packing 0.5",
      "", "static relative permittivity of a HgTe NC film"),
    P("HgTe.mu_n_cm2", 1e-2, "cm^2/Vs", "literature",
      "HgTe NC films 1e-3 to 1 cm^2/Vs, ambipolar (Lhuillier et al., Nano Lett. 16, 1282 "
      "(2016)); the paper's FETs give a ratio of order one for pure HgTe",
      "10.1021/acs.nanolett.5b04616", "electron mobility of a pure HgTe NC film", low=1e-3,
      high=1.0),
    P("HgTe.mu_p_cm2", 1e-2, "cm^2/Vs", "literature", "as HgTe.mu_n_cm2",
      "10.1021/acs.nanolett.5b04616", "hole mobility of a pure HgTe NC film", low=1e-3,
      high=1.0),
    P("HgTe.states_cb", 2.0, "1", "literature", "1Se level with spin (Efros & Rosen 2000)",
      "10.1146/annurev.matsci.30.1.475", "electron states per NC"),
    P("HgTe.states_vb", 4.0, "1", "literature", "fourfold 1S3/2 hole level (Efros & Rosen 2000)",
      "10.1146/annurev.matsci.30.1.475", "hole states per NC"),
    P("HgTe.dos_width_ev", 0.018, "eV", "derived",
      "the PL FWHM (280 nm at 2 um: 87 meV, sigma 37 meV) is the ensemble's gap disorder; "
      "size disorder moves both levels together, so each carries half of it", QU2022,
      "Gaussian width of each transport level"),
    P("HgTe.langevin_prefactor", 3e-2, "1", "fitted",
      "reduced Langevin recombination of disordered and blended films, 1e-4 to 1e-1 (Lakhwani, "
      "Rao, Friend, Annu. Rev. Phys. Chem. 65, 557 (2014))",
      "10.1146/annurev-physchem-040513-103615",
      "reduced-Langevin factor of the HgTe network (also for trap-assisted and interface "
      "recombination, which are Langevin captures too)",
      fitted_to=("turn-on 0.6 V / EL threshold 15 mA/cm^2 at the former, fitted detection floor "
                 "(0.03 W sr^-1 m^-2); at the computed lab floor that fit no longer holds "
                 "(turn-on 0.17 V), the value is kept inside the literature range"),
      low=1e-4, high=1e-1),
    P("HgTe.native_holes_per_nc", 0.5, "1", "fitted",
      "MPA/thiol-capped HgTe NCs of 0.6-0.7 eV gap are weakly p-type (Qu et al. 2022: p-type, "
      "negative TrXPS shift, at >= 50 % HgTe); up to one carrier per NC in self-doped "
      "mercury chalcogenide NCs (Greboval et al., Chem. Rev. 121, 3627 (2021))", QU2022,
      "native holes per HgTe NC (before contact with ZnO)",
      fitted_to="best EQE at 40-60 % HgTe with the film p-type at 50 % and n-type at 25 % HgTe",
      low=0.0, high=1.0),
    P("HgTe.trap_density_cm3", 1e16, "cm^-3", "declared", NC_TRAPS, CAREY2015,
      "density of recombination centres (midgap) of the HgTe network", low=1e15, high=1e17),
)

PBS = (
    P("PbS.diameter_nm", 3.3, "nm", "derived", "Moreels et al. 2009 sizing of the 1.27 eV exciton",
      "10.1021/nn900863a", "PbS NC diameter"),
    P("PbS.electron_affinity_ev", 3.73, "eV", "literature",
      "PbS-EDT films of 1.3 eV dots: CB -3.7 eV (UPS, Chuang et al. 2014)", CHUANG2014,
      "conduction-band edge below vacuum"),
    P("PbS.band_gap_ev", 1.27, "eV", "literature", "exciton at 980 nm (Qu et al. 2022, Methods)",
      QU2022, "transport gap of the PbS NCs"),
    P("PbS.eps_r", 15.0, "1", "literature", "PbS NC film permittivity (Chehaibou et al., "
      "Nanoscale 11, 6479 (2019))", "", "static relative permittivity"),
    P("PbS.mu_n_cm2", 1e-4, "cm^2/Vs", "literature",
      "EDT-PbS films 1e-4 to 1e-2 cm^2/Vs, holes the faster (Chuang et al. 2014)", CHUANG2014,
      "electron mobility", low=1e-5, high=1e-2),
    P("PbS.mu_p_cm2", 1e-3, "cm^2/Vs", "literature", "as PbS.mu_n_cm2", CHUANG2014,
      "hole mobility", low=1e-4, high=1e-2),
    P("PbS.na_cm3", 1e17, "cm^-3", "literature",
      "EDT-PbS is p-type, 1e16-1e17 cm^-3 (Chuang et al. 2014)", CHUANG2014,
      "acceptor density", low=1e16, high=1e17),
    P("PbS.states_per_nc", 8.0, "1", "literature", "fourfold L valley with spin", "",
      "states per NC of each band edge"),
    P("PbS.dos_width_ev", 0.025, "eV", "declared",
      "half the gap disorder of a 980 nm PbS ensemble (exciton FWHM about 120 meV)", "",
      "Gaussian width of each transport level", low=0.015, high=0.05),
    P("PbS.trap_density_cm3", 1e16, "cm^-3", "literature", NC_TRAPS, CAREY2015,
      "density of recombination centres (midgap)", low=1e15, high=1e17),
)

MIXTURE = (
    P("ZnO:HgTe.packing_fraction", 0.5, "1", "literature",
      "NC solids with short ligands: 0.5-0.64 (random close packing)", "",
      "volume fraction of the film filled by NCs", low=0.5, high=0.64),
    P("ZnO:HgTe.critical_volume_fraction", 0.16, "1", "literature",
      "Scher-Zallen invariant: a phase percolates above 0.16 of the total volume", SCHER1970,
      "critical volume fraction of a percolating phase"),
    P("ZnO:HgTe.conductivity_exponent", 2.0, "1", "literature",
      "universal conductivity exponent t of 3D percolation (Stauffer & Aharony 1994)",
      STAUFFER1994, "exponent of the network conductivity above threshold"),
    P("ZnO:HgTe.strength_exponent", 0.41, "1", "literature",
      "exponent beta of the 3D percolation strength (Stauffer & Aharony 1994)", STAUFFER1994,
      "exponent of the share of sites on the spanning cluster"),
    P("ZnO:HgTe.zno_acceptor_level_ev", 0.12, "eV", "fitted",
      "ZnO NCs carry surface electron acceptors (adsorbed oxygen) that take electrons from HgTe "
      "(Qu et al. 2022: electron transfer from HgTe to ZnO, Hg 4f +50 meV); in the HgTe gap, "
      "0-0.3 eV above its valence-band edge", QU2022,
      "energy of the ZnO surface acceptor level above the HgTe valence-band edge",
      fitted_to="p-type at 50 %, n-type at 25 % HgTe (TrXPS sign change)", low=0.0, high=0.3),
    P("ZnO:HgTe.zno_acceptor_states", 1.0, "1", "declared",
      "one surface acceptor state per ZnO NC (adsorbed O2; its number only caps the transfer, "
      "which the charging energies limit first)", QU2022, "acceptor states per ZnO NC"),
    P("ZnO:HgTe.interface_transfer_rate_s", 1e9, "1/s", "declared",
      "electron transfer between a QD and a touching metal-oxide NC (CdSe -> TiO2, ZnO, SnO2) "
      "takes about 1e7-1e11 s^-1 depending on size and driving force (Tvrdy, Frey, Kamat, PNAS "
      "108, 29 (2011)); here the reverse step, a ZnO electron filling a hole of the touching "
      "HgTe NC (about 1 eV downhill). Value: the geometric midpoint 1e9 of that range, not "
      "fitted (tests/parameters/test_composition_optimum.py varies it over the range)",
      "10.1073/pnas.1011972107",
      "rate at which an electron on a ZnO NC recombines with a hole on a touching HgTe NC "
      "(non-radiative heterointerface recombination at the ZnO / emitter interface)",
      low=1e7, high=1e11),
    P("ZnO:HgTe.cross_network_conductance", 1e-3, "1", "declared",
      "hopping of a HgTe carrier past a ZnO NC by tunnelling through it: about exp(-2 d/xi) "
      "for a 5 nm NC and xi about 1 nm", "",
      "conductance of the ZnO phase for HgTe carriers relative to the HgTe network",
      low=1e-5, high=1e-2),
)

FET = (
    P("FET.gate_capacitance_uf_cm2", 3.0, "uF/cm^2", "declared",
      "electrolyte / ion-gel double layers give 1-10 uF/cm^2 (Panzer & Frisbie, Adv. Funct. "
      "Mater. 16, 1051 (2006)); the geometric midpoint", "10.1002/adfm.200600111",
      "gate capacitance per area of the electrolyte-gated FET", low=1.0, high=10.0),
    P("FET.film_thickness_nm", 50.0, "nm", "declared",
      "spin-coated NC FET channels are 20-100 nm thick (the paper does not state it)", QU2022,
      "thickness of the FET's ZnO:HgTe channel film", low=20.0, high=100.0),
)

LED = (
    P("LED.trion_to_biexciton_auger", 0.25, "1", "literature",
      "k_XX = 2 k_X- + 2 k_X+ with symmetric trions (Klimov 2014)",
      "10.1146/annurev-conmatphys-031113-133900",
      "trion Auger rate relative to the biexciton Auger rate"),
    P("Lab.detector_shunt_resistance_ohm", 3e4, "ohm", "literature",
      "Hamamatsu K3413-08 datasheet: extended-InGaAs element (phi 1 mm, 0.9-2.57 um, one-stage "
      "TE-cooled to -10 C), R_sh = 0.03 MOhm typ. at V_R = 10 mV (the paper's detector type: "
      "extended InGaAs, Methods, IR PL)", "",
      "shunt resistance of the EL detector (sets its Johnson-noise NEP)"),
    P("Lab.detector_responsivity_a_w", 0.60, "A/W", "literature",
      "Hamamatsu K3413-08 datasheet: InGaAs element, S = 0.60 A/W typ. at lambda_p = 2.30 um",
      "", "responsivity of the EL detector at 2.0-2.3 um"),
    P("Lab.detector_temperature_k", 263.15, "K", "literature",
      "Hamamatsu K3413-08 datasheet: InGaAs element specified at -10 C (TE-cooled)", "",
      "temperature of the EL detector"),
    P("Lab.lock_in_time_constant_s", 0.1, "s", "declared",
      "not given by the paper (SR830 lock-in, Methods); 100 ms, the SR830's setting after a "
      "reset (SR830 manual, 'Standard settings'); one decade longer lowers the floor sqrt(10)x",
      "", "lock-in output time constant of the radiance measurement"),
    P("Lab.lock_in_slope_db_oct", 12.0, "dB/oct", "declared",
      "not given by the paper; 12 dB/oct, the SR830's setting after a reset (SR830 manual)", "",
      "lock-in output filter roll-off (ENBW = 1 / (8 tau) at 12 dB/oct)"),
    P("Lab.gold_reflectance", 0.989, "1", "derived",
      "normal-incidence |(n - 1)/(n + 1)|^2 of Au n = 0.50 + 13.65i at 2.0 um (Olmon et al., "
      "Phys. Rev. B 86, 235147 (2012))", "10.1103/PhysRevB.86.235147",
      "reflectance of one gold off-axis parabola at the EL wavelength"),
    P("Lab.collection_mirrors", 3.0, "1", "measured",
      "three gold off-axis parabolas (f = 5, 18, 9 cm) between the LED and the chopper focus "
      "(Qu et al. 2022, Methods, IR EL spectroscopy)", QU2022,
      "gold reflections on the collection path"),
    P("Lab.chopper_modulation_factor", 0.4502, "1", "derived",
      "rms of the fundamental of a 0-to-P square wave (50 % chopper) read by a lock-in: "
      "sqrt(2) / pi (the paper chops at 456 Hz and detects with an SR830, Methods)", QU2022,
      "signal a lock-in reads per watt of chopped power"),
)

#: Fitted numbers that live with other models; mirrored here so that the registry lists every
#: fitted parameter (tests/parameters/test_registry.py checks that the two agree).
ELSEWHERE = (
    P("nanocrystal.plqy_ratio_2p3_to_2p0", 0.7, "1", "fitted",
      "ncled.nanocrystal.efficiency.PLQY_RATIO_2P3_TO_2P0 (the energy-gap law gives the rest)",
      QU2022, "PLQY(2.3 um) / PLQY(2.0 um)",
      fitted_to="EQE halving from 2.0 to 2.3 um, after the model's own optical losses"),
    P("film.pl_red_shift_mev", 20.0, "meV", "fitted",
      "reference device files, [film] (of the charging energy's order)", QU2022,
      "red shift of the emitting film's PL from the drop-cast NCs'",
      fitted_to="estimate of the paper's 'slightly red-shifted' EL (Fig. 3a), not measured"),
    P("film.pl_broadening_mev", 30.0, "meV", "fitted",
      "reference device files, [film] (of the charging energy's order)", QU2022,
      "Gaussian broadening of the emitting film's PL",
      fitted_to="estimate of the paper's 'broader' EL (Fig. 3a), not measured"),
    P("ITO.mobility_cm2_vs", 45.0, "cm^2/Vs", "fitted",
      "reference device files (Fujiwara & Kondo, Phys. Rev. B 71, 075109 (2005): 30-50 for "
      "crystalline sputtered ITO)", "10.1103/PhysRevB.71.075109", "ITO electron mobility",
      fitted_to="the paper's 70 % / < 15 % transmission of 35 / 180 nm ITO at 2 um",
      low=30.0, high=50.0),
)

CONTACTS = (
    P("contact.richardson_free_electron", 1.20173e6, "A m^-2 K^-2", "derived",
      "4 pi q m0 k^2 / h^3", "", "Richardson constant of the free electron mass"),
    P("contact.au_work_function_ev", 5.1, "eV", "literature",
      "Michaelson, J. Appl. Phys. 48, 4729 (1977)", "10.1063/1.323539", "Au work function",
      low=5.1, high=5.47),
    P("contact.ito_work_function_ev", 4.7, "eV", "literature",
      "Sugiyama et al., J. Appl. Phys. 87, 295 (2000): 4.3-4.8 eV after cleaning",
      "10.1063/1.371859", "ITO work function", low=4.3, high=4.8),
)

ENTRIES = ZNO + HGTE + PBS + MIXTURE + FET + LED + ELSEWHERE + CONTACTS

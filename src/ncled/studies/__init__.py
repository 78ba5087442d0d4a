"""Design studies over the device model: sweeps, multi-objective optimisation, fits to data.

Parameters are named by paths into the device file (:mod:`ncled.studies.paths`); a study file
(:mod:`ncled.studies.spec`) says which values to compute; :func:`run_study` computes them on Dask
(an extra: ``pip install 'ncled[studies]'``) or a local process pool into a resumable Zarr store,
read back with :func:`open_study`. :func:`~ncled.studies.optimize.optimize_study` searches the
Pareto front with Optuna;
:func:`~ncled.studies.fit.fit_device` fits the model to a measured J-V(-radiance) sweep.
"""

from ncled.studies.paths import apply_parameters, register_rule, valid_paths
from ncled.studies.spec import Study, load_study, study_from_dict
from ncled.studies.sweep import StudyRun, open_study, run_study

__all__ = [
    "Study",
    "StudyRun",
    "apply_parameters",
    "load_study",
    "open_study",
    "register_rule",
    "run_study",
    "study_from_dict",
    "valid_paths",
]

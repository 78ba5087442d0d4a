"""Parameter specifications of XPS fit models: start values, fixed values and constraint
expressions between components, parsed safely (no ``eval``).

A specification is

* a number: a free parameter starting there (``100.4``);
* ``"=84.0"`` or ``"84.0 fixed"``: fixed;
* an expression, linear in other parameters, as in CasaXPS: ``"A + 0.58"`` (the same parameter
  of component A plus 0.58), ``"A * 0.5"``, ``"A.fwhm"``, ``"0.5 * (A.area + B.area)"``,
  ``"HgTe.center - 0.3"``.

Expressions are read with :mod:`ast` and only numbers, component names, ``name.parameter``,
``+ - * /`` and parentheses are accepted; a product or quotient must have a constant on one side
(the model stays linear, so every parameter is ``M theta + c`` in the free parameters and its
covariance is ``M cov M^T``).

References
----------
N. Fairley et al., Appl. Surf. Sci. Adv. 5, 100112 (2021), doi:10.1016/j.apsadv.2021.100112
(CasaXPS constraints).
"""

from __future__ import annotations

import ast
import re

from ncled.errors import ConfigError

_NUM = r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?"
FIXED = re.compile(rf"^\s*(?:=\s*({_NUM})|({_NUM})\s+fixed)\s*$")

#: A linear form: ({(component, parameter): coefficient}, constant).
Linear = tuple[dict[tuple[str, str], float], float]


def _scale(form: Linear, f: float) -> Linear:
    return {k: v * f for k, v in form[0].items()}, form[1] * f


def _add(a: Linear, b: Linear, sign: float = 1.0) -> Linear:
    out = dict(a[0])
    for k, v in b[0].items():
        out[k] = out.get(k, 0.0) + sign * v
    return out, a[1] + sign * b[1]


def parse_linear(text: str, own_parameter: str, components: list[str]) -> Linear:
    """Parse a constraint expression into a linear form of other parameters.

    Parameters
    ----------
    text : str
        The expression (``"A + 0.58"``, ``"0.5 * B.area"``).
    own_parameter : str
        The parameter being constrained: a bare component name refers to this parameter of it.
    components : list of str
        Known component names (names with characters outside Python identifiers, such as
        ``Hg-Te``, are accepted as written).

    Raises
    ------
    ConfigError
        For anything but numbers, names, ``name.parameter``, ``+ - * /`` and parentheses, for a
        product or quotient of two parameters, a division by zero and unknown components.
    """
    alias = {}
    src = text
    for i, name in enumerate(sorted(components, key=len, reverse=True)):
        if not name.isidentifier() and name in src:
            alias[f"_c{i}_"] = name
            src = src.replace(name, f"_c{i}_")
    try:
        tree = ast.parse(src.strip(), mode="eval")
    except SyntaxError:
        raise ConfigError(f"cannot read {text!r}; give a number, '=value' (fixed) or a linear "
                          "expression such as 'A + 0.58', 'A * 0.5' or 'A.fwhm'") from None

    def comp(name: str) -> str:
        name = alias.get(name, name)
        if name not in components:
            raise ConfigError(f"{text!r} refers to unknown component {name!r}; components: "
                              f"{components}")
        return name

    def walk(node) -> Linear:
        if isinstance(node, ast.Expression):
            return walk(node.body)
        if isinstance(node, ast.Constant) and isinstance(node.value, int | float) \
                and not isinstance(node.value, bool):
            return {}, float(node.value)
        if isinstance(node, ast.Name):
            return {(comp(node.id), own_parameter): 1.0}, 0.0
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
            return {(comp(node.value.id), node.attr): 1.0}, 0.0
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub | ast.UAdd):
            return _scale(walk(node.operand), -1.0 if isinstance(node.op, ast.USub) else 1.0)
        if isinstance(node, ast.BinOp):
            a, b = walk(node.left), walk(node.right)
            if isinstance(node.op, ast.Add | ast.Sub):
                return _add(a, b, 1.0 if isinstance(node.op, ast.Add) else -1.0)
            if isinstance(node.op, ast.Mult):
                if a[0] and b[0]:
                    raise ConfigError(f"{text!r}: a product of two parameters is not a linear "
                                      "constraint; multiply by a number")
                return _scale(b, a[1]) if not a[0] else _scale(a, b[1])
            if isinstance(node.op, ast.Div):
                if b[0]:
                    raise ConfigError(f"{text!r}: divide by a number, not by a parameter")
                if b[1] == 0:
                    raise ConfigError(f"{text!r} divides by zero")
                return _scale(a, 1.0 / b[1])
        raise ConfigError(f"{text!r}: only numbers, component names, name.parameter, + - * / "
                          "and parentheses are allowed in a constraint")

    return walk(tree)


def read_spec(spec, own_parameter: str, components: list[str]) -> tuple[str, float, Linear]:
    """Classify a specification: ``("free", start, {})``, ``("fixed", value, {})`` or
    ``("linked", nan, linear form)``; raises :class:`~ncled.errors.ConfigError` if unreadable."""
    if isinstance(spec, bool):
        raise ConfigError(f"cannot read {spec!r}; give a number")
    if isinstance(spec, int | float):
        return "free", float(spec), ({}, 0.0)
    text = str(spec)
    if (m := FIXED.match(text)) is not None:
        return "fixed", float(m.group(1) or m.group(2)), ({}, 0.0)
    try:
        return "free", float(text), ({}, 0.0)
    except ValueError:
        pass
    form = parse_linear(text, own_parameter, components)
    if not form[0]:
        raise ConfigError(f"cannot read {text!r}: an expression without a parameter is a "
                          "constant; write '=value' to fix it")
    return "linked", float("nan"), form


def find_loops(links: dict[int, list[int]], label) -> list[str]:
    """Cycles in the dependency graph ``links`` (parameter index -> indices it depends on),
    each as a ``"a -> b -> a"`` string made with ``label(index)``."""
    state: dict[int, int] = {}
    loops: list[str] = []

    def visit(i: int, path: list[int]) -> None:
        state[i] = 1
        for j in links.get(i, []):
            if state.get(j) == 1:
                cyc = [*path[path.index(j):], j]
                loops.append(" -> ".join(label(k) for k in cyc))
            elif j not in state:
                visit(j, [*path, j])
        state[i] = 2

    for i in links:
        if i not in state:
            visit(i, [i])
    return loops

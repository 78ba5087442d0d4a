"""``ncled designer``: bad files exit 2 before serving; a public address warns and caps solves."""

from __future__ import annotations

import pytest

pytest.importorskip("panel", reason="the designer extra is not installed: pip install "
                    "'ncled[designer]'")

from ncled.cli.main import main
from ncled.designer import server


class _FakeLoop:
    def add_callback_from_signal(self, fn):
        fn()

    def start(self):
        pass

    def stop(self):
        pass


class _FakeServer:
    port = 5006
    io_loop = _FakeLoop()

    def start(self):
        pass

    def stop(self):
        pass


@pytest.fixture
def no_server(monkeypatch):
    """Replace Panel's server and the solver pool: nothing binds, nothing spawns."""
    import panel as pn

    calls = {}

    def fake_serve(apps, **kw):
        calls.update(kw)
        return _FakeServer()

    class _Pool:
        def shutdown(self):
            pass

    def fake_pool(n, processes=True):
        calls["max_solves"] = n
        return _Pool()

    monkeypatch.setattr(pn, "serve", fake_serve)
    monkeypatch.setattr(server, "configure_pool", fake_pool)
    return calls


def test_missing_device_file_exits_2_before_serving(no_server, capsys):
    assert main(["designer", "no-such-device.toml"]) == 2
    assert "no such device file" in capsys.readouterr().err
    assert not no_server  # never served


def test_invalid_device_file_exits_2_naming_the_field(no_server, tmp_path, capsys):
    bad = tmp_path / "bad.toml"
    bad.write_text("[[layers]]\nname = 'a'\nmaterial = 'ZnO-NC-film'\nthickness = '-3 nm'\n")
    assert main(["designer", str(bad)]) == 2
    err = capsys.readouterr().err
    assert "layers[0].thickness" in err and "must be positive" in err


def test_localhost_by_default_without_warning(no_server, capsys):
    assert main(["designer", "--port", "5123"]) == 0
    out = capsys.readouterr()
    assert no_server["address"] == "127.0.0.1"
    assert no_server["port"] == 5123
    assert no_server["allow_websocket_origin"] == ["127.0.0.1:5123", "localhost:5123"]
    assert "warning" not in out.err


def test_public_host_warns_and_caps_the_solves(no_server, capsys):
    assert main(["designer", "--host", "0.0.0.0"]) == 0
    err = capsys.readouterr().err
    assert "anyone who can reach this machine" in err
    assert no_server["address"] == "0.0.0.0"
    assert no_server["max_solves"] == 2


def test_bad_max_solves_exits_2(no_server, capsys):
    assert main(["designer", "--max-solves", "0"]) == 2
    assert "--max-solves" in capsys.readouterr().err

"""Loading plugins: modules that offer profiles of rules (see :func:`gdprkit.rules.profiles_in`).

A plugin is named by a dotted module name importable from the Python path
(``acme_rules``) or by the path of a ``.py`` file (``rules/acme.py``).  The
command line's ``--plugin``, the ``plugins`` of the configuration file and
:func:`gdprkit.validate_files` all go through :func:`load_plugins`.
"""

from __future__ import annotations

import importlib
import importlib.util
import os
import sys
from collections.abc import Iterable
from pathlib import Path
from types import ModuleType

from gdprkit.rules import Profile, profiles_in


__all__ = ["PluginError", "is_plugin_file", "load_plugins", "plugin_profiles"]


class PluginError(Exception):
    """A plugin could not be imported; the message names it and says why."""


def is_plugin_file(plugin: str) -> bool:
    """Whether *plugin* names a ``.py`` file rather than a module."""
    return plugin.endswith(".py") or "/" in plugin or os.sep in plugin


def load_plugins(plugins: Iterable[str]) -> tuple[ModuleType, ...]:
    """Import the plugins, in order, and return their modules.  Idempotent: a
    plugin already imported is not imported again.

    Raises:
        PluginError: when a plugin cannot be imported.
    """
    modules: list[ModuleType] = []
    for plugin in plugins:
        try:
            if is_plugin_file(plugin):
                modules.append(_load_file(Path(plugin)))
            else:
                modules.append(importlib.import_module(plugin))
        except PluginError:
            raise
        except Exception as error:  # noqa: BLE001 - any failure of user code is reported
            msg = f"cannot load plugin {plugin}: {type(error).__name__}: {error}"
            raise PluginError(msg) from None
    return tuple(modules)


def plugin_profiles(plugins: Iterable[str]) -> tuple[Profile, ...]:
    """The profiles the plugins offer (see :func:`gdprkit.rules.profiles_in`).

    Raises:
        PluginError: when a plugin cannot be imported.
    """
    return tuple(p for module in load_plugins(plugins) for p in profiles_in(module))


def _load_file(path: Path) -> ModuleType:
    if not path.is_file():
        msg = f"cannot load plugin {path}: no such file"
        raise PluginError(msg)
    resolved = path.resolve()
    name = f"_gdprkit_plugin_{resolved.stem}_{abs(hash(str(resolved))):x}"
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, resolved)
    if spec is None or spec.loader is None:  # pragma: no cover - a .py path always has a loader
        msg = f"cannot load plugin {path}"
        raise PluginError(msg)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    try:
        spec.loader.exec_module(module)
    except BaseException:
        del sys.modules[name]
        raise
    return module

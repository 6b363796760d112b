"""One module per category; importing this package registers every check.

A module that fails to import does not take the others down: its error is kept in
``IMPORT_ERRORS`` and every report lists it among its errors.
"""

import importlib
import pkgutil

IMPORT_ERRORS: dict[str, str] = {}

for _module in sorted(m.name for m in pkgutil.iter_modules(__path__)):
    try:
        importlib.import_module(f"{__name__}.{_module}")
    except Exception as _error:  # noqa: BLE001
        IMPORT_ERRORS[_module] = f"{type(_error).__name__}: {_error}"

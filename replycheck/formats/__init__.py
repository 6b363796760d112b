"""One renderer per output format: ``text`` (terminal), ``json`` (``to_dict``), ``html``.

Renderers turn a ``Report`` (or batch results) into a string; they do no checking.
"""

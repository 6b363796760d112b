"""``python -m replycheck.engines.languagetool install|status|start``."""

from __future__ import annotations

import sys

from replycheck.config import Config
from replycheck.engines.languagetool import (
    LT_VERSION,
    LanguageToolEngine,
    LanguageToolError,
    cache_dir,
    install,
    installed,
    modules,
)

USAGE = "usage: python -m replycheck.engines.languagetool [install|status|start]"


def main(argv: list[str] | None = None) -> int:
    """Install LanguageTool, print whether it is installed, or start it once as a smoke test."""
    args = list(sys.argv[1:] if argv is None else argv)
    command = args[0] if args else "install"
    try:
        if command == "install":
            install()
            return 0
        if command == "status":
            print(f"version={LT_VERSION} installed={installed()} cache={cache_dir()} modules={','.join(modules())}")
            return 0 if installed() else 1
        if command == "start":  # start once, check a sentence, stop
            with LanguageToolEngine(Config(languagetool="auto")) as engine:
                engine.start()
                print(f"LanguageTool ready at {engine.url} in {engine.startup_seconds:.1f} s")
                for match in engine.check("Det här är en tesst.", "sv"):
                    print(f"  {match.rule_id}: {match.message}")
            return 0
    except LanguageToolError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    print(USAGE, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main())

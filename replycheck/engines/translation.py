"""Opt-in machine translation through deep-translator, behind one small interface.

Agents often do not read the customer's language. ``Translator`` offers "translate this
text into my language" through one of three providers:

* ``libretranslate`` (the default): a LibreTranslate server at a URL you give, typically
  self-hosted (``http://127.0.0.1:5000/``), so the text never leaves your network;
* ``deepl``: DeepL's API with your key;
* ``google``: deep-translator's Google backend, which scrapes an unofficial endpoint and can
  fail unpredictably (too many requests, stalls). Use it only as a last resort.

Nothing is sent anywhere unless ``TranslationSettings(enabled=True)`` and the provider is
configured (a URL for LibreTranslate, a key for DeepL). Every request has a timeout;
translations are cached per (provider, languages, text). Every failure (timeout, rate limit,
missing or refused key, unreachable server, unsupported language) raises
``TranslationError`` with a message an agent can act on; nothing else escapes.

deep-translator is imported only here. Two of its quirks are handled here too: its requests
carry no timeout (we give every one of them one), and its LibreTranslate and DeepL language
lists are years old (no Swedish, Norwegian, Danish, Finnish or Dutch for LibreTranslate), so
language codes are passed to the service as given and the service decides.
"""

from __future__ import annotations

import contextvars
import os
import threading
from collections import OrderedDict
from dataclasses import dataclass, replace

import requests

from replycheck.errors import EngineError

PROVIDERS: tuple[str, ...] = ("libretranslate", "deepl", "google")
PROVIDER_LABELS = {
    "libretranslate": "LibreTranslate (self-hosted URL)",
    "deepl": "DeepL (API key)",
    "google": "Google Translate (unofficial, may fail)",
}
DEFAULT_PROVIDER = "libretranslate"
DEFAULT_LIBRETRANSLATE_URL = "http://127.0.0.1:5000/"
DEEPL_FREE_URL = "https://api-free.deepl.com/v2/"
DEEPL_PRO_URL = "https://api.deepl.com/v2/"
GOOGLE_URL = "https://translate.google.com/m"
DEFAULT_TIMEOUT = 10.0
MAX_CHARS = 5000  # Google's limit in deep-translator; also a sane size for one e-mail

# Provider-specific spellings of our ISO 639-1 codes (provider API quirks, not language data).
_PROVIDER_CODES = {
    "google": {"nb": "no", "nn": "no"},
    "deepl": {"nn": "nb", "en": "EN-GB", "pt": "PT-PT"},
    "libretranslate": {"nn": "nb"},
}

ERROR_KINDS = (
    "disabled",
    "not-configured",
    "timeout",
    "rate-limit",
    "auth",
    "unavailable",
    "unsupported-language",
    "too-long",
    "failed",
)


class TranslationError(EngineError):
    """A translation could not be made; ``kind`` is one of ``ERROR_KINDS``."""

    def __init__(self, kind: str, message: str) -> None:
        self.kind = kind
        super().__init__(message)


@dataclass(frozen=True, slots=True)
class TranslationSettings:
    """Which service to use, and whether translation is allowed at all (off by default).

    ``url``: the LibreTranslate server (required for ``libretranslate``), or a DeepL API
    base URL (optional; the free API by default, the pro API for keys without ``:fx``).
    ``api_key``: DeepL's key (required), or a LibreTranslate key if the server wants one.
    """

    enabled: bool = False
    provider: str = DEFAULT_PROVIDER
    url: str = DEFAULT_LIBRETRANSLATE_URL
    api_key: str = ""
    timeout: float = DEFAULT_TIMEOUT

    def __post_init__(self) -> None:
        if self.provider not in PROVIDERS:
            raise TranslationError(
                "not-configured", f"unknown translation provider {self.provider!r}; choose from {list(PROVIDERS)}"
            )
        if not self.timeout or self.timeout <= 0:
            raise TranslationError("not-configured", "the translation timeout must be a positive number of seconds")

    @classmethod
    def from_env(cls, **overrides) -> "TranslationSettings":
        """Defaults, then ``REPLYCHECK_TRANSLATE_*`` variables, then ``overrides``.

        ``REPLYCHECK_TRANSLATE_PROVIDER``, ``REPLYCHECK_TRANSLATE_URL``,
        ``REPLYCHECK_TRANSLATE_KEY`` (or ``DEEPL_API_KEY`` for DeepL), ``REPLYCHECK_TRANSLATE_TIMEOUT``.
        The environment never switches translation on; only ``enabled=True`` does.
        """
        values: dict = {}
        provider = os.environ.get("REPLYCHECK_TRANSLATE_PROVIDER")
        if provider:
            values["provider"] = provider.strip().lower()
        url = os.environ.get("REPLYCHECK_TRANSLATE_URL")
        if url:
            values["url"] = url.strip()
        key = os.environ.get("REPLYCHECK_TRANSLATE_KEY")
        if not key and values.get("provider", overrides.get("provider")) == "deepl":
            key = os.environ.get("DEEPL_API_KEY")  # never offered to another service
        if key:
            values["api_key"] = key.strip()
        timeout = os.environ.get("REPLYCHECK_TRANSLATE_TIMEOUT")
        if timeout:
            try:
                values["timeout"] = float(timeout)
            except ValueError:
                raise TranslationError(
                    "not-configured", f"REPLYCHECK_TRANSLATE_TIMEOUT must be seconds, not {timeout!r}"
                ) from None
        values.update(overrides)
        return cls(**values)

    def with_(self, **changes) -> "TranslationSettings":
        return replace(self, **changes)

    @property
    def endpoint(self) -> str:
        """The base URL that text will be sent to."""
        if self.provider == "libretranslate":
            return _with_slash(self.url.strip())
        if self.provider == "deepl":
            if self.url.strip() and self.url.strip() != DEFAULT_LIBRETRANSLATE_URL:
                return _with_slash(self.url.strip())
            return DEEPL_FREE_URL if self.api_key.strip().endswith(":fx") else DEEPL_PRO_URL
        return GOOGLE_URL

    def destination(self) -> str:
        """Plain words naming where the text goes, for the page's notice."""
        if self.provider == "libretranslate":
            return f"the LibreTranslate server at {self.endpoint}"
        if self.provider == "deepl":
            return f"DeepL ({self.endpoint})"
        return f"Google Translate ({GOOGLE_URL}), an unofficial endpoint"

    def problem(self) -> str | None:
        """Why these settings cannot translate yet (``None`` when they can)."""
        if self.provider == "libretranslate" and not self.url.strip():
            return "LibreTranslate needs the URL of a server (for example http://127.0.0.1:5000/)"
        if self.provider == "libretranslate" and not self.url.strip().startswith(("http://", "https://")):
            return f"the LibreTranslate URL must start with http:// or https://, not {self.url.strip()!r}"
        if self.provider == "deepl" and not self.api_key.strip():
            return "DeepL needs an API key (settings, or the DEEPL_API_KEY environment variable)"
        return None


@dataclass(frozen=True, slots=True)
class Translation:
    """A translated text, and where it came from."""

    text: str
    source: str
    target: str
    provider: str
    cached: bool = False


# -- timeouts: deep-translator calls requests.get/post without one -------------------------
_timeout: contextvars.ContextVar[float] = contextvars.ContextVar("replycheck_translate_timeout", default=DEFAULT_TIMEOUT)
_last_status: contextvars.ContextVar[int | None] = contextvars.ContextVar("replycheck_translate_status", default=None)


class _TimedRequests:
    """Stands in for the ``requests`` module inside deep-translator: every call gets a timeout
    and the last HTTP status is remembered so errors can say what the service answered."""

    def __getattr__(self, name):
        return getattr(requests, name)

    def _call(self, method, *args, **kwargs):
        kwargs.setdefault("timeout", _timeout.get())
        response = method(*args, **kwargs)
        _last_status.set(response.status_code)
        return response

    def get(self, *args, **kwargs):
        return self._call(requests.get, *args, **kwargs)

    def post(self, *args, **kwargs):
        return self._call(requests.post, *args, **kwargs)


_TIMED = _TimedRequests()
_installed = False
_install_lock = threading.Lock()


def _backends():
    """Import deep-translator's backends (once) with timed requests."""
    global _installed
    from deep_translator import deepl, google, libre

    with _install_lock:
        if not _installed:
            for module in (deepl, google, libre):
                module.requests = _TIMED
            _installed = True
    return libre.LibreTranslator, deepl.DeeplTranslator, google.GoogleTranslator


class Translator:
    """Translate texts with the configured provider; cached, time-limited, never crashing.

    >>> t = Translator(TranslationSettings(enabled=True, url="http://127.0.0.1:5000/"))
    >>> t.translate("Hej, var är mitt paket?", target="en", source="sv").text  # doctest: +SKIP
    'Hi, where is my package?'
    """

    def __init__(self, settings: TranslationSettings | None = None, cache_size: int = 512) -> None:
        self.settings = settings or TranslationSettings()
        self._cache: OrderedDict[tuple, str] = OrderedDict()
        self._cache_size = cache_size
        self._lock = threading.Lock()

    def translate(self, text: str, target: str, source: str | None = None) -> Translation:
        """Translate ``text`` into ``target`` (ISO 639-1); ``source`` ``None``/"unknown" = auto."""
        settings = self.settings
        if not settings.enabled:
            raise TranslationError("disabled", "translation is switched off; enable it in the settings first")
        problem = settings.problem()
        if problem:
            raise TranslationError("not-configured", problem)
        if not isinstance(text, str):
            raise TranslationError("failed", f"only text can be translated, not {type(text).__name__}")
        if not text.strip():
            return Translation(text, source or "auto", target, settings.provider)
        if len(text) > MAX_CHARS:
            raise TranslationError(
                "too-long", f"the text is {len(text):,} characters; translate at most {MAX_CHARS:,} at a time"
            )
        if not target or target == "unknown":
            raise TranslationError("unsupported-language", "choose the language to translate into")
        src = source if source and source != "unknown" else "auto"
        if src == target:
            return Translation(text, src, target, settings.provider)
        key = (settings.provider, settings.endpoint, src, target, text)
        with self._lock:
            if key in self._cache:
                self._cache.move_to_end(key)
                return Translation(self._cache[key], src, target, settings.provider, cached=True)
        translated = self._call(text, src, target)
        with self._lock:
            self._cache[key] = translated
            while len(self._cache) > self._cache_size:
                self._cache.popitem(last=False)
        return Translation(translated, src, target, settings.provider)

    def clear_cache(self) -> None:
        with self._lock:
            self._cache.clear()

    # -- the one place deep-translator is called ------------------------------------------
    def _call(self, text: str, source: str, target: str) -> str:
        settings = self.settings
        where = settings.destination()
        token = _timeout.set(float(settings.timeout))
        status_token = _last_status.set(None)
        try:
            client = self._client(source, target)
            result = client.translate(text)
        except TranslationError:
            raise
        except requests.exceptions.Timeout:
            raise TranslationError(
                "timeout", f"{where} did not answer within {settings.timeout:g} s; try again later"
            ) from None
        except requests.exceptions.JSONDecodeError:
            raise TranslationError("failed", f"{where} gave an answer that is not a translation") from None
        except requests.exceptions.ConnectionError:
            raise TranslationError("unavailable", f"could not reach {where}; is it running?") from None
        except requests.exceptions.RequestException as error:
            raise TranslationError("unavailable", f"{where} failed: {type(error).__name__}") from None
        except ValueError as error:  # a non-JSON answer (json errors are ValueErrors)
            raise TranslationError("failed", f"{where} gave an answer that is not a translation ({error})") from None
        except Exception as error:  # noqa: BLE001  deep-translator raises plain Exceptions
            raise self._explain(error, where, _last_status.get()) from None
        finally:
            _timeout.reset(token)
            _last_status.reset(status_token)
        if not isinstance(result, str):
            raise TranslationError("failed", f"{where} returned no translation")
        return result

    def _client(self, source: str, target: str):
        LibreTranslator, DeeplTranslator, GoogleTranslator = _backends()
        settings = self.settings
        codes = _PROVIDER_CODES.get(settings.provider, {})
        src = codes.get(source, source) if source != "auto" else "auto"
        tgt = codes.get(target, target)
        if settings.provider == "libretranslate":
            # deep-translator insists on a key even for keyless self-hosted servers.
            client = LibreTranslator(source="auto", target="en", api_key=settings.api_key or "-", custom_url=settings.endpoint)
            client.api_key = settings.api_key
        elif settings.provider == "deepl":
            if src == "auto":
                raise TranslationError(
                    "unsupported-language", "DeepL needs the source language; it could not be detected"
                )
            client = DeeplTranslator(source="en", target="de", api_key=settings.api_key)
            client._base_url = settings.endpoint
            src = src.split("-")[0].upper()
            tgt = tgt.upper()
        else:
            client = GoogleTranslator(source="auto", target="en")
        # Their built-in language lists are stale; pass codes through and let the service decide.
        client._source, client._target = src, tgt
        return client

    def _explain(self, error: Exception, where: str, status: int | None) -> TranslationError:
        name = type(error).__name__
        text = str(error)
        if name == "ApiKeyException":
            return TranslationError("not-configured", f"{where} needs an API key")
        if status in (401, 403) or name == "AuthorizationException":
            return TranslationError("auth", f"{where} refused the API key (HTTP {status or 403}); check it")
        if status == 429 or name == "TooManyRequests" or "TOO_MANY_REQUESTS" in text:
            return TranslationError("rate-limit", f"{where} says too many requests; wait a minute and try again")
        if status == 456:
            return TranslationError("rate-limit", f"{where} says the translation quota is used up")
        if name in ("LanguageNotSupportedException", "InvalidSourceOrTargetLanguage") or status == 400:
            return TranslationError(
                "unsupported-language", f"{where} cannot translate between these languages (HTTP {status or 400})"
            )
        if name in ("NotValidPayload", "NotValidLength") or status == 413:
            return TranslationError("too-long", f"{where} refused the text as too long or invalid")
        if status is not None and status >= 500:
            return TranslationError("unavailable", f"{where} had an internal error (HTTP {status}); try again later")
        if name == "TranslationNotFound":
            return TranslationError("failed", f"{where} returned no translation")
        detail = f"HTTP {status}" if status else name
        return TranslationError("failed", f"{where} failed ({detail})")


def _with_slash(url: str) -> str:
    return url if not url or url.endswith("/") else url + "/"

"""The real deep-translator clients against a local server that speaks LibreTranslate's
(and DeepL's) HTTP API, on 127.0.0.1 only. Nothing here touches the public internet."""

from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

import pytest

from replycheck.engines.translation import (
    TranslationError,
    TranslationSettings,
    Translator,
)

# What the fake service "knows": a real answer for a real question.
PHRASES = {
    ("sv", "en"): {"Hej! Var är mitt paket?": "Hi! Where is my package?"},
    ("nb", "en"): {"Hvor er pakken min?": "Where is my package?"},
    ("de", "en"): {"Wo ist mein Paket?": "Where is my package?"},
}


class FakeService:
    """A LibreTranslate/DeepL look-alike whose behaviour each test sets."""

    def __init__(self) -> None:
        self.mode = "ok"
        self.requests: list[dict] = []
        self.delay = 0.0
        handler = self._handler()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.server.daemon_threads = True
        self.server.handle_error = lambda request, address: None  # a client that timed out hung up
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/"

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def _handler(self):
        service = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):  # keep test output quiet
                pass

            def _params(self) -> dict:
                query = parse_qs(urlparse(self.path).query)
                length = int(self.headers.get("Content-Length") or 0)
                if length:
                    body = self.rfile.read(length).decode("utf-8")
                    if self.headers.get("Content-Type", "").startswith("application/json"):
                        query.update({k: [v] for k, v in json.loads(body).items()})
                    else:
                        query.update(parse_qs(body))
                return {k: v[0] for k, v in query.items()}

            def _send(self, status: int, payload, content_type="application/json") -> None:
                body = payload if isinstance(payload, bytes) else json.dumps(payload).encode("utf-8")
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def _answer(self) -> None:
                params = self._params()
                path = urlparse(self.path).path
                service.requests.append({"path": path, **params})
                if service.delay:
                    time.sleep(service.delay)
                mode = service.mode
                if mode == "429":
                    return self._send(429, {"error": "Slowdown: 1 per 1 second"})
                if mode == "403":
                    return self._send(403, {"error": "Invalid API key"})
                if mode == "500":
                    return self._send(500, {"error": "boom"})
                if mode == "garbage":
                    return self._send(200, b"<html>not an API</html>", "text/html")
                if path.endswith("/translate") and "q" in params:  # LibreTranslate
                    source, target = params.get("source"), params.get("target")
                    known = PHRASES.get((source, target), {})
                    if params["q"] not in known:
                        return self._send(400, {"error": f"{source}->{target} not available"})
                    return self._send(200, {"translatedText": known[params["q"]]})
                if path.endswith("/translate") and "text" in params:  # DeepL v2
                    if params.get("auth_key") != "good:fx":
                        return self._send(403, {"message": "Wrong key"})
                    source, target = params["source_lang"].lower(), params["target_lang"].lower()
                    known = PHRASES.get((source, target.split("-")[0]), {})
                    if params["text"] not in known:
                        return self._send(400, {"message": "Value for 'target_lang' not supported."})
                    return self._send(200, {"translations": [{"detected_source_language": source.upper(), "text": known[params["text"]]}]})
                return self._send(404, {"error": "Not Found"})

            do_POST = _answer
            do_GET = _answer

        return Handler


@pytest.fixture()
def service():
    fake = FakeService()
    yield fake
    fake.close()


def libre(service, **changes) -> Translator:
    settings = TranslationSettings(enabled=True, provider="libretranslate", url=service.url, timeout=2.0)
    return Translator(settings.with_(**changes))


def test_libretranslate_translates_swedish_through_the_real_client(service):
    result = libre(service).translate("Hej! Var är mitt paket?", target="en", source="sv")
    assert result.text == "Hi! Where is my package?"
    assert (result.source, result.target, result.provider, result.cached) == ("sv", "en", "libretranslate", False)
    sent = service.requests[-1]
    assert sent["path"] == "/translate"
    assert (sent["source"], sent["target"], sent["q"]) == ("sv", "en", "Hej! Var är mitt paket?")
    assert "api_key" not in sent  # a keyless self-hosted server gets no key


def test_norwegian_codes_are_passed_to_the_service_as_it_spells_them(service):
    translator = libre(service)
    assert translator.translate("Hvor er pakken min?", target="en", source="nn").text == "Where is my package?"
    assert service.requests[-1]["source"] == "nb"


def test_a_configured_key_is_sent_to_libretranslate(service):
    libre(service, api_key="secret").translate("Wo ist mein Paket?", target="en", source="de")
    assert service.requests[-1]["api_key"] == "secret"


def test_translations_are_cached_per_text(service):
    translator = libre(service)
    first = translator.translate("Wo ist mein Paket?", target="en", source="de")
    second = translator.translate("Wo ist mein Paket?", target="en", source="de")
    assert first.text == second.text == "Where is my package?"
    assert second.cached and not first.cached
    assert len(service.requests) == 1
    translator.translate("Hej! Var är mitt paket?", target="en", source="sv")
    assert len(service.requests) == 2
    translator.clear_cache()
    translator.translate("Wo ist mein Paket?", target="en", source="de")
    assert len(service.requests) == 3


def test_a_slow_service_times_out_with_a_clear_message(service):
    service.delay = 3.0
    started = time.monotonic()
    with pytest.raises(TranslationError) as caught:
        libre(service, timeout=0.5).translate("Wo ist mein Paket?", target="en", source="de")
    assert time.monotonic() - started < 2.5
    assert caught.value.kind == "timeout"
    assert "did not answer within 0.5 s" in str(caught.value)
    assert service.url in str(caught.value)


def test_rate_limit_is_explained(service):
    service.mode = "429"
    with pytest.raises(TranslationError) as caught:
        libre(service).translate("Wo ist mein Paket?", target="en", source="de")
    assert caught.value.kind == "rate-limit"
    assert "too many requests" in str(caught.value)


def test_refused_key_is_explained(service):
    service.mode = "403"
    with pytest.raises(TranslationError) as caught:
        libre(service, api_key="wrong").translate("Wo ist mein Paket?", target="en", source="de")
    assert caught.value.kind == "auth"
    assert "refused the API key" in str(caught.value)


def test_server_error_and_garbage_answers_are_explained(service):
    service.mode = "500"
    with pytest.raises(TranslationError) as caught:
        libre(service).translate("Wo ist mein Paket?", target="en", source="de")
    assert caught.value.kind == "unavailable" and "HTTP 500" in str(caught.value)
    service.mode = "garbage"
    with pytest.raises(TranslationError) as caught:
        libre(service).translate("Wo ist mein Paket?", target="en", source="de")
    assert caught.value.kind == "failed"


def test_unsupported_pair_is_explained(service):
    with pytest.raises(TranslationError) as caught:
        libre(service).translate("Wo ist mein Paket?", target="fi", source="de")
    assert caught.value.kind == "unsupported-language"


def test_an_unreachable_server_is_explained():
    # A port that was free a moment ago: nothing listens there.
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    translator = Translator(TranslationSettings(enabled=True, url=f"http://127.0.0.1:{port}", timeout=2.0))
    with pytest.raises(TranslationError) as caught:
        translator.translate("Wo ist mein Paket?", target="en", source="de")
    assert caught.value.kind == "unavailable"
    assert f"127.0.0.1:{port}/" in str(caught.value)


def test_nothing_is_sent_while_translation_is_off(service):
    translator = Translator(TranslationSettings(enabled=False, url=service.url))
    with pytest.raises(TranslationError) as caught:
        translator.translate("Wo ist mein Paket?", target="en", source="de")
    assert caught.value.kind == "disabled"
    assert service.requests == []


def test_the_default_settings_are_off_and_prefer_libretranslate():
    settings = TranslationSettings()
    assert settings.enabled is False
    assert settings.provider == "libretranslate"
    assert "127.0.0.1" in settings.endpoint


def test_deepl_without_a_key_is_explained_before_anything_is_sent(service):
    translator = Translator(TranslationSettings(enabled=True, provider="deepl", url=service.url))
    with pytest.raises(TranslationError) as caught:
        translator.translate("Wo ist mein Paket?", target="en", source="de")
    assert caught.value.kind == "not-configured"
    assert "DeepL needs an API key" in str(caught.value)
    assert service.requests == []


def test_deepl_client_against_a_local_deepl_look_alike(service):
    settings = TranslationSettings(enabled=True, provider="deepl", url=service.url, api_key="good:fx", timeout=2.0)
    result = Translator(settings).translate("Wo ist mein Paket?", target="en", source="de")
    assert result.text == "Where is my package?"
    sent = service.requests[-1]
    assert (sent["source_lang"], sent["target_lang"]) == ("DE", "EN-GB")
    bad = Translator(settings.with_(api_key="bad"))
    with pytest.raises(TranslationError) as caught:
        bad.translate("Wo ist mein Paket?", target="en", source="de")
    assert caught.value.kind == "auth"


def test_deepl_needs_a_known_source_language(service):
    settings = TranslationSettings(enabled=True, provider="deepl", url=service.url, api_key="good:fx")
    with pytest.raises(TranslationError) as caught:
        Translator(settings).translate("Wo ist mein Paket?", target="en", source="unknown")
    assert caught.value.kind == "unsupported-language"
    assert service.requests == []


def test_settings_name_where_the_text_goes():
    assert "LibreTranslate server at http://10.0.0.5:5000/" in TranslationSettings(url="http://10.0.0.5:5000").destination()
    assert "api-free.deepl.com" in TranslationSettings(provider="deepl", api_key="k:fx").destination()
    assert "api.deepl.com" in TranslationSettings(provider="deepl", api_key="k").destination()
    assert "unofficial" in TranslationSettings(provider="google").destination()
    assert TranslationSettings(url="").problem().startswith("LibreTranslate needs the URL")
    assert TranslationSettings(url="ftp://x").problem() is not None
    with pytest.raises(TranslationError):
        TranslationSettings(provider="babelfish")


def test_settings_from_env_never_enable_translation(monkeypatch):
    monkeypatch.setenv("REPLYCHECK_TRANSLATE_PROVIDER", "DeepL")
    monkeypatch.setenv("DEEPL_API_KEY", "abc:fx")
    monkeypatch.setenv("REPLYCHECK_TRANSLATE_TIMEOUT", "3")
    settings = TranslationSettings.from_env()
    assert (settings.provider, settings.api_key, settings.timeout, settings.enabled) == ("deepl", "abc:fx", 3.0, False)
    monkeypatch.setenv("REPLYCHECK_TRANSLATE_PROVIDER", "libretranslate")
    assert TranslationSettings.from_env().api_key == ""  # a DeepL key is never sent elsewhere
    monkeypatch.setenv("REPLYCHECK_TRANSLATE_TIMEOUT", "soon")
    with pytest.raises(TranslationError):
        TranslationSettings.from_env()


def test_empty_same_language_and_too_long_texts(service):
    translator = libre(service)
    assert translator.translate("   ", target="en", source="de").text == "   "
    assert translator.translate("Where?", target="en", source="en").text == "Where?"
    assert service.requests == []
    with pytest.raises(TranslationError) as caught:
        translator.translate("x" * 6000, target="en", source="de")
    assert caught.value.kind == "too-long"

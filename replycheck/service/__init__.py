"""``replycheck serve``: the HTTP service for mail systems and help desks (FastAPI on uvicorn)."""

from replycheck.service.app import create_app, openapi_document
from replycheck.service.settings import ServiceSettings

__all__ = ["ServiceSettings", "create_app", "openapi_document", "serve"]


def serve(settings: ServiceSettings, config=None) -> None:
    """Run the service in the foreground until interrupted."""
    import logging

    import uvicorn

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(levelname)s %(message)s")
    app = create_app(settings, config=config)
    uvicorn.run(app, host=settings.host, port=settings.port, access_log=False, log_level="info",
                timeout_graceful_shutdown=int(settings.request_timeout) + 5)

# replycheck serve with its own LanguageTool, in one image.
#   docker build -t replycheck .
#   docker compose up          (compose.yaml: token from a secret, port 8080, health check)
FROM python:3.11-slim-bookworm

# Java for LanguageTool; Voikko for Finnish spelling; curl for the health check.
RUN apt-get update \
 && apt-get install -y --no-install-recommends openjdk-17-jre-headless libvoikko1 voikko-fi curl \
 && rm -rf /var/lib/apt/lists/*

RUN useradd --create-home --uid 10001 replycheck
WORKDIR /app
COPY pyproject.toml README.md ./
COPY replycheck ./replycheck
COPY glossaries ./glossaries
RUN pip install --no-cache-dir . && mkdir -p /glossaries && cp glossaries/*.yaml /glossaries/

USER replycheck
ENV XDG_CACHE_HOME=/home/replycheck/.cache \
    REPLYCHECK_GLOSSARY_DIR=/glossaries \
    REPLYCHECK_SERVE_HOST=0.0.0.0 \
    REPLYCHECK_SERVE_PORT=8080
# LanguageTool from Maven Central at build time: the running container downloads nothing.
RUN python -m replycheck.engines.languagetool install

EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=5s --start-period=180s CMD curl -fsS http://127.0.0.1:8080/readyz || exit 1
# Listening beyond loopback needs a token: REPLYCHECK_TOKEN or REPLYCHECK_TOKEN_FILE.
CMD ["replycheck", "serve"]

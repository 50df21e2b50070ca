# Claimgraph API image: `docker compose up -d` builds it and starts it after Neo4j is healthy.
# Stage 1 builds wheels for the project and its dependencies; stage 2 installs them without build tools.

FROM python:3.11-slim AS build
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /src
COPY pyproject.toml README.md ./
COPY graph ./graph
COPY loaders ./loaders
COPY queries ./queries
COPY api ./api
RUN pip wheel --wheel-dir /wheels .

FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    CLAIMGRAPH_DATA=/home/claimgraph/data
RUN groupadd --system --gid 10001 claimgraph \
    && useradd --system --uid 10001 --gid claimgraph --create-home --home-dir /home/claimgraph claimgraph
COPY --from=build /wheels /wheels
RUN pip install --no-index --find-links=/wheels claimgraph && rm -rf /wheels
WORKDIR /home/claimgraph
# The demo corpus, so `docker compose exec api claimgraph load seeds` works out of the box.
COPY --chown=claimgraph:claimgraph seeds ./seeds
USER claimgraph
EXPOSE 8000
HEALTHCHECK --interval=15s --timeout=5s --start-period=20s --retries=3 \
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/health', timeout=4)"]
CMD ["claimgraph", "serve", "--host", "0.0.0.0", "--port", "8000"]

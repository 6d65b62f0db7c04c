# The production image: gunicorn serves the portal; the same image runs the Celery worker
# and beat (see docker-compose.yml).

# Stage 1: build the stylesheet and copy GOV.UK Frontend's script from the npm packages.
FROM node:20-bookworm-slim AS assets
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY static ./static
RUN npm run build

# Stage 2: the Python application.
FROM python:3.11-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1
# libpq-dev and gcc build psycopg2; pango and Liberation fonts are what WeasyPrint renders with.
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        gcc libpq-dev libpq5 libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 \
        fonts-liberation \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY pyproject.toml requirements.lock README.md ./
COPY cpboard ./cpboard
COPY subgroups ./subgroups
COPY strategy ./strategy
COPY performance ./performance
COPY reports ./reports
RUN pip install -c requirements.lock . && apt-get purge -y gcc && apt-get autoremove -y
COPY manage.py ./
COPY templates ./templates
COPY static ./static
COPY --from=assets /app/static/build ./static/build
# collectstatic needs settings that load; these values exist only for this build step.
RUN DJANGO_DEBUG=0 SECRET_KEY=collectstatic-only ALLOWED_HOSTS=localhost \
    SAFEGUARDING_CONTACT_EMAIL=collectstatic-only OUT_OF_HOURS_PHONE=collectstatic-only \
    python manage.py collectstatic --noinput \
    && useradd --create-home --uid 1000 cpboard \
    && mkdir -p /app/media \
    && chown cpboard /app/media
USER cpboard
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --retries=3 \
    CMD python -c "import urllib.request; urllib.request.urlopen('http://localhost:8000/healthz/')"
CMD ["gunicorn", "cpboard.wsgi", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]

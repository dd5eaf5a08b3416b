# trygg as a container image: `trygg serve` (gunicorn) on port 8000. See docs/deploy.md and compose.yaml.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

# WeasyPrint (posters, binders, reports) needs Pango and HarfBuzz; DejaVu covers Swedish and Sámi letters.
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b libharfbuzz-subset0 fonts-dejavu-core shared-mime-info \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY pyproject.toml README.md ./
COPY src ./src
RUN pip install . && rm -rf /app/src /app/build

# Static files collected once, into the image (WhiteNoise serves them; nginx may too).
ENV DJANGO_SETTINGS_MODULE=trygg.web.settings \
    STATIC_ROOT=/app/static \
    TRYGG_DATA_DIR=/var/lib/trygg
RUN django-admin collectstatic --noinput --verbosity 0

RUN useradd --system --uid 10001 --user-group --home-dir /var/lib/trygg --create-home trygg
USER trygg
WORKDIR /var/lib/trygg
VOLUME ["/var/lib/trygg"]
EXPOSE 8000

# Migrations run once, from the `migrate` service (compose.yaml) or `django-admin migrate`, not in every replica.
CMD ["trygg", "serve", "--host", "0.0.0.0", "--port", "8000", "--workers", "2", "--no-migrate"]

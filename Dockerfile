# The Stockelper app image: the web app, the scheduler and the CLI (docker-compose.yml).
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    STOCKELPER_DATA_DIR=/data

WORKDIR /app

# The project without tests, docs, data or secrets (.dockerignore); `pip install .` resolves
# every dependency. ui/app.py stays here too: the app service runs Streamlit on it.
COPY . .
RUN pip install . \
    && useradd --create-home --uid 10001 --shell /usr/sbin/nologin stockelper \
    && mkdir -p /data \
    && chown stockelper:stockelper /data

USER stockelper
VOLUME ["/data"]
EXPOSE 8501

# docker-compose.yml sets the command per service (migrate, app, scheduler).
CMD ["stockelper", "--help"]

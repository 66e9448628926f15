# Sourced by demo.sh and worker.sh: use COOPHUB_SECRET_KEY if set, else the key in var/secret_key (created once).
mkdir -p var
if [ -z "${COOPHUB_SECRET_KEY:-}" ]; then
    if [ ! -s var/secret_key ]; then
        (umask 077 && .venv/bin/python -c 'import secrets; print(secrets.token_urlsafe(50))' > var/secret_key)
        echo "==> Generated a secret key in var/secret_key"
    fi
    COOPHUB_SECRET_KEY=$(cat var/secret_key)
    export COOPHUB_SECRET_KEY
fi
export COOPHUB_DEBUG=${COOPHUB_DEBUG:-false}

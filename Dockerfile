# syntax=docker/dockerfile:1
#
# aws-mcp as a shared Streamable HTTP service (ECS, Kubernetes, any container host).
#
#   docker build -t aws-mcp .
#   docker run --rm -p 8080:8080 -e AWS_REGION=eu-west-1 \
#     -e AWS_MCP_HTTP_TOKEN="$(openssl rand -hex 32)" aws-mcp
#
# Clients send `Authorization: Bearer $AWS_MCP_HTTP_TOKEN` to http://HOST:8080/mcp; the server
# refuses to bind 0.0.0.0 without a token (AWS_MCP_HTTP_TOKEN or --http-token). Credentials come
# from the task/pod role (ECS 169.254.170.2, EKS Pod Identity 169.254.170.23, IRSA's token file,
# EC2 instance metadata) or AWS_* variables; a profile directory may be mounted at
# /home/aws-mcp/.aws (read-only mounts leave the SSO cache unwritable). Every other flag has an
# AWS_MCP_* variable (AWS_MCP_ALLOW_WRITE, AWS_MCP_TOOLSETS, AWS_MCP_REGIONS …).
#
# Why `deno run` and not the compiled binary: a binary's permissions are fixed at compile time,
# when the user's home is unknown, so its read/write grants are unscoped (scripts/compile.ts).
# Here the home is known, so the launcher keeps deno.json's start task set exactly, with $HOME
# resolved to /home/aws-mcp, plus read access to the credential files AWS_* variables name.

ARG DENO_VERSION=2.9.6

FROM denoland/deno:${DENO_VERSION} AS build
USER root
ENV DENO_DIR=/deno-dir DENO_NO_UPDATE_CHECK=1
WORKDIR /app
# Dependencies first, exactly as locked: this layer is rebuilt only when they change.
COPY deno.json deno.lock ./
RUN deno install --frozen
COPY main.ts ./
COPY aws/ aws/
COPY schemas/ schemas/
COPY server/ server/
COPY tools/ tools/
COPY scripts/compile.ts scripts/
# Everything main.ts can load, the lazily imported SDK clients included; fails on a stale lock.
RUN deno install --frozen --entrypoint main.ts
# The launcher: `deno run` with the start task's permissions, generated from deno.json.
RUN deno run --allow-read=/app scripts/compile.ts --launcher --home /home/aws-mcp --app /app \
      > /usr/local/bin/aws-mcp \
 && chmod 0755 /usr/local/bin/aws-mcp \
 && rm -r scripts

FROM denoland/deno:${DENO_VERSION}
USER root
ENV DENO_DIR=/deno-dir DENO_NO_UPDATE_CHECK=1 HOME=/home/aws-mcp NO_COLOR=1
# The directories the permission set lets the server write, owned by its non-root user.
RUN useradd --uid 10001 --user-group --create-home --home-dir /home/aws-mcp \
      --shell /usr/sbin/nologin aws-mcp \
 && install -d -o 10001 -g 10001 -m 0700 /home/aws-mcp/.aws /home/aws-mcp/.aws/sso \
      /home/aws-mcp/.aws/sso/cache /home/aws-mcp/.ssh /home/aws-mcp/.ssh/aws-mcp \
 && install -d -o 10001 -g 10001 -m 0755 /home/aws-mcp/.cache /home/aws-mcp/.cache/aws-mcp \
      /home/aws-mcp/.local /home/aws-mcp/.local/state /home/aws-mcp/.local/state/aws-mcp
# Sources stay root-owned (read-only to the server); deno writes its caches in DENO_DIR.
COPY --from=build /app /app
COPY --from=build --chown=10001:10001 /deno-dir /deno-dir
COPY --from=build /usr/local/bin/aws-mcp /usr/local/bin/aws-mcp
USER 10001:10001
WORKDIR /home/aws-mcp
EXPOSE 8080
# /healthz needs no token. deno eval is the image's only HTTP client (no curl).
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD ["deno", "eval", "const r = await fetch('http://127.0.0.1:8080/healthz').catch(() => undefined); Deno.exit(r?.ok ? 0 : 1);"]
# exec form: the launcher execs deno, which gets SIGTERM and drains in-flight calls.
ENTRYPOINT ["/usr/local/bin/aws-mcp"]
CMD ["--transport", "http", "--host", "0.0.0.0", "--port", "8080"]

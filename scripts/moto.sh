#!/usr/bin/env bash
# moto, the AWS emulator the integration tests run against.
#   scripts/moto.sh install   install moto (once; cached) and print the python command
#   scripts/moto.sh start     start it on a free loopback port; prints MOTO_ENDPOINT=... and MOTO_PID=...
#   scripts/moto.sh stop PID  stop a server started by `start`
# Where pip cannot reach PyPI (Debian machines of this project), moto and its pure-Python
# dependencies come from Debian unstable's _all.deb packages, unpacked into a private folder
# and run on Debian's /usr/bin/python3; elsewhere `pip install 'moto[server]'` into a venv.
set -euo pipefail

cache="${AWS_MCP_DEV_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/aws-mcp-dev}"
debroot="$cache/moto-deb"
venv="$cache/moto-venv"

sid_packages=(python3-moto python3-boto3 python3-botocore python3-s3transfer python3-jmespath
  python3-flask python3-flask-cors python3-werkzeug python3-responses python3-xmltodict
  python3-dateutil python3-jinja2 python3-itsdangerous python3-click python3-blinker
  python3-antlr4 python3-requests python3-urllib3 python3-idna python3-certifi python3-six
  python3-pyparsing)
native_packages=(python3-cryptography python3-markupsafe python3-yaml python3-charset-normalizer)

log() { echo "moto.sh: $*" >&2; }

# Prints the command prefix that runs a python with moto importable, or fails.
python_cmd() {
  if [ -n "${MOTO_PYTHON:-}" ]; then
    if "$MOTO_PYTHON" -c 'import moto.server' 2>/dev/null; then
      command -v "$MOTO_PYTHON"
      return
    fi
    log "MOTO_PYTHON=$MOTO_PYTHON cannot import moto.server; installing moto as usual"
  fi
  if [ -x "$venv/bin/python" ] && "$venv/bin/python" -c 'import moto.server' 2>/dev/null; then
    echo "$venv/bin/python"
    return
  fi
  local site="$debroot/usr/lib/python3/dist-packages"
  if [ -d "$site/moto" ] && PYTHONPATH="$site" /usr/bin/python3 -c 'import moto.server' 2>/dev/null; then
    echo "env PYTHONPATH=$site /usr/bin/python3"
    return
  fi
  return 1
}

# The first Debian mirror in this machine's own apt sources (never hard-coded here).
debian_mirror() {
  {
    awk '/^URIs:/ {print $2}' /etc/apt/sources.list.d/*.sources 2>/dev/null
    awk '$1 == "deb" {for (i = 2; i <= NF; i++) if ($i ~ /^https?:/) {print $i; break}}' \
      /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null
  } | grep -v -e security -e '^$' | head -n 1
}

install_from_debian() {
  local mirror apt
  mirror="$(debian_mirror)"
  [ -n "$mirror" ] || { log "no Debian mirror in /etc/apt sources"; return 1; }
  apt="$cache/apt-sid"
  mkdir -p "$apt/lists/partial" "$apt/cache/archives/partial" "$apt/debs"
  echo "deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] $mirror sid main" >"$apt/sources.list"
  local opts=(-o "Dir::Etc::SourceList=$apt/sources.list" -o "Dir::Etc::SourceParts=/dev/null"
    -o "Dir::State::Lists=$apt/lists" -o "Dir::Cache=$apt/cache" -o "APT::Sandbox::User=root")
  log "fetching moto from Debian unstable (pure-Python packages)"
  apt-get "${opts[@]}" -qq update >&2
  rm -f "$apt/debs"/*.deb
  (cd "$apt/debs" && apt-get "${opts[@]}" -qq download "${sid_packages[@]}" >&2)
  rm -rf "$debroot"
  mkdir -p "$debroot"
  for deb in "$apt/debs"/*_all.deb; do dpkg -x "$deb" "$debroot"; done
  local missing=()
  for pkg in "${native_packages[@]}"; do
    dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
  done
  if [ "${#missing[@]}" -gt 0 ]; then
    log "installing ${missing[*]} from the machine's Debian release"
    local sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get -qq update >&2
    DEBIAN_FRONTEND=noninteractive $sudo apt-get -qq install -y "${missing[@]}" >&2
  fi
}

install_from_pip() {
  log "installing moto[server] with pip into $venv"
  python3 -m venv "$venv" >&2
  "$venv/bin/pip" install -q 'moto[server]>=5.1.10' >&2
}

cmd_install() {
  if python_cmd >/dev/null; then python_cmd; return; fi
  if [ -x /usr/bin/apt-get ] && [ -x /usr/bin/python3 ]; then
    install_from_debian || log "Debian route failed"
  fi
  if ! python_cmd >/dev/null; then install_from_pip; fi
  python_cmd || { log "moto could not be installed"; exit 1; }
}

free_port() {
  /usr/bin/env python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

cmd_start() {
  local py port pid url logfile
  py="$(cmd_install)"
  port="$(free_port)"
  logfile="$cache/moto-$port.log"
  # shellcheck disable=SC2086 # $py is a command prefix
  setsid $py -m moto.server -H 127.0.0.1 -p "$port" >"$logfile" 2>&1 </dev/null &
  pid=$!
  url="http://127.0.0.1:$port"
  for _ in $(seq 1 100); do
    if curl -fsS -o /dev/null "$url/moto-api/" 2>/dev/null; then
      # Lambda functions run only in Docker otherwise; set once, before any function exists,
      # because the Docker-less backend keeps its functions in a store of its own.
      curl -fsS -o /dev/null -X POST "$url/moto-api/config" -d '{"lambda": {"use_docker": false}}' || {
        log "moto did not accept its Lambda configuration"
        kill "$pid" 2>/dev/null || true
        exit 1
      }
      echo "MOTO_ENDPOINT=$url"
      echo "MOTO_PID=$pid"
      return
    fi
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.2
  done
  log "moto did not start; its log:"
  tail -n 20 "$logfile" >&2
  kill "$pid" 2>/dev/null || true
  exit 1
}

cmd_stop() {
  local pid="${1:?usage: moto.sh stop PID}"
  kill "$pid" 2>/dev/null || true
}

case "${1:-}" in
  install) cmd_install ;;
  start) cmd_start ;;
  stop) shift; cmd_stop "$@" ;;
  *) echo "usage: scripts/moto.sh install|start|stop PID" >&2; exit 2 ;;
esac

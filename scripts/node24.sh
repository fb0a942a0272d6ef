# Source this file (". scripts/node24.sh") to make sure Node.js 24 is first on PATH.
# Machines here may ship an older Node; we bring Node 24 from the npm registry package
# node-linux-<arch> into a cache folder, and point npm_config_nodedir at its headers so
# native addons (sqlite3, ...) are built for the runtime that will load them: the
# machine-wide npmrc points nodedir at the system Node's headers, and an addon built
# against those crashes under Node 24.
_is_required_major=24
_is_current_major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
if [ "$_is_current_major" -ne "$_is_required_major" ]; then
  case "$(uname -m)" in
    x86_64) _is_arch=x64 ;;
    aarch64 | arm64) _is_arch=arm64 ;;
    *) echo "node24.sh: no node-linux package for $(uname -m)" >&2; return 1 2>/dev/null || exit 1 ;;
  esac
  _is_cache="${IMAGESERVER_NODE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/imageserver/node$_is_required_major}"
  _is_home="$_is_cache/node_modules/node-linux-$_is_arch"
  if [ ! -x "$_is_home/bin/node" ]; then
    echo "node24.sh: installing Node $_is_required_major (node-linux-$_is_arch) into $_is_cache" >&2
    mkdir -p "$_is_cache"
    npm install --prefix "$_is_cache" --no-save --no-package-lock --loglevel=error \
      "node-linux-$_is_arch@$_is_required_major" >&2 || { return 1 2>/dev/null || exit 1; }
  fi
  export PATH="$_is_home/bin:$PATH"
  export npm_config_nodedir="$_is_home"
  hash -r
fi
unset _is_required_major _is_current_major _is_arch _is_cache _is_home

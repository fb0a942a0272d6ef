# Source after node24.sh: installs the workspace dependencies when they are missing or
# were built for another Node ABI (native addons must match the running Node).
_is_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
_is_stamp="$_is_root/node_modules/.imageserver-node-abi"
if [ ! -f "$_is_stamp" ] || [ "$(cat "$_is_stamp")" != "$(node -p process.versions.modules)" ] \
  || [ "$_is_root/package-lock.json" -nt "$_is_stamp" ]; then
  (cd "$_is_root" && npm ci --no-audit --no-fund) || { return 1 2>/dev/null || exit 1; }
  node -p process.versions.modules >"$_is_stamp"
fi
unset _is_root _is_stamp

#!/usr/bin/env bash
# Runs KooGallery Desktop on its own data file, which is filled with the demo catalog on first
# start (`--reset` puts it back to the demo store first). `--demo` runs it in demo mode, on a
# sandbox of that store with the time machine and Reset demo. `--kiosk` runs demo mode for an
# unattended stand: full screen, closed only by staff with the PIN in KG_KIOSK_PIN, and started
# again within a second if it ever stops otherwise. Without a display, it runs the app under
# Xvfb, saves a screenshot of the home screen, prints its path and stops.
set -euo pipefail
cd "$(dirname "$0")/.."

reset=false
kiosk=false
app_args=()
for arg in "$@"; do
  case "$arg" in
    --reset) reset=true ;;
    --demo) app_args+=(--demo) ;;
    --kiosk)
      kiosk=true
      app_args+=(--kiosk)
      ;;
    *)
      echo "usage: $0 [--reset] [--demo | --kiosk]" >&2
      exit 2
      ;;
  esac
done

if [ "$kiosk" = true ] && ! [[ "${KG_KIOSK_PIN:-}" =~ ^[0-9]{4,12}$ ]]; then
  echo "--kiosk needs the staff's PIN, 4 to 12 digits, in KG_KIOSK_PIN" >&2
  exit 2
fi

# shellcheck source=scripts/setup.sh
source scripts/setup.sh

npm run --prefix ui build
cargo build --release --locked --bin koogallery-desktop --bin kg

if [ "$reset" = true ]; then
  ./target/release/kg demo reset
fi

if [ -n "${DISPLAY:-}" ] || [ -n "${WAYLAND_DISPLAY:-}" ]; then
  if [ "$kiosk" = false ]; then
    exec ./target/release/koogallery-desktop ${app_args[@]+"${app_args[@]}"}
  fi
  # The stand keeps running whatever happens: only staff leaving with the PIN ends it (exit 0).
  exec bash scripts/kiosk-supervise.sh ./target/release/koogallery-desktop "${app_args[@]}"
fi

shots="$PWD/target/screenshots"
mkdir -p "$shots"
display=":$((90 + RANDOM % 100))"
Xvfb "$display" -screen 0 1280x800x24 -nolisten tcp >/dev/null 2>&1 &
xvfb=$!
app=""
cleanup() {
  [ -n "$app" ] && kill "$app" 2>/dev/null
  kill "$xvfb" 2>/dev/null
  wait 2>/dev/null || true
}
trap cleanup EXIT
export DISPLAY="$display"
for _ in $(seq 50); do xdpyinfo >/dev/null 2>&1 && break; sleep 0.1; done

./target/release/koogallery-desktop ${app_args[@]+"${app_args[@]}"} >"$shots/app.log" 2>&1 &
app=$!
for _ in $(seq 300); do
  xwininfo -root -tree 2>/dev/null | grep -q '"KooGallery"' && break
  kill -0 "$app" 2>/dev/null || { cat "$shots/app.log" >&2; exit 1; }
  sleep 0.1
done
# Give the home screen time to load the catalog and its logos.
sleep 4
import -window root "$shots/home.png"
echo "KooGallery ran under Xvfb (no display here). Home screen: $shots/home.png"

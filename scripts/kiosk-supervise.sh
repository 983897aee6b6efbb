#!/usr/bin/env bash
# Keeps an unattended stand's kiosk running (R-DEMO-3): runs the command given (the app with
# --kiosk) and, whenever it stops other than by staff leaving with the PIN (exit 0), starts it
# again half a second later: a crash leaves the stand blank for that and the app's start.
#
#     bash scripts/kiosk-supervise.sh ./target/release/koogallery-desktop --kiosk
set -uo pipefail
until "$@"; do
  echo "KooGallery stopped ($(date +%T)); starting it again" >&2
  sleep 0.5
done

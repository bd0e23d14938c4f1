#!/usr/bin/env bash
# `npm test` under other clocks and another server time zone, to prove that no test and no
# code assumes today's date or season: each clock below runs the whole suite with the
# system clock shifted by libfaketime (Debian `faketime`) for the test process and the
# embedded PostgreSQL it starts (the shift is inherited by every child process, so the
# application and the database agree on "now"). A shared DATABASE_URL server would keep
# the real clock, so it is not used here.
#
#   npm run test:seasons                          # the three clocks below
#   npm run test:seasons -- '2028-02-29 12:00'    # any UTC instant(s)
#
# Defaults: a day of summer time (July); 00:57 UTC on the last Sunday of March and of
# October, so that the run crosses the change at 01:00 UTC (02:00 -> 03:00 and
# 03:00 -> 02:00 in Paris). The process time zone is Pacific/Auckland (UTC+12/+13), where
# a local midnight is the previous day in UTC: whatever reads dates in local time shows up.
set -euo pipefail
cd "$(dirname "$0")/.."

lib=""
for candidate in /usr/lib/x86_64-linux-gnu/faketime/libfaketimeMT.so.1 /usr/lib/aarch64-linux-gnu/faketime/libfaketimeMT.so.1 /usr/lib/faketime/libfaketimeMT.so.1; do
  [ -e "$candidate" ] && lib="$candidate" && break
done
[ -n "$lib" ] || { echo "libfaketime not found: apt-get install -y faketime" >&2; exit 1; }

clocks=("$@")
[ ${#clocks[@]} -gt 0 ] || clocks=('2027-07-15 10:00:00' '2027-03-28 00:57:00' '2027-10-31 00:57:00')
zone="${SEASONS_TZ:-Pacific/Auckland}"

for clock in "${clocks[@]}"; do
  target=$(date -u -d "$clock UTC" +%s)
  offset=$((target - $(date -u +%s)))
  echo "== npm test with the clock at $clock UTC (offset ${offset}s), TZ=$zone"
  [ "$offset" -ge 0 ] && faked="+${offset}s" || faked="${offset}s"
  # A relative offset (not a start time) keeps every process on one clock, however late it starts.
  env -u DATABASE_URL TZ="$zone" LD_PRELOAD="$lib" FAKETIME="$faked" npx jest --runInBand
done

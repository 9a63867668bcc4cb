#!/bin/sh
# `ismc calendar` on the example, read back by a second, independent
# iCalendar implementation (python3-icalendar; ismc writes with libical):
# the file parses, holds the expected events on the expected days, and two
# runs give the same UIDs, so a subscribed calendar updates in place.
# Usage: calendar.sh ISMC EXAMPLE
set -eu
ismc=$1 example=$2
tmp=$(mktemp -d "${TMPDIR:-/tmp}/ismc-calendar.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
"$ismc" calendar "$example" -o "$tmp/a.ics" --as-of 2026-06-30 > "$tmp/log" 2>&1
grep -q '^ismc: wrote .*a.ics (132 events)$' "$tmp/log" || { cat "$tmp/log"; exit 1; }
"$ismc" calendar "$example" -o "$tmp/b.ics" --as-of 2026-06-30 > /dev/null 2>&1
# five months on, with a shorter horizon: what is overdue stays, at its day
"$ismc" calendar "$example" -o "$tmp/dec.ics" --as-of 2026-12-01 --horizon '3 months' \
	> /dev/null 2>&1
/usr/bin/python3 - "$tmp" <<'EOF'
import collections, datetime, sys
from icalendar import Calendar

tmp = sys.argv[1]
def events(name):
    with open(f"{tmp}/{name}", "rb") as f:
        cal = Calendar.from_ical(f.read())
    assert str(cal["VERSION"]) == "2.0", cal.get("VERSION")
    return list(cal.walk("VEVENT"))

def cat(e):
    c = e["CATEGORIES"]
    return str(c.cats[0]) if hasattr(c, "cats") else str(c)

def check(cond, msg):
    if not cond:
        print("FAIL:", msg)
        sys.exit(1)

a, b = events("a.ics"), events("b.ics")
check(len(a) == 132, f"{len(a)} events, not 132")
# per kind, read from the example's registers: 12 activities' occurrences
# up to 2027-06-30, 44 document reviews (PLAN-003 twice: half-yearly; the four
# registers under document control, the SoA among them), the
# 15 suppliers, the 7 risks with review_on, the 6 sign-offs of 2026-04-14
# expiring after 12 months, the 3 planned controls, the 2 open actions and
# the September surveillance audit
want = {"activity": 54, "document-review": 44, "supplier-review": 15, "risk-review": 7,
        "acceptance-expiry": 6, "control-target": 3, "corrective-action": 2, "audit": 1}
got = dict(collections.Counter(cat(e) for e in a))
check(got == want, f"kinds {got}")
uids_a = [str(e["UID"]) for e in a]
check(len(set(uids_a)) == len(uids_a), "a UID twice")
check(uids_a == [str(e["UID"]) for e in b], "the UIDs changed between two runs")
as_of, horizon = datetime.date(2026, 6, 30), datetime.date(2027, 6, 30)
for e in a:
    start, end = e.decoded("DTSTART"), e.decoded("DTEND")
    check(type(start) is datetime.date, f"{e['UID']}: an all-day event")
    check(end == start + datetime.timedelta(days=1), f"{e['UID']}: one day")
    check(as_of < start <= horizon, f"{e['UID']}: {start} outside the horizon")
    check("RRULE" not in e, f"{e['UID']}: no RRULE, every occurrence its own event")
    check(str(e["UID"]).endswith(f".{start.isoformat()}@ismc"), f"{e['UID']}: the day in the UID")
days = {str(e["UID"]): e.decoded("DTSTART") for e in a}
for uid, day in {
    "A.8.23.target.2026-08-31@ismc": "2026-08-31",
    "A.8.11.target.2026-09-30@ismc": "2026-09-30",
    "A.8.12.target.2026-10-31@ismc": "2026-10-31",
    "certification.audit.surveillance.2026-09-15@ismc": "2026-09-15",
    "SUP-012.review.2026-11-18@ismc": "2026-11-18",
    "NC-2026-01.action.A3.2026-09-30@ismc": "2026-09-30",
    "R-002.acceptance.2027-04-14@ismc": "2027-04-14",
    "PLAN-003.review.2026-11-26@ismc": "2026-11-26",
    "PLAN-003.review.2027-05-26@ismc": "2027-05-26",
    "ACT-VULN-SCAN.due.2026-07-03@ismc": "2026-07-03",
    "ACT-VULN-SCAN.due.2027-06-03@ismc": "2027-06-03",
}.items():
    check(days.get(uid) == datetime.date.fromisoformat(day), f"{uid} on {day}: {days.get(uid)}")
check(sum(u.startswith("ACT-VULN-SCAN.") for u in days) == 12, "a monthly activity, 12 times")

# as of 2026-12-01: the 38 overdue items (test_example lists them) keep
# their day and their UID, marked overdue; ACT-PENTEST is past its day but
# within its grace month
dec = events("dec.ics")
past = {str(e["UID"]) for e in dec if e.decoded("DTSTART") < datetime.date(2026, 12, 1)}
check(len(past) == 39, f"{len(past)} past events")
overdue = {str(e["UID"]) for e in dec if str(e["SUMMARY"]).startswith("Overdue: ")}
check(overdue == past - {"ACT-PENTEST.due.2026-11-21@ismc"}, f"overdue {sorted(overdue)}")
check(past <= set(uids_a), f"UIDs not as in June: {sorted(past - set(uids_a))}")
check(max(e.decoded("DTSTART") for e in dec) <= datetime.date(2027, 3, 1), "--horizon 3 months")
print(f"calendar: {len(a)} events, {len(set(uids_a))} stable UIDs; as of 2026-12-01 "
      f"{len(overdue)} overdue")
EOF

/* calendar.c: `ismc calendar`: what falls due (the resolve step's m->due)
 * as an iCalendar file (RFC 5545) written with libical, for a calendar a
 * team subscribes to. One all-day event per due item and, for recurring
 * items, one per occurrence up to the horizon: no RRULE, so every client
 * shows the same days. Each event's UID is the item's id, kind and day
 * (SUP-001.review.2026-03-10@ismc), so the same item on the same day keeps
 * its UID from run to run and a subscribed calendar updates in place. */
#include "ismc.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <libical/ical.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* What the event's summary says before the item, per kind. */
static const char *const S_what[ISMC_NDUE_KINDS] = {
	[ISMC_DUE_REVIEW] = "Document review",
	[ISMC_DUE_ACTIVITY] = "Activity due",
	[ISMC_DUE_TARGET] = "Control target",
	[ISMC_DUE_RISK_REVIEW] = "Risk review",
	[ISMC_DUE_ACCEPTANCE] = "Risk acceptance expires",
	[ISMC_DUE_ANALYSIS] = "Root cause and actions due",
	[ISMC_DUE_ACTION] = "Corrective action due",
	[ISMC_DUE_SUPPLIER] = "Supplier review",
	[ISMC_DUE_AUDIT] = NULL, /* its kind: "Surveillance audit" */
};

/* Text for a property: control characters, which RFC 5545 TEXT cannot
 * carry, become spaces, but for the line breaks of a description when
 * `lines` (libical escapes those, and commas and semicolons, as \n, \, and
 * \;). */
static const char *S_text(ismc_buf *b, const char *s, int lines)
{
	b->len = 0;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		char c = (char)((*p < 0x20 && !(lines && *p == '\n')) || *p == 0x7f ? ' ' : *p);
		ismc_buf_put(b, &c, 1);
	}
	return b->data ? b->data : "";
}

static struct icaltimetype S_day(long days)
{
	char d[11];
	ismc_date_format(days, d);
	struct icaltimetype t = icaltime_null_date();
	t.year = atoi(d);
	t.month = atoi(d + 5);
	t.day = atoi(d + 8);
	return t;
}

static void S_event(icalcomponent *cal, const ismc_model *m, const ismc_due *d, long day,
                    long long stamp)
{
	ismc_buf b = { 0 }, t = { 0 };
	char date[11];
	ismc_date_format(day, date);
	icalcomponent *ev = icalcomponent_new_vevent();

	ismc_buf_printf(&b, "%s.%s.%s%s%s@ismc", d->id, ismc_due_words[d->kind], d->sub ? d->sub : "",
	                d->sub ? "." : "", date);
	icalcomponent_add_property(ev, icalproperty_new_uid(S_text(&t, b.data, 0)));
	icalcomponent_add_property(ev, icalproperty_new_dtstamp(
		icaltime_from_timet_with_zone((time_t)stamp, 0, icaltimezone_get_utc_timezone())));
	icalcomponent_add_property(ev, icalproperty_new_dtstart(S_day(day)));
	icalcomponent_add_property(ev, icalproperty_new_dtend(S_day(day + 1)));

	b.len = 0;
	const char *late = d->overdue && day == d->date ? "Overdue: " : "";
	if (d->kind == ISMC_DUE_AUDIT) /* "Surveillance audit: Northgate Ltd" */
		ismc_buf_printf(&b, "%c%s audit: %s", toupper((unsigned char)d->sub[0]), d->sub + 1,
		                d->title);
	else if (d->sub)
		ismc_buf_printf(&b, "%s%s: %s %s, %s", late, S_what[d->kind], d->id, d->sub, d->title);
	else
		ismc_buf_printf(&b, "%s%s: %s %s", late, S_what[d->kind], d->id, d->title);
	icalcomponent_add_property(ev, icalproperty_new_summary(S_text(&t, b.data, 0)));

	b.len = 0;
	if (d->owner)
		ismc_buf_printf(&b, "Owner: %s\n", d->owner);
	if (d->every > 0) {
		char every[32];
		ismc_duration_format(d->every, d->unit, every);
		ismc_buf_printf(&b, "Recurs every %s.\n", every);
	}
	if (d->never)
		ismc_buf_puts(&b, "Never done yet: due now.\n");
	if (d->pos.file)
		ismc_buf_printf(&b, "Source: %s:%d\n", d->pos.file, d->pos.line);
	ismc_buf_printf(&b, "%s ISMS, as of ", m->cfg.organisation.s ? m->cfg.organisation.s : "the");
	ismc_date_format(m->as_of, date);
	ismc_buf_puts(&b, date);
	icalcomponent_add_property(ev, icalproperty_new_description(S_text(&t, b.data, 1)));
	icalcomponent_add_property(ev, icalproperty_new_categories(ismc_due_kinds[d->kind]));
	icalcomponent_add_property(ev, icalproperty_new_transp(ICAL_TRANSP_TRANSPARENT));
	icalcomponent_add_component(cal, ev);
	ismc_buf_free(&b);
	ismc_buf_free(&t);
}

/* Writes `text` to `path` through a temporary file beside it, renamed over
 * it once complete: a reader never sees half a calendar. */
static int S_write(const char *path, const char *text, ismc_error *err)
{
	char tmp[PATH_MAX];
	if (snprintf(tmp, sizeof tmp, "%s.tmp-XXXXXX", path) >= (int)sizeof tmp) {
		snprintf(err->msg, sizeof err->msg, "'%s': path too long", path);
		return -1;
	}
	int fd = mkstemp(tmp);
	if (fd < 0) {
		snprintf(err->msg, sizeof err->msg, "cannot write '%s': %s", path, strerror(errno));
		return -1;
	}
	size_t len = strlen(text), off = 0;
	while (off < len) {
		ssize_t w = write(fd, text + off, len - off);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			break;
		off += (size_t)w;
	}
	mode_t um = umask(0); /* a new file's mode, as any other program's */
	umask(um);
	int rc = off == len && fchmod(fd, 0666 & ~um) == 0 && fsync(fd) == 0 ? 0 : -1;
	if (close(fd) != 0)
		rc = -1;
	if (rc == 0 && rename(tmp, path) != 0)
		rc = -1;
	if (rc != 0) {
		snprintf(err->msg, sizeof err->msg, "cannot write '%s': %s", path, strerror(errno));
		unlink(tmp);
	}
	return rc;
}

int ismc_calendar_write(const ismc_model *m, long until, long long stamp, const char *path,
                        int *nevents, ismc_error *err)
{
	icalcomponent *cal = icalcomponent_new_vcalendar();
	icalcomponent_add_property(cal, icalproperty_new_version("2.0"));
	icalcomponent_add_property(cal, icalproperty_new_prodid("-//ismc//ismc " ISMC_VERSION "//EN"));
	icalcomponent_add_property(cal, icalproperty_new_calscale("GREGORIAN"));
	ismc_buf name = { 0 }, t = { 0 };
	ismc_buf_printf(&name, "%s ISMS", m->cfg.organisation.s ? m->cfg.organisation.s : "The");
	icalproperty *x = icalproperty_new_x(S_text(&t, name.data, 0));
	icalproperty_set_x_name(x, "X-WR-CALNAME");
	icalcomponent_add_property(cal, x);
	ismc_buf_free(&name);
	ismc_buf_free(&t);

	int n = 0;
	for (size_t i = 0; i < m->ndue; i++) {
		const ismc_due *d = &m->due[i];
		/* the first occurrence even when past (it is what is overdue or in
		 * its grace), then every one from the as-of date to the horizon */
		for (long k = 0;; k++) {
			long day = ismc_due_at(d, k);
			if (day > until)
				break;
			if (k == 0 || day >= m->as_of) {
				S_event(cal, m, d, day, stamp);
				n++;
			}
			if (d->every <= 0)
				break;
		}
	}
	char *text = icalcomponent_as_ical_string_r(cal);
	int rc = S_write(path, text, err);
	icalmemory_free_buffer(text);
	icalcomponent_free(cal);
	if (nevents)
		*nevents = n;
	return rc;
}

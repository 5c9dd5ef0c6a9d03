package spec

import (
	"fmt"
	"strconv"
	"strings"
)

var (
	weekdayNames = []string{"Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"}
	monthNames   = []string{"January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"}
)

// CronWords describes a Salesforce cron expression for people: "0 0 2 * * ?"
// is "every day at 02:00", "0 30 8 ? * MON-FRI" is "every Monday to Friday
// at 08:30". Times are in the time zone of the user who schedules the job.
// An expression whose shape it does not know is said as "on the schedule
// <expr>" rather than guessed.
func CronWords(expr string) string {
	fs := strings.Fields(expr)
	fallback := "on the schedule " + strings.Join(fs, " ")
	if CheckCron(expr) != nil {
		return fallback
	}
	at, ok := cronTime(fs[0], fs[1], fs[2])
	if !ok {
		return fallback
	}
	day, ok := cronDays(fs[3], fs[4], fs[5])
	if !ok {
		return fallback
	}
	out := day + " " + at
	if strings.HasPrefix(at, "every") {
		// "every hour at 15 minutes past", "every Monday, every hour from …"
		out = day + ", " + at
		if day == "every day" {
			out = at
		}
	}
	if len(fs) == 7 && fs[6] != "*" {
		years, ok := cronList(fs[6], strconv.Itoa)
		if !ok {
			return fallback
		}
		out += " in " + years
	}
	return out
}

// cronTime says when in the day: "at 02:00", "every hour at minute 15".
func cronTime(sec, min, hour string) (string, bool) {
	s, err1 := strconv.Atoi(sec)
	m, err2 := strconv.Atoi(min)
	if err1 != nil || err2 != nil {
		return "", false
	}
	clock := func(h int) string {
		if s != 0 {
			return fmt.Sprintf("%02d:%02d:%02d", h, m, s)
		}
		return fmt.Sprintf("%02d:%02d", h, m)
	}
	if hour == "*" {
		if s != 0 {
			return fmt.Sprintf("every hour at %d minutes %d seconds past", m, s), true
		}
		return fmt.Sprintf("every hour at %d minutes past", m), true
	}
	if from, step, ok := strings.Cut(hour, "/"); ok {
		n, err := strconv.Atoi(step)
		start := 0
		if from != "*" {
			start, err1 = strconv.Atoi(from)
		}
		if err != nil || err1 != nil {
			return "", false
		}
		return fmt.Sprintf("every %d hours from %s", n, clock(start)), true
	}
	if lo, hi, ok := strings.Cut(hour, "-"); ok {
		a, err1 := strconv.Atoi(lo)
		b, err2 := strconv.Atoi(hi)
		if err1 != nil || err2 != nil {
			return "", false
		}
		return fmt.Sprintf("every hour from %s to %s", clock(a), clock(b)), true
	}
	list, ok := cronList(hour, func(h int) string { return clock(h) })
	if !ok {
		return "", false
	}
	return "at " + list, true
}

// cronDays says which days: "every day", "every Monday to Friday", "on
// the 1st of every month", with the months when not every month.
func cronDays(dom, month, dow string) (string, bool) {
	months := ""
	if month != "*" {
		m, ok := cronNamedList(month, monthNames, 1)
		if !ok {
			return "", false
		}
		months = m
	}
	in := func(s string) string {
		if months == "" {
			return s
		}
		return s + " in " + months
	}
	switch {
	case (dom == "*" || dom == "?") && (dow == "*" || dow == "?"):
		return in("every day"), true
	case dow != "*" && dow != "?":
		if strings.HasSuffix(dow, "L") && len(dow) > 1 {
			d, ok := cronName(strings.TrimSuffix(dow, "L"), weekdayNames, 1)
			return "on the last " + d + " of " + monthsOr(months), ok
		}
		if d, n, ok := strings.Cut(dow, "#"); ok {
			name, ok1 := cronName(d, weekdayNames, 1)
			k, err := strconv.Atoi(n)
			return "on the " + ordinal(k) + " " + name + " of " + monthsOr(months), ok1 && err == nil
		}
		days, ok := cronNamedList(dow, weekdayNames, 1)
		return in("every " + days), ok
	default:
		switch {
		case dom == "L":
			return "on the last day of " + monthsOr(months), true
		case dom == "LW":
			return "on the last weekday of " + monthsOr(months), true
		case strings.HasSuffix(dom, "W"):
			n, err := strconv.Atoi(strings.TrimSuffix(dom, "W"))
			return "on the weekday nearest the " + ordinal(n) + " of " + monthsOr(months), err == nil
		}
		days, ok := cronList(dom, ordinal)
		return "on the " + days + " of " + monthsOr(months), ok
	}
}

func monthsOr(months string) string {
	if months == "" {
		return "every month"
	}
	return months
}

// cronList says a field of numbers, lists and ranges: "1, 15 and 28",
// "1 to 5".
func cronList(f string, say func(int) string) (string, bool) {
	return cronNamedListFunc(f, func(s string) (string, bool) {
		n, err := strconv.Atoi(s)
		if err != nil {
			return "", false
		}
		return say(n), true
	})
}

// cronNamedList is cronList for fields that take names (MON, JAN) or
// numbers counted from first.
func cronNamedList(f string, names []string, first int) (string, bool) {
	return cronNamedListFunc(f, func(s string) (string, bool) { return cronName(s, names, first) })
}

func cronName(s string, names []string, first int) (string, bool) {
	for _, n := range names {
		if strings.EqualFold(n[:3], s) {
			return n, true
		}
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < first || n-first >= len(names) {
		return "", false
	}
	return names[n-first], true
}

func cronNamedListFunc(f string, say func(string) (string, bool)) (string, bool) {
	var parts []string
	for _, item := range strings.Split(f, ",") {
		if strings.ContainsAny(item, "/*?#") {
			return "", false
		}
		if lo, hi, ok := strings.Cut(item, "-"); ok {
			a, ok1 := say(lo)
			b, ok2 := say(hi)
			if !ok1 || !ok2 {
				return "", false
			}
			parts = append(parts, a+" to "+b)
			continue
		}
		w, ok := say(item)
		if !ok {
			return "", false
		}
		parts = append(parts, w)
	}
	if len(parts) == 1 {
		return parts[0], true
	}
	return strings.Join(parts[:len(parts)-1], ", ") + " and " + parts[len(parts)-1], true
}

func ordinal(n int) string {
	suffix := "th"
	switch {
	case n%100 >= 11 && n%100 <= 13:
	case n%10 == 1:
		suffix = "st"
	case n%10 == 2:
		suffix = "nd"
	case n%10 == 3:
		suffix = "rd"
	}
	return strconv.Itoa(n) + suffix
}

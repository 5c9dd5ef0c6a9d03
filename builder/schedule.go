package builder

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/patchbay/patchbay/spec"
)

var (
	scheduleCue  = regexp.MustCompile(`\b(every|each)\s+(\d+\s+|other\s+|few\s+|couple of\s+|single\s+)?(night|nights|day|days|morning|mornings|evening|evenings|hour|hours|hr|hrs|minute|minutes|mins|min|week|weeks|month|months|weekday|weekdays|business day|business days|working day|monday|tuesday|wednesday|thursday|friday|saturday|sunday|mondays|tuesdays|wednesdays|thursdays|fridays|saturdays|sundays|year|quarter)\b|\b(nightly|hourly|daily|weekly|monthly|once a (day|week|month|night)|once an hour|twice a day|twice daily|twice weekly|on weekdays|weekdays at|at midnight|first of (the|each|every) month|of (each|every|the) month|end of (the |each |every )?month|(mon|tues|wednes|thurs|fri|satur|sun)days|\d+(st|nd|rd|th) of|on the (first|last|\d+(st|nd|rd|th)) (day )?(of|each|every))\b`)
	timeRe       = regexp.MustCompile(`\b(?:at|@|by|around|about)\s+(\d{1,2})(?::(\d{2}))?\s*(am|pm|a\.m\.?|p\.m\.?|o'?clock|h\b)?|\b(\d{1,2})(?::(\d{2}))?\s*(am|pm|a\.m\.?|p\.m\.?)|\b(\d{1,2}):(\d{2})\b|\b(midnight|noon|midday)\b`)
	everyNRe     = regexp.MustCompile(`\bevery\s+(\d+|two|three|four|five|six|eight|ten|twelve|fifteen|twenty|thirty|other)\s+(hours?|hrs?|minutes?|mins?)\b`)
	hourlyRe     = regexp.MustCompile(`\b(hourly|every (?:single )?(?:hour|hr)|each (?:hour|hr)|once an (?:hour|hr)|once per hour|(?:an|one) hour at a time)\b`)
	minutelyRe   = regexp.MustCompile(`\bevery (minute|\d+ min)`)
	weekdaysRe   = regexp.MustCompile(`\b(weekdays?|business days?|working days?|monday (to|through|thru|-) friday|mon-fri|monday-friday)\b`)
	lastDayRe    = regexp.MustCompile(`\b(last day of|end of) (the |each |every )?month\b`)
	firstDayRe   = regexp.MustCompile(`\b(first day of|first of|start of|beginning of) (the |each |every )?month\b`)
	monthlyRe    = regexp.MustCompile(`\b(monthly|every month|each month|once a month)\b`)
	weeklyRe     = regexp.MustCompile(`\b(weekly|every week|each week|once a week)\b`)
	dayNames     = []string{"sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"}
	dayAbbr      = []string{"SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"}
	nthWeekdayRe = regexp.MustCompile(`\b(first|1st|second|2nd|third|3rd|fourth|4th|last) (sunday|monday|tuesday|wednesday|thursday|friday|saturday) of\b`)
	// habitTimeRe is what people do by hand, after "without", "instead
	// of" or "rather than" and a gerund, with how often they do it
	habitTimeRe = regexp.MustCompile(`\b(?:without|instead\s+of|rather\s+than)\s+(?:[a-z]+\s+){0,2}?[a-z]+ing\b[^.;!?,]*`)
	ordinalRe   = regexp.MustCompile(`\b(\d{1,2})(st|nd|rd|th)\b`)
	// ordinalListGapRe joins days of one list: "1st and 15th", "1st, 10th & 20th"
	ordinalListGapRe = regexp.MustCompile(`^\s*(?:,\s*(?:and\s+|&\s+)?|and\s+|&\s*|or\s+|/\s*)(?:the\s+)?$`)
	numberWords      = map[string]int{"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "eight": 8, "ten": 10, "twelve": 12, "fifteen": 15, "twenty": 20, "thirty": 30, "other": 2}
)

// occasionRe is a recurring meeting or report the request mentions as the
// reason for an action, not as its schedule: "so we have a record for the
// monthly OEE review", "to discuss at our weekly standup".
var occasionRe = regexp.MustCompile(`\b(?:for|at|in|during|before|after|into)\s+(?:the|our|their|a|an|its|my|each|every)\s+(?:nightly|daily|weekly|bi-?weekly|monthly|quarterly|yearly|annual)\s+(?:[a-z0-9&-]+\s+){0,2}?(?:reviews?|reports?|reporting|meetings?|huddles?|stand-?ups?|check-?ins?|retros?|all-hands|newsletters?|webinars?|calls?|syncs?|qbrs?|board meetings?|business reviews?|deck|dashboards?|digest)\b`)

// dayRe is a day of the week, in full or cut short, singular or plural.
const dayRe = `(?:sun|mon|tue|tues|wed|wednes|thu|thur|thurs|fri|sat|satur)(?:days?)?`

var (
	// dayListRe is a list of days that a schedule word governs: "every
	// Monday", "on tuesdays and thursdays", "each Mon, Wed & Fri".
	dayListRe = regexp.MustCompile(`\b(?:every|each|on|next|this)\s+(` + dayRe + `(?:\s*(?:,|and|or|&|/)\s*(?:` + dayRe + `))*)\b`)
	// dayPluralRe is a plural day, which is a schedule by itself ("mondays").
	dayPluralRe = regexp.MustCompile(`\b(sun|mon|tues|wednes|thurs|fri|satur)days\b`)
	dayWordRe   = regexp.MustCompile(`\b` + dayRe + `\b`)
	// everyDayListRe is a schedule on named days: "every Mon/Wed/Fri".
	everyDayListRe = regexp.MustCompile(`\b(?:every|each)\s+` + dayRe + `(?:\s*(?:,|and|or|&|/)\s*(?:` + dayRe + `))*\b`)
)

// scheduleDays returns the cron days of week a schedule phrase names. A day
// counts when a schedule word governs it or it is plural; a bare day name
// elsewhere ("so we can bill off them monday") counts only when no day is
// governed.
func scheduleDays(low string) []string {
	found := map[int]bool{}
	add := func(word string) {
		for i, d := range dayNames {
			if strings.HasPrefix(word, d[:3]) {
				found[i] = true
			}
		}
	}
	for _, m := range dayListRe.FindAllStringSubmatch(low, -1) {
		for _, w := range dayWordRe.FindAllString(m[1], -1) {
			add(w)
		}
	}
	for _, w := range dayPluralRe.FindAllString(low, -1) {
		add(w)
	}
	if len(found) == 0 {
		for i, d := range dayNames {
			if hasWord(low, d) {
				found[i] = true
			}
		}
	}
	var days []string
	for i := range dayNames {
		if found[i] {
			days = append(days, dayAbbr[i])
		}
	}
	return days
}

// withoutHabits blanks what people do by hand and how often (habitTimeRe).
func withoutHabits(low string) string {
	return habitTimeRe.ReplaceAllStringFunc(low, func(m string) string { return strings.Repeat(" ", len(m)) })
}

// cronWordRe is a cron expression the request wrote out, kept as one word
// by the phrase rewrites, its question mark written q: "cron(0_0_7_q_*_mon-fri)".
var cronWordRe = regexp.MustCompile(`\bcron\(([0-9a-z*_,/#-]+)\)`)

// parseSchedule turns schedule words into a Salesforce cron expression. It
// reports false when low names no schedule, and whether a time was given.
func parseSchedule(low string) (cron string, timed bool, ok bool) {
	if m := cronWordRe.FindStringSubmatch(low); m != nil {
		// a cron expression the request wrote out (phrases.go)
		if c := strings.ToUpper(strings.NewReplacer("_", " ", "q", "?").Replace(m[1])); spec.CheckCron(c) == nil {
			return c, true, true
		}
	}
	// "so sales can see it without pinging finance every 5 minutes": how
	// often people do something today is not the schedule
	low = withoutHabits(low)
	low = occasionRe.ReplaceAllStringFunc(low, func(m string) string { return strings.Repeat(" ", len(m)) })
	if !scheduleCue.MatchString(low) && !everyDayListRe.MatchString(low) {
		return "", false, false
	}
	hour, minute, hasTime := -1, 0, false
	if m := timeRe.FindStringSubmatch(low); m != nil {
		h, mi, ap := m[1], m[2], m[3]
		if h == "" {
			h, mi, ap = m[4], m[5], m[6]
		}
		if h == "" && m[7] != "" {
			h, mi = m[7], m[8]
		}
		switch {
		case m[9] == "midnight":
			hour, hasTime = 0, true
		case m[9] == "noon" || m[9] == "midday":
			hour, hasTime = 12, true
		case h != "":
			hour, _ = strconv.Atoi(h)
			minute, _ = strconv.Atoi(mi)
			ap = strings.TrimSpace(strings.ReplaceAll(ap, ".", ""))
			switch {
			case ap == "pm" && hour < 12:
				hour += 12
			case ap == "am" && hour == 12:
				hour = 0
			case (ap == "" || strings.HasPrefix(ap, "o")) && hour < 12 && hour >= 5 && (strings.Contains(low, "evening") || strings.Contains(low, "tonight")):
				hour += 12
			case (ap == "" || strings.HasPrefix(ap, "o")) && hour >= 8 && hour < 12 && strings.Contains(low, "night"):
				hour += 12
			}
			if hour <= 23 && minute <= 59 {
				hasTime = true
			} else {
				hour, minute = -1, 0
			}
		}
	}
	defHour := func(d int) int {
		if hasTime {
			return hour
		}
		switch {
		case strings.Contains(low, "morning"):
			return 6
		case strings.Contains(low, "evening"):
			return 18
		case strings.Contains(low, "night"):
			return 2
		}
		return d
	}
	if m := everyNRe.FindStringSubmatch(low); m != nil {
		n, err := strconv.Atoi(m[1])
		if err != nil {
			n = numberWords[m[1]]
		}
		if strings.HasPrefix(m[2], "h") {
			if n >= 24 {
				return fmt.Sprintf("0 0 %d * * ?", defHour(2)), hasTime, true
			}
			if n <= 0 {
				n = 1
			}
			start := 0
			if hasTime {
				start = hour % n
			}
			return fmt.Sprintf("0 0 %d/%d * * ?", start, n), true, true
		}
		// Salesforce's cron cannot repeat within an hour.
		return "0 0 * * * ?", true, true
	}
	if hourlyRe.MatchString(low) {
		// "every hour on weekdays"
		if days := scheduleDays(low); weekdaysRe.MatchString(low) || len(days) > 0 {
			if weekdaysRe.MatchString(low) {
				days = []string{"MON-FRI"}
			}
			return "0 0 * ? * " + strings.Join(days, ","), true, true
		}
		return "0 0 * * * ?", true, true
	}
	if minutelyRe.MatchString(low) {
		return "0 0 * * * ?", true, true
	}
	if strings.Contains(low, "twice a day") || strings.Contains(low, "twice daily") {
		h := defHour(6) % 12
		return fmt.Sprintf("0 %d %d,%d * * ?", minute, h, h+12), hasTime, true
	}
	days := scheduleDays(low)
	if weekdaysRe.MatchString(low) {
		days = []string{"MON-FRI"}
	}
	if len(days) == 0 && strings.Contains(low, "twice weekly") {
		days = []string{"MON", "THU"}
	}
	if m := nthWeekdayRe.FindStringSubmatch(low); m != nil {
		for i, d := range dayNames {
			if d == m[2] {
				n := map[string]string{"first": "#1", "1st": "#1", "second": "#2", "2nd": "#2", "third": "#3", "3rd": "#3", "fourth": "#4", "4th": "#4", "last": "L"}[m[1]]
				days = []string{fmt.Sprint(i+1) + n}
			}
		}
	}
	if len(days) > 0 {
		return fmt.Sprintf("0 %d %d ? * %s", minute, defHour(8), strings.Join(days, ",")), hasTime, true
	}
	if lastDayRe.MatchString(low) {
		return fmt.Sprintf("0 %d %d L * ?", minute, defHour(1)), hasTime, true
	}
	if ms := ordinalRe.FindAllStringSubmatchIndex(low, -1); ms != nil && strings.Contains(low, "month") {
		// "on the 1st and 15th of each month"; a day named later, outside
		// that list, is told of, not run on ("the 25th bc our cutoff is
		// the 24th")
		var ds []string
		seen := map[int]bool{}
		for i, m := range ms {
			if i > 0 && !ordinalListGapRe.MatchString(low[ms[i-1][1]:m[0]]) {
				break
			}
			if d, _ := strconv.Atoi(low[m[2]:m[3]]); d >= 1 && d <= 31 && !seen[d] {
				seen[d] = true
				ds = append(ds, strconv.Itoa(d))
			}
		}
		if len(ds) > 0 {
			return fmt.Sprintf("0 %d %d %s * ?", minute, defHour(1), strings.Join(ds, ",")), hasTime, true
		}
	}
	if firstDayRe.MatchString(low) || monthlyRe.MatchString(low) {
		return fmt.Sprintf("0 %d %d 1 * ?", minute, defHour(1)), hasTime, true
	}
	if weeklyRe.MatchString(low) {
		return fmt.Sprintf("0 %d %d ? * MON", minute, defHour(6)), hasTime, true
	}
	return fmt.Sprintf("0 %d %d * * ?", minute, defHour(2)), hasTime, true
}

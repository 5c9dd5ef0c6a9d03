package builder

import (
	"regexp"
	"strconv"
	"strings"
)

// spokenNumber is one way a number is said in words where the rules read
// digits: a time of day, an interval, a status code, an amount.
type spokenNumber struct {
	name    string
	example string
	re      *regexp.Regexp
	// digits says the match in digits, from its submatches.
	digits func(m []string) string
}

// smallNumbers are the number words spokenNumbers reads.
var smallNumbers = map[string]int{"a": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
	"nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20, "thirty": 30, "forty five": 45, "forty-five": 45, "fifty": 50}

// spokenNumbers are read in order by sayDigits.
var spokenNumbers = []spokenNumber{
	{
		name:    "time of day",
		example: "every monday morning at eight grab the signed contracts",
		re:      regexp.MustCompile(`(?i)\bat\s+(one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\b`),
		digits:  func(m []string) string { return "at " + strconv.Itoa(smallNumbers[strings.ToLower(m[1])]) },
	},
	{
		name:    "interval",
		example: "every fifteen minutes check zendesk",
		re:      regexp.MustCompile(`(?i)\bevery\s+(five|ten|fifteen|twenty|thirty|forty[- ]five|two|three|four|six|eight|twelve)\s+(minutes?|mins?|hours?|hrs?)\b`),
		digits: func(m []string) string {
			return "every " + strconv.Itoa(smallNumbers[strings.ReplaceAll(strings.ToLower(m[1]), "-", " ")]) + " " + m[2]
		},
	},
	{
		name:    "status code",
		example: "create a case for it and reply two hundred",
		re:      regexp.MustCompile(`(?i)\b(reply|replies|return|returns|respond|responds|answer|answers)(\s+with)?(\s+an?)?\s+(two hundred(?: and)?(?: one| four)?|two oh (?:oh|one|four))\b`),
		digits: func(m []string) string {
			code := map[string]string{"two hundred": "200", "two oh oh": "200", "two hundred one": "201", "two hundred and one": "201", "two oh one": "201",
				"two hundred four": "204", "two hundred and four": "204", "two oh four": "204"}[strings.ToLower(m[4])]
			if code == "" {
				return m[0]
			}
			return m[1] + m[2] + m[3] + " " + code
		},
	},
	{
		name: "hour and its meridiem in letters",
		// dictation writes "7am" as "seven a m" or "7 a.m."; the time-of-day
		// row has said "at seven" as "at 7" already
		example: "every weekday at seven a m pull the unsubscribes",
		re:      regexp.MustCompile(`(?i)\b(\d{1,2}(?::\d\d)?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)(?:\s+(fifteen|thirty|forty[- ]five))?\s+([ap])(?:\s|\.\s?)m\b\.?`),
		digits: func(m []string) string {
			h := m[1]
			if n, ok := smallNumbers[strings.ToLower(h)]; ok {
				h = strconv.Itoa(n)
			}
			if m[2] != "" && !strings.Contains(h, ":") {
				h += ":" + strconv.Itoa(smallNumbers[strings.ReplaceAll(strings.ToLower(m[2]), "-", " ")])
			}
			return h + strings.ToLower(m[3]) + "m"
		},
	},
	{
		name:    "amount",
		example: "when an opportunity is over seventy-five grand",
		re:      regexp.MustCompile(`(?i)\b((?:a|` + numberWordsRe + `)(?:[\s-]+(?:hundred(?:\s+and)?|` + numberWordsRe + `))*)\s+(hundred thousand|thousand|grand|million|mil)\b`),
		digits: func(m []string) string {
			n, ok := wordsToNumber(m[1])
			if !ok {
				return m[0]
			}
			mult := map[string]int{"hundred thousand": 100000, "thousand": 1000, "grand": 1000, "million": 1000000, "mil": 1000000}[strings.ToLower(m[2])]
			return strconv.Itoa(n * mult)
		},
	},
}

// numberWordsRe are the number words below a hundred, longest first.
const numberWordsRe = `seventeen|thirteen|fourteen|eighteen|nineteen|fifteen|sixteen|eleven|twelve|twenty|thirty|seventy|ninety|eighty|forty|fifty|sixty|three|seven|eight|four|five|nine|one|two|six|ten`

// spokenValues are the values of the words numberWordsRe reads.
var spokenValues = map[string]int{"a": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
	"ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17,
	"eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90}

// wordsToNumber reads a number below a thousand said in words ("twenty
// five", "two hundred and fifty", "a hundred"); ok is false for a word
// sequence no one says as one number ("five twenty").
func wordsToNumber(s string) (int, bool) {
	total, last := 0, 0 // last: the value of the word before, 0 at a hundred
	for _, w := range strings.Fields(strings.ReplaceAll(strings.ToLower(s), "-", " ")) {
		switch {
		case w == "and":
		case w == "hundred":
			if total == 0 || total >= 100 {
				return 0, false
			}
			total, last = total*100, 0
		default:
			v, ok := spokenValues[w]
			// a unit after a tens word ("twenty five"); anything else
			// follows only a hundred or opens the number
			if !ok || last != 0 && !(last >= 20 && last%10 == 0 && v < 10) {
				return 0, false
			}
			total, last = total+v, v
		}
	}
	return total, total > 0
}

// sayDigits says in digits the numbers a request says in words, where the
// rules read digits ("at eight" is "at 8", "reply two hundred" is "reply 200").
func sayDigits(text string) string {
	for _, s := range spokenNumbers {
		text = s.re.ReplaceAllStringFunc(text, func(m string) string {
			return s.digits(s.re.FindStringSubmatch(m))
		})
	}
	return text
}

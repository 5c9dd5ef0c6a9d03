package builder

import (
	"regexp"
	"strconv"
	"strings"
	"unicode"
)

// lowerASCII lower-cases ASCII letters only, so byte offsets in the result
// match the input.
func lowerASCII(s string) string {
	b := []byte(s)
	for i, c := range b {
		if c >= 'A' && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}

func isWordByte(c byte) bool {
	return c == '_' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= 0x80
}

// findWord returns the offset of the first occurrence of phrase in s at or
// after from that starts and ends on a word boundary, or -1.
func findWord(s, phrase string, from int) int {
	if phrase == "" {
		return -1
	}
	for from <= len(s) {
		i := strings.Index(s[from:], phrase)
		if i < 0 {
			return -1
		}
		i += from
		end := i + len(phrase)
		startOK := i == 0 || !isWordByte(s[i-1]) || !isWordByte(phrase[0])
		endOK := end == len(s) || !isWordByte(s[end]) || !isWordByte(phrase[len(phrase)-1])
		if startOK && endOK {
			return i
		}
		from = i + 1
	}
	return -1
}

// hasWord reports whether s contains phrase on word boundaries.
func hasWord(s, phrase string) bool { return findWord(s, phrase, 0) >= 0 }

var upperRe = regexp.MustCompile(`[^A-Za-z0-9]+`)

// camel joins words into UpperCamelCase letters and digits.
func camel(s string) string {
	var b strings.Builder
	for _, w := range upperRe.Split(s, -1) {
		if w == "" {
			continue
		}
		b.WriteString(strings.ToUpper(w[:1]) + w[1:])
	}
	return b.String()
}

// lowerCamel is camel with a lower-case first letter.
func lowerCamel(s string) string {
	c := camel(s)
	if c == "" {
		return c
	}
	i := 0
	for i < len(c) && c[i] >= 'A' && c[i] <= 'Z' {
		i++
	}
	if i > 1 && i < len(c) {
		i-- // "SMSMessage" -> "smsMessage"
	}
	return strings.ToLower(c[:i]) + c[i:]
}

// apiName makes s a Salesforce API name: letters and digits, a letter
// first, at most max chars.
func apiName(s string, max int) string {
	c := camel(s)
	c = strings.TrimLeftFunc(c, func(r rune) bool { return !unicode.IsLetter(r) || r > unicode.MaxASCII })
	if len(c) > max {
		c = c[:max]
	}
	return c
}

// titleCase capitalises each word ("closed won" -> "Closed Won").
func titleCase(s string) string {
	ws := strings.Fields(s)
	for i, w := range ws {
		if w != "" {
			ws[i] = strings.ToUpper(w[:1]) + w[1:]
		}
	}
	return strings.Join(ws, " ")
}

var numRe = regexp.MustCompile(`^\$?\s?(-?\d[\d,]*(?:\.\d+)?)\s?(k|m|mm|million|thousand|bn|billion)?\b`)

// parseNumber reads a number at the start of s ("100,000", "$50k", "1.5
// million") and returns it with the length consumed.
func parseNumber(s string) (float64, int, bool) {
	m := numRe.FindStringSubmatchIndex(s)
	if m == nil {
		return 0, 0, false
	}
	digits := strings.TrimRight(strings.ReplaceAll(s[m[2]:m[3]], ",", ""), ".")
	v, err := strconv.ParseFloat(digits, 64)
	if err != nil {
		return 0, 0, false
	}
	end := m[3]
	if m[4] >= 0 {
		switch strings.ToLower(s[m[4]:m[5]]) {
		case "k", "thousand":
			v *= 1e3
		case "m", "mm", "million":
			v *= 1e6
		case "bn", "billion":
			v *= 1e9
		}
		end = m[5]
	}
	if strings.HasSuffix(s[:end], ",") {
		end--
	}
	return v, end, true
}

// numberValue returns v as an int when it is whole, so specs print 100000
// rather than 1e+05.
func numberValue(v float64) any {
	if v == float64(int64(v)) {
		return int64(v)
	}
	return v
}

// typos maps common misspellings in requests to the words the planner
// knows.
var typos = map[string]string{
	"wehn": "when", "whn": "when", "whenver": "whenever", "whenevr": "whenever", "whenver's": "whenever", "evry": "every",
	"everyday": "every day", "evey": "every", "recieve": "receive", "recieved": "received", "recieves": "receives",
	"creat": "create", "craete": "create", "cretae": "create", "crete": "create", "sned": "send", "snd": "send",
	"updte": "update", "upate": "update", "udpate": "update", "notfy": "notify", "notifiy": "notify", "nofity": "notify",
	"fecth": "fetch", "fetc": "fetch", "adn": "and", "teh": "the", "hte": "the", "wiht": "with", "slak": "slack",
	"hubpsot": "hubspot", "salesfroce": "salesforce", "platfrom": "platform", "webook": "webhook", "webhok": "webhook",
	"endpiont": "endpoint", "closd": "closed", "recrod": "record", "escalted": "escalated", "escallated": "escalated",
	"conveted": "converted", "convertd": "converted", "schedual": "schedule", "tickt": "ticket", "invoce": "invoice",
	"custmer": "customer", "cusotmer": "customer", "stirpe": "stripe", "accout": "account", "acccount": "account",
	"oppty's": "opportunity's", "opportunites": "opportunities", "publsh": "publish", "pubish": "publish", "upsrt": "upsert",
	"insted": "instead", "thier": "their", "recieving": "receiving", "succesful": "successful", "nightlly": "nightly",
	"hourley": "hourly", "montly": "monthly", "weekyl": "weekly", "contcat": "contact", "contat": "contact",
	"nite": "night", "nites": "nights", "tonite": "tonight", "mins": "minutes", "hrs": "hours", "chek": "check", "chck": "check", "wen": "when", "wehn's": "when's", "thru": "through", "w/": "with", "cerate": "create", "updat": "update", "postt": "post", "messsage": "message", "mesage": "message",
}

var typoWordRe = regexp.MustCompile(`[A-Za-z']+`)

// fixTypos corrects the misspellings in typos, keeping a leading capital.
func fixTypos(s string) string {
	return typoWordRe.ReplaceAllStringFunc(s, func(w string) string {
		fix, ok := typos[strings.ToLower(w)]
		if !ok {
			return w
		}
		if w[0] >= 'A' && w[0] <= 'Z' {
			return strings.ToUpper(fix[:1]) + fix[1:]
		}
		return fix
	})
}

// plural makes a rough English plural of a lower-case noun.
func plural(w string) string {
	switch {
	case w == "":
		return w
	case strings.HasSuffix(w, "s"), strings.HasSuffix(w, "data"):
		return w
	case strings.HasSuffix(w, "y") && len(w) > 1 && !strings.ContainsRune("aeiou", rune(w[len(w)-2])):
		return w[:len(w)-1] + "ies"
	case strings.HasSuffix(w, "x"), strings.HasSuffix(w, "ch"), strings.HasSuffix(w, "sh"):
		return w + "es"
	}
	return w + "s"
}

// singular undoes plural roughly.
func singular(w string) string {
	switch {
	case strings.HasSuffix(w, "ies") && len(w) > 4:
		return w[:len(w)-3] + "y"
	case strings.HasSuffix(w, "ches"), strings.HasSuffix(w, "shes"), strings.HasSuffix(w, "xes"):
		return w[:len(w)-2]
	case strings.HasSuffix(w, "ss"), strings.HasSuffix(w, "us"):
		return w
	case strings.HasSuffix(w, "s") && len(w) > 3:
		return w[:len(w)-1]
	}
	return w
}

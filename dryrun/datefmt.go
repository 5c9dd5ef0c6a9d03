package dryrun

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// FormatJava formats t (in GMT) with a Java SimpleDateFormat pattern, as
// Apex's Datetime.formatGmt does. Letters are fields, text in single
// quotes is literal (” is a quote), other characters are copied. A letter
// Java does not define is an error, as it is in Apex.
func FormatJava(t time.Time, pattern string) (string, error) {
	t = t.UTC()
	var b strings.Builder
	for i := 0; i < len(pattern); {
		c := pattern[i]
		if c == '\'' {
			if i+1 < len(pattern) && pattern[i+1] == '\'' {
				b.WriteByte('\'')
				i += 2
				continue
			}
			end := strings.IndexByte(pattern[i+1:], '\'')
			if end < 0 {
				return "", fmt.Errorf("unterminated quote in date pattern %q", pattern)
			}
			b.WriteString(pattern[i+1 : i+1+end])
			i += end + 2
			continue
		}
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z') {
			b.WriteByte(c)
			i++
			continue
		}
		n := 1
		for i+n < len(pattern) && pattern[i+n] == c {
			n++
		}
		s, err := javaField(t, c, n)
		if err != nil {
			return "", fmt.Errorf("date pattern %q: %w", pattern, err)
		}
		b.WriteString(s)
		i += n
	}
	return b.String(), nil
}

func pad(v, n int) string {
	s := strconv.Itoa(v)
	for len(s) < n {
		s = "0" + s
	}
	return s
}

// javaField prints one field of n pattern letters c.
func javaField(t time.Time, c byte, n int) (string, error) {
	switch c {
	case 'G':
		return "AD", nil
	case 'y', 'Y':
		if n == 2 {
			return pad(t.Year()%100, 2), nil
		}
		return pad(t.Year(), n), nil
	case 'M', 'L':
		switch {
		case n >= 4:
			return t.Month().String(), nil
		case n == 3:
			return t.Month().String()[:3], nil
		}
		return pad(int(t.Month()), n), nil
	case 'd':
		return pad(t.Day(), n), nil
	case 'D':
		return pad(t.YearDay(), n), nil
	case 'E':
		if n >= 4 {
			return t.Weekday().String(), nil
		}
		return t.Weekday().String()[:3], nil
	case 'u':
		wd := int(t.Weekday())
		if wd == 0 {
			wd = 7
		}
		return pad(wd, n), nil
	case 'a':
		if t.Hour() < 12 {
			return "AM", nil
		}
		return "PM", nil
	case 'H':
		return pad(t.Hour(), n), nil
	case 'k':
		h := t.Hour()
		if h == 0 {
			h = 24
		}
		return pad(h, n), nil
	case 'K':
		return pad(t.Hour()%12, n), nil
	case 'h':
		h := t.Hour() % 12
		if h == 0 {
			h = 12
		}
		return pad(h, n), nil
	case 'm':
		return pad(t.Minute(), n), nil
	case 's':
		return pad(t.Second(), n), nil
	case 'S':
		return pad(t.Nanosecond()/int(time.Millisecond), n), nil
	case 'z':
		if n >= 4 {
			return "Greenwich Mean Time", nil
		}
		return "GMT", nil
	case 'Z':
		return "+0000", nil
	case 'X':
		return "Z", nil
	}
	return "", fmt.Errorf("illegal pattern character '%c'", c)
}

package spec

import "testing"

func TestCronIsDescribedInPlainWords(t *testing.T) {
	for _, tc := range []struct{ cron, want string }{
		{"0 0 2 * * ?", "every day at 02:00"},
		{"0 30 8 ? * MON-FRI", "every Monday to Friday at 08:30"},
		{"0 0 9 ? * 2,4", "every Monday and Wednesday at 09:00"},
		{"0 0 9 ? * SUN", "every Sunday at 09:00"},
		{"0 15 * * * ?", "every hour at 15 minutes past"},
		{"0 0 0/6 * * ?", "every 6 hours from 00:00"},
		{"0 0 8-17 ? * MON-FRI", "every Monday to Friday, every hour from 08:00 to 17:00"},
		{"0 0 6,18 * * ?", "every day at 06:00 and 18:00"},
		{"30 0 12 * * ?", "every day at 12:00:30"},
		{"0 0 0 1 * ?", "on the 1st of every month at 00:00"},
		{"0 0 0 1,15 * ?", "on the 1st and 15th of every month at 00:00"},
		{"0 0 0 L * ?", "on the last day of every month at 00:00"},
		{"0 0 0 15W * ?", "on the weekday nearest the 15th of every month at 00:00"},
		{"0 0 3 ? * 6L", "on the last Friday of every month at 03:00"},
		{"0 0 3 ? * 2#1", "on the 1st Monday of every month at 03:00"},
		{"0 0 1 1 JAN,JUL ?", "on the 1st of January and July at 01:00"},
		{"0 0 2 * 3 ?", "every day in March at 02:00"},
		{"0 0 2 * * ? 2027", "every day at 02:00 in 2027"},
		{"0 0 11 22 * ?", "on the 22nd of every month at 11:00"},
		{"0 0 11 13 * ?", "on the 13th of every month at 11:00"},
		// Shapes it does not know are shown, not guessed.
		{"0 0/5 * * * ?", "on the schedule 0 0/5 * * * ?"},
		{"0 0 2 1/2 * ?", "on the schedule 0 0 2 1/2 * ?"},
		{"not a cron", "on the schedule not a cron"},
	} {
		if got := CronWords(tc.cron); got != tc.want {
			t.Errorf("%q: %q, want %q", tc.cron, got, tc.want)
		}
	}
}

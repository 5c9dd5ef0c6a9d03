package builder

import (
	"regexp"
	"strings"
)

// A long casual request tells as much as it asks: who the writer is, how
// busy the queue is, what they will find out later. Such a clause holds
// words the step readers know ("i run ops", "we get maybe 3 a week", "i'll
// find out more later") and, read as an action, becomes a call nobody asked
// for. narrativeRows are the ways of telling; a clause one of them matches
// plans nothing and is not an unplanned action either.

// narrativeRow is one way of telling rather than asking, with an example
// clause it matches.
type narrativeRow struct {
	name    string
	re      *regexp.Regexp
	example string
}

// tellLead is what may open a told clause before its subject: "so", "oh
// and", "honestly", an opening bracket.
const tellLead = `^[\s(\[-]*(?:(?:so|and|but|also|honestly|ok|okay|yes|yeah|anyway|oh|btw|fwiw|tbh|plus|because|bc|since|though|although|lol|haha)[,!]?\s+)*`

var narrativeRows = []narrativeRow{
	{
		name:    "the writer's own work",
		re:      regexp.MustCompile(tellLead + `(?:i|i've|ive)\s+(?:(?:just|also|already|still|actually|basically|kind of|kinda|sort of|only|now|currently|mostly|usually)\s+)*(?:run|work|know|knew|have|had|manage|own|handle|think|thought|guess|mean|wrote|write|tried|built|was|am|do|did|don't|dont|didn't|didnt|can't|cant|made|asked|looked|got|inherited|started|joined|took|love|hate|realize|realise|understand|promise|believe|suppose|assume|heard|saw|found|googled|kept|spent|used|came|left|moved|switched|figured|set)\b`),
		example: "so i run ops at a snack subscription box company and our salesforce guy left in october",
	},
	{
		name:    "what the writer will do later",
		re:      regexp.MustCompile(tellLead + `(?:i'll|ill|i\s+will|i\s+can|i\s+could|we'll|we\s+will)\s+(?:(?:just|also|probably|definitely|happily|gladly)\s+)*(?:find|figure|ask|check|confirm|dig|follow|get\s+back|circle|loop|let\s+you|send\s+you|share|forward|test|look|talk|chat|ping\s+you|update\s+you|double-check|double\s+check)\b`),
		example: "i'll find out more later",
	},
	{
		name:    "the writer's state",
		re:      regexp.MustCompile(tellLead + `(?:i'm|im|i\s+am)\s+(?:(?:just|also|still|only|basically|kind of|kinda|not|the)\s+)*(?:writing|running|working|doing|new|sure|sorry|guessing|told|trying|pretty|on|in|the|a|an|not|happy|around|out|off|away|ok|fine|aware)\b`),
		example: "im writing this myself, sorry if its messy",
	},
	{
		name:    "how many come in",
		re:      regexp.MustCompile(tellLead + `(?:we|they|you)\s+(?:only\s+|usually\s+|normally\s+|probably\s+)?(?:get|see|have|receive|recieve|process|handle|do)\s+(?:maybe\s+|about\s+|around\s+|roughly\s+|like\s+|only\s+|approx(?:imately)?\.?\s+|~\s*|under\s+|over\s+|up\s+to\s+)*(?:\d|a\s+few|a\s+couple|several|a\s+lot|lots|tons|hundreds|thousands|dozens|so\s+many|too\s+many|not\s+many|very\s+few|a\s+handful|one\s+or\s+two|two\s+or\s+three)`),
		example: "(we get maybe 3 a week so its not high volume, dont worry about limits)",
	},
	{
		name:    "the tools the business runs on",
		re:      regexp.MustCompile(tellLead + `(?:we|we've|they|our\s+[a-z]+(?:\s+[a-z]+)?)\s+(?:(?:currently|already|still|mostly|also|just|recently)\s+)*(?:(?:run|use|uses|used)\s+(?:[a-z0-9.&-]+\s+){1,3}(?:for|as)\b|(?:moved|switched|migrated)\s+(?:off|from|to|away)\b|(?:are|'re|were)\s+(?:on|in)\s+[a-z0-9.&-]+(?:\s+(?:for|now|today|right now|currently))?\s*(?:[,.;]|$))`),
		example: "We run hubspot for marketing and SF for sales",
	},
	{
		name:    "examples after 'like'",
		re:      regexp.MustCompile(`^[\s(]*like\s+(?:the\s+|their\s+|our\s+)?[a-z]`),
		example: "like email engagement, idk",
	},
}

// isNarrative reports whether chunk tells about the writer or the business
// instead of asking for an action.
func isNarrative(chunk string) bool {
	low := lowerASCII(strings.TrimSpace(chunk))
	if strings.HasPrefix(low, "like to ") {
		return false
	}
	for i := range narrativeRows {
		if narrativeRows[i].re.MatchString(low) {
			return true
		}
	}
	return false
}
